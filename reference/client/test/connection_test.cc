// connection_test.cc: the connection rules (CLI-*) over a scripted server.
#include <gtest/gtest.h>

#include <memory>

#include "degu/client/connection.h"
#include "degu/io/memory_transport.h"

namespace degu::client {
namespace {

using io::MemoryTransport;
using io::OutputBody;

// Scripted: a Connection over a MemoryTransport that answers with pieces;
// peer() shows what the client wrote.
struct Scripted {
  MemoryTransport* peer_ptr;
  std::unique_ptr<Connection> conn;

  explicit Scripted(std::vector<std::string> pieces,
                    std::vector<core::Header> base = {}) {
    auto t = std::make_unique<MemoryTransport>(std::move(pieces));
    peer_ptr = t.get();
    conn = std::make_unique<Connection>(std::move(t), std::move(base));
  }
  MemoryTransport& peer() { return *peer_ptr; }
};

std::string read_length_body(Response& r) {
  auto** body = std::get_if<io::LengthBody*>(&r.body);
  EXPECT_NE(body, nullptr);
  auto data = (*body)->read_all();
  EXPECT_TRUE(data.ok());
  return data.ok() ? *data : "";
}

TEST(Connection, GetReturnsResponseAsIs) {  // CLI-FINAL-1.
  Scripted s({"HTTP/1.1 301 Moved\r\nlocation: /b\r\ncontent-length: 2\r\n\r\nhi"});
  auto r = s.conn->get("/a", {});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_EQ(r->status, 301u);
  EXPECT_EQ(r->reason, "Moved");
  EXPECT_EQ(read_length_body(*r), "hi");
  EXPECT_EQ(s.peer().written(), "GET /a HTTP/1.1\r\n\r\n");
  EXPECT_FALSE(s.conn->closed());
}

TEST(Connection, BaseHeadersReplaceCallers) {  // CLI-BASE-2, OUT-ORDER-1.
  Scripted s({"HTTP/1.1 200 OK\r\n\r\n"}, {{"host", "example.com:8080"}});
  auto r = s.conn->get("/", {{"x-a", "1"}, {"host", "mine"}});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_EQ(s.peer().written(),
            "GET / HTTP/1.1\r\nhost: example.com:8080\r\nx-a: 1\r\n\r\n");
}

TEST(Connection, UnconsumedBodyFailsNextRequestAndCloses) {  // CLI-CONSUME-1.
  Scripted s({"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nhi"});
  ASSERT_TRUE(s.conn->get("/", {}).ok());
  const std::size_t writes = s.peer().write_calls();
  auto r = s.conn->get("/", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::body_not_consumed);
  EXPECT_EQ(r.error().rule(), "CLI-CONSUME-1");
  EXPECT_TRUE(s.conn->closed());
  EXPECT_EQ(s.peer().write_calls(), writes);
}

TEST(Connection, HeadResponseHasNoBody) {  // CLI-HEAD-1.
  Scripted s({"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n",
              "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nhi"});
  auto h = s.conn->head("/", {});
  ASSERT_TRUE(h.ok()) << describe(h.error());
  EXPECT_TRUE(std::holds_alternative<io::NoBody>(h->body));
  EXPECT_EQ(h->headers.content_length, 5u);
  auto g = s.conn->get("/", {});
  ASSERT_TRUE(g.ok()) << describe(g.error());
  EXPECT_EQ(read_length_body(*g), "hi");
}

TEST(Connection, ChunkedResponseChunkByChunk) {  // BODY-CHUNKED-1.
  Scripted s({"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
              "2;k=v\r\nhi\r\n0\r\n\r\n"});
  auto r = s.conn->get("/", {});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  auto* body = std::get<io::ChunkedBodyReader*>(r->body);
  auto first = body->next_chunk();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->data, "hi");
  ASSERT_TRUE(first->extension.has_value());
  EXPECT_EQ(first->extension->key, "k");
  auto last = body->next_chunk();
  ASSERT_TRUE(last.ok());
  EXPECT_TRUE(last->last());
  EXPECT_EQ(body->state(), io::BodyState::consumed);
}

TEST(Connection, BodyOnlyWithPutOrPost) {  // CLI-BODY-1, CLI-BODY-2.
  Scripted s({"HTTP/1.1 200 OK\r\n\r\n"});
  auto r = s.conn->request("GET", "/", {}, OutputBody::bytes("x"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::body_not_allowed);
  EXPECT_TRUE(s.conn->closed());
  EXPECT_EQ(s.peer().written(), "");

  Scripted p({"HTTP/1.1 201 Created\r\n\r\n"});
  ASSERT_TRUE(p.conn->post("/", {}, OutputBody::none()).ok());
  EXPECT_EQ(p.peer().written(), "POST / HTTP/1.1\r\n\r\n");
}

TEST(Connection, PutWithBody) {  // OUT-FRAME-1.
  Scripted s({"HTTP/1.1 200 OK\r\n\r\n"});
  ASSERT_TRUE(s.conn->put("/x", {}, OutputBody::bytes("abc")).ok());
  EXPECT_EQ(s.peer().written(), "PUT /x HTTP/1.1\r\ncontent-length: 3\r\n\r\nabc");
}

TEST(Connection, BadMethodFailsAndCloses) {  // CLI-METHOD-1, CLI-CLOSE-1.
  Scripted s({"HTTP/1.1 200 OK\r\n\r\n"});
  auto r = s.conn->request("PATCH", "/", {});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().io.is(core::Error::bad_method));
  EXPECT_TRUE(s.conn->closed());
  EXPECT_EQ(s.peer().written(), "");
}

TEST(Connection, EndOfInputBeforeResponse) {  // CLI-EOF-1.
  Scripted s({});
  auto r = s.conn->get("/", {});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().io.is(core::Error::preamble_empty));
  EXPECT_TRUE(s.conn->closed());
}

