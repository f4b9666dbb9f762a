// scan.h: finding where a preamble or a chunk-size line ends in buffered
// input, without reading.
//
// The I/O layer keeps reading while the answer is "need more" and hands the
// complete element to parse.h.  The same functions decide, at end of input,
// which rule the missing bytes break.
#pragma once

#include <cstddef>
#include <string_view>

#include "degu/core/result.h"

namespace degu::core {

// Scan: where an element ends in the buffered bytes.
struct Scan {
  bool complete = false;  // false: more input is needed.
  std::size_t size = 0;      // The element, without its terminator.
  std::size_t consumed = 0;  // The element and its terminator.
  friend bool operator==(const Scan&, const Scan&) = default;
};

// scan_preamble: looks for the first CRLFCRLF (PRE-TERM-1) within the first
// kMaxPreambleSize bytes of buffered (PRE-SIZE-1).  eof says no byte will
// follow buffered.  Failures: preamble_too_large; preamble_empty for no
// bytes at all at eof or a bare CRLFCRLF (PRE-EMPTY-1); preamble_incomplete
// for some bytes then eof (PRE-EOF-1).
Result<Scan> scan_preamble(std::string_view buffered, bool eof);

// scan_chunk_line: looks for the first CRLF within the first
// kMaxChunkLineSize bytes (CHUNK-LINE-1).  Failures: chunk_line_too_long;
// chunk_line_incomplete at eof (CHUNK-LINE-2).
Result<Scan> scan_chunk_line(std::string_view buffered, bool eof);

}  // namespace degu::core
