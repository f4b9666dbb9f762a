// output_body_test.cc: sending bodies and whole messages (BODY-OUT-1..6,
// OUT-BODY-1..3, OUT-CHUNK-1..5, OUT-FRAME-1, OUT-ATOMIC-1, E-12, E-13).
#include "degu/io/output_body.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

#include "degu/core/limits.h"
#include "degu/io/send.h"
#include "test_util.h"

namespace degu::io {
namespace {

using core::kMaxChunkSize;
using core::kMaxIoSize;
using test::Fails;
using test::Pattern;
using test::Succeeds;

constexpr std::string_view kOk = "HTTP/1.1 200 OK\r\n";

BodyChunk Chunk(std::string data) { return {std::nullopt, std::move(data)}; }

BodyChunk Chunk(std::string key, std::string value, std::string data) {
  return {core::ChunkExtension{std::move(key), std::move(value)},
          std::move(data)};
}

// Sent: what send_response put on the wire, and how it ended.
struct Sent {
  std::string wire;
  std::optional<Error> failure;
  bool closed = false;
};

Sent Respond(OutputBody& body, std::size_t max_write = 0) {
  MemoryTransport transport;
  transport.limit_writes(max_write);
  Writer writer(transport);
  const auto r = send_response(writer, 200, "OK", {}, body);
  return {transport.written(), r.ok() ? std::nullopt : std::optional(r.error()),
          transport.closed()};
}

std::string LengthPreamble(std::size_t n) {
  return std::string(kOk) + "content-length: " + std::to_string(n) + "\r\n\r\n";
}

const std::string kChunkedPreamble =
    std::string(kOk) + "transfer-encoding: chunked\r\n\r\n";

// --- Bytes and none. ---

TEST(OutputBody, OUT_FRAME_1_BytesGetContentLength) {
  for (const std::size_t k : {0u, 1u, 5u}) {
    OutputBody body = OutputBody::bytes("hello");
    const Sent s = Respond(body, k);
    ASSERT_FALSE(s.failure) << describe(*s.failure);
    EXPECT_EQ(s.wire, LengthPreamble(5) + "hello");
    EXPECT_FALSE(s.closed);
    EXPECT_TRUE(body.sent());
  }
}

TEST(OutputBody, SmallMessageLeavesInOneWrite) {
  MemoryTransport transport;
  Writer writer(transport);
  OutputBody body = OutputBody::bytes("hello");
  ASSERT_TRUE(Succeeds(send_response(writer, 200, "OK", {}, body)));
  EXPECT_EQ(transport.write_calls(), 1u);
}

TEST(OutputBody, OUT_FRAME_1_NoneGetsNoFramingHeader) {
  OutputBody body = OutputBody::none();
  const Sent s = Respond(body);
  ASSERT_FALSE(s.failure);
  EXPECT_EQ(s.wire, std::string(kOk) + "\r\n");
  EXPECT_EQ(body.framing(), core::Framing::none());
}

TEST(OutputBody, BODY_OUT_2_BytesOver16MiBRefusedBeforeSending) {
  OutputBody body = OutputBody::bytes(std::string(kMaxIoSize + 1, 'x'));
  const Sent s = Respond(body);
  EXPECT_EQ(s.failure, Error::of(Errc::bytes_body_too_large));
  EXPECT_EQ(s.wire, "");
  EXPECT_FALSE(s.closed);
  EXPECT_FALSE(body.sent());
  OutputBody most = OutputBody::bytes(std::string(kMaxIoSize, 'x'));
  const Sent t = Respond(most);
  ASSERT_FALSE(t.failure);
  EXPECT_EQ(t.wire.size(), LengthPreamble(kMaxIoSize).size() + kMaxIoSize);
}

TEST(OutputBody, BODY_OUT_6_SentOnce) {
  MemoryTransport transport;
  Writer writer(transport);
  OutputBody body = OutputBody::bytes("hello");
  ASSERT_TRUE(Succeeds(send_response(writer, 200, "OK", {}, body)));
  const std::string first = transport.written();
  EXPECT_TRUE(Fails(send_response(writer, 200, "OK", {}, body),
                    Error::of(Errc::body_already_sent)));
  EXPECT_EQ(transport.written(), first) << "the second attempt sends nothing";
  EXPECT_FALSE(transport.closed());
}

TEST(OutputBody, OUT_ATOMIC_1_RefusedPreambleLeavesTheBodyUnsent) {
  MemoryTransport transport;
  Writer writer(transport);
  OutputBody body = OutputBody::bytes("hello");
  const auto r = send_request(writer, "GET", "/", {}, body);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(core::Error::body_on_bodiless_method));
  EXPECT_EQ(transport.written(), "");
  EXPECT_FALSE(body.sent());
  ASSERT_TRUE(Succeeds(send_request(writer, "PUT", "/", {}, body)));
  EXPECT_EQ(transport.written(),
            "PUT / HTTP/1.1\r\ncontent-length: 5\r\n\r\nhello");
}

// --- Length streams. ---

TEST(OutputBody, BODY_OUT_3_LengthStreamOfExactlyN) {
  for (const std::size_t k : {0u, 1u, 4u}) {
    OutputBody body = OutputBody::length_stream(
        5, blocks_source({"he", "", "llo", ""}));  // Empty blocks allowed.
    const Sent s = Respond(body, k);
    ASSERT_FALSE(s.failure) << describe(*s.failure);
    EXPECT_EQ(s.wire, LengthPreamble(5) + "hello");
  }
  OutputBody empty = OutputBody::length_stream(0, blocks_source({}));
  const Sent s = Respond(empty);
  ASSERT_FALSE(s.failure);
  EXPECT_EQ(s.wire, LengthPreamble(0));
}

TEST(OutputBody, E_13_LargeBlocksAreSentWhole) {
  const std::string block = Pattern(40000);
  OutputBody body =
      OutputBody::length_stream(40004, blocks_source({block, "tail"}));
  const Sent s = Respond(body, 1000);
  ASSERT_FALSE(s.failure);
  EXPECT_TRUE(s.wire == LengthPreamble(40004) + block + "tail");
}

// ExpectIncompletePrefix: wire is a proper prefix of the message that
// would have been sent: never the whole message (OUT-BODY-2, OUT-BODY-3).
void ExpectIncompletePrefix(const Sent& s, std::string_view whole) {
  EXPECT_TRUE(s.closed) << "OUT-BODY-3: the connection is closed";
  EXPECT_LT(s.wire.size(), whole.size());
  EXPECT_TRUE(whole.substr(0, s.wire.size()) == s.wire);
}

TEST(OutputBody, OUT_BODY_2_TooManyBytesNeverReachTheWire) {
  struct Case {
    std::vector<std::string> blocks;
    std::size_t length;
  };
  const std::string big = Pattern(60000);
  const std::string rest = Pattern(40000);
  const Case cases[] = {
      {{"hel", "lo!"}, 5},  // The block that overruns.
      {{"hello", "!"}, 5},  // One more block after N: E-12.
      {{"hello", "", "!"}, 5},      {{"hello!"}, 5},
      {{big, rest, "x"}, 100000},  // The first block is out already.
      {{big + rest + "x"}, 100000},
  };
  for (const Case& c : cases) {
    for (const std::size_t k : {0u, 7u}) {
      OutputBody body =
          OutputBody::length_stream(c.length, blocks_source(c.blocks));
      const Sent s = Respond(body, k);
      std::string joined;
      for (const std::string& block : c.blocks) {
        joined += block;
      }
      EXPECT_EQ(s.failure, Error::of(Errc::stream_too_long));
      ExpectIncompletePrefix(
          s, LengthPreamble(c.length) + joined.substr(0, c.length));
    }
  }
}

TEST(OutputBody, OUT_BODY_3_TooFewBytesLeaveAnIncompleteMessage) {
  for (const auto& blocks :
       {std::vector<std::string>{"he"}, std::vector<std::string>{},
        std::vector<std::string>{Pattern(50000)}}) {
    const std::size_t length = 50001;
    OutputBody body = OutputBody::length_stream(length, blocks_source(blocks));
    const Sent s = Respond(body);
    EXPECT_EQ(s.failure, Error::of(Errc::stream_too_short));
    EXPECT_TRUE(s.closed);
    EXPECT_LT(s.wire.size(), LengthPreamble(length).size() + length);
  }
}

TEST(OutputBody, OUT_BODY_3_SourceErrorStopsTheBody) {
  int calls = 0;
  const Error boom = Error::system(EIO);
  OutputBody body = OutputBody::length_stream(
      10, [&]() -> Result<std::optional<std::string>> {
        if (calls++ == 0) {
          return std::optional<std::string>("hello");
        }
        return boom;
      });
  const Sent s = Respond(body);
  EXPECT_EQ(s.failure, boom);
  EXPECT_TRUE(s.closed);
  EXPECT_EQ(calls, 2);
}

// --- Chunked streams. ---

TEST(OutputBody, OUT_CHUNK_4_ChunkedStreamEndsWithTheEmptyChunk) {
  for (const std::size_t k : {0u, 1u, 3u}) {
    OutputBody body = OutputBody::chunked_stream(
        chunks_source({Chunk("hello"), Chunk("k", "v", "world"), Chunk("")}));
    EXPECT_EQ(body.framing(), core::Framing::chunked());
    const Sent s = Respond(body, k);
    ASSERT_FALSE(s.failure) << describe(*s.failure);
    EXPECT_EQ(s.wire,
              kChunkedPreamble + "5\r\nhello\r\n5;k=v\r\nworld\r\n0\r\n\r\n");
  }
  OutputBody ext = OutputBody::chunked_stream(
      chunks_source({Chunk("k", "v", "a"), Chunk("e", "f", "")}));
  const Sent s = Respond(ext);
  ASSERT_FALSE(s.failure);
  EXPECT_EQ(s.wire, kChunkedPreamble + "1;k=v\r\na\r\n0;e=f\r\n\r\n");
}

TEST(OutputBody, OUT_CHUNK_1_SizeInLowerCaseHex) {
  OutputBody body = OutputBody::chunked_stream(chunks_source(
      {Chunk(std::string(10, 'x')), Chunk(std::string(16, 'y')), Chunk("")}));
  const Sent s = Respond(body);
  ASSERT_FALSE(s.failure);
  EXPECT_EQ(s.wire, kChunkedPreamble + "a\r\nxxxxxxxxxx\r\n10\r\n" +
                        std::string(16, 'y') + "\r\n0\r\n\r\n");
}

TEST(OutputBody, BODY_OUT_4_ChunkAfterTheLastNeverCompletesTheBody) {
  OutputBody body = OutputBody::chunked_stream(
      chunks_source({Chunk("a"), Chunk(""), Chunk("x")}));
  const Sent s = Respond(body);
  EXPECT_EQ(s.failure, Error::of(Errc::chunk_after_last));
  ExpectIncompletePrefix(s, kChunkedPreamble + "1\r\na\r\n0\r\n\r\n");
  OutputBody only_end =
      OutputBody::chunked_stream(chunks_source({Chunk(""), Chunk("")}));
  const Sent t = Respond(only_end);
  EXPECT_EQ(t.failure, Error::of(Errc::chunk_after_last));
  ExpectIncompletePrefix(t, kChunkedPreamble + "0\r\n\r\n");
}

TEST(OutputBody, BODY_OUT_4_EndIsHeldEvenWhenTheSourceFlushes) {
  // A live source flushes the writer before giving each chunk, so that
  // what it gave before is on the wire at once.  The empty chunk still
  // leaves only once the source has ended.
  MemoryTransport transport;
  Writer writer(transport);
  std::vector<BodyChunk> chunks = {Chunk("a"), Chunk(""), Chunk("x")};
  std::size_t next = 0;
  OutputBody body =
      OutputBody::chunked_stream([&]() -> Result<std::optional<BodyChunk>> {
        if (auto r = writer.flush(); !r.ok()) {
          return r.error();
        }
        if (next == chunks.size()) {
          return std::optional<BodyChunk>();
        }
        return std::optional<BodyChunk>(chunks[next++]);
      });
  EXPECT_TRUE(Fails(send_response(writer, 200, "OK", {}, body),
                    Error::of(Errc::chunk_after_last)));
  EXPECT_EQ(transport.written(), kChunkedPreamble + "1\r\na\r\n");
  EXPECT_TRUE(transport.closed());
}

TEST(OutputBody, BODY_OUT_4_LastChunkMissing) {
  for (const auto& chunks :
       {std::vector<BodyChunk>{Chunk("x")}, std::vector<BodyChunk>{}}) {
    OutputBody body = OutputBody::chunked_stream(chunks_source(chunks));
    const Sent s = Respond(body);
    EXPECT_EQ(s.failure, Error::of(Errc::last_chunk_missing));
    EXPECT_TRUE(s.closed);
    EXPECT_EQ(s.wire.find("0\r\n\r\n"), std::string::npos);
  }
}

TEST(OutputBody, OUT_CHUNK_3_BadExtensionsAreRefused) {
  struct Case {
    BodyChunk chunk;
    core::Error error;
    std::size_t offset;  // In the rendered chunk-size line.
  };
  const Case cases[] = {
      {Chunk("k", "a b", "x"), core::Error::bad_chunk_extension_value, 5},
      {Chunk("k\r\n", "v", "x"), core::Error::bad_chunk_extension_key, 3},
      {Chunk("", "", "x"), core::Error::bad_chunk_extension, 2},
      {Chunk("k", "a b", ""), core::Error::bad_chunk_extension_value, 5},
  };
  for (const Case& c : cases) {
    OutputBody body = OutputBody::chunked_stream(
        chunks_source({Chunk("ok"), c.chunk, Chunk("")}));
    const Sent s = Respond(body);
    EXPECT_EQ(s.failure, test::Protocol(c.error, c.offset));
    ExpectIncompletePrefix(s, kChunkedPreamble + "2\r\nok\r\n");
  }
}

TEST(OutputBody, OUT_CHUNK_2_ChunkDataAtMost0x1000000) {
  OutputBody most = OutputBody::chunked_stream(
      chunks_source({Chunk(std::string(kMaxChunkSize, 'x')), Chunk("")}));
  const Sent s = Respond(most);
  ASSERT_FALSE(s.failure);
  EXPECT_EQ(s.wire.substr(kChunkedPreamble.size(), 9), "1000000\r\n");
  OutputBody over = OutputBody::chunked_stream(
      chunks_source({Chunk(std::string(kMaxChunkSize + 1, 'x')), Chunk("")}));
  const Sent t = Respond(over);
  EXPECT_EQ(t.failure, test::Protocol(core::Error::chunk_size_too_large, 0));
  EXPECT_TRUE(t.closed);
}

// --- Relayed bodies (BODY-OUT-5). ---

TEST(OutputBody, BODY_OUT_5_RelayedLengthBody) {
  MemoryTransport in({"hel", "lo", "NEXT"});
  Reader reader(in);
  LengthBody received(reader, 5);
  OutputBody body = OutputBody::relay(received);
  EXPECT_EQ(body.framing(), core::Framing::of_length(5));
  const Sent s = Respond(body, 2);
  ASSERT_FALSE(s.failure);
  EXPECT_EQ(s.wire, LengthPreamble(5) + "hello");
  EXPECT_EQ(received.state(), BodyState::consumed);
}

TEST(OutputBody, OUT_CHUNK_5_RelayedChunkedBodyIsRenderedAgain) {
  MemoryTransport in({"A;K=V\r\n0123456789\r\n0\r\n\r\n"});
  Reader reader(in);
  ChunkedBodyReader received(reader);
  OutputBody body = OutputBody::relay(received);
  const Sent s = Respond(body);
  ASSERT_FALSE(s.failure);
  EXPECT_EQ(s.wire, kChunkedPreamble + "a;K=V\r\n0123456789\r\n0\r\n\r\n");
  EXPECT_EQ(received.state(), BodyState::consumed);
}

TEST(OutputBody, BODY_STATE_3_RelayedBodyMustBeReady) {
  MemoryTransport in({"hello"});
  Reader reader(in);
  LengthBody received(reader, 5);
  ASSERT_TRUE(Succeeds(received.read(1)));
  OutputBody body = OutputBody::relay(received);
  const Sent s = Respond(body);
  EXPECT_EQ(s.failure, Error::of(Errc::body_state));
  EXPECT_EQ(s.wire, "") << "decided before anything is sent";
  EXPECT_FALSE(s.closed);
}

TEST(OutputBody, OUT_BODY_3_RelayedBodyThatBreaks) {
  MemoryTransport in({"hel"});
  Reader reader(in);
  LengthBody received(reader, 5);
  OutputBody body = OutputBody::relay(received);
  const Sent s = Respond(body);
  EXPECT_EQ(s.failure, Error::of(Errc::body_incomplete));
  EXPECT_TRUE(s.closed);
  EXPECT_EQ(received.state(), BodyState::error);
  EXPECT_TRUE(in.closed());

  MemoryTransport in2({"5\r\nhello\r\n5\r\nwor"});
  Reader reader2(in2);
  ChunkedBodyReader chunked(reader2);
  OutputBody body2 = OutputBody::relay(chunked);
  const Sent t = Respond(body2);
  EXPECT_EQ(t.failure, test::Protocol(core::Error::chunk_data_incomplete, 16));
  EXPECT_TRUE(t.closed);
  EXPECT_EQ(chunked.state(), BodyState::error);
}

TEST(OutputBody, WriteFailureDuringTheBodyCloses) {
  MemoryTransport transport;
  transport.fail_writes_after(10, Error::system(EPIPE));
  Writer writer(transport);
  OutputBody body = OutputBody::bytes(Pattern(100000));
  EXPECT_TRUE(
      Fails(send_response(writer, 200, "OK", {}, body), Error::system(EPIPE)));
  EXPECT_TRUE(transport.closed());
  EXPECT_EQ(transport.written().size(), 10u);
}

}  // namespace
}  // namespace degu::io
