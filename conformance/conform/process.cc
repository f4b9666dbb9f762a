// process.cc: fork and exec with a close-on-exec error pipe (so that a
// program that cannot be executed is told apart from one that fails), and a
// poll loop that moves input and outputs together.
#include "process.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace degu::conform {
namespace {

using Clock = std::chrono::steady_clock;

bool make_pipe(int fds[2]) { return ::pipe2(fds, O_CLOEXEC) == 0; }

void close_fd(int& fd) {
  if (fd >= 0) {
    ::close(fd);
    fd = -1;
  }
}

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const std::string& a : argv) {
    out.push_back(const_cast<char*>(a.c_str()));
  }
  out.push_back(nullptr);
  return out;
}

// spawn: forks and executes argv with stdin, stdout and stderr set to the
// given descriptors (-1: /dev/null for stdin) and keep_fd left open.
// Returns the child's PID, or -1 with *error set (the child's exec errno
// arrives through a close-on-exec pipe).
pid_t spawn(const std::vector<std::string>& argv, int in_fd, int out_fd,
            int err_fd, int keep_fd, std::string* error) {
  int report[2];
  if (argv.empty()) {
    *error = "empty command";
    return -1;
  }
  if (!make_pipe(report)) {
    *error = std::string("pipe: ") + std::strerror(errno);
    return -1;
  }
  auto args = c_argv(argv);
  const pid_t pid = ::fork();
  if (pid < 0) {
    *error = std::string("fork: ") + std::strerror(errno);
    ::close(report[0]);
    ::close(report[1]);
    return -1;
  }
  if (pid == 0) {
    // The child: only async-signal-safe calls until exec.
    int devnull = in_fd < 0 ? ::open("/dev/null", O_RDONLY) : in_fd;
    if (::dup2(devnull, 0) < 0 || ::dup2(out_fd, 1) < 0 ||
        ::dup2(err_fd, 2) < 0) {
      const int e = errno;
      (void)!::write(report[1], &e, sizeof e);
      ::_exit(127);
    }
    if (keep_fd >= 0) {
      ::fcntl(keep_fd, F_SETFD, 0);
    }
    ::signal(SIGPIPE, SIG_DFL);
    ::execvp(args[0], args.data());
    const int e = errno;
    (void)!::write(report[1], &e, sizeof e);
    ::_exit(127);
  }
  ::close(report[1]);
  int child_errno = 0;
  ssize_t n;
  do {
    n = ::read(report[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  ::close(report[0]);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {
    ::waitpid(pid, nullptr, 0);
    *error = "cannot execute '" + argv[0] + "': " + std::strerror(child_errno);
    return -1;
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

void record_status(RunOutput& out, int status) {
  if (WIFEXITED(status)) {
    out.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    out.signal = WTERMSIG(status);
  }
}

}  // namespace

std::optional<std::vector<std::string>> split_command(std::string_view text,
                                                      std::string* error) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) {
        words.push_back(word);
        word.clear();
        in_word = false;
      }
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (++i == text.size()) {
        *error = "a trailing backslash";
        return std::nullopt;
      }
      word.push_back(text[i]);
    } else if (c == '\'') {
      const auto end = text.find('\'', i + 1);
      if (end == std::string_view::npos) {
        *error = "an unterminated ' quote";
        return std::nullopt;
      }
      word.append(text.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '"') {
      for (++i;; ++i) {
        if (i == text.size()) {
          *error = "an unterminated \" quote";
          return std::nullopt;
        }
        if (text[i] == '"') {
          break;
        }
        if (text[i] == '\\' && i + 1 < text.size() &&
            std::strchr("\"\\$`", text[i + 1]) != nullptr) {
          ++i;
        }
        word.push_back(text[i]);
      }
    } else {
      word.push_back(c);
    }
  }
  if (in_word) {
    words.push_back(word);
  }
  if (words.empty()) {
    *error = "an empty command";
    return std::nullopt;
  }
  return words;
}

RunOutput run_program(const std::vector<std::string>& argv,
                      std::string_view input, std::chrono::milliseconds limit,
                      int keep_fd) {
  RunOutput out;
  int in[2], stdout_pipe[2], stderr_pipe[2];
  if (!make_pipe(in)) {
    out.error = std::string("pipe: ") + std::strerror(errno);
    return out;
  }
  if (!make_pipe(stdout_pipe)) {
    out.error = std::string("pipe: ") + std::strerror(errno);
    ::close(in[0]);
    ::close(in[1]);
    return out;
  }
  if (!make_pipe(stderr_pipe)) {
    out.error = std::string("pipe: ") + std::strerror(errno);
    for (int fd : {in[0], in[1], stdout_pipe[0], stdout_pipe[1]}) {
      ::close(fd);
    }
    return out;
  }
  const pid_t pid =
      spawn(argv, in[0], stdout_pipe[1], stderr_pipe[1], keep_fd, &out.error);
  ::close(in[0]);
  ::close(stdout_pipe[1]);
  ::close(stderr_pipe[1]);
  int to_child = in[1], from_out = stdout_pipe[0], from_err = stderr_pipe[0];
  if (pid < 0) {
    close_fd(to_child);
    close_fd(from_out);
    close_fd(from_err);
    return out;
  }
  out.started = true;
  ::fcntl(to_child, F_SETFL, O_NONBLOCK);
  std::size_t written = 0;
  if (input.empty()) {
    close_fd(to_child);
  }
  const auto deadline = Clock::now() + limit;
  char buf[65536];
  while (from_out >= 0 || from_err >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0) {
      out.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd fds[3] = {{from_out, POLLIN, 0},
                     {from_err, POLLIN, 0},
                     {to_child, POLLOUT, 0}};
    const int ready = ::poll(fds, 3, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) {
      break;
    }
    for (int k = 0; k < 2; ++k) {
      int& fd = k == 0 ? from_out : from_err;
      if (fd >= 0 && (fds[k].revents & (POLLIN | POLLHUP | POLLERR))) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
          (k == 0 ? out.out : out.err).append(buf, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
          close_fd(fd);
        }
      }
    }
    if (to_child >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n = ::write(to_child, input.data() + written,
                                input.size() - written);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
      }
      // A program that stops reading (EPIPE) just gets no more input.
      if ((n < 0 && errno != EAGAIN && errno != EINTR) ||
          written == input.size()) {
        close_fd(to_child);
      }
    }
  }
  close_fd(to_child);
  close_fd(from_out);
  close_fd(from_err);
  record_status(out, wait_for(pid));
  return out;
}

