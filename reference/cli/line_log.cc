// line_log.cc: the bounded queue and the writer thread of LineLog.
#include "line_log.h"

#include <unistd.h>

#include <cerrno>

namespace degu::cli {

// State: shared by the LineLog and its writer, so that a writer left
// behind by close() never touches freed memory.
struct LineLog::State {
  int fd;
  std::size_t capacity;
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::string> lines;
  std::uint64_t unreported = 0;        // Dropped since the last report.
  bool closing = false;
  bool done = false;                   // The writer has finished.
};

namespace {

// write_all: the whole of text to fd; false when the descriptor fails.
bool write_all(int fd, const std::string& text) {
  std::size_t at = 0;
  while (at < text.size()) {
    const ssize_t n = ::write(fd, text.data() + at, text.size() - at);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    at += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

LineLog::LineLog(int fd, std::size_t capacity)
    : state_(std::make_shared<State>()) {
  state_->fd = fd;
  state_->capacity = capacity;
  writer_ = std::thread(run, state_);
}

LineLog::~LineLog() { close(kCloseWait); }

void LineLog::write(std::string line) {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->closing || state_->lines.size() >= state_->capacity) {
      state_->unreported += 1;
      return;
    }
    state_->lines.push_back(std::move(line));
  }
  state_->changed.notify_one();
}

void LineLog::close(std::chrono::milliseconds wait) {
  if (!writer_.joinable()) {
    return;
  }
  std::unique_lock<std::mutex> lock(state_->mutex);
  state_->closing = true;
  state_->changed.notify_all();
  if (state_->changed.wait_for(lock, wait, [this] { return state_->done; })) {
    lock.unlock();
    writer_.join();
  } else {
    lock.unlock();
    writer_.detach();  // Blocked on a sink nobody drains: left behind.
  }
}

void LineLog::run(std::shared_ptr<State> state) {
  std::unique_lock<std::mutex> lock(state->mutex);
  while (true) {
    state->changed.wait(lock, [&] {
      return !state->lines.empty() || state->unreported > 0 || state->closing;
    });
    if (state->lines.empty() && state->closing) {
      break;
    }
    std::string text;
    for (const std::string& line : state->lines) {
      text += line;
      text += '\n';
    }
    state->lines.clear();
    if (state->unreported > 0) {
      text += "degu-server: " + std::to_string(state->unreported) +
              " log line(s) dropped: the log was not being read\n";
      state->unreported = 0;
    }
    lock.unlock();  // The write may block; loggers must not wait for it.
    const bool ok = write_all(state->fd, text);
    lock.lock();
    if (!ok) {
      state->lines.clear();  // The sink is gone: nothing more to write.
    }
  }
  state->done = true;
  state->changed.notify_all();
}

}  // namespace degu::cli
