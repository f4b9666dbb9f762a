// line_log.h: a log of whole lines on a descriptor that never blocks the
// threads that log.  Degu servers serve whoever connects; a log sink that
// stops draining (standard error piped to a reader that stalls) must cost
// log lines, never service.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace degu::cli {

class LineLog {
 public:
  // LineLog: lines go to fd (not owned) from a writer thread; at most
  // capacity lines wait for it.
  explicit LineLog(int fd, std::size_t capacity = 1024);
  // ~LineLog: close(kCloseWait).
  ~LineLog();

  LineLog(const LineLog&) = delete;
  LineLog& operator=(const LineLog&) = delete;

  // write: queues line (without its newline) and returns at once; when
  // capacity lines are already waiting, line is dropped and counted.  The
  // writer reports a count of dropped lines as a line of its own once the
  // sink takes lines again.  Callable from any thread.
  void write(std::string line);

  // close: writes what waits, for at most wait; a writer still blocked
  // then is left behind (the process is about to end), never waited for.
  void close(std::chrono::milliseconds wait);

  static constexpr std::chrono::milliseconds kCloseWait{1000};

 private:
  struct State;
  static void run(std::shared_ptr<State> state);

  std::shared_ptr<State> state_;
  std::thread writer_;
};

}  // namespace degu::cli
