// socket.cc: binding, listening and connecting.
#include "degu/net/socket.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

#include "degu/io/fd_transport.h"

namespace degu::net {

namespace {

// kBacklog: pending connections the kernel queues before accept.
constexpr int kBacklog = 128;

[[noreturn]] void fail(const char* call) {
  throw std::system_error(errno, std::generic_category(), call);
}

// Socket: closes the fd unless released (so a failed setup leaks nothing).
struct Socket {
  int fd;
  explicit Socket(int f) : fd(f) {}
  Socket(Socket&& other) noexcept : fd(other.release()) {}
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
  int release() { return std::exchange(fd, -1); }
};

Socket new_socket(int family) {
  Socket s{::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  if (s.fd < 0) {
    fail("socket");
  }
  return s;
}

std::string inet_text(int family, const void* addr) {
  char text[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(family, addr, text, sizeof text) == nullptr) {
    return "?";
  }
  return text;
}

// SockAddr: a sockaddr of any family with its length.
struct SockAddr {
  sockaddr_storage storage{};
  socklen_t length = 0;
  sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage); }
  int family() const { return storage.ss_family; }
};

// unix_sockaddr: a path, or an abstract name after a NUL byte (whose
// length, not a terminator, ends it).
SockAddr unix_sockaddr(std::string_view name, bool abstract) {
  SockAddr out;
  auto& sa = reinterpret_cast<sockaddr_un&>(out.storage);
  sa.sun_family = AF_UNIX;
  const std::size_t offset = abstract ? 1 : 0;
  if (name.size() + offset >= sizeof sa.sun_path) {
    throw std::system_error(ENAMETOOLONG, std::generic_category(), "bind");
  }
  std::memcpy(sa.sun_path + offset, name.data(), name.size());
  out.length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) +
                                      offset + name.size() + (abstract ? 0 : 1));
  return out;
}

SockAddr inet4_sockaddr(const HostPortAddress& a) {
  SockAddr out;
  auto& sa = reinterpret_cast<sockaddr_in&>(out.storage);
  sa.sin_family = AF_INET;
  sa.sin_port = htons(a.port);
  if (inet_pton(AF_INET, a.host.c_str(), &sa.sin_addr) != 1) {
    throw std::invalid_argument("'" + a.host + "' is not an IPv4 literal");
  }
  out.length = sizeof sa;
  return out;
}

SockAddr inet6_sockaddr(const Inet6Address& a) {
  SockAddr out;
  auto& sa = reinterpret_cast<sockaddr_in6&>(out.storage);
  sa.sin6_family = AF_INET6;
  sa.sin6_port = htons(a.port);
  sa.sin6_flowinfo = htonl(a.flowinfo);
  sa.sin6_scope_id = a.scope_id;
  if (inet_pton(AF_INET6, a.host.c_str(), &sa.sin6_addr) != 1) {
    throw std::invalid_argument("'" + a.host + "' is not an IPv6 literal");
  }
  out.length = sizeof sa;
  return out;
}

// bound_address: what getsockname says fd is bound to, as an Address.
Address bound_address(int fd, int family) {
  SockAddr sa;
  sa.length = sizeof sa.storage;
  if (::getsockname(fd, sa.get(), &sa.length) != 0) {
    fail("getsockname");
  }
  if (family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(sa.storage);
    return HostPortAddress{inet_text(AF_INET, &in.sin_addr), ntohs(in.sin_port)};
  }
  const auto& in6 = reinterpret_cast<const sockaddr_in6&>(sa.storage);
  return Inet6Address{inet_text(AF_INET6, &in6.sin6_addr), ntohs(in6.sin6_port),
                      ntohl(in6.sin6_flowinfo), in6.sin6_scope_id};
}

// abstract_bound: the abstract name fd is bound to (the kernel chose it
// when the name was empty, ADDR-UNIX-2).
Address abstract_bound(int fd) {
  SockAddr sa;
  sa.length = sizeof sa.storage;
  if (::getsockname(fd, sa.get(), &sa.length) != 0) {
    fail("getsockname");
  }
  const auto& un = reinterpret_cast<const sockaddr_un&>(sa.storage);
  const std::size_t n = sa.length - offsetof(sockaddr_un, sun_path);
  return AbstractAddress{n > 1 ? std::string(un.sun_path + 1, n - 1) : ""};
}

void set_option(int fd, int level, int name) {
  const int one = 1;
  if (::setsockopt(fd, level, name, &one, sizeof one) != 0) {
    fail("setsockopt");
  }
}

