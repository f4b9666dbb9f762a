// pki.h: a test public-key infrastructure (TLS-PKI-1, TLS-PKI-2,
// TLS-PKI-3), made with OpenSSL's C API (the openssl program is never run).
//
// A test PKI is four RSA keys, each named by its identity (TLS-PKI-1): a
// server CA and the server certificate it signed, a client CA and the
// client certificate it signed.  Every CA and certificate has the subject
// CN=<identity of its key>; CAs are self-signed; all are signed with
// SHA-384 and valid for 3650 days from now (TLS-PKI-2).  Serial numbers
// are random (159 bits).
//
// Host names: the original's certificates carry only the CN, so its tests
// turn check_hostname off.  Here the server certificate (an X.509 v3
// certificate) also has the subjectAltName DNS:<server identity>,
// DNS:localhost, IP:127.0.0.1 and IP:::1, so that a client checking host
// names succeeds with ssl_host "localhost", "127.0.0.1", "::1" or the
// server identity (the last one is what a CN check would accept), and
// fails with any other.  CAs carry basicConstraints critical CA:TRUE;
// certificates carry CA:FALSE; both carry subject and authority key IDs.
//
// Files (all PEM, mode 0600, in a directory of mode 0700; keys unencrypted
// PKCS#8): server-ca.key, server-ca.ca, server.key, server.cert,
// client-ca.key, client-ca.ca, client.key, client.cert; and the TLS
// configurations (TLS-CONFIG-1, absolute paths) server.json (client CA
// required), server-anonymous.json (allow_unauthenticated_clients),
// client.json (client certificate and key, server CA) and
// client-anonymous.json (server CA only).  The client files leave
// check_hostname at its default, true: connect with one of the host names
// above.
#pragma once

#include <openssl/evp.h>

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "degu/tls/config.h"
#include "degu/tls/result.h"

namespace degu::tls {

// kDefaultKeyBits: the RSA key size of the original's PKI.create_key
// (its TempPKI uses 2048 to keep tests fast).
inline constexpr int kDefaultKeyBits = 4096;

// kCertificateDays: TLS-PKI-2.
inline constexpr int kCertificateDays = 3650;

// kIdentityLength: TLS-PKI-1: 30 bytes are 48 base32 characters.
inline constexpr std::size_t kIdentityLength = 48;

// base32: bytes in RFC 4648 base32 (alphabet A-Z 2-7), without "="
// padding.
std::string base32(std::span<const unsigned char> bytes);

// identity_of_pem: TLS-PKI-1: base32 of the first 30 bytes of the SHA-512
// digest of public_key_pem, the public key in PEM form exactly as written
// (header, base64 lines and final newline included).
std::string identity_of_pem(std::string_view public_key_pem);

// public_key_pem: the public half of key as a SubjectPublicKeyInfo PEM
// ("-----BEGIN PUBLIC KEY-----", 64-character lines), the text
// `openssl rsa -pubout` prints.  Failure: pki, with OpenSSL's reason.
Result<std::string> public_key_pem(EVP_PKEY* key);

// key_identity: identity_of_pem(public_key_pem(key)).
Result<std::string> key_identity(EVP_PKEY* key);

// is_valid_key_bits: whether bits is an RSA size a test PKI accepts:
// 1024, 2048, 3072 or 4096, as the original (OpenSSL's default security
// level may still refuse 1024-bit keys in a handshake).
bool is_valid_key_bits(int bits);

// TestPki: where a test PKI's files are, and its identities.  Every path
// is absolute and normalised (TLS-PATH-1).
struct TestPki {
  std::string dir;
  std::string server_ca_id, server_id, client_ca_id, client_id;
  std::string server_ca_key, server_ca_cert, server_key, server_cert;
  std::string client_ca_key, client_ca_cert, client_key, client_cert;
  std::string server_json, server_anonymous_json;
  std::string client_json, client_anonymous_json;

  // The configurations the JSON files hold.
  ServerTlsConfig server_config() const;
  ServerTlsConfig anonymous_server_config() const;
  ClientTlsConfig client_config() const;
  ClientTlsConfig anonymous_client_config() const;

  // files: each file as (name, path), in the order they are written.
  std::vector<std::pair<std::string, std::string>> files() const;
};

// kServerHostNames, kServerAddresses: the subjectAltName entries of the
// server certificate besides its identity.
inline constexpr std::string_view kServerHostNames[] = {"localhost"};
inline constexpr std::string_view kServerAddresses[] = {"127.0.0.1", "::1"};

// create_test_pki: makes a test PKI in dir with bits-bit RSA keys.  dir
// (made absolute against the working directory) is created with mode 0700
// when missing (its parent must exist); an existing empty directory is
// used and set to 0700; anything else is refused, so nothing is ever
// overwritten.  Failure: pki (naming the path or OpenSSL's reason), or
// system.
Result<TestPki> create_test_pki(const std::string& dir,
                                int bits = kDefaultKeyBits);

// open_test_pki: the test PKI create_test_pki made in dir: checks that
// every file is there and reads the identities from the certificates
// (each must equal its CN).  Failure: pki.
Result<TestPki> open_test_pki(const std::string& dir);

}  // namespace degu::tls
