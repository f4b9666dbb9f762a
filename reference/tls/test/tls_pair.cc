// tls_pair.cc: sockets and handshakes for the tests.
#include "tls_pair.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace degu::tls::test {

FdPair unix_pair() {
  int fds[2] = {-1, -1};
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    ADD_FAILURE() << "socketpair: " << std::strerror(errno);
  }
  return {fds[0], fds[1]};
}

std::optional<FdPair> tcp_pair(const std::string& ip) {
  sockaddr_storage addr{};
  socklen_t len = 0;
  int family = AF_INET;
  if (ip.find(':') == std::string::npos) {
    auto* in = reinterpret_cast<sockaddr_in*>(&addr);
    in->sin_family = AF_INET;
    if (::inet_pton(AF_INET, ip.c_str(), &in->sin_addr) != 1) {
      return std::nullopt;
    }
    len = sizeof *in;
  } else {
    family = AF_INET6;
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&addr);
    in6->sin6_family = AF_INET6;
    if (::inet_pton(AF_INET6, ip.c_str(), &in6->sin6_addr) != 1) {
      return std::nullopt;
    }
    len = sizeof *in6;
  }
  const int listener = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0) {
    return std::nullopt;
  }
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  if (::bind(listener, sa, len) != 0 || ::listen(listener, 1) != 0 ||
      ::getsockname(listener, sa, &len) != 0) {
    ::close(listener);
    return std::nullopt;
  }
  const int client = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (client < 0 || ::connect(client, sa, len) != 0) {
    if (client >= 0) {
      ::close(client);
    }
    ::close(listener);
    return std::nullopt;
  }
  const int server = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  ::close(listener);
  if (server < 0) {
    ::close(client);
    return std::nullopt;
  }
  return FdPair{server, client};
}

Sides handshake(SSL_CTX* server_ctx, SSL_CTX* client_ctx,
                const ClientSettings& settings, std::optional<FdPair> fds) {
  const FdPair pair = fds ? *fds : unix_pair();
  std::optional<Result<TlsTransport>> server;
  std::thread server_side([&] {
    server.emplace(accept_tls(server_ctx, pair.server, kTestTimeout));
  });
  auto client = connect_tls(client_ctx, pair.client, settings.host,
                            settings.check_hostname, kTestTimeout);
  server_side.join();
  return Sides{std::move(*server), std::move(client)};
}

SslCtxPtr server_ctx(const ServerTlsConfig& config) {
  auto ctx = make_server_context(config);
  if (!ctx.ok()) {
    ADD_FAILURE() << describe(ctx.error());
    return nullptr;
  }
  return std::move(ctx).value();
}

SslCtxPtr client_ctx(const ClientTlsConfig& config) {
  auto ctx = make_client_context(config);
  if (!ctx.ok()) {
    ADD_FAILURE() << describe(ctx.error());
    return nullptr;
  }
  return std::move(ctx).value();
}

}  // namespace degu::tls::test
