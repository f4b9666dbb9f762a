// transport.h: a connected byte stream, the only thing the I/O layer reads
// from and writes to.
//
// A Transport moves bytes and reports end of input, I/O errors and timeouts;
// it knows nothing of messages.  Reader and Writer sit on top of it.  The
// implementations are FdTransport (a socket) and MemoryTransport (a
// scripted peer for tests).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <span>
#include <utility>

#include "degu/io/result.h"

namespace degu::io {

class Transport {
 public:
  Transport() = default;
  virtual ~Transport() = default;

  // read_some: waits for input and copies at most dst.size() bytes of it
  // into dst.  Success: how many bytes were copied, at least 1; 0 means end
  // of input (the peer closed its sending side).  Failure: system (errno),
  // timeout, or closed once close() was called.  Precondition: dst is not
  // empty (0 must keep meaning end of input).
  virtual Result<std::size_t> read_some(std::span<char> dst) = 0;

  // write_some: sends a prefix of src.  Success: how many bytes were sent,
  // at least 1 and at most src.size() (a short write is not an error).
  // Failure: system, timeout, or closed.  Precondition: src is not empty.
  virtual Result<std::size_t> write_some(std::span<const char> src) = 0;

  // close: ends the connection; every later read_some and write_some fails
  // with closed.  Closing twice is harmless.
  virtual void close() = 0;

  // closed: whether close() was called.
  virtual bool closed() const = 0;

  // set_deadline: from now on read_some and write_some fail with timeout
  // once deadline has passed, whether or not the peer keeps making
  // progress, and each of their waits ends by deadline as well as by the
  // transport's own timeout (a client's CLI-TIMEOUT-2);
  // time_point::max() removes it.  Returns whether the transport takes a
  // deadline: FdTransport and TlsTransport do; by default it is ignored.
  virtual bool set_deadline(std::chrono::steady_clock::time_point deadline) {
    (void)deadline;
    return false;
  }

  // close_after_response: ends the connection after a complete response
  // (SRV-CLOSE-2).  Where closing with unread input would reset the
  // connection and could destroy the response before the peer has read it
  // (TCP), a transport first shuts its sending side, then reads and
  // discards input until the peer ends it, an error, or bound has passed;
  // then it closes.  By default: close().
  virtual void close_after_response(std::chrono::milliseconds bound) {
    (void)bound;
    close();
  }

  // set_before_close: f runs once, on the thread that closes the
  // transport, just before its socket descriptor is closed (by close,
  // close_after_response or destruction); never for a transport without a
  // descriptor.  A server that cuts connections with shutdown(2) from
  // another thread uses it to forget the descriptor number before it can
  // be reused, instead of holding a second descriptor per connection.
  void set_before_close(std::function<void()> f) {
    before_close_ = std::move(f);
  }

 protected:
  Transport(Transport&&) = default;
  Transport& operator=(Transport&&) = default;

  // run_before_close: for implementations, right before closing the
  // descriptor.
  void run_before_close() {
    if (auto f = std::exchange(before_close_, nullptr)) {
      f();
    }
  }

 private:
  std::function<void()> before_close_;
};

}  // namespace degu::io
