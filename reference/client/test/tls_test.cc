// tls_test.cc: the reference client and server over TLS (SRV-TLS-1,
// TLS-CLIENTAUTH-1/2, TLS-SNI-1, TLS-HOSTNAME-1, CLI-HOST-3), with a test
// PKI made once per process.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>

#include "degu/client/client.h"
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

}  // namespace
}  // namespace degu::client
