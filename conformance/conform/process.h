// process.h: the programs degu-conform drives (adapters and servers under
// test), started without a shell and always ended by their own PID.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace degu::conform {

// split_command: a command template split into words as a POSIX shell
// would split it, without expanding anything: blanks separate words,
// '...' is literal, "..." is literal but for \" \\ \$ \`, and \ quotes the
// next character.  Nothing on an unterminated quote or an empty command,
// with *error saying which.
std::optional<std::vector<std::string>> split_command(std::string_view text,
                                                      std::string* error);

// RunOutput: how one run of a program ended.
struct RunOutput {
  bool started = false;   // False: it could not be executed (error says why).
  std::string error;
  int exit_code = -1;     // Its exit status, or -1 when killed by a signal.
  int signal = 0;         // The signal that ended it, or 0.
  bool timed_out = false; // It outlived the limit and was killed.
  std::string out;        // Everything it wrote on standard output.
  std::string err;        // Everything it wrote on standard error.
};

// run_program: runs argv with input on its standard input (then closed),
// collects both outputs, and waits at most limit; a program still running
// then is killed (SIGKILL) and reaped.  keep_fd, when not -1, is passed to
// the program as an open descriptor (every other descriptor of ours is
// close-on-exec).  Input and outputs are moved concurrently, so a program
// that writes as it reads never dead-locks with us.
RunOutput run_program(const std::vector<std::string>& argv,
                      std::string_view input, std::chrono::milliseconds limit,
                      int keep_fd = -1);

// Spawned: a long-running program (a server under test), its standard
// output and error appended to a log file.
class Spawned {
 public:
  // start: starts argv; the log file receives its outputs.  Failure: an
  // empty optional and *error saying why.
  static std::optional<Spawned> start(const std::vector<std::string>& argv,
                                      const std::string& log_path,
                                      std::string* error);
  Spawned(Spawned&& other) noexcept;
  Spawned& operator=(Spawned&& other) noexcept;
  Spawned(const Spawned&) = delete;
  Spawned& operator=(const Spawned&) = delete;
  ~Spawned();  // stop(), if not done yet.

  pid_t pid() const { return pid_; }
  // running: whether it has not exited yet (reaps it if it has).
  bool running();
  // stop: SIGTERM, then at most limit for it to exit, then SIGKILL.
  // Returns a description of how it ended ("exited 0", "killed by
  // signal 9 after 10 s").
  std::string stop(std::chrono::milliseconds limit);
  // exit_status: how it ended, once it has ("" while running).
  const std::string& ended() const { return ended_; }

 private:
  explicit Spawned(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
  std::string ended_;
};

// describe_status: "exited N" or "killed by signal N" for a wait status.
std::string describe_status(int status);

}  // namespace degu::conform
