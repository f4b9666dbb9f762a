// options.h: a client's options (CLI-OPTIONS-1) and the base headers they
// give with its address (CLI-HOST-*, CLI-BASE-1).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "degu/core/types.h"
#include "degu/net/address.h"

namespace degu::client {

class Connection;

// HostOption: the `host` option (CLI-HOST-5): absent means the default of
// CLI-HOST-1..4; a value replaces it; std::nullopt inside suppresses it.
using HostOption = std::optional<std::optional<std::string>>;

// kDefaultTimeout: CLI-TIMEOUT-1.
inline constexpr std::chrono::milliseconds kDefaultTimeout{65000};

struct ClientOptions {
  HostOption host;                           // CLI-HOST-5.
  std::optional<std::string> authorization;  // CLI-BASE-1.
  // timeout: every receive, send and connect (CLI-TIMEOUT-1); zero: none.
  std::chrono::milliseconds timeout = kDefaultTimeout;
  // on_connect: called with each new connection; false makes the client
  // close it and fail (CLI-CONNECT-1).  An exception it throws counts as
  // false.
  std::function<bool(Connection&)> on_connect;
};

// default_host: the `host` value CLI-HOST-1..4 give for address: host, or
// "[host]" when it contains ':' (CLI-HOST-2), then ":port" unless port is
// default_port (80 plain, 443 TLS: CLI-HOST-3); nothing for AF_UNIX
// (CLI-HOST-4).
std::optional<std::string> default_host(const net::Address& address,
                                        unsigned default_port);

// base_headers: `authorization` when configured, then `host` per
// default_host or the host option (CLI-BASE-1, CLI-HOST-5).
std::vector<core::Header> base_headers(const net::Address& address,
                                       const ClientOptions& options,
                                       unsigned default_port = 80);

}  // namespace degu::client
