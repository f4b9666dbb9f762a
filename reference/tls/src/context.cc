// context.cc: building server and client SSL_CTXs with Degu's profile, and
// checking prepared ones (TLS-CTX-1).
#include "degu/tls/context.h"

#include <openssl/pem.h>
#include <sys/stat.h>

#include <string>

#include "openssl_error.h"

namespace degu::tls {
namespace {

using detail::with_reason;

// no_passphrase: the pem_password_cb that never gives a passphrase, so an
// encrypted key fails to load instead of prompting on a terminal.
int no_passphrase(char*, int, int, void*) { return -1; }

// new_context: an SSL_CTX of method with what both sides share: TLS 1.2
// only (TLS-VERSION-1), kCipherList (TLS-CIPHER-1), no compression
// (TLS-COMPRESS-1).
Result<SslCtxPtr> new_context(const SSL_METHOD* method) {
  SslCtxPtr ctx(SSL_CTX_new(method));
  if (!ctx) {
    return Error::of(Errc::context, with_reason("SSL_CTX_new failed"));
  }
  if (SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(ctx.get(), TLS1_2_VERSION) != 1) {
    return Error::of(Errc::context,
                     with_reason("cannot restrict the context to TLS 1.2"));
  }
  if (SSL_CTX_set_cipher_list(ctx.get(), kCipherList) != 1) {
    return Error::of(
        Errc::context,
        with_reason(std::string("cannot set the cipher list ") + kCipherList));
  }
  // TLS 1.3 is off; an empty suite list keeps the context's cipher list
  // exactly kCipherList.
  if (SSL_CTX_set_ciphersuites(ctx.get(), "") != 1) {
    return Error::of(Errc::context,
                     with_reason("cannot clear the TLS 1.3 suites"));
  }
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_COMPRESSION);
  return ctx;
}

// load_key: the private key in the PEM file at path; key names the
// configuration key the path came from, for messages.
Result<EvpPkeyPtr> load_key(const std::string& key, const std::string& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) {
    return Error::load(key, with_reason("cannot open " + key + " " + path));
  }
  EvpPkeyPtr pkey(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  if (!pkey) {
    return Error::load(
        key, with_reason("cannot read a private key from " + key + " " + path));
  }
  return pkey;
}

// load_identity: the certificate chain of cert_file and the key of
// key_file (or of cert_file when key_file is absent) into ctx.
std::optional<Error> load_identity(SSL_CTX* ctx, const std::string& cert_file,
                                   const std::optional<std::string>& key_file) {
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1) {
    return Error::load(
        "cert_file",
        with_reason("cannot load a certificate from cert_file " + cert_file));
  }
  const std::string key = key_file ? "key_file" : "cert_file";
  const std::string& path = key_file ? *key_file : cert_file;
  auto pkey = load_key(key, path);
  if (!pkey.ok()) {
    return pkey.error();
  }
  if (SSL_CTX_use_PrivateKey(ctx, pkey->get()) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    return Error::load(key, with_reason("the key in " + key + " " + path +
                                        " does not match the certificate in "
                                        "cert_file " +
                                        cert_file));
  }
  return std::nullopt;
}

// load_cas: the CAs of ca_file and ca_path into ctx's trust store.
std::optional<Error> load_cas(SSL_CTX* ctx,
                              const std::optional<std::string>& ca_file,
                              const std::optional<std::string>& ca_path) {
  if (ca_file && SSL_CTX_load_verify_file(ctx, ca_file->c_str()) != 1) {
    return Error::load(
        "ca_file",
        with_reason("cannot load CA certificates from ca_file " + *ca_file));
  }
  if (ca_path) {
    // OpenSSL looks into the directory only while verifying, so a missing
    // one would surface as an unexplained verification failure.
    struct stat st {};
    if (::stat(ca_path->c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return Error::load("ca_path",
                         "ca_path " + *ca_path + " is not a directory");
    }
    if (SSL_CTX_load_verify_dir(ctx, ca_path->c_str()) != 1) {
      return Error::load("ca_path",
                         with_reason("cannot use ca_path " + *ca_path));
    }
  }
  return std::nullopt;
}

// refused: the TLS-CTX-1 Error of a prepared context.
Error refused(std::string message) {
  return {Errc::context, "TLS-CTX-1", {}, std::move(message), 0};
}

// is_tls12_only: whether ctx allows TLS 1.2 and nothing else.
bool is_tls12_only(SSL_CTX* ctx) {
  return SSL_CTX_get_min_proto_version(ctx) == TLS1_2_VERSION &&
         SSL_CTX_get_max_proto_version(ctx) == TLS1_2_VERSION;
}

}  // namespace

