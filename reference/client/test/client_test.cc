// client_test.cc: Client::connect over real sockets against the reference
// server with the reflect app (CLI-CONNECT-1, CLI-TIMEOUT-1, ADDR-*).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "degu/client/client.h"
#include "degu/net/socket.h"
#include "degu/server/reflect_app.h"
#include "degu/server/server.h"

namespace degu::client {
namespace {

// Running: a reference server serving in a thread until destroyed.
struct Running {
  server::Server server;
  std::thread thread;
  explicit Running(const net::Address& a)
      : server(a, server::reflect_app), thread([this] { server.serve(); }) {}
  ~Running() {
    server.stop();
    thread.join();
  }
};

void expect_exchange(const Client& client) {
  auto conn = client.connect();
  ASSERT_TRUE(conn.ok()) << describe(conn.error());
  for (int i = 0; i < 3; ++i) {
    auto r = (*conn)->get("/_status/204", {});
    ASSERT_TRUE(r.ok()) << describe(r.error());
    EXPECT_EQ(r->status, 204u);
  }
  auto r = (*conn)->put("/", {}, io::OutputBody::bytes("hello"));
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_EQ(r->status, 200u);
  auto body = std::get<io::LengthBody*>(r->body)->read_all();
  ASSERT_TRUE(body.ok());
  EXPECT_NE(body->find("\"content-length\""), std::string::npos);
}

TEST(Client, Tcp) {
  Running running(net::HostPortAddress{"127.0.0.1", 0});
  expect_exchange(Client(running.server.address()));
}

TEST(Client, AbstractUnix) {  // ADDR-UNIX-2.
  Running running(net::AbstractAddress{""});
  expect_exchange(Client(running.server.address()));
}

TEST(Client, OnConnectCanRefuse) {  // CLI-CONNECT-1.
  Running running(net::HostPortAddress{"127.0.0.1", 0});
  ClientOptions o;
  int calls = 0;
  o.on_connect = [&](Connection& c) {
    ++calls;
    EXPECT_FALSE(c.closed());
    return false;
  };
  auto conn = Client(running.server.address(), o).connect();
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().code, Errc::connect_refused);
  EXPECT_EQ(calls, 1);
  o.on_connect = [](Connection&) -> bool { throw std::runtime_error("no"); };
  EXPECT_FALSE(Client(running.server.address(), o).connect().ok());
}

TEST(Client, RefusedConnection) {
  net::Address bound;
  {
    Running running(net::HostPortAddress{"127.0.0.1", 0});
    bound = running.server.address();
  }
  auto conn = Client(bound).connect();
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().code, Errc::connect_failed);
  EXPECT_NE(conn.error().detail.find("connect"), std::string::npos);
}

TEST(Client, TimeoutEndsAWait) {  // CLI-TIMEOUT-1.
  // A listener that never answers: the request waits, then times out.
  net::Address bound;
  const int fd = net::listen_on(net::HostPortAddress{"127.0.0.1", 0}, &bound);
  ClientOptions o;
  o.timeout = std::chrono::milliseconds(200);
  auto conn = Client(bound, o).connect();
  ASSERT_TRUE(conn.ok()) << describe(conn.error());
  auto r = (*conn)->get("/", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().io.code, io::Errc::timeout);
  EXPECT_TRUE((*conn)->closed());
  ::close(fd);
}

}  // namespace
}  // namespace degu::client
