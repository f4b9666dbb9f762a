// output_body.h: bodies to send (BODY-OUT-1) and writing them.
//
// A body to send is none, bytes, a length stream (a declared length N and a
// source of blocks), a chunked stream (a source of chunks), or a received
// body being relayed.  Its framing decides the framing header of the
// preamble (OUT-FRAME-1); check() says, before anything is sent, whether
// it can be sent at all; write_body() sends it after the preamble.
//
// Sources are pulled: each call gives the next piece, std::nullopt at the
// end, or an Error that stops the body (OUT-BODY-3).
//
// What the peer sees when a body fails part-way: a prefix of the message,
// never a complete one.  So the block that completes a length stream is
// held back until the source has said it is finished, and the last chunk
// of a chunked stream until the source has ended: a source that then gives
// more (OUT-BODY-2, BODY-OUT-4) leaves the peer with an incomplete
// message, not a complete one followed by garbage (see E-12).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "degu/core/types.h"
#include "degu/io/body.h"
#include "degu/io/received_body.h"
#include "degu/io/result.h"
#include "degu/io/writer.h"

namespace degu::io {

// BlockSource: the next block of a length stream (may be empty,
// BODY-OUT-3), std::nullopt at the end, or an Error.
using BlockSource = std::function<Result<std::optional<std::string>>()>;

// ChunkSource: the next chunk of a chunked stream, std::nullopt at the
// end, or an Error.
using ChunkSource = std::function<Result<std::optional<BodyChunk>>()>;

// blocks_source: a BlockSource giving blocks in order, then the end.
BlockSource blocks_source(std::vector<std::string> blocks);

// chunks_source: a ChunkSource giving chunks in order, then the end.
ChunkSource chunks_source(std::vector<BodyChunk> chunks);

class OutputBody {
 public:
  // none: no body (no framing header, OUT-FRAME-1).
  static OutputBody none();
  // bytes: the body data, at most 16 MiB (BODY-OUT-2, checked by check()).
  static OutputBody bytes(std::string data);
  // length_stream: exactly length bytes, in the blocks source gives
  // (BODY-OUT-3).
  static OutputBody length_stream(std::uint64_t length, BlockSource source);
  // chunked_stream: the chunks source gives, the last with empty data
  // (BODY-OUT-4).
  static OutputBody chunked_stream(ChunkSource source);
  // relay: a received body, sent with the same framing and bytes
  // (BODY-OUT-5); body must outlive this and be ready when sent.
  static OutputBody relay(LengthBody& body);
  static OutputBody relay(ChunkedBodyReader& body);
  // relay: the body a holder gives, or none for NoBody.
  static OutputBody relay(const ReceivedBody& body);

  OutputBody(OutputBody&&) = default;
  OutputBody& operator=(OutputBody&&) = default;
  OutputBody(const OutputBody&) = delete;  // A body is sent once.
  OutputBody& operator=(const OutputBody&) = delete;

  // framing: how the body is delimited on the wire.
  core::Framing framing() const;

  // sent: whether write_body has started on this body (BODY-OUT-6).
  bool sent() const { return sent_; }

  // check: whether the body can be sent, decided before anything is:
  // body_already_sent (BODY-OUT-6), bytes_body_too_large (BODY-OUT-2), or
  // body_state for a relayed body that is not ready (BODY-STATE-3).
  Result<Ok> check() const;

 private:
  struct LengthStream {
    std::uint64_t length;
    BlockSource source;
  };
  struct ChunkedStream {
    ChunkSource source;
  };
  using Content = std::variant<std::monostate, std::string, LengthStream,
                               ChunkedStream, LengthBody*, ChunkedBodyReader*>;

  explicit OutputBody(Content content) : content_(std::move(content)) {}

  friend Result<Ok> write_body(Writer& writer, OutputBody& body);

  Content content_;
  bool sent_ = false;
};

// write_body: sends body through writer and flushes; call it right after
// the preamble (send_request and send_response do).  Success: the whole
// body is on the wire.  Failures: check()'s; stream_too_long (nothing
// beyond N is sent, OUT-BODY-2); stream_too_short (OUT-BODY-3);
// chunk_after_last and last_chunk_missing (BODY-OUT-4); protocol for a
// chunk the core refuses to render (OUT-CHUNK-2, OUT-CHUNK-3); a source's
// or relayed body's Error; system, timeout or closed.  On every failure
// the writer's connection is closed and nothing more is sent: the peer is
// left with an incomplete message (OUT-BODY-3).  A body that was none
// sends nothing and cannot fail.
Result<Ok> write_body(Writer& writer, OutputBody& body);

}  // namespace degu::io
