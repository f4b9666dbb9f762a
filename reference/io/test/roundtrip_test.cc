// roundtrip_test.cc: what a Writer sends, a Reader reads back unchanged
// (OUT-ROUNDTRIP-1), however the bytes are split on the way.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "degu/io/body.h"
#include "degu/io/read_message.h"
#include "degu/io/send.h"
#include "test_util.h"

namespace degu::io {
namespace {

using test::Feeds;
using test::Pattern;
using test::Succeeds;

TEST(RoundTrip, OUT_ROUNDTRIP_1_RequestsWithEveryKindOfBody) {
  MemoryTransport out;
  out.limit_writes(3);
  Writer writer(out);
  OutputBody bodies[] = {
      OutputBody::none(),
      OutputBody::bytes("hello"),
      OutputBody::length_stream(6, blocks_source({"wor", "", "ld!"})),
      OutputBody::chunked_stream(
          chunks_source({{std::nullopt, "abc"},
                         {core::ChunkExtension{"k", "v"}, Pattern(5000)},
                         {std::nullopt, ""}})),
      OutputBody::bytes(""),
  };
  const char* methods[] = {"GET", "PUT", "POST", "PUT", "POST"};
  for (std::size_t i = 0; i < std::size(bodies); ++i) {
    ASSERT_TRUE(
        Succeeds(send_request(writer, methods[i], "/a/b?q",
                              {{"x-n", std::to_string(i)}}, bodies[i])));
  }
  const std::string wire = out.written();
  for (const auto& feed : Feeds(wire, 200)) {
    SCOPED_TRACE(feed.name);
    MemoryTransport in(feed.pieces);
    Reader reader(in);
    std::vector<std::string> got;
    while (true) {
      auto request = read_request(reader);
      if (!request.ok()) {
        ASSERT_TRUE(request.error().is(core::Error::preamble_empty))
            << describe(request.error());
        break;
      }
      ASSERT_EQ(request->headers.find("x-n"), std::to_string(got.size()));
      ASSERT_EQ(request->uri, "/a/b?q");
      switch (request->framing.kind) {
        case core::Framing::Kind::none:
          got.push_back("(none)");
          break;
        case core::Framing::Kind::length: {
          LengthBody body(reader, request->framing.length);
          auto all = body.read_all();
          ASSERT_TRUE(Succeeds(all));
          got.push_back(*all);
          break;
        }
        case core::Framing::Kind::chunked: {
          ChunkedBodyReader body(reader);
          std::string joined;
          while (body.state() != BodyState::consumed) {
            auto chunk = body.next_chunk();
            ASSERT_TRUE(Succeeds(chunk));
            if (chunk->extension) {
              joined += "[" + chunk->extension->key + "=" +
                        chunk->extension->value + "]";
            }
            joined += chunk->data;
          }
          got.push_back(joined);
          break;
        }
      }
    }
    ASSERT_EQ(got, (std::vector<std::string>{"(none)", "hello", "world!",
                                             "abc[k=v]" + Pattern(5000), ""}));
  }
}

TEST(RoundTrip, ResponsesAreReadForTheirRequestMethod) {
  MemoryTransport out;
  Writer writer(out);
  OutputBody head = OutputBody::none();
  ASSERT_TRUE(Succeeds(
      send_response(writer, 200, "OK", {{"content-length", "5"}}, head)));
  OutputBody get = OutputBody::bytes("hello");
  ASSERT_TRUE(Succeeds(send_response(writer, 200, "OK", {}, get)));
  MemoryTransport in({out.written()});
  Reader reader(in);
  const auto to_head = read_response(reader, core::Method::head);
  ASSERT_TRUE(Succeeds(to_head));
  EXPECT_EQ(to_head->framing, core::Framing::none());  // FRAME-RSP-1.
  const auto to_get = read_response(reader, core::Method::get);
  ASSERT_TRUE(Succeeds(to_get));
  LengthBody body(reader, to_get->framing.length);
  const auto all = body.read_all();
  ASSERT_TRUE(Succeeds(all));
  EXPECT_EQ(*all, "hello");
}

TEST(RoundTrip, ParseFailureClosesTheConnection) {
  MemoryTransport in({"GET / HTTP/1.0\r\n\r\n"});
  Reader reader(in);
  const auto r = read_request(reader);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(core::Error::bad_protocol));
  EXPECT_TRUE(in.closed());
}

}  // namespace
}  // namespace degu::io
