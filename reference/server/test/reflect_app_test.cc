// reflect_app_test.cc: docs/REFLECT.md's own examples, byte for byte.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

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

// chunked_request: a POST whose chunked body has count chunks of size
// bytes each, then the last chunk.
std::string chunked_request(std::size_t count, std::size_t size) {
  char line[16];
  std::snprintf(line, sizeof line, "%zx\r\n", size);
  const std::string chunk = line + std::string(size, 'x') + "\r\n";
  std::string out = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  out.reserve(out.size() + count * chunk.size() + 5);
  for (std::size_t i = 0; i < count; ++i) {
    out += chunk;
  }
  return out + "0\r\n\r\n";
}

TEST(ReflectApp, ChunkedBodyIsBoundedLikeAWholeRead) {
  // Over 16 MiB of data (BODY-CHUNKED-2): the application fails.  (Sizes
  // only are compared: the answers would be megabytes long.)
  EXPECT_EQ(exchange(chunked_request(17, 1u << 20)).size(), 0u);
  // Within the data limit, but more chunks than keeping them may cost:
  // 262,144 chunks fit (the last one included), one more does not.
  EXPECT_EQ(exchange(chunked_request(262144, 1)).size(), 0u);
  EXPECT_TRUE(exchange(chunked_request(262143, 1)).starts_with("HTTP/1.1 200 OK\r\n"));
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

std::string render(const std::string& description) {
  return exchange("POST /_render HTTP/1.1\r\ncontent-length: " +
                  std::to_string(description.size()) + "\r\n\r\n" + description);
}

TEST(ReflectApp, RenderRouteHandsOverTheDescribedResponse) {
  EXPECT_EQ(render(R"({"status":201,"reason":"Made","headers":[["x","1"],["a","2"]],"body":{"hex":"6869"}})"),
            "HTTP/1.1 201 Made\r\na: 2\r\ncontent-length: 2\r\nx: 1\r\n\r\nhi");
  EXPECT_EQ(render(R"({"status":200,"reason":"OK","headers":[],"body":{"chunks":[[["k","v"],"6869"],[null,""]]}})"),
            "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2;k=v\r\nhi\r\n0\r\n\r\n");
  EXPECT_EQ(render(R"({"status":404,"reason":"Nope","headers":[],"body":null})"),
            "HTTP/1.1 404 Nope\r\n\r\n");
}

TEST(ReflectApp, RenderRouteLeavesTheChecksToTheServer) {
  // Each is handed over, and the server refuses it (SRV-RESPONSE-1).
  for (const char* d : {
           R"({"status":600,"reason":"OK","headers":[],"body":null})",
           R"({"status":200,"reason":"OK","headers":[["X","1"]],"body":null})",
           R"({"status":200,"reason":"OK","headers":[["x","a\r\nb"]],"body":null})",
           R"({"status":200,"reason":"OK","headers":[["content-length","5"]],"body":{"hex":"6869"}})"}) {
    EXPECT_EQ(render(d), "") << d;
  }
  // A bad chunk line: at most the preamble, then nothing (OUT-BODY-3).
  const std::string preamble = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
  const std::string out = render(
      R"({"status":200,"reason":"OK","headers":[],"body":{"chunks":[[["a b","v"],"6869"],[null,""]]}})");
  EXPECT_EQ(out, preamble.substr(0, out.size()));
}

TEST(ReflectApp, RenderRouteFailsOnABadDescription) {
  for (const char* d : {"", "{", "[]", R"({"reason":"OK","headers":[],"body":null})",
                        R"({"status":-1,"reason":"OK","headers":[],"body":null})",
                        R"({"status":2.5,"reason":"OK","headers":[],"body":null})",
                        R"({"status":200,"reason":"OK","headers":[["x"]],"body":null})",
                        R"({"status":200,"reason":"OK","headers":[]})",
                        R"({"status":200,"reason":"OK","headers":[],"body":{"hex":"6"}})",
                        R"({"status":200,"reason":"OK","headers":[],"body":{"chunks":[["k",""]]}})"}) {
    EXPECT_EQ(render(d), "") << d;
  }
}

}  // namespace
}  // namespace degu::server
