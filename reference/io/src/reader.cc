// reader.cc: the read loop: scan what is buffered, read more only when the
// scan needs more (PRE-TERM-1, PRE-SIZE-1, PRE-EMPTY-1, PRE-EOF-1,
// PRE-PIPELINE-1, CHUNK-LINE-1, CHUNK-LINE-2, BODY-BUFFER-1).
#include "degu/io/reader.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "degu/core/scan.h"

namespace degu::io {

Reader::Reader(Transport& transport)
    : transport_(transport),
      buffer_(std::make_unique_for_overwrite<char[]>(kReadBufferSize)) {}

std::string_view Reader::buffered() const {
  return {buffer_.get() + start_, end_ - start_};
}

void Reader::close() {
  transport_.close();
  start_ = 0;
  end_ = 0;
}

Error Reader::failed(Error e) {
  close();  // GEN-CLOSE-1: whoever detects a failure closes.
  return e;
}

void Reader::compact() {
  if (start_ == 0) {
    return;
  }
  std::memmove(buffer_.get(), buffer_.get() + start_, end_ - start_);
  end_ -= start_;
  start_ = 0;
}

template <typename ScanFn>
Result<std::string_view> Reader::read_element(ScanFn scan) {
  if (transport_.closed()) {
    return Error::of(Errc::closed);  // No I/O, not even from the buffer.
  }
  bool compacted = false;
  while (true) {
    const auto now = scan(buffered(), false);
    if (!now.ok()) {
      return failed(Error::protocol(now.failure()));
    }
    if (now->complete) {
      const std::string_view element = buffered().substr(0, now->size);
      start_ += now->consumed;
      return element;
    }
    if (!compacted) {
      compact();  // Once per element: the element may need the whole buffer.
      compacted = true;
    }
    if (end_ == kReadBufferSize) {
      // The scan fails once a limit's worth is buffered, and every limit
      // fits in the buffer: a full buffer here is a program bug.
      std::abort();
    }
    const auto got = transport_.read_some(
        std::span<char>(buffer_.get() + end_, kReadBufferSize - end_));
    if (!got.ok()) {
      return failed(got.error());
    }
    if (*got == 0) {
      const auto last = scan(buffered(), true);
      if (!last.ok()) {
        return failed(Error::protocol(last.failure()));
      }
      // At end of input the scan can only fail: it did not find the end
      // before, and no byte was added.
      std::abort();
    }
    end_ += *got;
  }
}

Result<std::string_view> Reader::read_preamble() {
  return read_element(core::scan_preamble);
}

Result<std::string_view> Reader::read_chunk_line() {
  return read_element(core::scan_chunk_line);
}

Result<std::size_t> Reader::read_exact(std::span<char> dst) {
  if (transport_.closed()) {
    return Error::of(Errc::closed);
  }
  const std::size_t from_buffer = std::min(dst.size(), end_ - start_);
  if (from_buffer > 0) {
    std::memcpy(dst.data(), buffer_.get() + start_, from_buffer);
    start_ += from_buffer;
  }
  std::size_t placed = from_buffer;
  while (placed < dst.size()) {
    const auto got = transport_.read_some(dst.subspan(placed));
    if (!got.ok()) {
      return failed(got.error());
    }
    if (*got == 0) {
      break;  // End of input: the caller names the rule.
    }
    placed += *got;
  }
  return placed;
}

Result<std::size_t> Reader::read_some(std::span<char> dst) {
  if (dst.empty()) {
    std::abort();  // Broken precondition: 0 would read as end of input.
  }
  if (transport_.closed()) {
    return Error::of(Errc::closed);
  }
  if (start_ < end_) {
    const std::size_t n = std::min(dst.size(), end_ - start_);
    std::memcpy(dst.data(), buffer_.get() + start_, n);
    start_ += n;
    return n;
  }
  const auto got = transport_.read_some(dst);
  if (!got.ok()) {
    return failed(got.error());
  }
  return *got;
}

}  // namespace degu::io
