// memory_transport.h: a scripted peer, for tests.
//
// The input is a list of pieces: each read_some delivers (at most) one
// piece, so a test decides exactly how the bytes arrive: all at once, one
// byte at a time, or cut at any index.  After the last piece reads return
// end of input, or a chosen Error.  Everything written is kept; writes can
// be made short (at most K bytes per call) or made to fail.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "degu/io/transport.h"

namespace degu::io {

class MemoryTransport final : public Transport {
 public:
  // MemoryTransport: a peer that will send pieces, in order.  Empty pieces
  // are skipped (a read of 0 bytes means end of input).
  explicit MemoryTransport(std::vector<std::string> pieces = {});

  // add_input: one more piece after those already given.
  void add_input(std::string piece);

  // end_with: once every piece is delivered, reads fail with e instead of
  // returning end of input (e.g. a timeout, or ECONNRESET).
  void end_with(Error e) { end_error_ = e; }

  // limit_writes: each write_some accepts at most k bytes; 0: no limit.
  void limit_writes(std::size_t k) { max_write_ = k; }

  // fail_writes_after: once n bytes in total have been accepted, writes
  // fail with e (the write that reaches n is cut short at n).
  void fail_writes_after(std::size_t n, Error e) {
    write_budget_ = n;
    write_error_ = e;
  }

  // written: every byte accepted by write_some, in order.
  const std::string& written() const { return written_; }

  // read_calls, write_calls: how many times read_some and write_some were
  // called (to check that an operation did no I/O).
  std::size_t read_calls() const { return read_calls_; }
  std::size_t write_calls() const { return write_calls_; }

  // unread: how many input bytes have not been delivered yet.
  std::size_t unread() const;

  Result<std::size_t> read_some(std::span<char> dst) override;
  Result<std::size_t> write_some(std::span<const char> src) override;
  void close() override { closed_ = true; }
  bool closed() const override { return closed_; }

 private:
  std::deque<std::string> pieces_;
  std::size_t piece_at_ = 0;  // Bytes of pieces_.front() already delivered.
  std::optional<Error> end_error_;
  std::size_t max_write_ = 0;
  std::optional<std::size_t> write_budget_;
  Error write_error_;
  std::string written_;
  std::size_t read_calls_ = 0;
  std::size_t write_calls_ = 0;
  bool closed_ = false;
};

// split_at: stream cut at the given indexes: {3, 7} gives [0,3), [3,7),
// [7,end).  Indexes that are out of order, 0 or not inside stream are
// ignored.
std::vector<std::string> split_at(std::string_view stream,
                                  std::span<const std::size_t> cuts);

// split_every: stream in pieces of size bytes (the last may be shorter);
// size 1 gives byte-by-byte delivery.  Precondition: size > 0.
std::vector<std::string> split_every(std::string_view stream, std::size_t size);

}  // namespace degu::io
