// options.cc: default host and base headers (CLI-HOST-*, CLI-BASE-1).
#include "degu/client/options.h"

namespace degu::client {

namespace {

std::string host_text(const std::string& host, unsigned port,
                      unsigned default_port) {
  // CLI-HOST-2: an IPv6 literal is bracketed.
  std::string out = host.find(':') == std::string::npos ? host : "[" + host + "]";
  if (port != default_port) {  // CLI-HOST-3.
    out += ":" + std::to_string(port);
  }
  return out;
}

}  // namespace

std::optional<std::string> default_host(const net::Address& address,
                                        unsigned default_port) {
  if (auto* hp = std::get_if<net::HostPortAddress>(&address)) {
    return host_text(hp->host, hp->port, default_port);
  }
  if (auto* v6 = std::get_if<net::Inet6Address>(&address)) {
    return host_text(v6->host, v6->port, default_port);
  }
  return std::nullopt;  // CLI-HOST-4: AF_UNIX.
}

std::optional<std::string> default_ssl_host(const net::Address& address) {
  if (auto* hp = std::get_if<net::HostPortAddress>(&address)) {
    return hp->host;
  }
  if (auto* v6 = std::get_if<net::Inet6Address>(&address)) {
    return v6->host;
  }
  return std::nullopt;
}

std::vector<core::Header> base_headers(const net::Address& address,
                                       const ClientOptions& options) {
  const unsigned default_port = options.tls ? 443 : 80;  // CLI-HOST-3.
  std::vector<core::Header> out;
  if (options.authorization) {
    out.push_back({"authorization", *options.authorization});
  }
  const std::optional<std::string> host =
      options.host ? *options.host : default_host(address, default_port);
  if (host && !host->empty()) {  // An empty host value sends no header.
    out.push_back({"host", *host});
  }
  return out;
}

}  // namespace degu::client
