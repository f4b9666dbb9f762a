// handshake_test.cc: both sides of live handshakes over socket pairs:
// the negotiated profile (TLS-VERSION-1, TLS-CIPHER-1, TLS-GROUP-1,
// TLS-PREF-1), client authentication (TLS-CLIENTAUTH-1/2), server
// verification (TLS-VERIFY-1), SNI and hostname checks (TLS-SNI-1), and
// handshake failures.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "degu/tls/context.h"
#include "degu/tls/tls_transport.h"
#include "test_pki.h"
#include "tls_pair.h"

namespace degu::tls {
namespace {

using namespace std::chrono_literals;
using test::ClientSettings;
using test::handshake;
using test::shared_pki;

// ExpectHandshakeFailure: r failed with a handshake Error mentioning what.
void ExpectHandshakeFailure(const Result<TlsTransport>& r,
                            const std::string& what) {
  ASSERT_FALSE(r.ok()) << "the handshake succeeded";
  EXPECT_EQ(r.error().code, Errc::handshake) << describe(r.error());
  EXPECT_NE(r.error().message.find(what), std::string::npos)
      << describe(r.error());
}

// Contexts: the usual pair of contexts from the shared PKI.
struct Contexts {
  SslCtxPtr server = test::server_ctx(shared_pki().server_config());
  SslCtxPtr client = test::client_ctx(shared_pki().client_config());
};

TEST(TlsHandshake, AuthenticatedHandshakeNegotiatesTheProfile) {
  Contexts c;
  auto sides = handshake(c.server.get(), c.client.get());
  ASSERT_TRUE(sides.server.ok()) << describe(sides.server.error());
  ASSERT_TRUE(sides.client.ok()) << describe(sides.client.error());
  for (const TlsTransport* t : {&*sides.server, &*sides.client}) {
    EXPECT_EQ(t->protocol_version(), "TLSv1.2");
    // TLS-PREF-1: the default client offers both suites, AES256 first.
    EXPECT_EQ(t->cipher_name(), "ECDHE-RSA-AES128-GCM-SHA256");
  }
  // Each side sees the other's identity as the certificate's CN.
  EXPECT_EQ(sides.server->peer_common_name(), shared_pki().client_id);
  EXPECT_EQ(sides.client->peer_common_name(), shared_pki().server_id);
}

TEST(TlsHandshake, ServerPreferenceDecidesTheCipher) {
  // TLS-PREF-1: a client that prefers AES256 still gets AES128.
  Contexts c;
  ASSERT_EQ(SSL_CTX_set_cipher_list(
                c.client.get(),
                "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"),
            1);
  auto sides = handshake(c.server.get(), c.client.get());
  ASSERT_TRUE(sides.client.ok()) << describe(sides.client.error());
  EXPECT_EQ(sides.client->cipher_name(), "ECDHE-RSA-AES128-GCM-SHA256");
}

TEST(TlsHandshake, SecondSuiteIsAcceptedAlone) {
  // TLS-CIPHER-1: AES256 is the other allowed suite.
  Contexts c;
  ASSERT_EQ(
      SSL_CTX_set_cipher_list(c.client.get(), "ECDHE-RSA-AES256-GCM-SHA384"),
      1);
  auto sides = handshake(c.server.get(), c.client.get());
  ASSERT_TRUE(sides.client.ok()) << describe(sides.client.error());
  EXPECT_EQ(sides.client->cipher_name(), "ECDHE-RSA-AES256-GCM-SHA384");
}

TEST(TlsHandshake, OtherSuitesAreRefused) {
  // TLS-CIPHER-1: a client offering only a suite outside the list fails.
  Contexts c;
  ASSERT_EQ(
      SSL_CTX_set_cipher_list(c.client.get(), "ECDHE-RSA-CHACHA20-POLY1305"),
      1);
  auto sides = handshake(c.server.get(), c.client.get());
  ExpectHandshakeFailure(sides.server, "no shared cipher");
  EXPECT_FALSE(sides.client.ok());
}

// server_key_exchange_key: the DER public key of the server's ephemeral
// ECDHE key as the client saw it, and its group's name.
std::pair<std::string, std::string> server_key_exchange_key(SSL* ssl) {
  EVP_PKEY* key = nullptr;
  if (SSL_get_peer_tmp_key(ssl, &key) != 1) {
    return {};
  }
  char group[64] = {};
  std::size_t group_size = 0;
  EVP_PKEY_get_group_name(key, group, sizeof group, &group_size);
  unsigned char* der = nullptr;
  const int size = i2d_PUBKEY(key, &der);
  std::string bytes(reinterpret_cast<char*>(der),
                    static_cast<std::size_t>(size > 0 ? size : 0));
  OPENSSL_free(der);
  EVP_PKEY_free(key);
  return {group, bytes};
}

TEST(TlsHandshake, KeyExchangeUsesAFreshSecp384r1Key) {
  // TLS-GROUP-1: secp384r1, and a new ephemeral key every handshake.
  Contexts c;
  auto first = handshake(c.server.get(), c.client.get());
  auto second = handshake(c.server.get(), c.client.get());
  ASSERT_TRUE(first.client.ok()) << describe(first.client.error());
  ASSERT_TRUE(second.client.ok()) << describe(second.client.error());
  const auto [group1, key1] = server_key_exchange_key(first.client->ssl());
  const auto [group2, key2] = server_key_exchange_key(second.client->ssl());
  EXPECT_EQ(group1, "secp384r1");
  EXPECT_EQ(group2, "secp384r1");
  EXPECT_FALSE(key1.empty());
  EXPECT_NE(key1, key2);
}

TEST(TlsHandshake, ClientOfferingOnlyP256Fails) {
  // TLS-GROUP-1: the server has no other group to offer.
  Contexts c;
  ASSERT_EQ(SSL_CTX_set1_groups_list(c.client.get(), "P-256"), 1);
  auto sides = handshake(c.server.get(), c.client.get());
  ExpectHandshakeFailure(sides.server, "no shared cipher");
  EXPECT_FALSE(sides.client.ok());
}

TEST(TlsHandshake, ClientOfferingOnlyTls13Fails) {
  // TLS-VERSION-1.
  // A plain OpenSSL client: Degu's own contexts have no TLS 1.3 suites.
  SslCtxPtr client(SSL_CTX_new(TLS_client_method()));
  ASSERT_TRUE(client);
  ASSERT_EQ(SSL_CTX_set_min_proto_version(client.get(), TLS1_3_VERSION), 1);
  ASSERT_EQ(SSL_CTX_set_max_proto_version(client.get(), TLS1_3_VERSION), 1);
  SSL_CTX_set_verify(client.get(), SSL_VERIFY_NONE, nullptr);
  Contexts c;
  auto sides = handshake(c.server.get(), client.get());
  ExpectHandshakeFailure(sides.server, "unsupported protocol");
  ExpectHandshakeFailure(sides.client, "protocol version");
}

TEST(TlsHandshake, ClientOfferingOnlyTls11Fails) {
  // TLS-VERSION-1: versions before 1.2 are refused too.  Security level 0
  // lets this client offer TLS 1.1 at all.
  SslCtxPtr client(SSL_CTX_new(TLS_client_method()));
  ASSERT_TRUE(client);
  SSL_CTX_set_security_level(client.get(), 0);
  ASSERT_EQ(SSL_CTX_set_min_proto_version(client.get(), TLS1_1_VERSION), 1);
  ASSERT_EQ(SSL_CTX_set_max_proto_version(client.get(), TLS1_1_VERSION), 1);
  ASSERT_EQ(SSL_CTX_set_cipher_list(client.get(), "ALL:@SECLEVEL=0"), 1);
  SSL_CTX_set_verify(client.get(), SSL_VERIFY_NONE, nullptr);
  Contexts c;
  auto sides = handshake(c.server.get(), client.get());
  ExpectHandshakeFailure(sides.server, "unsupported protocol");
  EXPECT_FALSE(sides.client.ok());
}

TEST(TlsHandshake, ClientWithoutCertificateIsRefused) {
  // TLS-CLIENTAUTH-1.
  Contexts c;
  auto anonymous = test::client_ctx(shared_pki().anonymous_client_config());
  auto sides = handshake(c.server.get(), anonymous.get());
  ExpectHandshakeFailure(sides.server, "peer did not return a certificate");
  ExpectHandshakeFailure(sides.client, "alert");
}

TEST(TlsHandshake, ClientCertificateFromAnotherCaIsRefused) {
  // TLS-CLIENTAUTH-1: the client CA, not any CA, vouches for clients.  The
  // server's certificate (from the server CA) is offered as a client's.
  Contexts c;
  auto config = shared_pki().anonymous_client_config();
  config.cert_file = shared_pki().server_cert;
  config.key_file = shared_pki().server_key;
  auto wrong = test::client_ctx(config);
  auto sides = handshake(c.server.get(), wrong.get());
  // The client sends the server CA along (OpenSSL completes the chain from
  // its trust store), so the server finds a foreign self-signed root.
  ExpectHandshakeFailure(sides.server, "certificate verify failed");
  ExpectHandshakeFailure(sides.server,
                         "certificate verification: self-signed certificate");
  ExpectHandshakeFailure(sides.client, "alert");
}

TEST(TlsHandshake, AnonymousServerAcceptsClientWithoutCertificate) {
  // TLS-CLIENTAUTH-2.
  auto server = test::server_ctx(shared_pki().anonymous_server_config());
  auto client = test::client_ctx(shared_pki().anonymous_client_config());
  auto sides = handshake(server.get(), client.get());
  ASSERT_TRUE(sides.server.ok()) << describe(sides.server.error());
  ASSERT_TRUE(sides.client.ok()) << describe(sides.client.error());
  EXPECT_EQ(sides.server->peer_common_name(), std::nullopt);
  EXPECT_EQ(sides.client->peer_common_name(), shared_pki().server_id);
}

TEST(TlsHandshake, ClientRefusesServerFromAnotherCa) {
  // TLS-VERIFY-1: the client trusts the client CA only here.
  Contexts c;
  auto config = shared_pki().client_config();
  config.ca_file = shared_pki().client_ca_cert;
  auto wrong = test::client_ctx(config);
  auto sides = handshake(c.server.get(), wrong.get());
  ExpectHandshakeFailure(sides.client, "certificate verify failed");
  ExpectHandshakeFailure(sides.client, "unable to get local issuer");
  EXPECT_FALSE(sides.server.ok());
}

TEST(TlsHandshake, HostnameCheckAcceptsTheCertificateNames) {
  // TLS-SNI-1 with check_hostname: the names pki.h puts in the server
  // certificate pass.
  Contexts c;
  for (const std::string& host :
       {std::string("localhost"), std::string("127.0.0.1"), std::string("::1"),
        shared_pki().server_id}) {
    auto sides = handshake(c.server.get(), c.client.get(), {host, true});
    EXPECT_TRUE(sides.client.ok())
        << host << ": " << describe(sides.client.error());
    EXPECT_TRUE(sides.server.ok()) << host;
  }
}

TEST(TlsHandshake, HostnameCheckRefusesOtherNames) {
  Contexts c;
  for (const std::string host :
       {"example.com", "127.0.0.2", "::2", "localhost.example"}) {
    auto sides = handshake(c.server.get(), c.client.get(), {host, true});
    ExpectHandshakeFailure(sides.client, "certificate verify failed");
    EXPECT_FALSE(sides.server.ok()) << host;
  }
}

TEST(TlsHandshake, WithoutHostnameCheckAnyNameIsAccepted) {
  // TLS-HOSTNAME-1 false: the certificate is still verified, the name not.
  Contexts c;
  auto sides =
      handshake(c.server.get(), c.client.get(), {"example.com", false});
  ASSERT_TRUE(sides.client.ok()) << describe(sides.client.error());
  EXPECT_EQ(sides.server->server_name(), "example.com");
}

TEST(TlsHandshake, SniCarriesHostNamesButNotAddresses) {
  // TLS-SNI-1; RFC 6066 keeps IP literals out of SNI (as the original's
  // Python ssl module does).
  Contexts c;
  auto named = handshake(c.server.get(), c.client.get(), {"localhost", true});
  ASSERT_TRUE(named.server.ok()) << describe(named.server.error());
  EXPECT_EQ(named.server->server_name(), "localhost");
  EXPECT_EQ(named.client->server_name(), "localhost");
  auto address = handshake(c.server.get(), c.client.get(), {"::1", true});
  ASSERT_TRUE(address.server.ok()) << describe(address.server.error());
  EXPECT_EQ(address.server->server_name(), std::nullopt);
  auto none = handshake(c.server.get(), c.client.get(), {std::nullopt, false});
  ASSERT_TRUE(none.server.ok()) << describe(none.server.error());
  EXPECT_EQ(none.server->server_name(), std::nullopt);
}

TEST(TlsHandshake, HostnameCheckNeedsAHost) {
  // TLS-SNI-1: no host name (an AF_UNIX address) and check_hostname on:
  // refused before any byte is sent, and the socket is closed.
  Contexts c;
  const auto fds = test::unix_pair();
  auto client = connect_tls(c.client.get(), fds.client, std::nullopt, true,
                            test::kTestTimeout);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().code, Errc::config);
  EXPECT_EQ(client.error().rule, "TLS-SNI-1");
  char byte = 0;
  EXPECT_EQ(::recv(fds.server, &byte, 1, 0), 0);  // Closed, nothing sent.
  ::close(fds.server);
  const auto other = test::unix_pair();
  auto empty = connect_tls(c.client.get(), other.client, std::string(), false,
                           test::kTestTimeout);
  ::close(other.server);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().rule, "TLS-SNI-1");
}

