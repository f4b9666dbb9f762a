// sockets.cc: binding, listening and naming peers.
#include "sockets.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <system_error>
#include <utility>

namespace degu::server::detail {

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

std::string inet_text(int family, const void* addr) {
  char text[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(family, addr, text, sizeof text) == nullptr) {
    return "?";
  }
  return text;
}

int bind_unix(const UnixAddress& a, Address* bound) {
  Socket s{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  if (s.fd < 0) {
    fail("socket");
  }
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  if (a.path.size() >= sizeof sa.sun_path) {
    throw std::system_error(ENAMETOOLONG, std::generic_category(), "bind");
  }
  std::memcpy(sa.sun_path, a.path.data(), a.path.size());
  if (::bind(s.fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    fail("bind");
  }
  *bound = a;
  return s.release();
}

// tcp_socket: a stream socket of family with SO_REUSEADDR, so a restarted
// server can bind its port again at once.
Socket tcp_socket(int family) {
  Socket s{::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  if (s.fd < 0) {
    fail("socket");
  }
  const int one = 1;
  if (::setsockopt(s.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) {
    fail("setsockopt");
  }
  return s;
}

int bind_inet4(const Inet4Address& a, Address* bound) {
  Socket s = tcp_socket(AF_INET);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(a.port);
  if (inet_pton(AF_INET, a.host.c_str(), &sa.sin_addr) != 1) {
    throw std::system_error(EINVAL, std::generic_category(), "inet_pton");
  }
  if (::bind(s.fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    fail("bind");
  }
  socklen_t len = sizeof sa;
  if (::getsockname(s.fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0) {
    fail("getsockname");
  }
  *bound = Inet4Address{inet_text(AF_INET, &sa.sin_addr), ntohs(sa.sin_port)};
  return s.release();
}

int bind_inet6(const Inet6Address& a, Address* bound) {
  Socket s = tcp_socket(AF_INET6);
  const int one = 1;
  if (::setsockopt(s.fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) {
    fail("setsockopt");
  }
  sockaddr_in6 sa{};
  sa.sin6_family = AF_INET6;
  sa.sin6_port = htons(a.port);
  sa.sin6_flowinfo = htonl(a.flowinfo);
  sa.sin6_scope_id = a.scope_id;
  if (inet_pton(AF_INET6, a.host.c_str(), &sa.sin6_addr) != 1) {
    throw std::system_error(EINVAL, std::generic_category(), "inet_pton");
  }
  if (::bind(s.fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    fail("bind");
  }
  socklen_t len = sizeof sa;
  if (::getsockname(s.fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0) {
    fail("getsockname");
  }
  *bound = Inet6Address{inet_text(AF_INET6, &sa.sin6_addr), ntohs(sa.sin6_port),
                        ntohl(sa.sin6_flowinfo), sa.sin6_scope_id};
  return s.release();
}

}  // namespace

int listen_on(const Address& address, Address* bound) {
  Socket s{-1};
  if (auto* u = std::get_if<UnixAddress>(&address)) {
    s.fd = bind_unix(*u, bound);
  } else if (auto* v4 = std::get_if<Inet4Address>(&address)) {
    s.fd = bind_inet4(*v4, bound);
  } else {
    s.fd = bind_inet6(std::get<Inet6Address>(address), bound);
  }
  if (::listen(s.fd, kBacklog) != 0) {
    const int e = errno;
    if (auto* u = std::get_if<UnixAddress>(&address)) {
      ::unlink(u->path.c_str());
    }
    throw std::system_error(e, std::generic_category(), "listen");
  }
  return s.release();
}

std::string peer_text(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
    return "?";
  }
  if (ss.ss_family == AF_INET) {
    const auto& sa = reinterpret_cast<const sockaddr_in&>(ss);
    return inet_text(AF_INET, &sa.sin_addr) + ":" +
           std::to_string(ntohs(sa.sin_port));
  }
  if (ss.ss_family == AF_INET6) {
    const auto& sa = reinterpret_cast<const sockaddr_in6&>(ss);
    return "[" + inet_text(AF_INET6, &sa.sin6_addr) + "]:" +
           std::to_string(ntohs(sa.sin6_port));
  }
  if (ss.ss_family == AF_UNIX) {
    const auto& sa = reinterpret_cast<const sockaddr_un&>(ss);
    const std::size_t n = len > offsetof(sockaddr_un, sun_path)
                              ? len - offsetof(sockaddr_un, sun_path)
                              : 0;
    if (n == 0) {
      return "";  // An unbound client.
    }
    if (sa.sun_path[0] == '\0') {
      return "@" + std::string(sa.sun_path + 1, n - 1);  // Abstract name.
    }
    return std::string(sa.sun_path, strnlen(sa.sun_path, n));
  }
  return "?";
}

std::optional<Credentials> peer_credentials(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0 ||
      ss.ss_family != AF_UNIX) {
    return std::nullopt;
  }
  ucred cred{};
  socklen_t cred_len = sizeof cred;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cred_len) != 0) {
    return std::nullopt;
  }
  return Credentials{cred.pid, cred.uid, cred.gid};
}

}  // namespace degu::server::detail
