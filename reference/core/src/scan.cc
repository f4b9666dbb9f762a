// scan.cc: PRE-TERM-1, PRE-SIZE-1, PRE-EMPTY-1, PRE-EOF-1, CHUNK-LINE-1,
// CHUNK-LINE-2.
#include "degu/core/scan.h"

#include <algorithm>

#include "degu/core/limits.h"

namespace degu::core {
namespace {

// find_within: index of term if it ends within the first limit bytes.
std::size_t find_within(std::string_view buffered, std::string_view term,
                        std::size_t limit) {
  return buffered.substr(0, std::min(buffered.size(), limit)).find(term);
}

}  // namespace

Result<Scan> scan_preamble(std::string_view buffered, bool eof) {
  const std::size_t at = find_within(buffered, "\r\n\r\n", kMaxPreambleSize);
  if (at == 0) {
    return fail(Error::preamble_empty, 0);  // PRE-EMPTY-1: a bare CRLFCRLF.
  }
  if (at != std::string_view::npos) {
    return Scan{true, at, at + kPreambleTerminatorSize};
  }
  if (buffered.size() >= kMaxPreambleSize) {
    return fail(Error::preamble_too_large, kMaxPreambleSize);
  }
  if (!eof) {
    return Scan{};
  }
  if (buffered.empty()) {
    return fail(Error::preamble_empty, 0);
  }
  return fail(Error::preamble_incomplete, buffered.size());
}

Result<Scan> scan_chunk_line(std::string_view buffered, bool eof) {
  const std::size_t at = find_within(buffered, "\r\n", kMaxChunkLineSize);
  if (at != std::string_view::npos) {
    return Scan{true, at, at + 2};
  }
  if (buffered.size() >= kMaxChunkLineSize) {
    return fail(Error::chunk_line_too_long, kMaxChunkLineSize);
  }
  if (!eof) {
    return Scan{};
  }
  return fail(Error::chunk_line_incomplete, buffered.size());
}

}  // namespace degu::core
