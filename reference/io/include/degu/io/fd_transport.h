// fd_transport.h: a Transport over a connected, blocking socket.
#pragma once

#include <chrono>

#include "degu/io/transport.h"

namespace degu::io {

// FdTransport: owns a connected stream socket (AF_INET, AF_INET6 or
// AF_UNIX) in blocking mode and closes it when destroyed.  Interrupted
// calls (EINTR) are retried; EAGAIN/EWOULDBLOCK, which a blocking socket
// returns only when its timeout expires (and recv_some and send_some when
// the deadline passes), is reported as timeout; any other errno as
// system.  Writing to a peer that is gone fails with system EPIPE and
// never raises SIGPIPE.
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
// SIGPIPE (EPIPE instead); EINTR is retried.  deadline (max(): none), when
// given, also fails the send with EAGAIN once it has passed, room or not,
// and ends the wait for room by it (Transport::set_deadline).
long send_some(int fd, const char* data, std::size_t size,
               std::chrono::steady_clock::time_point deadline =
                   std::chrono::steady_clock::time_point::max());

// recv_some: receives at most size bytes from socket fd into data and
// returns how many (0: end of input), or -1 with errno: EAGAIN when
// nothing arrived for its receive timeout (SO_RCVTIMEO; zero: none).
// EINTR is retried.  Without a deadline (max()) it is a blocking recv;
// with one it fails with EAGAIN once deadline has passed, input waiting
// or not, and ends the wait for input by it too (Transport::set_deadline).
long recv_some(int fd, char* data, std::size_t size,
               std::chrono::steady_clock::time_point deadline =
                   std::chrono::steady_clock::time_point::max());

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
  // set_deadline: recv_some's and send_some's deadline; always true.
  bool set_deadline(std::chrono::steady_clock::time_point deadline) override;
  void close() override;
  // close_after_response: linger_on, then close.
  void close_after_response(std::chrono::milliseconds bound) override;
  bool closed() const override { return fd_ < 0; }

 private:
  int fd_;
  std::chrono::steady_clock::time_point deadline_ =
      std::chrono::steady_clock::time_point::max();
};

}  // namespace degu::io
