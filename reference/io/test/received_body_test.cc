// received_body_test.cc: BodyHolder, body_consumed, read_all and relaying
// a received body (BODY-CONSUME-1, BODY-OUT-5).
#include <gtest/gtest.h>

#include "degu/io/memory_transport.h"
#include "degu/io/output_body.h"
#include "degu/io/received_body.h"

namespace degu::io {
namespace {

TEST(ReceivedBody, NoBodyIsConsumedAndEmpty) {
  const ReceivedBody none = NoBody{};
  EXPECT_TRUE(body_consumed(none));
  auto data = read_all(none);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, "");
  EXPECT_EQ(OutputBody::relay(none).framing().kind, core::Framing::Kind::none);
}

TEST(ReceivedBody, HolderOpensAsFramingSays) {
  MemoryTransport t({"hello", "2\r\nhi\r\n0\r\n\r\n"});
  Reader reader(t);
  BodyHolder holder;
  EXPECT_TRUE(std::holds_alternative<NoBody>(holder.current()));
  const ReceivedBody length = holder.open(reader, core::Framing::of_length(5));
  ASSERT_TRUE(std::holds_alternative<LengthBody*>(length));
  EXPECT_EQ(holder.current(), length);
  EXPECT_FALSE(body_consumed(length));  // Even N = 0 must be read first.
  auto data = read_all(length);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, "hello");
  EXPECT_TRUE(body_consumed(length));

  const ReceivedBody chunked = holder.open(reader, core::Framing::chunked());
  ASSERT_TRUE(std::holds_alternative<ChunkedBodyReader*>(chunked));
  EXPECT_EQ(holder.current(), chunked);  // The length body was dropped.
  auto joined = read_all(chunked);
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(*joined, "hi");
  EXPECT_TRUE(body_consumed(chunked));

  holder.reset();
  EXPECT_TRUE(std::holds_alternative<NoBody>(holder.current()));
}

TEST(ReceivedBody, EmptyLengthBodyIsNotConsumedUntilRead) {  // BODY-CONSUME-1.
  MemoryTransport t;
  Reader reader(t);
  BodyHolder holder;
  const ReceivedBody body = holder.open(reader, core::Framing::of_length(0));
  EXPECT_FALSE(body_consumed(body));
  ASSERT_TRUE(read_all(body).ok());
  EXPECT_TRUE(body_consumed(body));
}

TEST(ReceivedBody, RelayKeepsTheFraming) {  // BODY-OUT-5.
  MemoryTransport t({"abc"});
  Reader reader(t);
  BodyHolder holder;
  const ReceivedBody body = holder.open(reader, core::Framing::of_length(3));
  OutputBody out = OutputBody::relay(body);
  EXPECT_EQ(out.framing().kind, core::Framing::Kind::length);
  EXPECT_EQ(out.framing().length, 3u);
}

}  // namespace
}  // namespace degu::io
