// context_test.cc: the contexts' profile (TLS-VERSION-1, TLS-CIPHER-1,
// TLS-COMPRESS-1, TLS-PREF-1, TLS-CLIENTAUTH-1/2, TLS-VERIFY-1/2), file
// loading failures, and TLS-CTX-1.
#include "degu/tls/context.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_pki.h"

namespace degu::tls {
namespace {

using test::shared_pki;

// cipher_names: the names of ctx's cipher list, in order.
std::vector<std::string> cipher_names(SSL_CTX* ctx) {
  std::vector<std::string> names;
  STACK_OF(SSL_CIPHER)* ciphers = SSL_CTX_get_ciphers(ctx);
  for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
    names.emplace_back(SSL_CIPHER_get_name(sk_SSL_CIPHER_value(ciphers, i)));
  }
  return names;
}

// ScratchDir: an empty directory of its own for one test.
struct ScratchDir {
  ScratchDir() {
    std::string pattern =
        std::filesystem::temp_directory_path() / "degu-tls-ctx.XXXXXX";
    path = ::mkdtemp(pattern.data()) ? pattern : "";
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string file = path + "/" + name;
    std::ofstream(file) << text;
    return file;
  }
  std::string path;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(TlsContext, ServerProfile) {
  auto ctx = make_server_context(shared_pki().server_config());
  ASSERT_TRUE(ctx.ok()) << describe(ctx.error());
  SSL_CTX* c = ctx->get();
  EXPECT_EQ(SSL_CTX_get_min_proto_version(c), TLS1_2_VERSION);
  EXPECT_EQ(SSL_CTX_get_max_proto_version(c), TLS1_2_VERSION);
  EXPECT_EQ(cipher_names(c),
            (std::vector<std::string>{"ECDHE-RSA-AES128-GCM-SHA256",
                                      "ECDHE-RSA-AES256-GCM-SHA384"}));
  const auto options = SSL_CTX_get_options(c);
  EXPECT_NE(options & SSL_OP_NO_COMPRESSION, 0u);
  EXPECT_NE(options & SSL_OP_CIPHER_SERVER_PREFERENCE, 0u);
  EXPECT_EQ(SSL_CTX_get_verify_mode(c),
            SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
  const auto mode = check_server_context(c);
  ASSERT_TRUE(mode.ok()) << describe(mode.error());
  EXPECT_EQ(*mode, ClientAuth::required);
}

TEST(TlsContext, AnonymousServerAsksForNoCertificate) {
  auto ctx = make_server_context(shared_pki().anonymous_server_config());
  ASSERT_TRUE(ctx.ok()) << describe(ctx.error());
  EXPECT_EQ(SSL_CTX_get_verify_mode(ctx->get()), SSL_VERIFY_NONE);
  const auto mode = check_server_context(ctx->get());
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ(*mode, ClientAuth::off);
}

TEST(TlsContext, ClientProfile) {
  for (const auto& config :
       {shared_pki().client_config(), shared_pki().anonymous_client_config()}) {
    auto ctx = make_client_context(config);
    ASSERT_TRUE(ctx.ok()) << describe(ctx.error());
    SSL_CTX* c = ctx->get();
    EXPECT_EQ(SSL_CTX_get_min_proto_version(c), TLS1_2_VERSION);
    EXPECT_EQ(SSL_CTX_get_max_proto_version(c), TLS1_2_VERSION);
    EXPECT_EQ(cipher_names(c).size(), 2u);
    EXPECT_NE(SSL_CTX_get_options(c) & SSL_OP_NO_COMPRESSION, 0u);
    EXPECT_EQ(SSL_CTX_get_verify_mode(c), SSL_VERIFY_PEER);
    EXPECT_FALSE(check_client_context(c));
  }
}

TEST(TlsContext, ClientWithTheSystemTrustStore) {
  // TLS-VERIFY-2: no CA given, hostname checking on.
  auto ctx = make_client_context(ClientTlsConfig{});
  ASSERT_TRUE(ctx.ok()) << describe(ctx.error());
}

TEST(TlsContext, ClientKeyMayShareTheCertificateFile) {
  // TLS-CLIENT-1: cert_file alone, holding the certificate and the key.
  const auto& pki = shared_pki();
  ScratchDir dir;
  ASSERT_FALSE(dir.path.empty());
  const auto both = dir.write(
      "both.pem", read_file(pki.client_cert) + read_file(pki.client_key));
  auto config = pki.anonymous_client_config();
  config.cert_file = both;
  auto ctx = make_client_context(config);
  EXPECT_TRUE(ctx.ok()) << describe(ctx.error());
}

TEST(TlsContext, ConfigurationIsCheckedFirst) {
  auto config = shared_pki().server_config();
  config.ca_file = "relative.ca";
  const auto ctx = make_server_context(config);
  ASSERT_FALSE(ctx.ok());
  EXPECT_EQ(ctx.error().code, Errc::config);
  EXPECT_EQ(ctx.error().rule, "TLS-PATH-1");
}

// ExpectLoadFailure: ctx failed to load key's file, and the message names
// the file and contains reason.
void ExpectLoadFailure(const Result<SslCtxPtr>& ctx, const std::string& key,
                       const std::string& file, const std::string& reason) {
  ASSERT_FALSE(ctx.ok());
  const Error& e = ctx.error();
  EXPECT_EQ(e.code, Errc::load) << describe(e);
  EXPECT_EQ(e.key, key) << describe(e);
  EXPECT_NE(e.message.find(file), std::string::npos) << describe(e);
  EXPECT_NE(e.message.find(reason), std::string::npos) << describe(e);
}

TEST(TlsContext, MissingFilesAreNamed) {
  const auto& pki = shared_pki();
  const std::string missing = pki.dir + "/missing.pem";
  auto config = pki.server_config();
  config.cert_file = missing;
  ExpectLoadFailure(make_server_context(config), "cert_file", missing,
                    "No such file");
  config = pki.server_config();
  config.key_file = missing;
  ExpectLoadFailure(make_server_context(config), "key_file", missing,
                    "No such file");
  config = pki.server_config();
  config.ca_file = missing;
  ExpectLoadFailure(make_server_context(config), "ca_file", missing,
                    "No such file");
  config.ca_file.reset();
  config.ca_path = missing;
  ExpectLoadFailure(make_server_context(config), "ca_path", missing,
                    "not a directory");
}

TEST(TlsContext, BadKeyIsRefused) {
  const auto& pki = shared_pki();
  ScratchDir dir;
  ASSERT_FALSE(dir.path.empty());
  const auto garbage = dir.write("garbage.key", "not a key\n");
  auto config = pki.server_config();
  config.key_file = garbage;
  ExpectLoadFailure(make_server_context(config), "key_file", garbage,
                    "cannot read a private key");
  // A key file given as the CA file holds no certificate.
  config = pki.server_config();
  config.ca_file = pki.client_ca_key;
  ExpectLoadFailure(make_server_context(config), "ca_file", pki.client_ca_key,
                    "error:");
}

TEST(TlsContext, KeyNotMatchingCertificateIsRefused) {
  const auto& pki = shared_pki();
  auto config = pki.server_config();
  config.key_file = pki.client_key;
  ExpectLoadFailure(
      make_server_context(config), "key_file", pki.client_key,
      "does not match the certificate in cert_file " + pki.server_cert);
  auto client = pki.client_config();
  client.key_file = pki.server_key;
  ExpectLoadFailure(make_client_context(client), "key_file", pki.server_key,
                    "key values mismatch");
}

TEST(TlsContext, PreparedServerContextsAreChecked) {
  // TLS-CTX-1: optional client certificates and other versions are refused.
  SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  ASSERT_TRUE(ctx);
  auto mode = check_server_context(ctx.get());
  ASSERT_FALSE(mode.ok());
  EXPECT_EQ(mode.error().rule, "TLS-CTX-1");
  ASSERT_EQ(SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION), 1);
  ASSERT_EQ(SSL_CTX_set_max_proto_version(ctx.get(), TLS1_2_VERSION), 1);
  mode = check_server_context(ctx.get());
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ(*mode, ClientAuth::off);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  mode = check_server_context(ctx.get());
  ASSERT_FALSE(mode.ok());
  EXPECT_NE(mode.error().message.find("optional"), std::string::npos);
}

TEST(TlsContext, PreparedClientContextsAreChecked) {
  SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  ASSERT_TRUE(ctx);
  auto e = check_client_context(ctx.get());
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("TLS 1.2 only"), std::string::npos);
  ASSERT_EQ(SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION), 1);
  ASSERT_EQ(SSL_CTX_set_max_proto_version(ctx.get(), TLS1_2_VERSION), 1);
  SSL_CTX_clear_options(ctx.get(), SSL_OP_NO_COMPRESSION);
  e = check_client_context(ctx.get());
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("compression"), std::string::npos);
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_COMPRESSION);
  e = check_client_context(ctx.get());
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("verify"), std::string::npos);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  EXPECT_FALSE(check_client_context(ctx.get()));
}

}  // namespace
}  // namespace degu::tls
