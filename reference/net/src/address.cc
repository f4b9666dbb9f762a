// address.cc: addresses as text (ADDR-UNIX-1, ADDR-UNIX-2, ADDR-INET-1..3,
// ADDR-BAD-1).
#include "degu/net/address.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <charconv>
#include <optional>

namespace degu::net {

namespace {

AddressResult refuse(std::string why) { return {std::move(why)}; }

// normalised_path: ADDR-UNIX-1: absolute, and equal to its normalised
// form: no empty, "." or ".." component and no trailing "/".
bool normalised_path(std::string_view path) {
  if (path.size() < 2 || path.front() != '/' || path.back() == '/') {
    return false;
  }
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    const std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") {
      return false;
    }
    start = end + 1;
  }
  return true;
}

// parse_port: 0 to 65535 in decimal, digits only.
std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) {
    return std::nullopt;
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(value);
}

// parse_scope: an interface name or number (ADDR-INET-3).
std::optional<std::uint32_t> parse_scope(const std::string& text) {
  std::uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!text.empty() && ec == std::errc() && end == text.data() + text.size()) {
    return value;
  }
  const unsigned index = if_nametoindex(text.c_str());
  if (index == 0) {
    return std::nullopt;
  }
  return index;
}

AddressResult parse_inet6(std::string_view text) {
  const std::size_t close = text.find(']');
  if (close == std::string_view::npos || close + 1 >= text.size() ||
      text[close + 1] != ':') {
    return refuse("an IPv6 address is [ADDR]:PORT");
  }
  std::string host(text.substr(1, close - 1));
  Inet6Address a;
  if (const std::size_t pct = host.find('%'); pct != std::string::npos) {
    auto scope = parse_scope(host.substr(pct + 1));
    if (!scope) {
      return refuse("unknown IPv6 scope '" + host.substr(pct + 1) + "'");
    }
    a.scope_id = *scope;
    host.resize(pct);
  }
  in6_addr bin{};
  if (inet_pton(AF_INET6, host.c_str(), &bin) != 1) {
    return refuse("'" + host + "' is not an IPv6 literal");
  }
  auto port = parse_port(text.substr(close + 2));
  if (!port) {
    return refuse("bad port in '" + std::string(text) + "'");
  }
  a.host = host;
  a.port = *port;
  return {Address{a}};
}

// dns_name: letters, digits, '-' and '.', not empty, at most 253 bytes.
bool dns_name(std::string_view host) {
  if (host.empty() || host.size() > 253) {
    return false;
  }
  for (const char c : host) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9');
    if (!alnum && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

AddressResult parse_host_port(std::string_view text, Role role) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return refuse("an address is /PATH, @NAME, HOST:PORT or [ADDR]:PORT");
  }
  std::string host(text.substr(0, colon));
  in_addr bin{};
  const bool literal = inet_pton(AF_INET, host.c_str(), &bin) == 1;
  // ADDR-INET-1: a server binds AF_INET; a client may resolve a name.
  if (role == Role::server && !literal) {
    return refuse("'" + host + "' is not an IPv4 literal");
  }
  if (role == Role::client && !literal && !dns_name(host)) {
    return refuse("'" + host + "' is neither an IPv4 literal nor a DNS name");
  }
  auto port = parse_port(text.substr(colon + 1));
  if (!port) {
    return refuse("bad port in '" + std::string(text) + "'");
  }
  return {Address{HostPortAddress{host, *port}}};
}

}  // namespace

AddressResult parse_address(std::string_view text, Role role) {
  if (text.empty()) {
    return refuse("empty address");
  }
  if (text.front() == '@') {
    // ADDR-UNIX-2: the sockaddr holds a NUL byte, then the name.
    if (text.size() >= sizeof(sockaddr_un{}.sun_path)) {
      return refuse("abstract AF_UNIX name too long");
    }
    return {Address{AbstractAddress{std::string(text.substr(1))}}};
  }
  if (text.front() == '/') {
    if (!normalised_path(text)) {
      return refuse("AF_UNIX path '" + std::string(text) +
                    "' is not normalised (ADDR-UNIX-1)");
    }
    if (text.size() >= sizeof(sockaddr_un{}.sun_path)) {
      return refuse("AF_UNIX path too long");
    }
    return {Address{UnixAddress{std::string(text)}}};
  }
  if (text.front() == '[') {
    return parse_inet6(text);
  }
  if (text.find('/') != std::string_view::npos) {
    return refuse("AF_UNIX path '" + std::string(text) +
                  "' is not absolute (ADDR-UNIX-1)");
  }
  return parse_host_port(text, role);
}

std::string format_address(const Address& address) {
  if (auto* u = std::get_if<UnixAddress>(&address)) {
    return u->path;
  }
  if (auto* a = std::get_if<AbstractAddress>(&address)) {
    return "@" + a->name;
  }
  if (auto* hp = std::get_if<HostPortAddress>(&address)) {
    return hp->host + ":" + std::to_string(hp->port);
  }
  const auto& v6 = std::get<Inet6Address>(address);
  std::string out = "[" + v6.host;
  if (v6.scope_id != 0) {
    out += "%" + std::to_string(v6.scope_id);
  }
  return out + "]:" + std::to_string(v6.port);
}

}  // namespace degu::net
