// session.h: the state of one accepted connection (SRV-SESSION-1,
// SRV-SESSION-2, SRV-CRED-1), shared by every request on it.
#pragma once

#include <any>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>

namespace degu::server {

// Credentials: the peer process of an AF_UNIX connection, as the kernel
// reported it when the connection was accepted (SO_PEERCRED).
struct Credentials {
  pid_t pid = 0;
  uid_t uid = 0;
  gid_t gid = 0;
};

// CloseReason: why the server ended a connection.
enum class CloseReason : std::uint8_t {
  open,               // Not closed yet.
  eof,                // SRV-EOF-1: the peer ended before a request.
  status,             // SRV-KEEPALIVE-1: the status ends the connection.
  max_requests,       // SRV-MAXREQ-1: the limit was reached.
  request_error,      // SRV-ERROR-1: the request or its body was refused.
  app_failed,         // SRV-ERROR-1: the application failed.
  body_not_consumed,  // SRV-CONSUME-1.
  head_with_body,     // SRV-HEAD-1.
  response_refused,   // SRV-RESPONSE-1: the response broke an OUT-* rule.
  send_failed,        // SRV-ERROR-2: sending failed after it began.
  connect_refused,    // SRV-CONNECT-1: the on_connect hook refused it.
  handshake_failed,   // SRV-TLS-1: the TLS handshake failed.
};

// close_reason_name: the snake_case name of r ("max_requests").
const char* close_reason_name(CloseReason r);

// Session: one per connection, passed with every request of it.
struct Session {
  // peer: the peer's address as text ("127.0.0.1:5000", "[::1]:5000", an
  // AF_UNIX path, or empty for an unbound AF_UNIX client).
  std::string peer;
  // credentials: on AF_UNIX servers only (SRV-CRED-1).
  std::optional<Credentials> credentials;
  // max_requests: the connection's limit; 0 acts as 1 (SRV-MAXREQ-2).
  std::uint32_t max_requests = 1000;
  // requests: responses sent completely so far (SRV-MAXREQ-1).
  std::uint32_t requests = 0;
  // closed: why the connection ended, or open; detail says more (for logs).
  CloseReason closed = CloseReason::open;
  std::string detail;
  // store: the application's per-connection state, discarded with the
  // connection (SRV-SESSION-2).
  std::map<std::string, std::any> store;
};

}  // namespace degu::server
