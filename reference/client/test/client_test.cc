// client_test.cc: Client::connect over real sockets against the reference
// server with the reflect app (CLI-CONNECT-1, CLI-TIMEOUT-1, ADDR-*), and
// the deadline against a peer that trickles its response (CLI-TIMEOUT-2).
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
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

// Trickler: a peer on an abstract AF_UNIX name chosen by the kernel that
// accepts one connection, reads the request (what arrives first), sends
// head at once, then trickle one byte every 10 ms.  It stops when it has
// sent everything, when the client is gone, or when destroyed; every wait
// is bounded.
struct Trickler {
  net::Address address;
  int listener;
  std::atomic<bool> stopping{false};
  std::thread thread;

  Trickler(std::string head, std::string trickle)
      : listener(net::listen_on(net::AbstractAddress{""}, &address)),
        thread([this, head, trickle] { serve(head, trickle); }) {}
  ~Trickler() {
    stopping = true;
    thread.join();
    ::close(listener);
  }

  void serve(const std::string& head, const std::string& trickle) {
    pollfd p{listener, POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1) {
      return;
    }
    const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      return;
    }
    net::set_timeouts(fd, std::chrono::seconds(5));
    char request[4096];
    bool ok = ::recv(fd, request, sizeof request, 0) > 0 &&
              ::send(fd, head.data(), head.size(), MSG_NOSIGNAL) ==
                  static_cast<ssize_t>(head.size());
    for (std::size_t i = 0; ok && !stopping && i < trickle.size(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      ok = ::send(fd, &trickle[i], 1, MSG_NOSIGNAL) == 1;
    }
    ::close(fd);
  }
};

using Clock = std::chrono::steady_clock;

// ms_since: the milliseconds from start to now.
long long ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                               start)
      .count();
}

// deadline_options: timeout 3 s, deadline 1 s.
ClientOptions deadline_options() {
  ClientOptions o;
  o.timeout = std::chrono::seconds(3);
  o.deadline = std::chrono::seconds(1);
  return o;
}

// expect_deadline: e is the 1 s deadline's timeout (CLI-TIMEOUT-2), which
// came after elapsed_ms: not before the deadline, and well before the
// trickle (10 s) or a timeout could end the exchange.
void expect_deadline(const Error& e, long long elapsed_ms) {
  EXPECT_EQ(e.code, Errc::io);
  EXPECT_EQ(e.io.code, io::Errc::timeout);
  EXPECT_NE(describe(e).find("whole-exchange deadline of 1000 ms passed "
                             "(CLI-TIMEOUT-2)"),
            std::string::npos)
      << describe(e);
  EXPECT_GE(elapsed_ms, 900);
  EXPECT_LT(elapsed_ms, 5000);
}

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

TEST(Client, DeadlineCutsATricklingPreamble) {  // CLI-TIMEOUT-2.
  // Bytes every 10 ms keep a 3 s timeout from ever expiring; 1000 of them
  // would take 10 s, all inside the preamble limit.
  Trickler peer("HTTP/1.1 200 OK\r\n", "x-a: " + std::string(1000, 'a'));
  auto conn = Client(peer.address, deadline_options()).connect();
  ASSERT_TRUE(conn.ok()) << describe(conn.error());
  const auto start = Clock::now();
  auto r = (*conn)->get("/", {});
  const long long elapsed = ms_since(start);
  ASSERT_FALSE(r.ok());
  expect_deadline(r.error(), elapsed);
  EXPECT_TRUE((*conn)->closed());  // CLI-CLOSE-1.
  auto again = (*conn)->get("/", {});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::connection_closed);
}

