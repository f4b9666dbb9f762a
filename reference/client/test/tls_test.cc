// tls_test.cc: the reference client and server over TLS (SRV-TLS-1,
// TLS-CLIENTAUTH-1/2, TLS-SNI-1, TLS-HOSTNAME-1, CLI-HOST-3, CLI-TIMEOUT-2),
// with a test PKI made once per process.
#include <gtest/gtest.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "degu/client/client.h"
#include "degu/net/socket.h"
#include "degu/server/reflect_app.h"
#include "degu/server/server.h"
#include "degu/tls/context.h"
#include "degu/tls/pki.h"
#include "degu/tls/tls_transport.h"

namespace degu::client {
namespace {

// Pki: a 2048-bit test PKI in a temporary directory, made on first use.
const tls::TestPki& pki() {
  static const tls::TestPki made = [] {
    std::string dir = (std::filesystem::temp_directory_path() /
                       "degu-client-tls-XXXXXX").string();
    if (::mkdtemp(dir.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp";
    }
    auto created = tls::create_test_pki(dir + "/pki", 2048);
    if (!created.ok()) {
      ADD_FAILURE() << tls::describe(created.error());
      std::abort();
    }
    return std::move(created).value();
  }();
  return made;
}

std::shared_ptr<SSL_CTX> shared(tls::SslCtxPtr ctx) {
  return std::shared_ptr<SSL_CTX>(ctx.release(), SSL_CTX_free);
}

std::shared_ptr<SSL_CTX> server_ctx(const tls::ServerTlsConfig& config) {
  auto made = tls::make_server_context(config);
  EXPECT_TRUE(made.ok());
  return shared(std::move(made).value());
}

ClientTls client_tls(const tls::ClientTlsConfig& config) {
  auto made = tls::make_client_context(config);
  EXPECT_TRUE(made.ok());
  return ClientTls{shared(std::move(made).value()), config.check_hostname};
}

// TlsRunning: a TLS reference server with the reflect app; on_connect
// records the client certificate's CN.
struct TlsRunning {
  server::Server server;
  std::string peer_cn;
  std::thread thread;
  explicit TlsRunning(std::shared_ptr<SSL_CTX> ctx)
      : server(net::HostPortAddress{"127.0.0.1", 0}, server::reflect_app) {
    server.set_tls(std::move(ctx));
    server.set_on_connect([this](server::Session&, io::Transport& t) {
      auto* secure = dynamic_cast<tls::TlsTransport*>(&t);
      peer_cn = secure && secure->peer_common_name() ? *secure->peer_common_name()
                                                     : "";
      return secure != nullptr;  // SRV-CONNECT-1 runs after the handshake.
    });
    thread = std::thread([this] { server.serve(); });
  }
  ~TlsRunning() {
    server.stop();
    thread.join();
  }
};

// SlowProxy: forwards one connection from a loopback port to target: the
// client's bytes at once, the server's at once until trickle(), then one
// byte every 10 ms.  It stops when either side ends, after 10 s, or when
// destroyed.
class SlowProxy {
 public:
  explicit SlowProxy(net::Address target)
      : listener_(net::listen_on(net::HostPortAddress{"127.0.0.1", 0}, &address_)),
        thread_([this, target] { run(target); }) {}
  ~SlowProxy() {
    stopping_ = true;
    thread_.join();
    ::close(listener_);
  }
  const net::Address& address() const { return address_; }
  void trickle() { trickling_ = true; }

 private:
  void run(const net::Address& target) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1) {
      return;
    }
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) {
      return;
    }
    const int server = net::connect_to(target, std::chrono::seconds(5));
    net::set_timeouts(client, std::chrono::seconds(5));
    pump(client, server);
    ::close(server);
    ::close(client);
  }

  // pump: until a side ends, a send fails, 10 s pass or stopping_.
  void pump(int client, int server) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::string pending;  // From the server, not yet forwarded.
    char block[16384];
    while (!stopping_ && std::chrono::steady_clock::now() < end) {
      pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
      if (::poll(fds, 2, 10) < 0) {
        return;
      }
      if (fds[0].revents != 0) {
        const ssize_t n = ::recv(client, block, sizeof block, 0);
        if (n <= 0 || !send_all(server, std::string_view(block, static_cast<std::size_t>(n)))) {
          return;
        }
      }
      if (fds[1].revents != 0) {
        const ssize_t n = ::recv(server, block, sizeof block, 0);
        if (n <= 0) {
          return;
        }
        pending.append(block, static_cast<std::size_t>(n));
      }
      const std::size_t k = trickling_ ? std::min<std::size_t>(1, pending.size())
                                       : pending.size();
      if (k > 0 && !send_all(client, std::string_view(pending).substr(0, k))) {
        return;
      }
      pending.erase(0, k);
    }
  }

  static bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) {
        return false;
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  net::Address address_;
  int listener_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> trickling_{false};
  std::thread thread_;
};

