// guarded_buffer.h: bytes placed flush against an unreadable page, so that
// a parser reading one byte past its input faults at once (the way
// picohttpparser's tests catch over-reads).
#pragma once

#include <cstddef>
#include <string_view>

namespace degu::conformance {

class GuardedBuffer {
 public:
  // GuardedBuffer: copies data to the end of readable pages that are
  // followed by a PROT_NONE page.  Aborts if the kernel refuses the
  // mapping (the test cannot run without it).
  explicit GuardedBuffer(std::string_view data);
  ~GuardedBuffer();
  GuardedBuffer(const GuardedBuffer&) = delete;
  GuardedBuffer& operator=(const GuardedBuffer&) = delete;

  // view: the copy; its last byte is the last readable byte.
  std::string_view view() const { return {begin_, size_}; }

 private:
  char* mapping_ = nullptr;
  std::size_t mapping_size_ = 0;
  const char* begin_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace degu::conformance