TEST(TlsHandshake, OverTcpLoopback) {
  Contexts c;
  for (const std::string ip : {"127.0.0.1", "::1"}) {
    const auto fds = test::tcp_pair(ip);
    if (!fds) {
      continue;  // No such loopback address here (IPv6 may be off).
    }
    auto sides = handshake(c.server.get(), c.client.get(), {ip, true}, *fds);
    ASSERT_TRUE(sides.server.ok())
        << ip << ": " << describe(sides.server.error());
    ASSERT_TRUE(sides.client.ok())
        << ip << ": " << describe(sides.client.error());
  }
}

TEST(TlsHandshake, SilentPeerTimesOut) {
  Contexts c;
  const auto fds = test::unix_pair();
  const auto start = std::chrono::steady_clock::now();
  auto client =
      connect_tls(c.client.get(), fds.client, std::nullopt, false, 200ms);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().code, Errc::timeout) << describe(client.error());
  EXPECT_EQ(client.error().rule, "CLI-TIMEOUT-1");
  EXPECT_LT(took, 3s);
  ::close(fds.server);
}

TEST(TlsHandshake, SilentClientTimesOutTheServer) {
  Contexts c;
  const auto fds = test::unix_pair();
  auto server = accept_tls(c.server.get(), fds.server, 200ms);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.error().code, Errc::timeout) << describe(server.error());
  // Silent from the start, the peer meets both bounds at once: the wait's
  // (SRV-TIMEOUT-1) and the whole handshake's (SRV-TIMEOUT-2).
  EXPECT_TRUE(server.error().rule == "SRV-TIMEOUT-1" ||
              server.error().rule == "SRV-TIMEOUT-2")
      << server.error().rule;
  ::close(fds.client);
}

