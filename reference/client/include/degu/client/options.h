// options.h: a client's options (CLI-OPTIONS-1, plus the deadline of
// CLI-TIMEOUT-2, which the original lacks) and the base headers they give
// with its address (CLI-HOST-*, CLI-BASE-1).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <openssl/ssl.h>

#include "degu/core/types.h"
#include "degu/net/address.h"

namespace degu::client {

class Connection;

// HostOption: the `host` option (CLI-HOST-5): absent means the default of
// CLI-HOST-1..4; a value replaces it; std::nullopt inside suppresses it.
using HostOption = std::optional<std::optional<std::string>>;

// kDefaultTimeout: CLI-TIMEOUT-1.
inline constexpr std::chrono::milliseconds kDefaultTimeout{65000};

// ClientTls: what makes a client a TLS client (TLS-VERIFY-1,
// TLS-HOSTNAME-1): a context from tls::make_client_context and whether the
// server's certificate must match ssl_host.
struct ClientTls {
  std::shared_ptr<SSL_CTX> context;
  bool check_hostname = true;
};

struct ClientOptions {
  HostOption host;                           // CLI-HOST-5.
  std::optional<std::string> authorization;  // CLI-BASE-1.
  // timeout: every receive, send and connect (CLI-TIMEOUT-1); zero: none.
  std::chrono::milliseconds timeout = kDefaultTimeout;
  // deadline: when positive, the most one exchange may take, however
  // steadily the server sends (CLI-TIMEOUT-2): sending the request, reading
  // the response preamble, and reading the body as the caller does, all
  // within it; past it they fail with a timeout and the connection closes.
  // Each request starts a new one; connecting is bound by timeout alone.
  // Zero, the default: none, as in the original.
  std::chrono::milliseconds deadline{0};
  // on_connect: called with each new connection; false makes the client
  // close it and fail (CLI-CONNECT-1).  An exception it throws counts as
  // false.
  std::function<bool(Connection&)> on_connect;
  // tls: set for a TLS client; the default port of CLI-HOST-3 is then 443.
  std::optional<ClientTls> tls;
  // ssl_host: the server name sent and checked (TLS-SNI-1): absent means
  // the host of a tuple address, none for AF_UNIX; a value replaces it;
  // std::nullopt inside sends none.
  HostOption ssl_host;
};

// default_ssl_host: TLS-SNI-1's default: the host of a tuple address,
// nothing for AF_UNIX.
std::optional<std::string> default_ssl_host(const net::Address& address);

// default_host: the `host` value CLI-HOST-1..4 give for address: host, or
// "[host]" when it contains ':' (CLI-HOST-2), then ":port" unless port is
// default_port (80 plain, 443 TLS: CLI-HOST-3); nothing for AF_UNIX
// (CLI-HOST-4).
std::optional<std::string> default_host(const net::Address& address,
                                        unsigned default_port);

// base_headers: `authorization` when configured, then `host` per
// default_host (port 443 the default for a TLS client, 80 otherwise) or the
// host option (CLI-BASE-1, CLI-HOST-5).
std::vector<core::Header> base_headers(const net::Address& address,
                                       const ClientOptions& options);

}  // namespace degu::client