TEST(Client, DeadlineCutsATricklingBody) {  // CLI-TIMEOUT-2.
  Trickler peer("HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n",
                std::string(1000, 'b'));
  auto conn = Client(peer.address, deadline_options()).connect();
  ASSERT_TRUE(conn.ok()) << describe(conn.error());
  const auto start = Clock::now();
  auto r = (*conn)->get("/", {});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  auto body = std::get<io::LengthBody*>(r->body)->read_all();
  const long long elapsed = ms_since(start);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code, io::Errc::timeout);
  expect_deadline((*conn)->error_of(body.error()), elapsed);
  EXPECT_TRUE((*conn)->closed());  // CLI-CLOSE-1.
}

TEST(Client, DeadlineCutsASendThePeerDoesNotRead) {  // CLI-TIMEOUT-2.
  // A listener that never accepts: 8 MiB fill the socket buffers, then the
  // send waits for room that never comes, cut by the deadline before the
  // 3 s timeout.
  net::Address bound;
  const int fd = net::listen_on(net::HostPortAddress{"127.0.0.1", 0}, &bound);
  auto conn = Client(bound, deadline_options()).connect();
  ASSERT_TRUE(conn.ok()) << describe(conn.error());
  const auto start = Clock::now();
  auto r = (*conn)->put("/", {}, io::OutputBody::bytes(std::string(8 << 20, 'c')));
  const long long elapsed = ms_since(start);
  ASSERT_FALSE(r.ok());
  expect_deadline(r.error(), elapsed);
  EXPECT_LT(elapsed, 2500);  // Not the timeout's 3 s.
  EXPECT_TRUE((*conn)->closed());
  ::close(fd);
}

TEST(Client, NoDeadlineByDefault) {  // CLI-TIMEOUT-1, CLI-TIMEOUT-2.
  EXPECT_EQ(ClientOptions{}.deadline.count(), 0);
  // A response trickled over 1.5 s, each byte well within the timeout.
  Trickler peer("HTTP/1.1 200 OK\r\n",
                "x-a: " + std::string(144, 'a') + "\r\n\r\n");
  ClientOptions o;
  o.timeout = std::chrono::seconds(1);
  auto conn = Client(peer.address, o).connect();
  ASSERT_TRUE(conn.ok()) << describe(conn.error());
  const auto start = Clock::now();
  auto r = (*conn)->get("/", {});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_GE(ms_since(start), 1000);
  EXPECT_EQ(r->headers.fields.size(), 1u);
}

TEST(Client, DeadlineIsPerExchange) {  // CLI-TIMEOUT-2.
  // Three quick exchanges spread over more than one deadline.
  Running running(net::AbstractAddress{""});
  ClientOptions o;
  o.deadline = std::chrono::milliseconds(500);
  auto conn = Client(running.server.address(), o).connect();
  ASSERT_TRUE(conn.ok()) << describe(conn.error());
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto r = (*conn)->put("/", {}, io::OutputBody::bytes("hello"));
    ASSERT_TRUE(r.ok()) << i << ": " << describe(r.error());
    auto body = std::get<io::LengthBody*>(r->body)->read_all();
    ASSERT_TRUE(body.ok()) << i << ": " << io::describe(body.error());
  }
}

TEST(Client, TimeoutShorterThanTheDeadlineStillEndsAWait) {  // CLI-TIMEOUT-1.
  net::Address bound;
  const int fd = net::listen_on(net::HostPortAddress{"127.0.0.1", 0}, &bound);
  ClientOptions o;
  o.timeout = std::chrono::milliseconds(200);
  o.deadline = std::chrono::seconds(5);
  auto conn = Client(bound, o).connect();
  ASSERT_TRUE(conn.ok()) << describe(conn.error());
  const auto start = Clock::now();
  auto r = (*conn)->get("/", {});
  ASSERT_FALSE(r.ok());
  EXPECT_LT(ms_since(start), 2000);
  EXPECT_EQ(r.error().io.code, io::Errc::timeout);
  EXPECT_EQ(r.error().detail, "");  // The timeout's, not the deadline's.
  EXPECT_TRUE((*conn)->closed());
  ::close(fd);
}

}  // namespace
}  // namespace degu::client
