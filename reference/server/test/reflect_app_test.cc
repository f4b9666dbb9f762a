// reflect_app_test.cc: docs/REFLECT.md's own examples, byte for byte.
#include <gtest/gtest.h>

#include "degu/io/memory_transport.h"
#include "degu/server/connection.h"
#include "degu/server/reflect_app.h"

namespace degu::server {
namespace {

std::string exchange(const std::string& in) {
  io::MemoryTransport t({in});
  Session s;
  serve_connection(t, s, reflect_app);
  return t.written();
}

TEST(ReflectApp, DocumentedExamples) {
  EXPECT_EQ(exchange("PUT /a/b?x=1 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"),
            "HTTP/1.1 200 OK\r\ncontent-length: 148\r\ncontent-type: "
            "application/json\r\n\r\n"
            R"({"body":{"hex":"616263","kind":"length"},"headers":{"content-length":"3"},"method":"PUT","mount":[],"path":["a","b"],"query":"x=1","uri":"/a/b?x=1"})");
  EXPECT_EQ(exchange("GET /x HTTP/1.1\r\n\r\n"),
            "HTTP/1.1 200 OK\r\ncontent-length: 89\r\ncontent-type: "
            "application/json\r\n\r\n"
            R"({"body":null,"headers":{},"method":"GET","mount":[],"path":["x"],"query":null,"uri":"/x"})");
  EXPECT_EQ(exchange("GET /_chunked HTTP/1.1\r\n\r\n"),
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
            "transfer-encoding: chunked\r\n\r\n67\r\n"
            R"({"body":null,"headers":{},"method":"GET","mount":[],"path":["_chunked"],"query":null,"uri":"/_chunked"})"
            "\r\n0\r\n\r\n");
}

TEST(ReflectApp, ChunkedBodyKeepsExtensions) {
  const std::string out = exchange(
      "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "2;k=v\r\nhi\r\n0\r\n\r\n");
  EXPECT_NE(out.find(R"("body":{"chunks":[{"ext":["k","v"],"hex":"6869"},{"ext":null,"hex":""}],"kind":"chunked"})"),
            std::string::npos)
      << out;
}

TEST(ReflectApp, HeaderRouteDecodes) {
  EXPECT_EQ(exchange("GET /_header?x-r=a%20b HTTP/1.1\r\n\r\n"),
            "HTTP/1.1 200 OK\r\nx-r: a b\r\n\r\n");
  EXPECT_EQ(exchange("GET /_header?x=%2 HTTP/1.1\r\n\r\n"), "");
  EXPECT_EQ(exchange("GET /_header?x HTTP/1.1\r\n\r\n"), "");
  EXPECT_EQ(exchange("GET /_header HTTP/1.1\r\n\r\n"), "");
}

TEST(ReflectApp, StatusRoute) {
  EXPECT_EQ(exchange("GET /_status/204 HTTP/1.1\r\n\r\n"),
            "HTTP/1.1 204 Reflected\r\n\r\n");
  for (const char* bad : {"/_status", "/_status/", "/_status/1000",
                          "/_status/2a"}) {
    EXPECT_EQ(exchange("GET " + std::string(bad) + " HTTP/1.1\r\n\r\n"), "")
        << bad;
  }
}

}  // namespace
}  // namespace degu::server
