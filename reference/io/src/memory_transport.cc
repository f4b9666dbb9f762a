// memory_transport.cc: the scripted peer.
#include "degu/io/memory_transport.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace degu::io {

MemoryTransport::MemoryTransport(std::vector<std::string> pieces) {
  for (std::string& piece : pieces) {
    add_input(std::move(piece));
  }
}

void MemoryTransport::add_input(std::string piece) {
  if (!piece.empty()) {
    pieces_.push_back(std::move(piece));
  }
}

std::size_t MemoryTransport::unread() const {
  std::size_t n = 0;
  for (const std::string& piece : pieces_) {
    n += piece.size();
  }
  return n - piece_at_;
}

Result<std::size_t> MemoryTransport::read_some(std::span<char> dst) {
  ++read_calls_;
  if (dst.empty()) {
    std::abort();  // Broken precondition: 0 would read as end of input.
  }
  if (closed_) {
    return Error::of(Errc::closed);
  }
  if (pieces_.empty()) {
    if (end_error_) {
      return *end_error_;
    }
    return std::size_t{0};
  }
  const std::string& piece = pieces_.front();
  const std::size_t n = std::min(dst.size(), piece.size() - piece_at_);
  std::memcpy(dst.data(), piece.data() + piece_at_, n);
  piece_at_ += n;
  if (piece_at_ == piece.size()) {
    pieces_.pop_front();
    piece_at_ = 0;
  }
  return n;
}

Result<std::size_t> MemoryTransport::write_some(std::span<const char> src) {
  ++write_calls_;
  if (src.empty()) {
    std::abort();  // Broken precondition of Transport::write_some.
  }
  if (closed_) {
    return Error::of(Errc::closed);
  }
  std::size_t n = src.size();
  if (max_write_ > 0) {
    n = std::min(n, max_write_);
  }
  if (write_budget_) {
    const std::size_t left =
        *write_budget_ - std::min(*write_budget_, written_.size());
    if (left == 0) {
      return write_error_;
    }
    n = std::min(n, left);
  }
  written_.append(src.data(), n);
  return n;
}

std::vector<std::string> split_at(std::string_view stream,
                                  std::span<const std::size_t> cuts) {
  std::vector<std::string> pieces;
  std::size_t at = 0;
  for (const std::size_t cut : cuts) {
    if (cut > at && cut < stream.size()) {
      pieces.emplace_back(stream.substr(at, cut - at));
      at = cut;
    }
  }
  pieces.emplace_back(stream.substr(at));
  return pieces;
}

std::vector<std::string> split_every(std::string_view stream,
                                     std::size_t size) {
  if (size == 0) {
    std::abort();  // Broken precondition.
  }
  std::vector<std::string> pieces;
  for (std::size_t at = 0; at < stream.size(); at += size) {
    pieces.emplace_back(stream.substr(at, size));
  }
  return pieces;
}

}  // namespace degu::io
