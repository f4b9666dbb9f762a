// body.h: received bodies: a length body (content-length N) and a chunked
// body, read through a Reader.
//
// Both follow BODY-STATE-1..3:
//
//   ready --(any read or stream)--> started --(end observed)--> consumed
//     \__________________________________\__(any failure)-----> error
//
// Reads (read, read_all, next_chunk) are allowed in ready and started;
// streaming (stream) only in ready; in consumed and error every operation
// fails with body_state and does no I/O.  A usage failure decided before
// any I/O (body_state, read_too_large) leaves the state unchanged.  Any
// other failure -- an I/O error, a timeout, end of input, a CHUNK-*
// rejection, a chunked whole read over 16 MiB, a sink's failure while
// streaming -- puts the body in error and closes the connection
// (BODY-ERROR-1), so no further message is read from it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "degu/core/types.h"
#include "degu/io/reader.h"
#include "degu/io/result.h"

namespace degu::io {

// BodyState: BODY-STATE-1.
enum class BodyState : std::uint8_t { ready, started, consumed, error };

// body_state_name: "ready", "started", "consumed" or "error".
std::string_view body_state_name(BodyState s);

// BodyChunk: one chunk as delivered (BODY-CHUNKED-1) or sent: its
// extension, kept verbatim (CHUNK-EXT-4), and its data without the CRLF.
// The chunk with empty data is the last one.
struct BodyChunk {
  std::optional<core::ChunkExtension> extension;
  std::string data;

  bool last() const { return data.empty(); }
  friend bool operator==(const BodyChunk&, const BodyChunk&) = default;
};

// kChunkFramingCharge, kMaxChunkFraming: what read_all_chunks charges for
// each chunk it keeps beyond its data (a fixed 64 bytes, about what a kept
// chunk costs in memory, plus its extension's key and value), and the most
// it allows in total: 16 MiB, so 262,144 chunks without extensions.  An
// application's bound, not a protocol rule (CHUNK-COUNT-1 limits nothing
// read chunk by chunk).
inline constexpr std::uint64_t kChunkFramingCharge = 64;
inline constexpr std::uint64_t kMaxChunkFraming = 16u << 20;

// chunk_framing_cost: what read_all_chunks charges for one chunk.
std::uint64_t chunk_framing_cost(
    const std::optional<core::ChunkExtension>& extension);

// BlockSink, ChunkSink: where stream() delivers; a failure stops the
// stream.
using BlockSink = std::function<Result<Ok>(std::string_view block)>;
using ChunkSink = std::function<Result<Ok>(const BodyChunk& chunk)>;

// LengthBody: the N bytes after a preamble with content-length: N.
class LengthBody {
 public:
  // LengthBody: reads from reader, which must outlive it.
  LengthBody(Reader& reader, std::uint64_t content_length)
      : reader_(reader), length_(content_length), remaining_(content_length) {}

  LengthBody(const LengthBody&) = delete;
  LengthBody& operator=(const LengthBody&) = delete;

  // state: where the body is in BODY-STATE-2.
  BodyState state() const { return state_; }
  // content_length: N.
  std::uint64_t content_length() const { return length_; }
  // remaining: bytes not read yet.
  std::uint64_t remaining() const { return remaining_; }

  // read_all: every remaining byte (BODY-READ-1); the body is then
  // consumed.  Failures: body_state; read_too_large, before any I/O, when
  // more than 16 MiB remain; body_incomplete when the input ends first
  // (BODY-SHORT-1); system, timeout or closed.
  Result<std::string> read_all();

  // read: min(max, remaining) bytes, waiting until all of them arrived
  // (BODY-READ-2).  When nothing remains it returns no bytes and the body
  // is consumed; a read that returns the last bytes leaves it started
  // (BODY-CONSUME-1).  max 0 is valid (E-14).  Failures: body_state;
  // read_too_large, before any I/O, when max is over 16 MiB; otherwise as
  // read_all.
  Result<std::string> read(std::size_t max);

  // stream: hands the whole body to sink in blocks of at most 1 MiB
  // (BODY-BLOCK-1); the body is consumed as soon as sink has taken the
  // last block (no block at all for N = 0).  Success: N.  Failures:
  // body_state unless the body is ready; sink's failure; otherwise as
  // read_all.
  Result<std::uint64_t> stream(const BlockSink& sink);

 private:
  Result<Ok> read_into(std::string& out, std::size_t n);
  Error failed(Error e);

  Reader& reader_;
  std::uint64_t length_;
  std::uint64_t remaining_;
  BodyState state_ = BodyState::ready;
};

// ChunkedBodyReader: the chunks after a preamble with transfer-encoding:
// chunked (CHUNK-*).  Protocol failures carry offsets into the body, from
// its first byte (the first byte after the preamble's CRLFCRLF), as
// core::parse_chunked_body reports them for the same bytes.
class ChunkedBodyReader {
 public:
  // ChunkedBodyReader: reads from reader, which must outlive it.
  explicit ChunkedBodyReader(Reader& reader) : reader_(reader) {}

  ChunkedBodyReader(const ChunkedBodyReader&) = delete;
  ChunkedBodyReader& operator=(const ChunkedBodyReader&) = delete;

  // state: where the body is in BODY-STATE-2.
  BodyState state() const { return state_; }
  // offset: how many bytes of the body have been read.
  std::uint64_t offset() const { return offset_; }

  // next_chunk: the next chunk, with its extension (BODY-CHUNKED-1).  The
  // last chunk (empty data) is delivered too and makes the body consumed;
  // after it next_chunk fails with body_state (E-20).  Failures:
  // body_state; protocol for CHUNK-LINE-*, CHUNK-SIZE-*, CHUNK-EXT-*,
  // CHUNK-DATA-* (a chunk of 0x1000000 bytes is read like any other, E-9);
  // system, timeout or closed.
  Result<BodyChunk> next_chunk();

  // read_all: the data of every remaining chunk, joined (BODY-CHUNKED-2);
  // the body is then consumed.  Failures: as next_chunk, and
  // chunked_read_too_large as soon as a chunk-size line takes the total
  // over 16 MiB (exactly 16 MiB succeeds).
  Result<std::string> read_all();

  // read_all_chunks: a whole read that keeps the chunks, the last
  // included, with their extensions (for a caller that reports them, as
  // the reflect application and degu-client --json do).  Bounded like
  // read_all (BODY-CHUNKED-2: data over 16 MiB fails), and also in what
  // keeping the chunks costs beyond their data: chunked_read_too_large as
  // soon as the chunks' framing cost (chunk_framing_cost, summed) passes
  // kMaxChunkFraming.  So the result holds at most 16 MiB of data and
  // 16 MiB of framing, however the peer splits the body.
  Result<std::vector<BodyChunk>> read_all_chunks();

  // stream: hands every chunk, the last included, to sink in order; the
  // body is consumed once sink has taken the last one.  Success: the total
  // data size.  Failures: body_state unless the body is ready; sink's
  // failure; otherwise as next_chunk.
  Result<std::uint64_t> stream(const ChunkSink& sink);

 private:
  Result<Ok> read_whole(bool keep_chunks, const ChunkSink& sink);
  Result<core::ChunkLine> read_line();
  Result<std::string> read_data(std::uint32_t size);
  Result<BodyChunk> read_chunk();
  Error failed(Error e);

  Reader& reader_;
  std::uint64_t offset_ = 0;
  BodyState state_ = BodyState::ready;
};

}  // namespace degu::io
