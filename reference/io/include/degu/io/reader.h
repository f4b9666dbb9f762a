// reader.h: reading complete elements from a Transport.
//
// The Reader finds where a preamble or a chunk-size line ends with the
// core's scan functions after every read (GEN-PARSE-1: parsing starts only
// once the element is complete, so the outcome never depends on how the
// bytes were split), and reads body bytes.  It holds one buffer; bytes that
// arrive after an element stay there for what follows (PRE-PIPELINE-1) and
// are always used before the transport is read again (BODY-BUFFER-1).
//
// Any failure of the Reader (a rejected element, an I/O error, a timeout)
// closes the transport (GEN-CLOSE-1): every later call fails with closed
// and does no I/O.  End of input in the middle of body bytes is not a
// failure here: read_exact reports how far it got and the body decides.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "degu/core/limits.h"
#include "degu/io/result.h"
#include "degu/io/transport.h"

namespace degu::io {

// kReadBufferSize: the Reader's one buffer.  A whole preamble with its
// terminator must fit (PRE-SIZE-1); this is the original's 32 KiB.
inline constexpr std::size_t kReadBufferSize = core::kMaxPreambleSize;

class Reader {
 public:
  // Reader: reads from transport, which must outlive it.
  explicit Reader(Transport& transport);

  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // read_preamble: the next message's preamble, without its CRLFCRLF,
  // which is consumed (PRE-TERM-1).  The view stays valid until the next
  // call on this Reader.  Failures: protocol preamble_too_large as soon as
  // 32768 bytes are buffered without a terminator (PRE-SIZE-1),
  // preamble_empty for end of input before any byte or a bare CRLFCRLF
  // (PRE-EMPTY-1), preamble_incomplete for end of input after some bytes
  // (PRE-EOF-1), offsets from the first byte of the message; system,
  // timeout or closed from the transport.
  Result<std::string_view> read_preamble();

  // read_chunk_line: the next chunk-size line without its CRLF, which is
  // consumed; not parsed.  The view stays valid until the next call.
  // Failures: protocol chunk_line_too_long as soon as 4096 bytes are
  // buffered without a CRLF (CHUNK-LINE-1), chunk_line_incomplete at end of
  // input (CHUNK-LINE-2), offsets from the first byte of the line; system,
  // timeout or closed.
  Result<std::string_view> read_chunk_line();

  // read_exact: fills dst, from buffered bytes first and then from the
  // transport (reading straight into dst), however the input is split.
  // Success: how many bytes were placed: dst.size(), or fewer only when the
  // input ended first (the caller decides which rule that breaks).
  // Failures: system, timeout or closed (bytes already placed are lost).
  Result<std::size_t> read_exact(std::span<char> dst);

  // read_some: at most dst.size() bytes: buffered bytes if there are any
  // (no I/O), otherwise one read of the transport straight into dst.
  // Success: how many, 0 only at end of input.  Failures: as read_exact.
  // Precondition: dst is not empty.
  Result<std::size_t> read_some(std::span<char> dst);

  // buffered: the bytes received but not yet consumed.
  std::string_view buffered() const;

  // close: closes the transport and drops the buffered bytes.
  void close();

  // closed: whether the transport is closed.
  bool closed() const { return transport_.closed(); }

 private:
  template <typename ScanFn>
  Result<std::string_view> read_element(ScanFn scan);
  Error failed(Error e);
  void compact();

  Transport& transport_;
  std::unique_ptr<char[]> buffer_;
  std::size_t start_ = 0;  // First unconsumed byte.
  std::size_t end_ = 0;    // One past the last received byte.
};

}  // namespace degu::io
