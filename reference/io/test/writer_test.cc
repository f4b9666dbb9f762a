// writer_test.cc: whole writes through short writes, collecting and
// flushing, and rendering before sending (OUT-ATOMIC-1, GEN-CLOSE-1).
#include "degu/io/writer.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

#include "test_util.h"

namespace degu::io {
namespace {

using test::Fails;
using test::Pattern;
using test::Succeeds;

TEST(Writer, WritesEverythingThroughShortWrites) {
  const std::string big = Pattern(100000);  // Larger than the buffer.
  for (const std::size_t k : {0u, 1u, 3u, 7u, 4096u}) {
    SCOPED_TRACE(k);
    MemoryTransport transport;
    transport.limit_writes(k);
    Writer writer(transport);
    ASSERT_TRUE(Succeeds(writer.write("hello ")));
    ASSERT_TRUE(Succeeds(writer.write(big)));
    ASSERT_TRUE(Succeeds(writer.write(" bye")));
    ASSERT_TRUE(Succeeds(writer.flush()));
    EXPECT_TRUE(transport.written() == "hello " + big + " bye");
    EXPECT_EQ(writer.pending(), 0u);
  }
}

TEST(Writer, SmallWritesLeaveTogetherOnFlush) {
  MemoryTransport transport;
  Writer writer(transport);
  ASSERT_TRUE(Succeeds(writer.write("a")));
  ASSERT_TRUE(Succeeds(writer.write("b")));
  EXPECT_EQ(transport.write_calls(), 0u);
  EXPECT_EQ(writer.pending(), 2u);
  ASSERT_TRUE(Succeeds(writer.flush()));
  EXPECT_EQ(transport.write_calls(), 1u);
  EXPECT_EQ(transport.written(), "ab");
  ASSERT_TRUE(Succeeds(writer.flush()));  // Nothing to send: no call.
  EXPECT_EQ(transport.write_calls(), 1u);
}

TEST(Writer, FillingTheBufferFlushesItFirst) {
  MemoryTransport transport;
  Writer writer(transport);
  const std::string most(kWriteBufferSize - 1, 'a');
  ASSERT_TRUE(Succeeds(writer.write(most)));
  ASSERT_TRUE(Succeeds(writer.write("bc")));
  EXPECT_EQ(transport.written(), most);
  EXPECT_EQ(writer.pending(), 2u);
  ASSERT_TRUE(Succeeds(writer.flush()));
  EXPECT_EQ(transport.written(), most + "bc");
}

TEST(Writer, OUT_ATOMIC_1_RefusedPreambleSendsNothing) {
  MemoryTransport transport;
  Writer writer(transport);
  const auto r = writer.write_request("GET", "/", {{"x", "a\r\ny: b"}},
                                      core::Framing::none());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(core::Error::bad_header_value_bytes));
  EXPECT_EQ(writer.pending(), 0u);
  ASSERT_TRUE(Succeeds(writer.flush()));
  EXPECT_EQ(transport.written(), "");
  EXPECT_FALSE(transport.closed()) << "CLI-CLOSE-2: nothing was sent";
  // OUT-SIZE-1: a preamble over 32768 bytes is refused whole.
  std::vector<core::Header> headers;
  for (int i = 0; i < 5; ++i) {
    headers.push_back({"h" + std::to_string(i), std::string(8000, 'v')});
  }
  const auto big =
      writer.write_response(200, "OK", headers, core::Framing::none());
  ASSERT_FALSE(big.ok());
  EXPECT_TRUE(big.error().is(core::Error::output_too_large));
  EXPECT_EQ(writer.pending(), 0u);
}

TEST(Writer, PreambleRenderedByTheCore) {
  MemoryTransport transport;
  transport.limit_writes(1);
  Writer writer(transport);
  ASSERT_TRUE(Succeeds(writer.write_request("PUT", "/x", {{"host", "h"}},
                                            core::Framing::of_length(4))));
  ASSERT_TRUE(Succeeds(writer.write("data")));
  ASSERT_TRUE(Succeeds(writer.flush()));
  EXPECT_EQ(transport.written(),
            "PUT /x HTTP/1.1\r\ncontent-length: 4\r\nhost: h\r\n\r\ndata");
  MemoryTransport t2;
  Writer w2(t2);
  ASSERT_TRUE(
      Succeeds(w2.write_response(404, "Not Found", {}, core::Framing::none())));
  ASSERT_TRUE(Succeeds(w2.flush()));
  EXPECT_EQ(t2.written(), "HTTP/1.1 404 Not Found\r\n\r\n");
}

TEST(Writer, GEN_CLOSE_1_WriteFailureClosesAndDropsTheRest) {
  MemoryTransport transport;
  transport.limit_writes(2);
  transport.fail_writes_after(5, Error::system(EPIPE));
  Writer writer(transport);
  ASSERT_TRUE(Succeeds(writer.write("hello world")));
  EXPECT_TRUE(Fails(writer.flush(), Error::system(EPIPE)));
  EXPECT_EQ(transport.written(), "hello");
  EXPECT_TRUE(transport.closed());
  EXPECT_EQ(writer.pending(), 0u);
  EXPECT_TRUE(Fails(writer.write("x"), Error::of(Errc::closed)));
  EXPECT_TRUE(Fails(writer.flush(), Error::of(Errc::closed)));
}

TEST(Writer, TimeoutIsReported) {
  MemoryTransport transport;
  transport.fail_writes_after(0, Error::of(Errc::timeout));
  Writer writer(transport);
  ASSERT_TRUE(Succeeds(writer.write("x")));
  EXPECT_TRUE(Fails(writer.flush(), Error::of(Errc::timeout)));
  EXPECT_TRUE(transport.closed());
}

}  // namespace
}  // namespace degu::io
