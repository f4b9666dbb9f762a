// x509_build.h: RSA keys, CAs and issued certificates for a test PKI
// (TLS-PKI-2), with OpenSSL's C API (internal to degu_tls).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "degu/tls/openssl_ptr.h"
#include "degu/tls/result.h"

namespace degu::tls::detail {

// generate_rsa_key: a new RSA key of bits bits, public exponent 65537.
Result<EvpPkeyPtr> generate_rsa_key(int bits);

// SubjectAltNames: DNS names and IP address literals for a certificate.
struct SubjectAltNames {
  std::vector<std::string> dns;
  std::vector<std::string> ip;
};

// make_ca: a self-signed CA certificate for key with subject CN=cn.
Result<X509Ptr> make_ca(EVP_PKEY* key, std::string_view cn);

// issue_certificate: a certificate for subject_key with subject CN=cn,
// signed by ca_key as ca, carrying alt_names when it has any.
Result<X509Ptr> issue_certificate(EVP_PKEY* subject_key, std::string_view cn,
                                  X509* ca, EVP_PKEY* ca_key,
                                  const SubjectAltNames& alt_names);

// private_key_pem, certificate_pem: the PEM text of key (unencrypted
// PKCS#8, "BEGIN PRIVATE KEY") and of cert.
Result<std::string> private_key_pem(EVP_PKEY* key);
Result<std::string> certificate_pem(X509* cert);

}  // namespace degu::tls::detail