std::optional<Spawned> Spawned::start(const std::vector<std::string>& argv,
                                      const std::string& log_path,
                                      std::string* error) {
  const int log = ::open(log_path.c_str(),
                         O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log < 0) {
    *error = "cannot open log '" + log_path + "': " + std::strerror(errno);
    return std::nullopt;
  }
  const pid_t pid = spawn(argv, -1, log, log, -1, error);
  ::close(log);
  if (pid < 0) {
    return std::nullopt;
  }
  return Spawned(pid);
}

Spawned::Spawned(Spawned&& other) noexcept
    : pid_(other.pid_), ended_(std::move(other.ended_)) {
  other.pid_ = -1;
}

Spawned& Spawned::operator=(Spawned&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0 && ended_.empty()) {
      stop(std::chrono::seconds(10));
    }
    pid_ = other.pid_;
    ended_ = std::move(other.ended_);
    other.pid_ = -1;
  }
  return *this;
}

Spawned::~Spawned() {
  if (pid_ > 0 && ended_.empty()) {
    stop(std::chrono::seconds(10));
  }
}

bool Spawned::running() {
  if (pid_ <= 0 || !ended_.empty()) {
    return false;
  }
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    ended_ = describe_status(status);
    return false;
  }
  return true;
}

std::string Spawned::stop(std::chrono::milliseconds limit) {
  if (!running()) {
    return ended_;
  }
  ::kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (!running()) {
      return ended_;
    }
    ::usleep(10000);
  }
  ::kill(pid_, SIGKILL);
  ended_ = describe_status(wait_for(pid_)) + " (did not stop within " +
           std::to_string(limit.count() / 1000) + " s of SIGTERM)";
  return ended_;
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) {
    return "exited " + std::to_string(WEXITSTATUS(status));
  }
  if (WIFSIGNALED(status)) {
    return "killed by signal " + std::to_string(WTERMSIG(status));
  }
  return "ended (status " + std::to_string(status) + ")";
}

}  // namespace degu::conform
