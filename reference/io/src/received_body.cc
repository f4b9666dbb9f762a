// received_body.cc: received bodies as a variant, and their holder.
#include "degu/io/received_body.h"

namespace degu::io {

bool body_consumed(const ReceivedBody& body) {
  if (auto* length = std::get_if<LengthBody*>(&body)) {
    return (*length)->state() == BodyState::consumed;
  }
  if (auto* chunked = std::get_if<ChunkedBodyReader*>(&body)) {
    return (*chunked)->state() == BodyState::consumed;
  }
  return true;
}

Result<std::string> read_all(const ReceivedBody& body) {
  if (auto* length = std::get_if<LengthBody*>(&body)) {
    return (*length)->read_all();
  }
  if (auto* chunked = std::get_if<ChunkedBodyReader*>(&body)) {
    return (*chunked)->read_all();
  }
  return std::string();
}

ReceivedBody BodyHolder::open(Reader& reader, const core::Framing& framing) {
  reset();
  if (framing.kind == core::Framing::Kind::length) {
    return &length_.emplace(reader, framing.length);
  }
  if (framing.kind == core::Framing::Kind::chunked) {
    return &chunked_.emplace(reader);
  }
  return NoBody{};
}

ReceivedBody BodyHolder::current() {
  if (length_) {
    return &*length_;
  }
  if (chunked_) {
    return &*chunked_;
  }
  return NoBody{};
}

void BodyHolder::reset() {
  length_.reset();
  chunked_.reset();
}

}  // namespace degu::io
