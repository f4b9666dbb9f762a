// chunked_body_test.cc: a chunked body read chunk by chunk, whole, or
// streamed (BODY-CHUNKED-1, BODY-CHUNKED-2, BODY-STATE-1..3, BODY-ERROR-1,
// CHUNK-*, E-9, E-20), and always in agreement with the core's
// parse_chunked_body over the same bytes.
#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

#include "degu/core/limits.h"
#include "degu/core/parse.h"
#include "degu/io/body.h"
#include "test_util.h"

namespace degu::io {
namespace {

using core::kMaxChunkLineSize;
using core::kMaxChunkSize;
using core::kMaxIoSize;
using test::Fails;
using test::Feeds;
using test::Pattern;
using test::Protocol;
using test::Succeeds;
using E = core::Error;

struct Fixture {
  explicit Fixture(std::vector<std::string> pieces)
      : transport(std::move(pieces)), reader(transport), body(reader) {}
  MemoryTransport transport;
  Reader reader;
  ChunkedBodyReader body;
};

BodyChunk Chunk(std::string data) { return {std::nullopt, std::move(data)}; }

BodyChunk Chunk(std::string key, std::string value, std::string data) {
  return {core::ChunkExtension{std::move(key), std::move(value)},
          std::move(data)};
}

// Chunks: what next_chunk gives until the last chunk or a failure.
struct Chunks {
  std::vector<BodyChunk> chunks;
  std::optional<Error> failure;
  std::uint64_t offset = 0;
};

Chunks ReadChunks(ChunkedBodyReader& body) {
  Chunks out;
  while (body.state() != BodyState::consumed) {
    auto chunk = body.next_chunk();
    if (!chunk.ok()) {
      out.failure = chunk.error();
      return out;
    }
    out.chunks.push_back(*chunk);
  }
  out.offset = body.offset();
  return out;
}

// ExpectAgreesWithCore: stream, fed every way, gives what
// core::parse_chunked_body gives for it: the same chunks and size, or the
// same Failure at the same offset.
void ExpectAgreesWithCore(std::string_view stream) {
  SCOPED_TRACE(testing::PrintToString(std::string(stream.substr(0, 60))));
  const auto whole = core::parse_chunked_body(stream);
  for (const auto& feed : Feeds(stream)) {
    SCOPED_TRACE(feed.name);
    Fixture f(feed.pieces);
    const Chunks got = ReadChunks(f.body);
    if (!whole.ok()) {
      ASSERT_EQ(got.failure, Error::protocol(whole.failure()));
      ASSERT_EQ(f.body.state(), BodyState::error);
      ASSERT_TRUE(f.transport.closed());
      continue;
    }
    ASSERT_FALSE(got.failure) << describe(*got.failure);
    ASSERT_EQ(got.chunks.size(), whole->chunks.size());
    for (std::size_t i = 0; i < got.chunks.size(); ++i) {
      ASSERT_EQ(got.chunks[i].extension, whole->chunks[i].line.extension);
      ASSERT_EQ(got.chunks[i].data, whole->chunks[i].data);
    }
    ASSERT_EQ(got.offset, whole->consumed);
    ASSERT_EQ(f.reader.buffered().size() + f.transport.unread(),
              stream.size() - whole->consumed)
        << "CHUNK-AFTER-1: what follows is left for the next message";
  }
}

TEST(ChunkedBody, BODY_CHUNKED_1_ChunkByChunkWithExtensions) {
  for (const auto& feed : Feeds("5\r\nhello\r\n5;k=v\r\nworld\r\n0\r\n\r\n")) {
    SCOPED_TRACE(feed.name);
    Fixture f(feed.pieces);
    EXPECT_EQ(f.body.state(), BodyState::ready);
    auto c = f.body.next_chunk();
    ASSERT_TRUE(Succeeds(c));
    EXPECT_EQ(*c, Chunk("hello"));
    EXPECT_EQ(f.body.state(), BodyState::started);
    c = f.body.next_chunk();
    ASSERT_TRUE(Succeeds(c));
    EXPECT_EQ(*c, Chunk("k", "v", "world"));
    EXPECT_EQ(f.body.state(), BodyState::started);
    c = f.body.next_chunk();
    ASSERT_TRUE(Succeeds(c));
    EXPECT_EQ(*c, Chunk(""));
    EXPECT_TRUE(c->last());
    EXPECT_EQ(f.body.state(), BodyState::consumed);
    EXPECT_EQ(f.body.offset(), 29u);
  }
}

TEST(ChunkedBody, CHUNK_LAST_1_LastChunkMayCarryAnExtension) {
  Fixture f({"0;Key=Value\r\n\r\n"});
  const auto c = f.body.next_chunk();
  ASSERT_TRUE(Succeeds(c));
  EXPECT_EQ(*c, Chunk("Key", "Value", ""));  // Verbatim (CHUNK-EXT-4).
  EXPECT_EQ(f.body.state(), BodyState::consumed);
}

TEST(ChunkedBody, E_20_NextChunkAfterTheLastFailsWithoutIo) {
  Fixture f({"0\r\n\r\n", "1\r\nx\r\n"});
  ASSERT_TRUE(Succeeds(f.body.next_chunk()));
  const std::size_t calls = f.transport.read_calls();
  EXPECT_TRUE(Fails(f.body.next_chunk(), Error::of(Errc::body_state)));
  EXPECT_TRUE(Fails(f.body.read_all(), Error::of(Errc::body_state)));
  EXPECT_EQ(f.body.state(), BodyState::consumed);
  EXPECT_EQ(f.transport.read_calls(), calls);
  EXPECT_FALSE(f.transport.closed());
}

TEST(ChunkedBody, BODY_CHUNKED_2_ReadAllJoinsTheRemainingChunks) {
  for (const auto& feed :
       Feeds("5\r\nhello\r\n1;a=b\r\n \r\n5\r\nworld\r\n0\r\n\r\n")) {
    SCOPED_TRACE(feed.name);
    Fixture f(feed.pieces);
    const auto all = f.body.read_all();
    ASSERT_TRUE(Succeeds(all));
    EXPECT_EQ(*all, "hello world");
    EXPECT_EQ(f.body.state(), BodyState::consumed);
  }
  // A whole read is a read: it may follow next_chunk (BODY-STATE-3).
  Fixture f({"5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"});
  ASSERT_TRUE(Succeeds(f.body.next_chunk()));
  const auto rest = f.body.read_all();
  ASSERT_TRUE(Succeeds(rest));
  EXPECT_EQ(*rest, "world");
}

std::string ChunkedOf(const std::vector<std::size_t>& sizes) {
  std::string out;
  for (const std::size_t size : sizes) {
    char line[16];
    const int n = std::snprintf(line, sizeof line, "%zx\r\n", size);
    out.append(line, static_cast<std::size_t>(n));
    out += std::string(size, 'd');
    out += "\r\n";
  }
  return out + "0\r\n\r\n";
}

TEST(ChunkedBody, BODY_CHUNKED_2_WholeReadOfExactly16MiB) {
  Fixture f({ChunkedOf({kMaxIoSize / 2, kMaxIoSize / 2})});
  const auto all = f.body.read_all();
  ASSERT_TRUE(Succeeds(all));
  EXPECT_EQ(all->size(), kMaxIoSize);
  EXPECT_EQ(f.body.state(), BodyState::consumed);
}

TEST(ChunkedBody, BODY_CHUNKED_2_WholeReadOver16MiBBreaksTheBody) {
  Fixture f({ChunkedOf({kMaxIoSize / 2, kMaxIoSize / 2, 1})});
  EXPECT_TRUE(
      Fails(f.body.read_all(), Error::of(Errc::chunked_read_too_large)));
  EXPECT_EQ(f.body.state(), BodyState::error);
  EXPECT_TRUE(f.transport.closed());
}

TEST(ChunkedBody, BODY_CHUNKED_2_WholeReadKeepingChunks) {
  Fixture f({"3;k=v\r\nabc\r\n1\r\nd\r\n0;end=1\r\n\r\n"});
  const auto got = f.body.read_all_chunks();
  ASSERT_TRUE(Succeeds(got));
  const std::vector<BodyChunk> want = {
      {core::ChunkExtension{"k", "v"}, "abc"},
      {std::nullopt, "d"},
      {core::ChunkExtension{"end", "1"}, ""}};
  EXPECT_EQ(*got, want);
  EXPECT_EQ(f.body.state(), BodyState::consumed);
}

TEST(ChunkedBody, BODY_CHUNKED_2_WholeReadKeepingChunksHasTheDataLimit) {
  Fixture exact({ChunkedOf({kMaxIoSize / 2, kMaxIoSize / 2})});
  ASSERT_TRUE(Succeeds(exact.body.read_all_chunks()));
  Fixture over({ChunkedOf({kMaxIoSize / 2, kMaxIoSize / 2, 1})});
  EXPECT_TRUE(Fails(over.body.read_all_chunks(),
                    Error::of(Errc::chunked_read_too_large)));
  EXPECT_EQ(over.body.state(), BodyState::error);
  EXPECT_TRUE(over.transport.closed());
}

TEST(ChunkedBody, WholeReadKeepingChunksBoundsTheirFramingCost) {
  // 64 bytes per chunk, the last included: 262,144 chunks fit exactly.
  const std::size_t fit = kMaxChunkFraming / kChunkFramingCharge;
  Fixture exact({ChunkedOf(std::vector<std::size_t>(fit - 1, 1))});
  const auto got = exact.body.read_all_chunks();
  ASSERT_TRUE(Succeeds(got));
  EXPECT_EQ(got->size(), fit);
  Fixture over({ChunkedOf(std::vector<std::size_t>(fit, 1))});
  EXPECT_TRUE(Fails(over.body.read_all_chunks(),
                    Error::of(Errc::chunked_read_too_large)));
  // Extensions count by their key and value bytes.
  EXPECT_EQ(chunk_framing_cost(core::ChunkExtension{"key", "value"}),
            kChunkFramingCharge + 8);
  // read_all keeps no chunks, so only its data is bounded.
  Fixture joined({ChunkedOf(std::vector<std::size_t>(fit, 1))});
  ASSERT_TRUE(Succeeds(joined.body.read_all()));
}

TEST(ChunkedBody, CHUNK_COUNT_1_ChunkByChunkHasNoTotalLimit) {
  const std::size_t mib = core::kIoBlockSize;
  Fixture f({ChunkedOf(std::vector<std::size_t>(17, mib))});
  const Chunks got = ReadChunks(f.body);
  ASSERT_FALSE(got.failure);
  EXPECT_EQ(got.chunks.size(), 18u);
  EXPECT_GT(got.offset, kMaxIoSize);
}

TEST(ChunkedBody, E_9_MaximumSizeChunkIsReadLikeAnyOther) {
  const std::string data = Pattern(kMaxChunkSize);
  const std::string line = "1000000\r\n";
  const std::string end = "\r\n0\r\n\r\n";
  // The line alone first, with 0, 1 or 2 bytes of data behind it: the
  // buffer states in which the original crashes.
  for (const std::size_t with : {0u, 1u, 2u, 5000u}) {
    SCOPED_TRACE(with);
    Fixture f({line + data.substr(0, with), data.substr(with) + end});
    auto c = f.body.next_chunk();
    ASSERT_TRUE(Succeeds(c));
    EXPECT_EQ(c->data.size(), kMaxChunkSize);
    EXPECT_TRUE(c->data == data);
    c = f.body.next_chunk();
    ASSERT_TRUE(Succeeds(c));
    EXPECT_TRUE(c->last());
  }
  Fixture f({line + data + end});
  const auto all = f.body.read_all();
  ASSERT_TRUE(Succeeds(all));
  EXPECT_EQ(all->size(), kMaxChunkSize);
}

TEST(ChunkedBody, StreamDeliversEveryChunkThenConsumes) {
  Fixture f({"3;a=b\r\nabc\r\n2\r\nde\r\n0;z=y\r\n\r\nNEXT"});
  std::vector<BodyChunk> seen;
  const auto total = f.body.stream([&](const BodyChunk& c) -> Result<Ok> {
    seen.push_back(c);
    return Ok{};
  });
  ASSERT_TRUE(Succeeds(total));
  EXPECT_EQ(*total, 5u);
  EXPECT_EQ(seen, (std::vector<BodyChunk>{Chunk("a", "b", "abc"), Chunk("de"),
                                          Chunk("z", "y", "")}));
  EXPECT_EQ(f.body.state(), BodyState::consumed);
  EXPECT_EQ(f.reader.buffered(), "NEXT");
}

TEST(ChunkedBody, BODY_STATE_3_StreamingOnlyFromReady) {
  Fixture f({"1\r\na\r\n0\r\n\r\n"});
  ASSERT_TRUE(Succeeds(f.body.next_chunk()));
  EXPECT_TRUE(
      Fails(f.body.stream([](const BodyChunk&) { return Result<Ok>(Ok{}); }),
            Error::of(Errc::body_state)));
  EXPECT_EQ(f.body.state(), BodyState::started);
}

TEST(ChunkedBody, BODY_ERROR_1_SinkFailureBreaksTheBody) {
  Fixture f({"1\r\na\r\n0\r\n\r\n"});
  const Error e = Error::of(Errc::timeout);
  EXPECT_TRUE(Fails(
      f.body.stream([&](const BodyChunk&) -> Result<Ok> { return e; }), e));
  EXPECT_EQ(f.body.state(), BodyState::error);
  EXPECT_TRUE(f.transport.closed());
  EXPECT_TRUE(Fails(f.body.next_chunk(), Error::of(Errc::body_state)));
}

TEST(ChunkedBody, BODY_ERROR_1_TransportFailuresBreakTheBody) {
  for (const Error& e : {Error::of(Errc::timeout), Error::system(ECONNRESET)}) {
    for (const std::string_view before : {"", "5\r\nhel", "5;k=v"}) {
      SCOPED_TRACE(describe(e) + " after " + std::string(before));
      Fixture f({std::string(before)});
      f.transport.end_with(e);
      EXPECT_TRUE(Fails(f.body.next_chunk(), e));
      EXPECT_EQ(f.body.state(), BodyState::error);
      EXPECT_TRUE(f.transport.closed());
    }
  }
}

TEST(ChunkedBody, AgreesWithCoreOnValidBodies) {
  for (const std::string_view stream : {
           "0\r\n\r\n",
           "0\r\n\r\nGET / HTTP/1.1\r\n\r\n",
           "5\r\nhello\r\n5;k=v\r\nworld\r\n0\r\n\r\n",
           "A;K=V\r\n0123456789\r\n0;x=y\r\n\r\ntrailing",
           "1;a=b;c\r\n\r\r\n0\r\n\r\n",  // Data may be any bytes, CR too.
           "3\r\n\r\n\n\r\n0\r\n\r\n",
       }) {
    ExpectAgreesWithCore(stream);
  }
}

TEST(ChunkedBody, AgreesWithCoreOnRejectedBodies) {
  for (const std::string_view stream : {
           "",                        // CHUNK-LINE-2
           "5",                       // CHUNK-LINE-2
           "5\r",                     // CHUNK-LINE-2
           "\r\n",                    // CHUNK-SIZE-2
           "00\r\n\r\n",              // CHUNK-SIZE-2
           "x;a\r\n",                 // CHUNK-ORDER-1
           "12345678;a\r\n",          // CHUNK-SIZE-1
           "1000001\r\n",             // CHUNK-SIZE-3
           "5;\r\nhello\r\n",         // CHUNK-EXT-1
           "5; a=b\r\nhello\r\n",     // CHUNK-EXT-2
           "5;a=b c\r\nhello\r\n",    // CHUNK-EXT-3
           "5;a=b;c=d\r\nhello\r\n",  // CHUNK-EXT-3
           "5\r\nhelloXY",            // CHUNK-DATA-1
           "5\r\nhello\r",            // CHUNK-DATA-2
           "5\r\nhel",                // CHUNK-DATA-2
           "5\r\nhello\r\n0\r\n",     // CHUNK-DATA-2
           "0\r\nX: y\r\n\r\n",       // CHUNK-TRAILER-1
           "5\nhello\r\n",            // CHUNK-LINE-3
           "5\r\nhello\r\n5\r\nworld\n\r0\r\n\r\n",
       }) {
    ExpectAgreesWithCore(stream);
  }
}

TEST(ChunkedBody, CHUNK_LINE_1_LimitAt4096InsideABody) {
  // "1;k=" and a value, so that the line with its CRLF is 4096 bytes.
  const std::string value(kMaxChunkLineSize - 6, 'v');
  const std::string first = "1\r\na\r\n";
  ExpectAgreesWithCore(first + "1;k=" + value + "\r\nb\r\n0\r\n\r\n");
  Fixture f({first + "1;k=" + value + "v\r\nb\r\n0\r\n\r\n"});
  ASSERT_TRUE(Succeeds(f.body.next_chunk()));
  EXPECT_TRUE(Fails(
      f.body.next_chunk(),
      Protocol(E::chunk_line_too_long, first.size() + kMaxChunkLineSize)));
}

}  // namespace
}  // namespace degu::io
