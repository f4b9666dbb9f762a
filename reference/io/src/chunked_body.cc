// chunked_body.cc: a chunked body read chunk by chunk (CHUNK-FORM-1,
// CHUNK-LINE-*, CHUNK-DATA-*, CHUNK-LAST-1, CHUNK-TRAILER-1, CHUNK-AFTER-1,
// CHUNK-COUNT-1, BODY-CHUNKED-1, BODY-CHUNKED-2, BODY-ERROR-1).
#include "degu/core/limits.h"
#include "degu/core/parse.h"
#include "degu/io/body.h"

namespace degu::io {

using core::kMaxIoSize;

namespace {

constexpr std::size_t kCrlfSize = 2;

// shifted: a protocol Error moved by base bytes; other Errors unchanged.
Error shifted(Error e, std::uint64_t base) {
  if (e.code == Errc::protocol) {
    e.failure.offset += static_cast<std::size_t>(base);
  }
  return e;
}

}  // namespace

Error ChunkedBodyReader::failed(Error e) {
  state_ = BodyState::error;
  reader_.close();  // BODY-ERROR-1: no further message on this connection.
  return e;
}

// read_line: the next chunk-size line, scanned by the Reader and parsed by
// the core once complete (GEN-PARSE-1).
Result<core::ChunkLine> ChunkedBodyReader::read_line() {
  const auto line = reader_.read_chunk_line();
  if (!line.ok()) {
    return shifted(line.error(), offset_);
  }
  const auto parsed = core::parse_chunk_line(*line);
  if (!parsed.ok()) {
    return shifted(Error::protocol(parsed.failure()), offset_);
  }
  offset_ += line->size() + kCrlfSize;
  return *parsed;
}

// read_data: size bytes of data and the CRLF after them (CHUNK-DATA-1,
// CHUNK-DATA-2), read in one go straight into the result.
Result<std::string> ChunkedBodyReader::read_data(std::uint32_t size) {
  std::string data(std::size_t{size} + kCrlfSize, '\0');
  const auto got = reader_.read_exact(data);
  if (!got.ok()) {
    return got.error();
  }
  if (*got < data.size()) {
    // GEN-OFFSET-1: an end-of-input rule reports the bytes available.
    return Error::protocol({core::Error::chunk_data_incomplete,
                            static_cast<std::size_t>(offset_) + *got});
  }
  const auto end = core::check_chunk_data_end(
      std::string_view(data).substr(size, kCrlfSize));
  if (!end.ok()) {
    return shifted(Error::protocol(end.failure()), offset_ + size);
  }
  offset_ += data.size();
  data.resize(size);
  return data;
}

Result<BodyChunk> ChunkedBodyReader::read_chunk() {
  auto line = read_line();
  if (!line.ok()) {
    return line.error();
  }
  auto data = read_data(line->size);
  if (!data.ok()) {
    return data.error();
  }
  return BodyChunk{std::move(line->extension), std::move(data).value()};
}

Result<BodyChunk> ChunkedBodyReader::next_chunk() {
  if (state_ != BodyState::ready && state_ != BodyState::started) {
    return Error::of(Errc::body_state);
  }
  state_ = BodyState::started;
  auto chunk = read_chunk();
  if (!chunk.ok()) {
    return failed(chunk.error());
  }
  if (chunk->last()) {
    state_ = BodyState::consumed;  // CHUNK-LAST-1.
  }
  return chunk;
}

// read_whole: the loop of both whole reads.  Each limit is decided from the
// chunk-size line, before its data is read: the body is abandoned either
// way, and 16 MiB more need not be received first.
Result<Ok> ChunkedBodyReader::read_whole(bool keep_chunks,
                                         const ChunkSink& sink) {
  if (state_ != BodyState::ready && state_ != BodyState::started) {
    return Error::of(Errc::body_state);
  }
  state_ = BodyState::started;
  std::uint64_t data_total = 0;
  std::uint64_t framing_total = 0;
  while (true) {
    auto line = read_line();
    if (!line.ok()) {
      return failed(line.error());
    }
    data_total += line->size;
    if (keep_chunks) {
      framing_total += chunk_framing_cost(line->extension);
    }
    if (data_total > kMaxIoSize || framing_total > kMaxChunkFraming) {
      return failed(Error::of(Errc::chunked_read_too_large));
    }
    auto data = read_data(line->size);
    if (!data.ok()) {
      return failed(data.error());
    }
    const bool last = line->size == 0;
    if (last) {
      state_ = BodyState::consumed;
    }
    // The sinks here only collect; they cannot fail.
    (void)sink(BodyChunk{std::move(line->extension), std::move(data).value()});
    if (last) {
      return Ok{};
    }
  }
}

Result<std::string> ChunkedBodyReader::read_all() {
  std::string out;
  auto done = read_whole(false, [&out](const BodyChunk& c) -> Result<Ok> {
    out += c.data;
    return Ok{};
  });
  if (!done.ok()) {
    return done.error();
  }
  return out;
}

Result<std::vector<BodyChunk>> ChunkedBodyReader::read_all_chunks() {
  std::vector<BodyChunk> out;
  auto done = read_whole(true, [&out](const BodyChunk& c) -> Result<Ok> {
    out.push_back(c);
    return Ok{};
  });
  if (!done.ok()) {
    return done.error();
  }
  return out;
}

std::uint64_t chunk_framing_cost(
    const std::optional<core::ChunkExtension>& extension) {
  std::uint64_t cost = kChunkFramingCharge;
  if (extension) {
    cost += extension->key.size() + extension->value.size();
  }
  return cost;
}

Result<std::uint64_t> ChunkedBodyReader::stream(const ChunkSink& sink) {
  if (state_ != BodyState::ready) {
    return Error::of(Errc::body_state);  // BODY-STATE-3: streams from ready.
  }
  state_ = BodyState::started;
  std::uint64_t total = 0;
  while (true) {
    const auto chunk = read_chunk();
    if (!chunk.ok()) {
      return failed(chunk.error());
    }
    if (auto r = sink(*chunk); !r.ok()) {
      return failed(r.error());
    }
    total += chunk->data.size();
    if (chunk->last()) {
      state_ = BodyState::consumed;
      return total;
    }
  }
}

}  // namespace degu::io
