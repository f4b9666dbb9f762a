// output_body.cc: the kinds of body to send and what can be known of them
// before sending (BODY-OUT-1, BODY-OUT-2, BODY-OUT-6, OUT-FRAME-1).
#include "degu/io/output_body.h"

#include <memory>

#include "degu/core/limits.h"

namespace degu::io {

BlockSource blocks_source(std::vector<std::string> blocks) {
  auto state = std::make_shared<std::vector<std::string>>(std::move(blocks));
  auto next = std::make_shared<std::size_t>(0);
  return [state, next]() -> Result<std::optional<std::string>> {
    if (*next == state->size()) {
      return std::optional<std::string>();
    }
    return std::optional<std::string>(std::move((*state)[(*next)++]));
  };
}

ChunkSource chunks_source(std::vector<BodyChunk> chunks) {
  auto state = std::make_shared<std::vector<BodyChunk>>(std::move(chunks));
  auto next = std::make_shared<std::size_t>(0);
  return [state, next]() -> Result<std::optional<BodyChunk>> {
    if (*next == state->size()) {
      return std::optional<BodyChunk>();
    }
    return std::optional<BodyChunk>(std::move((*state)[(*next)++]));
  };
}

OutputBody OutputBody::none() { return OutputBody(std::monostate{}); }

OutputBody OutputBody::bytes(std::string data) {
  return OutputBody(std::move(data));
}

OutputBody OutputBody::length_stream(std::uint64_t length, BlockSource source) {
  return OutputBody(LengthStream{length, std::move(source)});
}

OutputBody OutputBody::chunked_stream(ChunkSource source) {
  return OutputBody(ChunkedStream{std::move(source)});
}

OutputBody OutputBody::relay(LengthBody& body) { return OutputBody(&body); }

OutputBody OutputBody::relay(const ReceivedBody& body) {
  if (auto* length = std::get_if<LengthBody*>(&body)) {
    return relay(**length);
  }
  if (auto* chunked = std::get_if<ChunkedBodyReader*>(&body)) {
    return relay(**chunked);
  }
  return none();
}

OutputBody OutputBody::relay(ChunkedBodyReader& body) {
  return OutputBody(&body);
}

core::Framing OutputBody::framing() const {
  if (const auto* bytes = std::get_if<std::string>(&content_)) {
    return core::Framing::of_length(bytes->size());
  }
  if (const auto* stream = std::get_if<LengthStream>(&content_)) {
    return core::Framing::of_length(stream->length);
  }
  if (const auto* relayed = std::get_if<LengthBody*>(&content_)) {
    return core::Framing::of_length((*relayed)->content_length());
  }
  if (std::holds_alternative<ChunkedStream>(content_) ||
      std::holds_alternative<ChunkedBodyReader*>(content_)) {
    return core::Framing::chunked();
  }
  return core::Framing::none();
}

Result<Ok> OutputBody::check() const {
  if (sent_) {
    return Error::of(Errc::body_already_sent);
  }
  if (const auto* bytes = std::get_if<std::string>(&content_);
      bytes != nullptr && bytes->size() > core::kMaxIoSize) {
    return Error::of(Errc::bytes_body_too_large);
  }
  // A relayed body is streamed, and streaming starts only from ready.
  if (const auto* relayed = std::get_if<LengthBody*>(&content_);
      relayed != nullptr && (*relayed)->state() != BodyState::ready) {
    return Error::of(Errc::body_state);
  }
  if (const auto* relayed = std::get_if<ChunkedBodyReader*>(&content_);
      relayed != nullptr && (*relayed)->state() != BodyState::ready) {
    return Error::of(Errc::body_state);
  }
  return Ok{};
}

}  // namespace degu::io
