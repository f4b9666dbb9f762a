// context.h: OpenSSL contexts with Degu's TLS profile (SPEC 14).
//
// Both sides: TLS 1.2 only (TLS-VERSION-1), the two ECDHE-RSA AES-GCM
// suites of kCipherList (TLS-CIPHER-1), compression off (TLS-COMPRESS-1).
// Server: key exchange over secp384r1 only with a fresh ephemeral key per
// handshake (TLS-GROUP-1), its own cipher order decides (TLS-PREF-1), and a
// client certificate is required and verified against ca_file/ca_path
// (TLS-CLIENTAUTH-1) unless allow_unauthenticated_clients turns client
// authentication off (TLS-CLIENTAUTH-2).  Client: the server certificate
// is always required and verified (TLS-VERIFY-1), against ca_file/ca_path
// or else the system's default trust store (TLS-VERIFY-2); the client
// certificate is optional; no group restriction.  The hostname check and
// SNI are per connection: see connect_tls in tls_transport.h.
//
// OpenSSL's security level is left at the system default (Debian 12: 2,
// so RSA keys need at least 2048 bits).
#pragma once

#include <openssl/ssl.h>

#include <optional>

#include "degu/tls/config.h"
#include "degu/tls/openssl_ptr.h"
#include "degu/tls/result.h"

namespace degu::tls {

// kCipherList: TLS-CIPHER-1, in the server's order of preference
// (TLS-PREF-1: AES128 first).
inline constexpr const char* kCipherList =
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384";

// kServerGroups: TLS-GROUP-1, the server's only key-exchange group.
inline constexpr const char* kServerGroups = "secp384r1";

// make_server_context: a server SSL_CTX for config.  Failure: config (the
// first refusal of check_server_config), load (a file that cannot be read
// or used: the message names the key, the file and OpenSSL's reason, and
// says when key_file does not match cert_file; a ca_path that is not a
// directory is refused too), or context (OpenSSL refused a setting).
// Encrypted keys are refused (no passphrase is ever asked for).
Result<SslCtxPtr> make_server_context(const ServerTlsConfig& config);

// make_client_context: a client SSL_CTX for config; failures as for
// make_server_context, with check_client_config.  config.check_hostname
// is not stored in the context: pass it to connect_tls.
Result<SslCtxPtr> make_client_context(const ClientTlsConfig& config);

// ClientAuth: what a server context does with client certificates.
enum class ClientAuth { required, off };

// check_server_context: TLS-CTX-1 for a prepared server context: its
// client-certificate mode, or a context Error when it is not TLS 1.2 only
// or makes client certificates optional.  ClientAuth::off is allowed, and
// the caller should warn about it.
Result<ClientAuth> check_server_context(SSL_CTX* ctx);

// check_client_context: TLS-CTX-1 for a prepared client context: nothing
// when it is TLS 1.2 only, has compression off and requires server
// verification; otherwise a context Error saying which.
std::optional<Error> check_client_context(SSL_CTX* ctx);

}  // namespace degu::tls