std::string body_of(Response& r) {
  auto data = std::get<io::LengthBody*>(r.body)->read_all();
  return data.ok() ? *data : "<failed>";
}

TEST(Tls, AuthenticatedClientAndServer) {
  TlsRunning running(server_ctx(pki().server_config()));
  ClientOptions o;
  o.tls = client_tls(pki().client_config());
  auto conn = Client(running.server.address(), o).connect();
  ASSERT_TRUE(conn.ok()) << describe(conn.error());
  for (int i = 0; i < 2; ++i) {
    auto r = (*conn)->get("/", {});
    ASSERT_TRUE(r.ok()) << describe(r.error());
    const auto port = std::get<net::HostPortAddress>(running.server.address()).port;
    // CLI-HOST-3: the port is written out, the TLS default being 443.
    EXPECT_NE(body_of(*r).find("\"host\":\"127.0.0.1:" + std::to_string(port) + "\""),
              std::string::npos);
  }
  EXPECT_EQ(running.peer_cn, pki().client_id);
}

TEST(Tls, ClientWithoutCertificateIsRefused) {  // TLS-CLIENTAUTH-1.
  TlsRunning running(server_ctx(pki().server_config()));
  ClientOptions o;
  o.tls = client_tls(pki().anonymous_client_config());
  auto conn = Client(running.server.address(), o).connect();
  if (conn.ok()) {  // A refusal may arrive only with the first read.
    EXPECT_FALSE((*conn)->get("/", {}).ok());
  } else {
    EXPECT_EQ(conn.error().code, Errc::handshake_failed);
  }
}

TEST(Tls, AnonymousServerAcceptsClientWithoutCertificate) {  // TLS-CLIENTAUTH-2.
  TlsRunning running(server_ctx(pki().anonymous_server_config()));
  ClientOptions o;
  o.tls = client_tls(pki().anonymous_client_config());
  auto conn = Client(running.server.address(), o).connect();
  ASSERT_TRUE(conn.ok()) << describe(conn.error());
  auto r = (*conn)->get("/_probe", {});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(running.peer_cn, "");
}

TEST(Tls, ServerNameMustMatch) {  // TLS-SNI-1, TLS-HOSTNAME-1.
  TlsRunning running(server_ctx(pki().server_config()));
  ClientOptions o;
  o.tls = client_tls(pki().client_config());
  o.ssl_host = std::optional<std::string>("example.com");
  auto conn = Client(running.server.address(), o).connect();
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().code, Errc::handshake_failed);
  o.ssl_host = std::optional<std::string>("localhost");  // In the certificate.
  EXPECT_TRUE(Client(running.server.address(), o).connect().ok());
}

TEST(Tls, PlainClientGetsNothing) {  // SRV-TLS-1: a failed handshake closes.
  TlsRunning running(server_ctx(pki().server_config()));
  auto conn = Client(running.server.address()).connect();
  ASSERT_TRUE(conn.ok());
  EXPECT_FALSE((*conn)->get("/", {}).ok());
}

// The deadline holds inside one TLS record too: a 3 KB response preamble
// (one record) trickled at a byte per 10 ms would take 30 s, each byte
// well within the 3 s timeout.
TEST(Tls, DeadlineCutsATricklingRecord) {  // CLI-TIMEOUT-2.
  TlsRunning running(server_ctx(pki().server_config()));
  SlowProxy proxy(running.server.address());
  ClientOptions o;
  o.tls = client_tls(pki().client_config());
  o.timeout = std::chrono::seconds(3);
  o.deadline = std::chrono::seconds(1);
  auto conn = Client(proxy.address(), o).connect();
  ASSERT_TRUE(conn.ok()) << describe(conn.error());
  const std::string uri = "/_header?x-big=" + std::string(3000, 'a');
  auto fast = (*conn)->get(uri, {});  // Before trickling: within the deadline.
  ASSERT_TRUE(fast.ok()) << describe(fast.error());
  EXPECT_EQ(fast->headers.fields.size(), 1u);

  proxy.trickle();
  const auto start = std::chrono::steady_clock::now();
  auto slow = (*conn)->get(uri, {});
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.error().io.code, io::Errc::timeout);
  EXPECT_NE(slow.error().detail.find("CLI-TIMEOUT-2"), std::string::npos)
      << describe(slow.error());
  EXPECT_GE(elapsed.count(), 900);
  EXPECT_LT(elapsed.count(), 5000);
  EXPECT_TRUE((*conn)->closed());  // CLI-CLOSE-1.
}

}  // namespace
}  // namespace degu::client
