// fd_transport.cc: recv and send on a blocking socket, errno mapped to
// io::Error.
#include "degu/io/fd_transport.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <chrono>
#include <climits>
#include <optional>
#include <utility>

namespace degu::io {
namespace {

// from_errno: the Error for a failed recv, send or setsockopt.
Error from_errno(int e) {
  // A blocking socket gives EAGAIN only when SO_RCVTIMEO/SO_SNDTIMEO expire.
  if (e == EAGAIN) {
    return Error::of(Errc::timeout);
  }
#if EWOULDBLOCK != EAGAIN
  if (e == EWOULDBLOCK) {
    return Error::of(Errc::timeout);
  }
#endif
  return Error::system(e);
}

}  // namespace

FdTransport::~FdTransport() { close(); }

FdTransport::FdTransport(FdTransport&& other) noexcept
    : Transport(std::move(other)),
      fd_(std::exchange(other.fd_, -1)),
      deadline_(other.deadline_) {}

FdTransport& FdTransport::operator=(FdTransport&& other) noexcept {
  if (this != &other) {
    close();
    Transport::operator=(std::move(other));
    fd_ = std::exchange(other.fd_, -1);
    deadline_ = other.deadline_;
  }
  return *this;
}

int set_socket_timeout(int fd, std::chrono::milliseconds t) {
  const auto ms = t.count() < 0 ? 0 : t.count();
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms % 1000) * 1000);
  for (const int option : {SO_RCVTIMEO, SO_SNDTIMEO}) {
    if (::setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv) != 0) {
      return errno;
    }
  }
  return 0;
}

Result<Ok> FdTransport::set_timeout(std::chrono::milliseconds t) {
  if (fd_ < 0) {
    return Error::of(Errc::closed);
  }
  if (const int e = set_socket_timeout(fd_, t)) {
    return Error::system(e);
  }
  return Ok{};
}

Result<std::size_t> FdTransport::read_some(std::span<char> dst) {
  if (fd_ < 0) {
    return Error::of(Errc::closed);
  }
  const long n = recv_some(fd_, dst.data(), dst.size(), deadline_);
  if (n < 0) {
    return from_errno(errno);
  }
  return static_cast<std::size_t>(n);
}

Result<std::size_t> FdTransport::write_some(std::span<const char> src) {
  if (fd_ < 0) {
    return Error::of(Errc::closed);
  }
  const long n = send_some(fd_, src.data(), src.size(), deadline_);
  if (n < 0) {
    return from_errno(errno);
  }
  return static_cast<std::size_t>(n);
}

bool FdTransport::set_deadline(std::chrono::steady_clock::time_point deadline) {
  deadline_ = deadline;
  return true;
}

namespace {

using Clock = std::chrono::steady_clock;

// socket_timeout: fd's SO_RCVTIMEO or SO_SNDTIMEO (option); zero when it
// has none (or it cannot be read, which a valid socket never does).
std::chrono::milliseconds socket_timeout(int fd, int option) {
  timeval tv{};
  socklen_t len = sizeof tv;
  if (::getsockopt(fd, SOL_SOCKET, option, &tv, &len) != 0) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::seconds(tv.tv_sec) +
         std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::microseconds(tv.tv_usec));
}

// wait_end: when a wait that starts now ends: after fd's timeout option
// (zero: never), and by deadline at the latest.
Clock::time_point wait_end(int fd, int option, Clock::time_point deadline) {
  const auto timeout = socket_timeout(fd, option);
  return std::min(
      timeout.count() > 0 ? Clock::now() + timeout : Clock::time_point::max(),
      deadline);
}

// passed: whether deadline (max(): none) has passed; then errno is EAGAIN,
// a timeout.
bool passed(Clock::time_point deadline) {
  if (deadline == Clock::time_point::max() || Clock::now() < deadline) {
    return false;
  }
  errno = EAGAIN;
  return true;
}

