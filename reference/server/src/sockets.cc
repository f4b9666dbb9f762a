// sockets.cc: naming peers and reading their credentials.
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

std::string inet_text(int family, const void* addr) {
  char text[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(family, addr, text, sizeof text) == nullptr) {
    return "?";
  }
  return text;
}

}  // namespace

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
