// address.h: server addresses as text (ADDR-*), for the command line and
// the listener.
//
//   /abs/path.sock      AF_UNIX socket file (ADDR-UNIX-1)
//   1.2.3.4:PORT        IPv4 (ADDR-INET-1)
//   [v6addr]:PORT       IPv6 (ADDR-INET-2); [fe80::1%eth0]:PORT or
//                       [fe80::1%3]:PORT gives the scope ID (ADDR-INET-3)
//
// PORT 0 asks the system for a free port (ADDR-PORT-1).  Host names are
// not resolved: a server binds a literal address.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace degu::server {

struct UnixAddress {
  std::string path;
};

struct Inet4Address {
  std::string host;  // Dotted quad.
  std::uint16_t port = 0;
};

struct Inet6Address {
  std::string host;  // Without brackets or scope.
  std::uint16_t port = 0;
  std::uint32_t flowinfo = 0;
  std::uint32_t scope_id = 0;
};

using Address = std::variant<UnixAddress, Inet4Address, Inet6Address>;

// AddressResult: an Address, or why the text is not one.
struct AddressResult {
  std::variant<Address, std::string> value;
  bool ok() const { return value.index() == 0; }
  const Address& address() const { return std::get<0>(value); }
  const std::string& error() const { return std::get<1>(value); }
};

// parse_address: the Address text names.  Refused: an AF_UNIX path that is
// relative or not normalised (empty, "." or ".." components, a trailing
// "/"), a host that is not a literal of its family, a port outside
// 0-65535, anything else.
AddressResult parse_address(std::string_view text);

// format_address: the text form parse_address reads ("[::1]:8080"; an IPv6
// scope is written as its number, "%3").
std::string format_address(const Address& address);

}  // namespace degu::server
