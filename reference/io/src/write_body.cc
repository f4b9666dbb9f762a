// write_body.cc: sending each kind of body (OUT-BODY-1..3, OUT-CHUNK-1..5,
// BODY-OUT-3..5).
#include <string_view>

#include "degu/core/render.h"
#include "degu/io/output_body.h"

namespace degu::io {
namespace {

// write_chunk: the rendered size line, the data and its CRLF
// (OUT-CHUNK-1..3); a chunk the core refuses sends nothing of itself.
Result<Ok> write_chunk(Writer& writer, const BodyChunk& chunk) {
  const auto line = core::render_chunk_line(chunk.data.size(), chunk.extension);
  if (!line.ok()) {
    return line.failure();
  }
  if (auto r = writer.write(*line); !r.ok()) {
    return r;
  }
  if (auto r = writer.write(chunk.data); !r.ok()) {
    return r;
  }
  return writer.write("\r\n");
}

// write_length_stream: exactly length bytes from source (BODY-OUT-3).  The
// block that completes the length is held until the source ends, so a
// source that overruns never leaves a complete body on the wire.
Result<Ok> write_length_stream(Writer& writer, std::uint64_t length,
                               const BlockSource& source) {
  std::uint64_t total = 0;
  std::optional<std::string> held;
  while (true) {
    auto next = source();
    if (!next.ok()) {
      return next.error();
    }
    if (!next->has_value()) {
      break;
    }
    const std::string& block = **next;
    if (block.size() > length - total) {
      return Error::of(Errc::stream_too_long);  // OUT-BODY-2: not sent.
    }
    total += block.size();
    if (total == length) {
      if (!block.empty()) {
        held = std::move(**next);
      }
      continue;  // Empty blocks may still follow (BODY-OUT-3).
    }
    if (auto r = writer.write(block); !r.ok()) {
      return r;
    }
  }
  if (total < length) {
    return Error::of(Errc::stream_too_short);  // OUT-BODY-3.
  }
  if (held) {
    return writer.write(*held);
  }
  return Ok{};
}

// write_chunked_stream: the chunks of source, ending with exactly one
// empty chunk (BODY-OUT-4, OUT-CHUNK-4), which is held until the source
// ends.
Result<Ok> write_chunked_stream(Writer& writer, const ChunkSource& source) {
  std::optional<BodyChunk> last;
  while (true) {
    auto next = source();
    if (!next.ok()) {
      return next.error();
    }
    if (!next->has_value()) {
      break;
    }
    if (last) {
      return Error::of(Errc::chunk_after_last);  // The held end is dropped.
    }
    BodyChunk& chunk = **next;
    if (chunk.last()) {
      // Rendered now, so a bad extension fails at the chunk that has it.
      if (auto line = core::render_chunk_line(0, chunk.extension); !line.ok()) {
        return line.failure();
      }
      last = std::move(chunk);
      continue;
    }
    if (auto r = write_chunk(writer, chunk); !r.ok()) {
      return r;
    }
  }
  if (!last) {
    return Error::of(Errc::last_chunk_missing);
  }
  return write_chunk(writer, *last);
}

// write_relayed: a received body streamed into writer (BODY-OUT-5); chunks
// are rendered again from their parsed size and extension (OUT-CHUNK-5).
Result<Ok> write_relayed(Writer& writer, LengthBody& body) {
  const auto sent = body.stream(
      [&writer](std::string_view block) { return writer.write(block); });
  if (!sent.ok()) {
    return sent.error();
  }
  return Ok{};
}

Result<Ok> write_relayed(Writer& writer, ChunkedBodyReader& body) {
  const auto sent = body.stream(
      [&writer](const BodyChunk& chunk) { return write_chunk(writer, chunk); });
  if (!sent.ok()) {
    return sent.error();
  }
  return Ok{};
}

}  // namespace

Result<Ok> write_body(Writer& writer, OutputBody& body) {
  if (std::holds_alternative<std::monostate>(body.content_)) {
    return writer.flush();
  }
  if (auto ok = body.check(); !ok.ok()) {
    writer.close();  // The preamble is out already: the message is broken.
    return ok;
  }
  body.sent_ = true;
  Result<Ok> r = Ok{};
  auto& content = body.content_;
  if (const auto* bytes = std::get_if<std::string>(&content)) {
    r = writer.write(*bytes);
  } else if (const auto* length =
                 std::get_if<OutputBody::LengthStream>(&content)) {
    r = write_length_stream(writer, length->length, length->source);
  } else if (const auto* chunked =
                 std::get_if<OutputBody::ChunkedStream>(&content)) {
    r = write_chunked_stream(writer, chunked->source);
  } else if (auto* const* relay_length = std::get_if<LengthBody*>(&content)) {
    r = write_relayed(writer, **relay_length);
  } else if (auto* const* relay_chunked =
                 std::get_if<ChunkedBodyReader*>(&content)) {
    r = write_relayed(writer, **relay_chunked);
  }
  if (r.ok()) {
    r = writer.flush();
  }
  if (!r.ok()) {
    writer.close();  // OUT-BODY-3: stop, send nothing more, close.
  }
  return r;
}

}  // namespace degu::io
