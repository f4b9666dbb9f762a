// proxy_app_test.cc: APP-PROXY-1 over real sockets: a client talks to a
// proxy server whose ProxyApp forwards to a reflect server.
#include "degu/apps/proxy_app.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

#include "degu/apps/router.h"
#include "degu/client/client.h"
#include "degu/server/reflect_app.h"
#include "degu/server/server.h"

namespace degu::apps {
namespace {

// Running: a server serving in a thread until destroyed.
struct Running {
  server::Server server;
  std::thread thread;
  Running(const net::Address& a, server::App app)
      : server(a, std::move(app)), thread([this] { server.serve(); }) {}
  ~Running() {
    server.stop();
    thread.join();
  }
};

// Chain: reflect upstream <- proxy (under /p in a router) <- client.
struct Chain {
  std::atomic<int> upstream_connections{0};
  Running upstream{net::AbstractAddress{""}, server::reflect_app};
  std::unique_ptr<Running> proxy;

  explicit Chain(client::ClientOptions upstream_options = {}) {
    upstream.server.set_log([this](const server::Session& s) {
      if (s.closed == server::CloseReason::open) {
        ++upstream_connections;
      }
    });
    auto upstream_client = std::make_shared<const client::Client>(
        upstream.server.address(), upstream_options);
    Router router(RouteMap{{"p", ProxyApp(upstream_client)}});
    proxy =
        std::make_unique<Running>(net::AbstractAddress{""}, std::move(router));
  }

  std::unique_ptr<client::Connection> connect() {
    auto conn = client::Client(proxy->server.address()).connect();
    EXPECT_TRUE(conn.ok());
    return std::move(conn).value();
  }
};

std::string body_text(client::Response& r) {
  if (std::holds_alternative<io::NoBody>(r.body)) {
    return "<none>";
  }
  auto data = io::read_all(r.body);
  return data.ok() ? *data : "<failed>";
}

TEST(ProxyApp, ForwardsUnconsumedPathQueryHeadersAndBody) {
  client::ClientOptions upstream_options;
  upstream_options.host = std::optional<std::string>("upstream.example");
  Chain chain(upstream_options);
  auto conn = chain.connect();
  auto r = conn->put("/p/a/b?x=1", {{"host", "downstream"}, {"x-k", "v"}},
                     io::OutputBody::bytes("abc"));
  ASSERT_TRUE(r.ok()) << client::describe(r.error());
  EXPECT_EQ(r->status, 200u);
  // The reflect server saw /a/b?x=1 (the proxy consumed "p"), the
  // upstream client's host replacing the caller's (CLI-BASE-2), the body.
  EXPECT_EQ(
      body_text(*r),
      R"({"body":{"hex":"616263","kind":"length"},"headers":{"content-length":"3",)"
      R"("host":"upstream.example","x-k":"v"},"method":"PUT","mount":[],)"
      R"("path":["a","b"],"query":"x=1","uri":"/a/b?x=1"})");
}

TEST(ProxyApp, RelaysChunkedBodiesBothWays) {  // BODY-OUT-5, OUT-CHUNK-5.
  Chain chain;
  auto conn = chain.connect();
  std::vector<io::BodyChunk> chunks = {
      {core::ChunkExtension{"K", "V"}, "0123456789"}, {std::nullopt, ""}};
  auto r =
      conn->post("/p/_chunked", {},
                 io::OutputBody::chunked_stream(io::chunks_source(chunks)));
  ASSERT_TRUE(r.ok()) << client::describe(r.error());
  ASSERT_TRUE(std::holds_alternative<io::ChunkedBodyReader*>(r->body));
  EXPECT_EQ(r->headers.chunked, true);
  EXPECT_EQ(
      body_text(*r),
      R"({"body":{"chunks":[{"ext":["K","V"],"hex":"30313233343536373839"},)"
      R"({"ext":null,"hex":""}],"kind":"chunked"},"headers":{"transfer-encoding":"chunked"},)"
      R"("method":"POST","mount":[],"path":["_chunked"],"query":null,"uri":"/_chunked"})");
}

TEST(ProxyApp, OneUpstreamConnectionPerSession) {
  Chain chain;
  auto first = chain.connect();
  for (int i = 0; i < 3; ++i) {
    auto r = first->get("/p/_probe", {});
    ASSERT_TRUE(r.ok()) << client::describe(r.error());
    body_text(*r);
  }
  auto second = chain.connect();
  auto r = second->head("/p/_probe", {});
  ASSERT_TRUE(r.ok()) << client::describe(r.error());
  EXPECT_TRUE(std::holds_alternative<io::NoBody>(r->body));
  // The length the reflection of HEAD /_probe would have (CLI-HEAD-1).
  EXPECT_EQ(r->headers.content_length.value_or(0), 100u);
  EXPECT_EQ(chain.upstream_connections.load(), 2);
}

TEST(ProxyApp, UpstreamStatusReturnedUnchanged) {
  Chain chain;
  auto conn = chain.connect();
  auto r = conn->get("/p/_status/404", {});
  ASSERT_TRUE(r.ok()) << client::describe(r.error());
  EXPECT_EQ(r->status, 404u);
  EXPECT_EQ(r->reason, "Reflected");
}

TEST(ProxyApp, UpstreamFailureClosesDownstream) {  // SRV-ERROR-1.
  Chain chain;
  auto conn = chain.connect();
  // The reflect app fails /_status/x: the upstream server closes without a
  // response, so the proxy fails and the downstream connection closes too.
  auto r = conn->get("/p/_status/x", {});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().io.is(core::Error::preamble_empty));
}

TEST(ProxyApp, UnreachableUpstream) {
  net::Address gone;
  {
    Running upstream(net::AbstractAddress{""}, server::reflect_app);
    gone = upstream.server.address();
  }
  ProxyApp app(std::make_shared<const client::Client>(gone));
  Running proxy(net::AbstractAddress{""}, app);
  auto conn = client::Client(proxy.server.address()).connect();
  ASSERT_TRUE(conn.ok());
  EXPECT_FALSE((*conn)->get("/", {}).ok());
}

}  // namespace
}  // namespace degu::apps
