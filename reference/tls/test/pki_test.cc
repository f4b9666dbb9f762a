// pki_test.cc: the test PKI (TLS-PKI-1, TLS-PKI-2, TLS-PKI-3): identities,
// certificates, files and modes, configurations, and degu-pki.
#include "degu/tls/pki.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "degu/tls/config.h"
#include "degu/tls/openssl_ptr.h"
#include "test_pki.h"

extern char** environ;

namespace degu::tls {
namespace {

using test::shared_pki;

// kKatPublicKey: a 1024-bit RSA public key as `openssl rsa -pubout` wrote
// it.  kKatIdentity was computed with Python:
//   base64.b32encode(hashlib.sha512(pem).digest()[:30]).decode()
// over these exact bytes (final newline included); the original's
// sslhelpers.hash_pubkey gives the same value.
constexpr std::string_view kKatPublicKey =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkK1XBD+ayiKQJvMgeHpO4XiwH\n"
    "ZegpXOxybDb9FQX5Z+3qGTZB3uv/R2/iGqjXByCoqDxh2rlwtlYomeWPl+m85R1x\n"
    "xUeS13Du6o0wV0Rz6Ne2Pu68jY8WgESNOU7B42Ba07BmNXm+8+jUh9gAqZazT71+\n"
    "79NCDJ48e3xoxE/FhwIDAQAB\n"
    "-----END PUBLIC KEY-----\n";
constexpr std::string_view kKatIdentity =
    "7LNFUSNALC7QNPZNBKUWLEUAHIP3PKGLIGGYHYQWPGNA64KA";

bool is_identity(const std::string& id) {
  return id.size() == kIdentityLength &&
         id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") ==
             std::string::npos;
}

X509Ptr read_cert(const std::string& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  return X509Ptr(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)
                     : nullptr);
}

std::string common_name(X509_NAME* name) {
  char cn[256] = {};
  X509_NAME_get_text_by_NID(name, NID_commonName, cn, sizeof cn);
  return cn;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// run: the exit status of the program at path with args (its output
// discarded), or -1 when it did not exit normally.
int run(const std::string& path, std::vector<std::string> args) {
  args.insert(args.begin(), path);
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned =
      posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return -1;
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) {
    return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(TlsPki, Base32FollowsRfc4648) {
  // RFC 4648 section 10, without the padding.
  const auto b32 = [](std::string_view s) {
    return base32(std::span<const unsigned char>(
        reinterpret_cast<const unsigned char*>(s.data()), s.size()));
  };
  EXPECT_EQ(b32(""), "");
  EXPECT_EQ(b32("f"), "MY");
  EXPECT_EQ(b32("fo"), "MZXQ");
  EXPECT_EQ(b32("foo"), "MZXW6");
  EXPECT_EQ(b32("foob"), "MZXW6YQ");
  EXPECT_EQ(b32("fooba"), "MZXW6YTB");
  EXPECT_EQ(b32("foobar"), "MZXW6YTBOI");
}

TEST(TlsPki, IdentityKnownAnswers) {
  // TLS-PKI-1.  The second value is the example in the original's
  // documentation of hash_pubkey.
  EXPECT_EQ(identity_of_pem(kKatPublicKey), kKatIdentity);
  EXPECT_EQ(identity_of_pem("The PEM encoded public key"),
            "6RK4BB3YAIHDDJNOFOABZDS4WNEESGEW6LBRPH6AQETUNOMG");
}

TEST(TlsPki, PublicKeyPemIsWhatOpensslRsaPuboutWrites) {
  // Reading the PEM and writing it again gives the same bytes, so the
  // identity of a key object equals that of the program's output.
  BioPtr bio(BIO_new_mem_buf(kKatPublicKey.data(),
                             static_cast<int>(kKatPublicKey.size())));
  EvpPkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  ASSERT_TRUE(key);
  const auto pem = public_key_pem(key.get());
  ASSERT_TRUE(pem.ok());
  EXPECT_EQ(*pem, kKatPublicKey);
  const auto id = key_identity(key.get());
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, kKatIdentity);
}

TEST(TlsPki, IdentitiesAreDistinctBase32) {
  const auto& pki = shared_pki();
  const std::vector<std::string> ids = {pki.server_ca_id, pki.server_id,
                                        pki.client_ca_id, pki.client_id};
  for (const auto& id : ids) {
    EXPECT_TRUE(is_identity(id)) << id;
  }
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 4u);
}

TEST(TlsPki, CertificatesFollowTlsPki2) {
  const auto& pki = shared_pki();
  struct Expected {
    std::string cert, key, id, issuer_cert, issuer_id;
    bool ca;
  };
  const Expected all[] = {
      {pki.server_ca_cert, pki.server_ca_key, pki.server_ca_id,
       pki.server_ca_cert, pki.server_ca_id, true},
      {pki.server_cert, pki.server_key, pki.server_id, pki.server_ca_cert,
       pki.server_ca_id, false},
      {pki.client_ca_cert, pki.client_ca_key, pki.client_ca_id,
       pki.client_ca_cert, pki.client_ca_id, true},
      {pki.client_cert, pki.client_key, pki.client_id, pki.client_ca_cert,
       pki.client_ca_id, false},
  };
  for (const auto& e : all) {
    SCOPED_TRACE(e.cert);
    const auto cert = read_cert(e.cert);
    const auto issuer = read_cert(e.issuer_cert);
    ASSERT_TRUE(cert && issuer);
    EXPECT_EQ(common_name(X509_get_subject_name(cert.get())), e.id);
    EXPECT_EQ(common_name(X509_get_issuer_name(cert.get())), e.issuer_id);
    EXPECT_EQ(X509_get_signature_nid(cert.get()), NID_sha384WithRSAEncryption);
    EXPECT_EQ(X509_verify(cert.get(), X509_get0_pubkey(issuer.get())), 1);
    EXPECT_EQ(X509_check_ca(cert.get()) != 0, e.ca);
    // The key file holds the key of the certificate (its identity).
    BioPtr bio(BIO_new_file(e.key.c_str(), "r"));
    EvpPkeyPtr key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    ASSERT_TRUE(key);
    EXPECT_EQ(X509_check_private_key(cert.get(), key.get()), 1);
    EXPECT_EQ(EVP_PKEY_get_bits(key.get()), 2048);
    EXPECT_EQ(key_identity(key.get()).value(), e.id);
    // 3650 days of validity.
    int days = 0;
    int seconds = 0;
    ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert.get()),
                             X509_get0_notAfter(cert.get())),
              1);
    EXPECT_EQ(days, kCertificateDays);
    EXPECT_EQ(seconds, 0);
  }
}

