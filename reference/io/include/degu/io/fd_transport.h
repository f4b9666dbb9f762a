// fd_transport.h: a Transport over a connected, blocking socket.
#pragma once

#include <chrono>

#include "degu/io/transport.h"

namespace degu::io {

// FdTransport: owns a connected stream socket (AF_INET, AF_INET6 or
// AF_UNIX) in blocking mode and closes it when destroyed.  Interrupted
// calls (EINTR) are retried; EAGAIN/EWOULDBLOCK, which a blocking socket
// returns only when its timeout expires, is reported as timeout; any other
// errno as system.  Writing to a peer that is gone fails with system EPIPE
// and never raises SIGPIPE.
// set_socket_timeout: SO_RCVTIMEO and SO_SNDTIMEO of socket fd to t (zero
// or less: no timeout).  0 on success, otherwise the errno of setsockopt.
int set_socket_timeout(int fd, std::chrono::milliseconds t);

// send_some: sends a prefix of data on socket fd (at least one byte) and
// returns its size, or -1 with errno: EAGAIN when the socket had no room
// (poll's POLLOUT) for its whole send timeout (SO_SNDTIMEO; zero: none).
// What fits is taken at once, so the timeout is a wait for room, timed
// from the last progress, as SRV-TIMEOUT-1 and CLI-TIMEOUT-1 time a send
// and the original's sockets do.  (A plain blocking send would take what
// fits, wait the whole timeout for more, then return a partial count: a
// stalled peer was cut only after two or three timeouts.)  Never raises
// SIGPIPE (EPIPE instead); EINTR is retried.
long send_some(int fd, const char* data, std::size_t size);

// linger_on: for a TCP socket fd, shuts its sending side, then reads and
// discards input until the peer ends the connection, an error, bound has
// passed or 16 MiB were discarded (SRV-CLOSE-2); fd stays open.  Does
// nothing and returns false for an AF_UNIX socket (which delivers queued
// data before the end whatever is unread) or when fd cannot be shut down.
bool linger_on(int fd, std::chrono::milliseconds bound);

class FdTransport final : public Transport {
 public:
  // FdTransport: takes ownership of fd.
  explicit FdTransport(int fd) : fd_(fd) {}
  ~FdTransport() override;

  FdTransport(const FdTransport&) = delete;
  FdTransport& operator=(const FdTransport&) = delete;
  FdTransport(FdTransport&& other) noexcept;
  FdTransport& operator=(FdTransport&& other) noexcept;

  // fd: the socket, or -1 once closed.
  int fd() const { return fd_; }

  // set_timeout: every later receive and send fails with timeout when it
  // makes no progress for t (SRV-TIMEOUT-1, CLI-TIMEOUT-1); zero removes
  // the timeout.  Failure: system (errno of setsockopt), or closed.
  Result<Ok> set_timeout(std::chrono::milliseconds t);

  Result<std::size_t> read_some(std::span<char> dst) override;
  Result<std::size_t> write_some(std::span<const char> src) override;
  void close() override;
  // close_after_response: linger_on, then close.
  void close_after_response(std::chrono::milliseconds bound) override;
  bool closed() const override { return fd_ < 0; }

 private:
  int fd_;
};

}  // namespace degu::io