TEST(Connection, ClosedConnectionFailsWithoutIo) {  // CLI-CLOSE-1.
  Scripted s({"HTTP/1.1 999 Bad\r\n\r\n"});
  auto bad = s.conn->get("/", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().io.code, io::Errc::protocol);
  EXPECT_TRUE(s.conn->closed());
  const std::size_t reads = s.peer().read_calls();
  const std::size_t writes = s.peer().write_calls();
  auto again = s.conn->get("/", {});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::connection_closed);
  EXPECT_EQ(s.peer().read_calls(), reads);
  EXPECT_EQ(s.peer().write_calls(), writes);
}

TEST(Connection, RangedGet) {  // CLI-RANGE-1, CLI-RANGE-2.
  Scripted s({"HTTP/1.1 206 Partial Content\r\ncontent-length: 0\r\n"
              "content-range: bytes 0-4/10\r\n\r\n"});
  auto r = s.conn->get_range("/", {{"range", "bytes=0-4"}}, 0, 5);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_EQ(s.peer().written(), "GET / HTTP/1.1\r\nrange: bytes=0-4\r\n\r\n");

  for (auto [start, stop] : {std::pair<std::uint64_t, std::uint64_t>{5, 5},
                             {6, 5},
                             {0, kMaxRangeStop + 1}}) {
    Scripted bad({});
    auto e = bad.conn->get_range("/", {}, start, stop);
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().code, Errc::bad_range);
    EXPECT_TRUE(bad.conn->closed());
  }
  Scripted mismatch({});
  auto e = mismatch.conn->get_range("/", {{"range", "bytes=0-5"}}, 0, 5);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, Errc::range_mismatch);
  EXPECT_EQ(mismatch.peer().written(), "");
}

TEST(Connection, OneExchangeAtATime) {  // CLI-PIPELINE-1.
  // Both responses arrive in one piece: the second is read only after the
  // second request was sent.
  Scripted s({"HTTP/1.1 200 OK\r\n\r\nHTTP/1.1 404 Not Found\r\n\r\n"});
  ASSERT_TRUE(s.conn->get("/a", {}).ok());
  EXPECT_EQ(s.peer().written(), "GET /a HTTP/1.1\r\n\r\n");
  auto second = s.conn->get("/b", {});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->status, 404u);
  EXPECT_EQ(s.peer().written(), "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
}

}  // namespace
}  // namespace degu::client