// wait_ready: polls fd for events until end (max(): no end).  true: ready
// or interrupted, for the caller's next attempt to decide; false with
// errno: EAGAIN when end came first, or poll's failure.
bool wait_ready(int fd, short events, Clock::time_point end) {
  int wait_ms = -1;
  if (end != Clock::time_point::max()) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(end - Clock::now());
    if (left.count() <= 0) {
      errno = EAGAIN;
      return false;
    }
    wait_ms = static_cast<int>(
        std::min<std::chrono::milliseconds::rep>(left.count(), INT_MAX));
  }
  pollfd p{fd, events, 0};
  const int ready = ::poll(&p, 1, wait_ms);
  if (ready == 0) {
    // Not ready for the whole wait, so the call fails, as the original's
    // does, even if a sliver of room (less than POLLOUT asks for) has
    // appeared meanwhile.
    errno = EAGAIN;
    return false;
  }
  return ready > 0 || errno == EINTR;
}

}  // namespace

namespace {

// with_waits: attempt() (a send or recv returning its count, or -1 with
// errno) until it succeeds or fails otherwise than with EAGAIN; between
// attempts, polls for events until the socket's timeout option (from the
// first wait) or deadline.  blocking: attempt blocks by itself (bounded
// by the socket's timeout), so an EAGAIN from it is already the timeout.
template <class Attempt>
long with_waits(int fd, short events, int timeout_option, Clock::time_point deadline,
                bool blocking, const Attempt& attempt) {
  std::optional<Clock::time_point> end;  // Set at the first wait.
  while (!passed(deadline)) {
    const long n = attempt();
    if (n >= 0) {
      return n;
    }
    if (errno == EINTR) {
      continue;
    }
    if (blocking || (errno != EAGAIN && errno != EWOULDBLOCK)) {
      return -1;
    }
    if (!end) {
      end = wait_end(fd, timeout_option, deadline);
    }
    if (!wait_ready(fd, events, *end)) {
      return -1;
    }
  }
  return -1;
}

}  // namespace

long send_some(int fd, const char* data, std::size_t size,
               Clock::time_point deadline) {
  // MSG_NOSIGNAL: a vanished peer is an EPIPE result, not a fatal signal.
  // MSG_DONTWAIT: take what fits now; waiting for room is poll's job.
  return with_waits(fd, POLLOUT, SO_SNDTIMEO, deadline, false, [&] {
    return static_cast<long>(::send(fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT));
  });
}

long recv_some(int fd, char* data, std::size_t size,
               Clock::time_point deadline) {
  // Without a deadline a blocking recv, bounded by SO_RCVTIMEO, costs one
  // system call per read; with one, waiting is poll's job, bounded by both.
  const bool blocking = deadline == Clock::time_point::max();
  return with_waits(fd, POLLIN, SO_RCVTIMEO, deadline, blocking, [&] {
    return static_cast<long>(::recv(fd, data, size, blocking ? 0 : MSG_DONTWAIT));
  });
}

void FdTransport::close() {
  if (fd_ >= 0) {
    run_before_close();
    // Not retried on EINTR: Linux releases the descriptor regardless.
    ::close(std::exchange(fd_, -1));
  }
}

bool linger_on(int fd, std::chrono::milliseconds bound) {
  int domain = 0;
  socklen_t len = sizeof domain;
  if (::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) != 0 ||
      domain == AF_UNIX || ::shutdown(fd, SHUT_WR) != 0) {
    return false;
  }
  // SRV-CLOSE-2: drain until the peer ends, bounded in time and bytes.
  constexpr std::size_t kMaxDiscard = 16u << 20;
  const auto deadline = std::chrono::steady_clock::now() + bound;
  std::size_t discarded = 0;
  char scratch[16384];
  while (discarded < kMaxDiscard) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      break;
    }
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      break;
    }
    const ssize_t n = ::recv(fd, scratch, sizeof scratch, MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
      continue;
    }
    if (n <= 0) {
      break;  // The peer ended the connection, or it failed.
    }
    discarded += static_cast<std::size_t>(n);
  }
  return true;
}

void FdTransport::close_after_response(std::chrono::milliseconds bound) {
  if (fd_ >= 0) {
    linger_on(fd_, bound);
    close();
  }
}

}  // namespace degu::io
