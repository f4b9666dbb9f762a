// tls_pair.h: connected sockets and two-sided handshakes for the tests.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "degu/tls/context.h"
#include "degu/tls/tls_transport.h"

namespace degu::tls::test {

// kTestTimeout: the socket timeout of every test handshake and transfer.
inline constexpr std::chrono::milliseconds kTestTimeout{5000};

// FdPair: two connected stream sockets, server side and client side.
struct FdPair {
  int server = -1;
  int client = -1;
};

// unix_pair: an AF_UNIX socketpair.  Fails the test when it cannot.
FdPair unix_pair();

// tcp_pair: a TCP connection over the loopback address ip ("127.0.0.1" or
// "::1"); nothing when that address cannot be used here.
std::optional<FdPair> tcp_pair(const std::string& ip);

// Sides: the outcome of both sides of one handshake.
struct Sides {
  Result<TlsTransport> server;
  Result<TlsTransport> client;
};

// ClientSettings: how the client side connects.
struct ClientSettings {
  std::optional<std::string> host;
  bool check_hostname = false;
};

// handshake: accept_tls with server_ctx in a thread and connect_tls with
// client_ctx in this one, over fds (a unix_pair by default).
Sides handshake(SSL_CTX* server_ctx, SSL_CTX* client_ctx,
                const ClientSettings& settings = {},
                std::optional<FdPair> fds = std::nullopt);

// server_ctx, client_ctx: contexts from the configurations; fail the test
// (and return nullptr) when they cannot be made.
SslCtxPtr server_ctx(const ServerTlsConfig& config);
SslCtxPtr client_ctx(const ClientTlsConfig& config);

}  // namespace degu::tls::test
