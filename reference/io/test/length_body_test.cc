// length_body_test.cc: a content-length body (BODY-STATE-1..3,
// BODY-ERROR-1, BODY-SHORT-1, BODY-BUFFER-1, BODY-BLOCK-1, BODY-READ-1,
// BODY-READ-2, BODY-CONSUME-1, BODY-ZERO-1, E-14).
#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

#include "degu/core/limits.h"
#include "degu/io/body.h"
#include "degu/io/read_message.h"
#include "test_util.h"

namespace degu::io {
namespace {

using core::kIoBlockSize;
using core::kMaxIoSize;
using test::Fails;
using test::Feeds;
using test::Pattern;
using test::Succeeds;

// A body over a scripted peer that sends exactly pieces.
struct Fixture {
  explicit Fixture(std::vector<std::string> pieces)
      : transport(std::move(pieces)), reader(transport) {}
  MemoryTransport transport;
  Reader reader;
};

TEST(LengthBody, BODY_STATE_1_StartsReady) {
  Fixture f({"hello"});
  LengthBody body(f.reader, 5);
  EXPECT_EQ(body.state(), BodyState::ready);
  EXPECT_EQ(body.content_length(), 5u);
  EXPECT_EQ(body.remaining(), 5u);
}

TEST(LengthBody, BODY_READ_1_ReadAllConsumes) {
  for (const auto& feed : Feeds("hello world")) {
    SCOPED_TRACE(feed.name);
    Fixture f(feed.pieces);
    LengthBody body(f.reader, 11);
    const auto all = body.read_all();
    ASSERT_TRUE(Succeeds(all));
    EXPECT_EQ(*all, "hello world");
    EXPECT_EQ(body.state(), BodyState::consumed);
  }
}

TEST(LengthBody, BODY_CONSUME_1_ReadReturningTheLastBytesLeavesStarted) {
  Fixture f({"hello"});
  LengthBody body(f.reader, 5);
  auto r = body.read(5);
  ASSERT_TRUE(Succeeds(r));
  EXPECT_EQ(*r, "hello");
  EXPECT_EQ(body.state(), BodyState::started);
  r = body.read(5);
  ASSERT_TRUE(Succeeds(r));
  EXPECT_EQ(*r, "");
  EXPECT_EQ(body.state(), BodyState::consumed);
}

TEST(LengthBody, BODY_READ_2_PartialReadsReturnTheSmallerOfMaxAndRemaining) {
  for (const auto& feed : Feeds("hello")) {
    SCOPED_TRACE(feed.name);
    Fixture f(feed.pieces);
    LengthBody body(f.reader, 5);
    std::vector<std::string> got;
    while (body.state() != BodyState::consumed) {
      auto r = body.read(2);
      ASSERT_TRUE(Succeeds(r));
      got.push_back(*r);
    }
    EXPECT_EQ(got, (std::vector<std::string>{"he", "ll", "o", ""}));
  }
}

TEST(LengthBody, E_14_ReadOfZeroBytesIsValid) {
  Fixture f({"hello"});
  LengthBody body(f.reader, 5);
  const auto r = body.read(0);
  ASSERT_TRUE(Succeeds(r));
  EXPECT_EQ(*r, "");
  EXPECT_EQ(body.state(), BodyState::started);
  EXPECT_FALSE(f.transport.closed());
  const auto all = body.read_all();
  ASSERT_TRUE(Succeeds(all));
  EXPECT_EQ(*all, "hello");
}

TEST(LengthBody, BODY_ZERO_1_LengthZeroStillNeedsOneRead) {
  {
    Fixture f({});
    LengthBody body(f.reader, 0);
    EXPECT_EQ(body.state(), BodyState::ready);
    const auto r = body.read(100);
    ASSERT_TRUE(Succeeds(r));
    EXPECT_EQ(*r, "");
    EXPECT_EQ(body.state(), BodyState::consumed);
  }
  {
    Fixture f({});
    LengthBody body(f.reader, 0);
    ASSERT_TRUE(Succeeds(body.read_all()));
    EXPECT_EQ(body.state(), BodyState::consumed);
  }
  {
    Fixture f({});
    LengthBody body(f.reader, 0);
    int blocks = 0;
    const auto r = body.stream([&](std::string_view) -> Result<Ok> {
      ++blocks;
      return Ok{};
    });
    ASSERT_TRUE(Succeeds(r));
    EXPECT_EQ(*r, 0u);
    EXPECT_EQ(blocks, 0);
    EXPECT_EQ(body.state(), BodyState::consumed);
    EXPECT_EQ(f.transport.read_calls(), 0u);
  }
}

TEST(LengthBody, BODY_STATE_3_ConsumedAndErrorFailWithoutIo) {
  Fixture f({"hello", "more"});
  LengthBody body(f.reader, 5);
  ASSERT_TRUE(Succeeds(body.read_all()));
  const std::size_t calls = f.transport.read_calls();
  const Error state = Error::of(Errc::body_state);
  EXPECT_TRUE(Fails(body.read_all(), state));
  EXPECT_TRUE(Fails(body.read(1), state));
  EXPECT_TRUE(Fails(body.read(0), state));
  EXPECT_TRUE(Fails(
      body.stream([](std::string_view) { return Result<Ok>(Ok{}); }), state));
  EXPECT_EQ(body.state(), BodyState::consumed);
  EXPECT_EQ(f.transport.read_calls(), calls);
  EXPECT_FALSE(f.transport.closed()) << "a usage failure is not BODY-ERROR-1";

  Fixture g({"he"});
  LengthBody broken(g.reader, 5);
  EXPECT_TRUE(Fails(broken.read_all(), Error::of(Errc::body_incomplete)));
  EXPECT_EQ(broken.state(), BodyState::error);
  EXPECT_TRUE(Fails(broken.read(1), state));
  EXPECT_TRUE(Fails(broken.read_all(), state));
  EXPECT_EQ(broken.state(), BodyState::error);
}

TEST(LengthBody, BODY_STATE_3_StreamingOnlyFromReady) {
  Fixture f({"hello"});
  LengthBody body(f.reader, 5);
  ASSERT_TRUE(Succeeds(body.read(1)));
  const std::size_t calls = f.transport.read_calls();
  EXPECT_TRUE(
      Fails(body.stream([](std::string_view) { return Result<Ok>(Ok{}); }),
            Error::of(Errc::body_state)));
  EXPECT_EQ(body.state(), BodyState::started);
  EXPECT_EQ(f.transport.read_calls(), calls);
  const auto rest = body.read_all();  // Reads are still allowed.
  ASSERT_TRUE(Succeeds(rest));
  EXPECT_EQ(*rest, "ello");
}

TEST(LengthBody, BODY_READ_1_WholeReadOver16MiBFailsBeforeReading) {
  Fixture f({"x"});
  LengthBody body(f.reader, kMaxIoSize + 1);
  EXPECT_TRUE(Fails(body.read_all(), Error::of(Errc::read_too_large)));
  EXPECT_EQ(body.state(), BodyState::ready);
  EXPECT_EQ(f.transport.read_calls(), 0u);
  EXPECT_FALSE(f.transport.closed());
  // Once no more than 16 MiB remain, the whole read is allowed.
  LengthBody small(f.reader, 1);
  EXPECT_TRUE(Succeeds(small.read_all()));
}

TEST(LengthBody, BODY_READ_1_WholeReadOfExactly16MiB) {
  const std::string data = Pattern(kMaxIoSize);
  Fixture f({data});
  LengthBody body(f.reader, kMaxIoSize);
  const auto all = body.read_all();
  ASSERT_TRUE(Succeeds(all));
  EXPECT_TRUE(*all == data);
  EXPECT_EQ(body.state(), BodyState::consumed);
}

TEST(LengthBody, BODY_READ_2_PartialReadOver16MiBFailsBeforeReading) {
  const std::string data = Pattern(kMaxIoSize + 10);
  Fixture f({data});
  LengthBody body(f.reader, data.size());
  EXPECT_TRUE(
      Fails(body.read(kMaxIoSize + 1), Error::of(Errc::read_too_large)));
  EXPECT_EQ(body.state(), BodyState::ready);
  EXPECT_EQ(f.transport.read_calls(), 0u);
  const auto most = body.read(kMaxIoSize);
  ASSERT_TRUE(Succeeds(most));
  EXPECT_EQ(most->size(), kMaxIoSize);
  const auto rest = body.read_all();
  ASSERT_TRUE(Succeeds(rest));
  EXPECT_EQ(*rest, data.substr(kMaxIoSize));
}

TEST(LengthBody, BODY_BLOCK_1_StreamsInBlocksOfAtMost1MiB) {
  const std::size_t size = kIoBlockSize * 5 / 2;
  const std::string data = Pattern(size);
  for (const auto& feed :
       {test::Feed{"at once", {data}},
        test::Feed{"in 7 KiB pieces", split_every(data, 7168)}}) {
    SCOPED_TRACE(feed.name);
    Fixture f(feed.pieces);
    LengthBody body(f.reader, size);
    std::vector<std::size_t> sizes;
    std::string joined;
    const auto r = body.stream([&](std::string_view block) -> Result<Ok> {
      EXPECT_EQ(body.state(), BodyState::started);
      sizes.push_back(block.size());
      joined += block;
      return Ok{};
    });
    ASSERT_TRUE(Succeeds(r));
    EXPECT_EQ(*r, size);
    EXPECT_EQ(sizes, (std::vector<std::size_t>{kIoBlockSize, kIoBlockSize,
                                               kIoBlockSize / 2}));
    EXPECT_TRUE(joined == data);
    EXPECT_EQ(body.state(), BodyState::consumed);
  }
}

TEST(LengthBody, BODY_SHORT_1_EndOfInputBeforeNBytesIsAnError) {
  for (const auto& feed : Feeds("hello")) {
    SCOPED_TRACE(feed.name);
    Fixture f(feed.pieces);
    LengthBody body(f.reader, 6);
    EXPECT_TRUE(Fails(body.read_all(), Error::of(Errc::body_incomplete)));
    EXPECT_EQ(body.state(), BodyState::error);
    EXPECT_TRUE(f.transport.closed());
  }
  Fixture f({"hel"});
  LengthBody body(f.reader, 5);
  ASSERT_TRUE(Succeeds(body.read(2)));
  EXPECT_TRUE(Fails(body.read(3), Error::of(Errc::body_incomplete)));
  EXPECT_EQ(body.state(), BodyState::error);

  Fixture g({"hel"});
  LengthBody streamed(g.reader, 5);
  EXPECT_TRUE(
      Fails(streamed.stream([](std::string_view) { return Result<Ok>(Ok{}); }),
            Error::of(Errc::body_incomplete)));
  EXPECT_EQ(streamed.state(), BodyState::error);
  EXPECT_TRUE(g.transport.closed());
}

TEST(LengthBody, BODY_ERROR_1_IoErrorsAndTimeoutsBreakTheBody) {
  for (const Error& e : {Error::of(Errc::timeout), Error::system(ECONNRESET)}) {
    SCOPED_TRACE(describe(e));
    Fixture f({"hel"});
    f.transport.end_with(e);
    LengthBody body(f.reader, 5);
    EXPECT_TRUE(Fails(body.read_all(), e));
    EXPECT_EQ(body.state(), BodyState::error);
    EXPECT_TRUE(f.transport.closed());
  }
}

TEST(LengthBody, BODY_ERROR_1_ASinkFailureBreaksTheBody) {
  Fixture f({"hello"});
  LengthBody body(f.reader, 5);
  const Error refused = Error::system(EPIPE);
  EXPECT_TRUE(Fails(
      body.stream([&](std::string_view) -> Result<Ok> { return refused; }),
      refused));
  EXPECT_EQ(body.state(), BodyState::error);
  EXPECT_TRUE(f.transport.closed());
}

TEST(LengthBody, BODY_BUFFER_1_BodyBetweenPipelinedMessages) {
  const std::string stream =
      "PUT /a HTTP/1.1\r\ncontent-length: 5\r\n\r\nhello"
      "POST /b HTTP/1.1\r\ncontent-length: 3\r\n\r\nabc"
      "GET /c HTTP/1.1\r\n\r\n";
  for (const auto& feed : Feeds(stream)) {
    SCOPED_TRACE(feed.name);
    Fixture f(feed.pieces);
    std::vector<std::string> bodies;
    while (true) {
      const auto request = read_request(f.reader);
      if (!request.ok()) {
        ASSERT_TRUE(request.error().is(core::Error::preamble_empty));
        break;
      }
      if (request->framing.kind == core::Framing::Kind::length) {
        LengthBody body(f.reader, request->framing.length);
        const auto all = body.read_all();
        ASSERT_TRUE(Succeeds(all));
        bodies.push_back(*all);
      } else {
        bodies.push_back("-");
      }
    }
    EXPECT_EQ(bodies, (std::vector<std::string>{"hello", "abc", "-"}));
  }
}

}  // namespace
}  // namespace degu::io
