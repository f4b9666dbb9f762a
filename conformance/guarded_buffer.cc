// guarded_buffer.cc: mmap + mprotect.
#include "guarded_buffer.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace degu::conformance {

GuardedBuffer::GuardedBuffer(std::string_view data) : size_(data.size()) {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t data_pages = (data.size() + page - 1) / page + 1;
  mapping_size_ = (data_pages + 1) * page;
  void* p = mmap(nullptr, mapping_size_, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    std::abort();
  }
  mapping_ = static_cast<char*>(p);
  char* guard = mapping_ + data_pages * page;
  if (mprotect(guard, page, PROT_NONE) != 0) {
    std::abort();
  }
  char* begin = guard - data.size();
  if (!data.empty()) {
    std::memcpy(begin, data.data(), data.size());
  }
  begin_ = begin;
}

GuardedBuffer::~GuardedBuffer() { munmap(mapping_, mapping_size_); }

}  // namespace degu::conformance
