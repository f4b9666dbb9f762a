// x509_build.cc: the certificates of a test PKI (TLS-PKI-2): subject
// CN=<identity>, SHA-384 signatures, 3650 days, random serials.
#include "x509_build.h"

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <memory>

#include "degu/tls/pki.h"
#include "openssl_error.h"

namespace degu::tls::detail {
namespace {

Error failed(const std::string& what) {
  return Error::of(Errc::pki, with_reason(what));
}

struct BnFree {
  void operator()(BIGNUM* p) const { BN_free(p); }
};

// start_certificate: a v3 certificate for key with subject CN=cn, a random
// serial and the TLS-PKI-2 validity, not yet signed.
Result<X509Ptr> start_certificate(EVP_PKEY* key, std::string_view cn) {
  X509Ptr cert(X509_new());
  std::unique_ptr<BIGNUM, BnFree> serial(BN_new());
  // 159 random bits: positive, at most 20 bytes (RFC 5280 4.1.2.2).
  if (!cert || !serial ||
      BN_rand(serial.get(), 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ODD) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) ==
          nullptr ||
      X509_set_version(cert.get(), X509_VERSION_3) != 1) {
    return failed("cannot start a certificate");
  }
  const long seconds = static_cast<long>(kCertificateDays) * 24 * 60 * 60;
  X509_NAME* subject = X509_get_subject_name(cert.get());
  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), seconds) == nullptr ||
      X509_NAME_add_entry_by_txt(
          subject, "CN", MBSTRING_UTF8,
          reinterpret_cast<const unsigned char*>(cn.data()),
          static_cast<int>(cn.size()), -1, 0) != 1 ||
      X509_set_pubkey(cert.get(), key) != 1) {
    return failed("cannot fill in a certificate");
  }
  return cert;
}

// add_extension: the extension nid with value (OpenSSL's configuration
// syntax) to cert, issued by issuer.
bool add_extension(X509* cert, X509* issuer, int nid,
                   const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) {
    return false;
  }
  const bool added = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return added;
}

// alt_names_value: names as a subjectAltName value
// ("DNS:localhost,IP:127.0.0.1").
std::string alt_names_value(const SubjectAltNames& names) {
  std::string value;
  for (const auto& dns : names.dns) {
    value += (value.empty() ? "" : ",") + ("DNS:" + dns);
  }
  for (const auto& ip : names.ip) {
    value += (value.empty() ? "" : ",") + ("IP:" + ip);
  }
  return value;
}

}  // namespace

Result<EvpPkeyPtr> generate_rsa_key(int bits) {
  EvpPkeyPtr key(EVP_RSA_gen(static_cast<unsigned int>(bits)));
  if (!key) {
    return failed("cannot generate a " + std::to_string(bits) + "-bit RSA key");
  }
  return key;
}

Result<X509Ptr> make_ca(EVP_PKEY* key, std::string_view cn) {
  auto started = start_certificate(key, cn);
  if (!started.ok()) {
    return started.error();
  }
  X509Ptr cert = std::move(started).value();
  X509* c = cert.get();
  // Self-signed: the issuer is the subject.  The subject key ID comes
  // first, as the authority key ID copies it.
  if (X509_set_issuer_name(c, X509_get_subject_name(c)) != 1 ||
      !add_extension(c, c, NID_subject_key_identifier, "hash") ||
      !add_extension(c, c, NID_authority_key_identifier, "keyid:always") ||
      !add_extension(c, c, NID_basic_constraints, "critical,CA:TRUE") ||
      X509_sign(c, key, EVP_sha384()) == 0) {
    return failed("cannot make the CA certificate CN=" + std::string(cn));
  }
  return cert;
}

Result<X509Ptr> issue_certificate(EVP_PKEY* subject_key, std::string_view cn,
                                  X509* ca, EVP_PKEY* ca_key,
                                  const SubjectAltNames& alt_names) {
  auto started = start_certificate(subject_key, cn);
  if (!started.ok()) {
    return started.error();
  }
  X509Ptr cert = std::move(started).value();
  X509* c = cert.get();
  bool ok = X509_set_issuer_name(c, X509_get_subject_name(ca)) == 1 &&
            add_extension(c, ca, NID_basic_constraints, "CA:FALSE") &&
            add_extension(c, ca, NID_subject_key_identifier, "hash") &&
            add_extension(c, ca, NID_authority_key_identifier, "keyid:always");
  const std::string alt = alt_names_value(alt_names);
  if (ok && !alt.empty()) {
    ok = add_extension(c, ca, NID_subject_alt_name, alt);
  }
  if (!ok || X509_sign(c, ca_key, EVP_sha384()) == 0) {
    return failed("cannot issue the certificate CN=" + std::string(cn));
  }
  return cert;
}

Result<std::string> private_key_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0,
                                       nullptr, nullptr) != 1) {
    return failed("cannot write a private key as PEM");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

Result<std::string> certificate_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
    return failed("cannot write a certificate as PEM");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace degu::tls::detail