TEST(TlsPki, ServerCertificateNamesItsHosts) {
  const auto& pki = shared_pki();
  const auto cert = read_cert(pki.server_cert);
  ASSERT_TRUE(cert);
  for (const std::string& host : {std::string("localhost"), pki.server_id}) {
    EXPECT_EQ(X509_check_host(cert.get(), host.data(), host.size(), 0, nullptr),
              1)
        << host;
  }
  for (const char* ip : {"127.0.0.1", "::1"}) {
    EXPECT_EQ(X509_check_ip_asc(cert.get(), ip, 0), 1) << ip;
  }
  EXPECT_EQ(X509_check_host(cert.get(), "example.com", 11, 0, nullptr), 0);
  // The client certificate names no host.
  const auto client = read_cert(pki.client_cert);
  EXPECT_EQ(X509_check_host(client.get(), "localhost", 9, 0, nullptr), 0);
}

TEST(TlsPki, FilesAreAbsolutePrivateAndInAPrivateDirectory) {
  const auto& pki = shared_pki();
  struct stat st {};
  ASSERT_EQ(::stat(pki.dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  const auto files = pki.files();
  EXPECT_EQ(files.size(), 12u);
  for (const auto& [name, path] : files) {
    EXPECT_FALSE(check_path(name, path)) << path;
    EXPECT_EQ(std::filesystem::path(path).parent_path(), pki.dir);
    ASSERT_EQ(::stat(path.c_str(), &st), 0) << path;
    EXPECT_EQ(st.st_mode & 07777, 0600u) << path;
  }
  // Only those files.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator(pki.dir)) {
    ++entries;
  }
  EXPECT_EQ(entries, 12u);
}

TEST(TlsPki, ConfigurationFilesParse) {
  // TLS-PKI-3: the four configurations, through config.h.
  const auto& pki = shared_pki();
  const auto server = parse_server_config(read_file(pki.server_json));
  ASSERT_TRUE(server.ok()) << describe(server.error());
  EXPECT_EQ(*server, pki.server_config());
  EXPECT_EQ(server->ca_file, pki.client_ca_cert);
  const auto anonymous =
      parse_server_config(read_file(pki.server_anonymous_json));
  ASSERT_TRUE(anonymous.ok()) << describe(anonymous.error());
  EXPECT_TRUE(anonymous->allow_unauthenticated_clients);
  EXPECT_EQ(anonymous->ca_file, std::nullopt);
  const auto client = parse_client_config(read_file(pki.client_json));
  ASSERT_TRUE(client.ok()) << describe(client.error());
  EXPECT_EQ(*client, pki.client_config());
  EXPECT_EQ(client->ca_file, pki.server_ca_cert);
  EXPECT_EQ(client->cert_file, pki.client_cert);
  const auto client_anonymous =
      parse_client_config(read_file(pki.client_anonymous_json));
  ASSERT_TRUE(client_anonymous.ok()) << describe(client_anonymous.error());
  EXPECT_EQ(*client_anonymous,
            (ClientTlsConfig{std::nullopt, std::nullopt, pki.server_ca_cert,
                             std::nullopt, true}));
}

TEST(TlsPki, OpenFindsTheSameIdentities) {
  const auto& pki = shared_pki();
  const auto opened = open_test_pki(pki.dir);
  ASSERT_TRUE(opened.ok()) << describe(opened.error());
  EXPECT_EQ(opened->server_ca_id, pki.server_ca_id);
  EXPECT_EQ(opened->client_id, pki.client_id);
  EXPECT_EQ(opened->files(), pki.files());
}

TEST(TlsPki, CreateNeverOverwrites) {
  const auto& pki = shared_pki();
  const auto again = create_test_pki(pki.dir, 2048);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::pki);
  EXPECT_NE(again.error().message.find("not empty"), std::string::npos);
  const auto bits = create_test_pki("/nonexistent/x", 2000);
  ASSERT_FALSE(bits.ok());
  EXPECT_NE(bits.error().message.find("2000"), std::string::npos);
  const auto parent = create_test_pki("/nonexistent/x", 2048);
  ASSERT_FALSE(parent.ok());
  EXPECT_EQ(parent.error().code, Errc::system);
}

TEST(TlsPki, DeguPkiRefusesBadArguments) {
  const auto& pki = shared_pki();
  EXPECT_EQ(run(DEGU_PKI_EXE, {}), 2);
  EXPECT_EQ(run(DEGU_PKI_EXE, {"--bits"}), 2);
  EXPECT_EQ(run(DEGU_PKI_EXE, {"/tmp/never-made", "--bits", "512"}), 2);
  EXPECT_EQ(run(DEGU_PKI_EXE, {"/tmp/never-made", "--bits=2048x"}), 2);
  EXPECT_EQ(run(DEGU_PKI_EXE, {"/tmp/never-made", "--frobnicate"}), 2);
  EXPECT_EQ(run(DEGU_PKI_EXE, {"/tmp/a", "/tmp/b"}), 2);
  EXPECT_EQ(run(DEGU_PKI_EXE, {pki.dir}), 2);          // Not empty.
  EXPECT_EQ(run(DEGU_PKI_EXE, {pki.server_cert}), 2);  // Not a directory.
  EXPECT_EQ(run(DEGU_PKI_EXE, {"--help"}), 0);
}

}  // namespace
}  // namespace degu::tls
