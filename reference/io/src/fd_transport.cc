// fd_transport.cc: recv and send on a blocking socket, errno mapped to
// io::Error.
#include "degu/io/fd_transport.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
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
    : Transport(std::move(other)), fd_(std::exchange(other.fd_, -1)) {}

FdTransport& FdTransport::operator=(FdTransport&& other) noexcept {
  if (this != &other) {
    close();
    Transport::operator=(std::move(other));
    fd_ = std::exchange(other.fd_, -1);
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
  while (true) {
    const ssize_t n = ::recv(fd_, dst.data(), dst.size(), 0);
    if (n >= 0) {
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) {
      return from_errno(errno);
    }
  }
}

Result<std::size_t> FdTransport::write_some(std::span<const char> src) {
  if (fd_ < 0) {
    return Error::of(Errc::closed);
  }
  while (true) {
    // MSG_NOSIGNAL: a vanished peer is an EPIPE result, not a fatal signal.
    const ssize_t n = ::send(fd_, src.data(), src.size(), MSG_NOSIGNAL);
    if (n >= 0) {
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) {
      return from_errno(errno);
    }
  }
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