// bind_socket: a socket bound to address, *bound set.
Socket bind_socket(const Address& address, Address* bound) {
  if (auto* u = std::get_if<UnixAddress>(&address)) {
    SockAddr sa = unix_sockaddr(u->path, false);
    Socket s = new_socket(AF_UNIX);
    if (::bind(s.fd, sa.get(), sa.length) != 0) {
      fail("bind");
    }
    *bound = *u;
    return s;
  }
  if (auto* a = std::get_if<AbstractAddress>(&address)) {
    Socket s = new_socket(AF_UNIX);
    if (a->name.empty()) {
      // Binding only the family makes the kernel choose a name (autobind).
      sa_family_t family = AF_UNIX;
      if (::bind(s.fd, reinterpret_cast<sockaddr*>(&family), sizeof family) != 0) {
        fail("bind");
      }
    } else {
      SockAddr sa = unix_sockaddr(a->name, true);
      if (::bind(s.fd, sa.get(), sa.length) != 0) {
        fail("bind");
      }
    }
    *bound = abstract_bound(s.fd);
    return s;
  }
  SockAddr sa = std::holds_alternative<HostPortAddress>(address)
                    ? inet4_sockaddr(std::get<HostPortAddress>(address))
                    : inet6_sockaddr(std::get<Inet6Address>(address));
  Socket s = new_socket(sa.family());
  set_option(s.fd, SOL_SOCKET, SO_REUSEADDR);
  if (sa.family() == AF_INET6) {
    set_option(s.fd, IPPROTO_IPV6, IPV6_V6ONLY);
  }
  if (::bind(s.fd, sa.get(), sa.length) != 0) {
    fail("bind");
  }
  *bound = bound_address(s.fd, sa.family());
  return s;
}

// connect_one: a socket of sa's family connected to sa, or the errno.
int connect_one(SockAddr& sa, std::chrono::milliseconds timeout, int* error) {
  Socket s = new_socket(sa.family());
  if (sa.family() == AF_UNIX) {
    set_option(s.fd, SOL_SOCKET, SO_PASSCRED);  // ADDR-UNIX-3.
  }
  set_timeouts(s.fd, timeout);  // Linux bounds connect by SO_SNDTIMEO.
  while (::connect(s.fd, sa.get(), sa.length) != 0) {
    if (errno != EINTR) {
      *error = errno == EINPROGRESS ? ETIMEDOUT : errno;
      return -1;
    }
  }
  return s.release();
}

// resolve: the socket addresses a 2-tuple's host names, in resolver order.
std::vector<SockAddr> resolve(const HostPortAddress& a) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* list = nullptr;
  const std::string port = std::to_string(a.port);
  const int rc = ::getaddrinfo(a.host.c_str(), port.c_str(), &hints, &list);
  if (rc != 0) {
    throw std::system_error(EHOSTUNREACH, std::generic_category(),
                            "cannot resolve '" + a.host + "': " + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owner(list, ::freeaddrinfo);
  std::vector<SockAddr> out;
  for (addrinfo* p = list; p != nullptr; p = p->ai_next) {
    SockAddr sa;
    std::memcpy(&sa.storage, p->ai_addr, p->ai_addrlen);
    sa.length = p->ai_addrlen;
    out.push_back(sa);
  }
  return out;
}

}  // namespace

int listen_on(const Address& address, Address* bound) {
  Socket s = bind_socket(address, bound);
  if (::listen(s.fd, kBacklog) != 0) {
    const int e = errno;
    if (auto* u = std::get_if<UnixAddress>(&address)) {
      ::unlink(u->path.c_str());
    }
    throw std::system_error(e, std::generic_category(), "listen");
  }
  return s.release();
}

int connect_to(const Address& address, std::chrono::milliseconds timeout) {
  std::vector<SockAddr> candidates;
  if (auto* u = std::get_if<UnixAddress>(&address)) {
    candidates.push_back(unix_sockaddr(u->path, false));
  } else if (auto* a = std::get_if<AbstractAddress>(&address)) {
    candidates.push_back(unix_sockaddr(a->name, true));
  } else if (auto* hp = std::get_if<HostPortAddress>(&address)) {
    candidates = resolve(*hp);
  } else {
    candidates.push_back(inet6_sockaddr(std::get<Inet6Address>(address)));
  }
  int error = ECONNREFUSED;
  for (SockAddr& sa : candidates) {
    const int fd = connect_one(sa, timeout, &error);
    if (fd >= 0) {
      return fd;
    }
  }
  throw std::system_error(error, std::generic_category(), "connect");
}

void set_timeouts(int fd, std::chrono::milliseconds timeout) {
  if (const int e = io::set_socket_timeout(fd, timeout)) {
    throw std::system_error(e, std::generic_category(), "setsockopt");
  }
}

}  // namespace degu::net
