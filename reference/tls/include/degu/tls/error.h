// error.h: why a TLS operation outside the byte stream failed.
//
// Reading and writing a connected TlsTransport report io::Error, like every
// Transport.  Everything before that (reading a configuration, building a
// context, the handshake, making a test PKI) reports a tls::Error: a kind,
// the SPEC rule when one decides the refusal, and one human line naming the
// key or file and the problem (with OpenSSL's reason text when OpenSSL
// refused).  Nothing in degu_tls throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace degu::tls {

// Errc: the kinds of failure.
enum class Errc : std::uint8_t {
  config,     // A configuration broke a rule: see Error::rule and key.
  load,       // A certificate, key or CA file could not be loaded.
  context,    // OpenSSL refused a context setting, or a prepared context
              // breaks TLS-CTX-1.
  handshake,  // The TLS handshake failed (OpenSSL's reason in message).
  timeout,    // The socket's timeout expired during the handshake (rule:
              // SRV-TIMEOUT-1 or CLI-TIMEOUT-1, by side).
  system,     // A system call failed: see sys_errno.
  pki,        // Making or opening a test PKI failed.
};

// errc_name: the stable snake_case name of c ("handshake").
std::string_view errc_name(Errc c);

// Error: one failure.  rule is a SPEC rule ID ("TLS-PATH-1") when one
// decides the failure, otherwise empty; key is the configuration key
// concerned, or empty.
struct Error {
  Errc code = Errc::config;
  std::string rule;
  std::string key;
  std::string message;
  int sys_errno = 0;  // system only.

  // config: the configuration broke rule, about key (may be empty).
  static Error config(std::string_view rule, std::string_view key,
                      std::string message);
  // load: the file of configuration key could not be loaded or used.
  static Error load(std::string_view key, std::string message);
  // of: a failure of kind c explained by message.
  static Error of(Errc c, std::string message);
  // system: a system call failed with errno e; what says which one.
  static Error system(int e, std::string_view what);

  friend bool operator==(const Error&, const Error&) = default;
};

// describe: one line for logs and test messages, e.g.
// "config (TLS-PATH-1): cert_file is not an absolute, normalised path: ...".
std::string describe(const Error& e);

}  // namespace degu::tls
