// address.h: the one address value that selects a server's or a client's
// address family (ADDR-FORM-1), and its text form for command lines.
//
//   /abs/path.sock      AF_UNIX socket file (ADDR-UNIX-1)
//   @name               Linux abstract AF_UNIX name; "@" alone lets a server's
//                       kernel choose one (ADDR-UNIX-2)
//   HOST:PORT           the 2-tuple (ADDR-INET-1): a server binds AF_INET, so
//                       HOST is an IPv4 literal; a client's HOST may also be
//                       a DNS name, resolved when connecting
//   [v6addr]:PORT       the 4-tuple (ADDR-INET-2); [fe80::1%eth0]:PORT or
//                       [fe80::1%3]:PORT gives the scope ID (ADDR-INET-3)
//
// PORT 0 asks a server's system for a free port (ADDR-PORT-1).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace degu::net {

// UnixAddress: an AF_UNIX socket file, absolute and normalised.
struct UnixAddress {
  std::string path;
};

// AbstractAddress: a Linux abstract AF_UNIX name (without the leading NUL
// byte of its sockaddr form); empty on a server means "choose one".
struct AbstractAddress {
  std::string name;
};

// HostPortAddress: the 2-tuple (host, port).  For a server host is an IPv4
// literal; for a client a DNS name or a literal of either family.
struct HostPortAddress {
  std::string host;
  std::uint16_t port = 0;
};

// Inet6Address: the 4-tuple (host, port, flowinfo, scope_id).
struct Inet6Address {
  std::string host;  // An IPv6 literal, without brackets or scope.
  std::uint16_t port = 0;
  std::uint32_t flowinfo = 0;
  std::uint32_t scope_id = 0;
};

using Address =
    std::variant<UnixAddress, AbstractAddress, HostPortAddress, Inet6Address>;

// Role: who the address is for; it decides what a 2-tuple's host may be.
enum class Role : std::uint8_t { server, client };

// AddressResult: an Address, or why the text is not one.
struct AddressResult {
  std::variant<Address, std::string> value;
  bool ok() const { return value.index() == 0; }
  const Address& address() const { return std::get<0>(value); }
  const std::string& error() const { return std::get<1>(value); }
};

// parse_address: the Address text names for role.  Refused: an AF_UNIX path
// that is relative or not normalised (empty, "." or ".." components, a
// trailing "/") or too long for a sockaddr; an abstract name too long; a
// 2-tuple host that is not an IPv4 literal (server) or not an IPv4 literal
// or DNS name (client: letters, digits, '-' and '.'); a 4-tuple host that is
// not an IPv6 literal or an unknown scope; a port outside 0-65535; anything
// else.
AddressResult parse_address(std::string_view text, Role role = Role::server);

// format_address: the text form parse_address reads ("[::1]:8080"; an IPv6
// scope is written as its number, "%3"; an abstract name as "@name").
std::string format_address(const Address& address);

}  // namespace degu::net