TEST(TlsHandshake, TrickledClientHelloTimesOutTheServer) {  // SRV-TIMEOUT-2.
  // A record header announcing 256 bytes, then a byte every 100 ms: no
  // single wait reaches the 500 ms timeout, the handshake as a whole does.
  Contexts c;
  const auto fds = test::unix_pair();
  std::atomic<bool> stop{false};
  std::thread trickle([&] {
    const char header[] = {0x16, 0x03, 0x01, 0x01, 0x00};
    ::send(fds.client, header, sizeof header, MSG_NOSIGNAL);
    for (int i = 0; i < 50 && !stop; ++i) {
      std::this_thread::sleep_for(100ms);
      ::send(fds.client, "\x01", 1, MSG_NOSIGNAL);
    }
  });
  const auto start = std::chrono::steady_clock::now();
  auto server = accept_tls(c.server.get(), fds.server, 500ms);
  const auto took = std::chrono::steady_clock::now() - start;
  stop = true;
  trickle.join();
  ::close(fds.client);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.error().code, Errc::timeout) << describe(server.error());
  EXPECT_EQ(server.error().rule, "SRV-TIMEOUT-2");
  EXPECT_LT(took, 3s);
}

TEST(TlsHandshake, PlainHttpClientIsRefused) {
  Contexts c;
  const auto fds = test::unix_pair();
  const std::string request = "GET / HTTP/1.1\r\n\r\n";
  ASSERT_EQ(::send(fds.client, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  auto server = accept_tls(c.server.get(), fds.server, test::kTestTimeout);
  ExpectHandshakeFailure(server, "http request");
  ::close(fds.client);
}

TEST(TlsHandshake, PeerClosingDuringHandshakeFails) {
  Contexts c;
  const auto fds = test::unix_pair();
  ::close(fds.client);
  auto server = accept_tls(c.server.get(), fds.server, test::kTestTimeout);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.error().code, Errc::handshake) << describe(server.error());
}

}  // namespace
}  // namespace degu::tls