Result<SslCtxPtr> make_server_context(const ServerTlsConfig& config) {
  if (auto e = check_server_config(config)) {
    return *e;
  }
  auto made = new_context(TLS_server_method());
  if (!made.ok()) {
    return made.error();
  }
  SslCtxPtr ctx = std::move(made).value();
  // TLS-GROUP-1.  OpenSSL 3 makes a fresh ECDHE key for every handshake;
  // SSL_OP_SINGLE_ECDH_USE (a no-op there) states the intent.
  if (SSL_CTX_set1_groups_list(ctx.get(), kServerGroups) != 1) {
    return Error::of(
        Errc::context,
        with_reason(std::string("cannot set the groups ") + kServerGroups));
  }
  // TLS-PREF-1.
  SSL_CTX_set_options(ctx.get(),
                      SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_SINGLE_ECDH_USE);
  // A session ID context lets a client that offers a session resume it
  // instead of failing the handshake when client certificates are verified.
  static constexpr unsigned char kSessionContext[] = {'d', 'e', 'g', 'u'};
  if (SSL_CTX_set_session_id_context(ctx.get(), kSessionContext,
                                     sizeof kSessionContext) != 1) {
    return Error::of(Errc::context,
                     with_reason("cannot set the session ID context"));
  }
  if (auto e = load_identity(ctx.get(), *config.cert_file, config.key_file)) {
    return *e;
  }
  if (config.allow_unauthenticated_clients) {
    // TLS-CLIENTAUTH-2: no certificate is asked for.
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    return ctx;
  }
  // TLS-CLIENTAUTH-1: required, never optional.
  SSL_CTX_set_verify(
      ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  if (auto e = load_cas(ctx.get(), config.ca_file, config.ca_path)) {
    return *e;
  }
  return ctx;
}

Result<SslCtxPtr> make_client_context(const ClientTlsConfig& config) {
  if (auto e = check_client_config(config)) {
    return *e;
  }
  auto made = new_context(TLS_client_method());
  if (!made.ok()) {
    return made.error();
  }
  SslCtxPtr ctx = std::move(made).value();
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);  // TLS-VERIFY-1
  if (config.ca_file || config.ca_path) {
    if (auto e = load_cas(ctx.get(), config.ca_file, config.ca_path)) {
      return *e;
    }
  } else {
    // TLS-VERIFY-2: the system's trust store.
    if (SSL_CTX_set_default_verify_paths(ctx.get()) != 1) {
      return Error::load("",
                         with_reason("cannot load the system's trust store"));
    }
  }
  if (config.cert_file) {
    if (auto e = load_identity(ctx.get(), *config.cert_file, config.key_file)) {
      return *e;
    }
  }
  return ctx;
}

Result<ClientAuth> check_server_context(SSL_CTX* ctx) {
  if (!is_tls12_only(ctx)) {
    return refused("the server context must allow TLS 1.2 only");
  }
  const int mode = SSL_CTX_get_verify_mode(ctx);
  if ((mode & SSL_VERIFY_PEER) == 0) {
    return ClientAuth::off;
  }
  // Asking for a certificate without insisting on one is the grey area
  // TLS-CTX-1 refuses.
  if ((mode & SSL_VERIFY_FAIL_IF_NO_PEER_CERT) == 0) {
    return refused("the server context makes client certificates optional");
  }
  return ClientAuth::required;
}

std::optional<Error> check_client_context(SSL_CTX* ctx) {
  if (!is_tls12_only(ctx)) {
    return refused("the client context must allow TLS 1.2 only");
  }
  if ((SSL_CTX_get_options(ctx) & SSL_OP_NO_COMPRESSION) == 0) {
    return refused("the client context must disable compression");
  }
  if ((SSL_CTX_get_verify_mode(ctx) & SSL_VERIFY_PEER) == 0) {
    return refused("the client context must verify the server");
  }
  return std::nullopt;
}

}  // namespace degu::tls
