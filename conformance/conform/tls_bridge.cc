// tls_bridge.cc: a TLS connection carried to and from a socketpair.
#include "tls_bridge.h"

#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "degu/net/socket.h"
#include "degu/tls/tls_transport.h"

namespace degu::conform {
namespace {

constexpr int kTestKeyBits = 2048;

// carry: moves bytes both ways until the server's input ends and the
// plaintext end is closed, or either side fails.
void carry(tls::TlsTransport tls_conn, int plain) {
  bool plain_open = true;  // The peer may still send.
  bool server_open = true;  // The server may still send.
  std::vector<char> buf(1 << 16);
  while (server_open || plain_open) {
    SSL* ssl = tls_conn.ssl();
    const bool pending = ssl != nullptr && SSL_pending(ssl) > 0;
    pollfd p[2] = {{plain, static_cast<short>(plain_open ? POLLIN : 0), 0},
                   {tls_conn.fd(), static_cast<short>(server_open ? POLLIN : 0), 0}};
    if (!pending && ::poll(p, 2, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    if (p[0].revents & POLLHUP) {
      break;  // The peer closed its end: the case is over.
    }
    if (plain_open && (p[0].revents & (POLLIN | POLLERR))) {
      const ssize_t n = ::recv(plain, buf.data(), buf.size(), 0);
      if (n > 0) {
        std::span<const char> left(buf.data(), static_cast<std::size_t>(n));
        while (!left.empty()) {
          auto wrote = tls_conn.write_some(left);
          if (!wrote.ok()) {
            plain_open = false;  // The server stopped reading.
            break;
          }
          left = left.subspan(*wrote);
        }
      } else if (n == 0) {
        plain_open = false;  // The peer's end of input: close_notify, half close.
        if (SSL* s = tls_conn.ssl()) {
          SSL_shutdown(s);
        }
        ::shutdown(tls_conn.fd(), SHUT_WR);
      } else if (errno != EINTR && errno != EAGAIN) {
        break;
      }
    }
    if (server_open && (pending || (p[1].revents & (POLLIN | POLLHUP | POLLERR)))) {
      auto got = tls_conn.read_some(std::span<char>(buf.data(), buf.size()));
      if (!got.ok() || *got == 0) {
        server_open = false;  // Its end of input is the peer's.
        ::shutdown(plain, SHUT_WR);
      } else {
        std::size_t off = 0;
        while (off < *got) {
          const ssize_t n = ::send(plain, buf.data() + off, *got - off, MSG_NOSIGNAL);
          if (n <= 0) {
            if (n < 0 && errno == EINTR) {
              continue;
            }
            server_open = false;
            break;
          }
          off += static_cast<std::size_t>(n);
        }
      }
    }
  }
  ::close(plain);
  tls_conn.close();
}

std::string host_of(const net::Address& address) {
  if (const auto* v6 = std::get_if<net::Inet6Address>(&address)) {
    return v6->host;
  }
  if (const auto* v4 = std::get_if<net::HostPortAddress>(&address)) {
    return v4->host;
  }
  throw std::runtime_error("TLS needs a TCP address");
}

}  // namespace

std::shared_ptr<TlsSetup> make_tls_setup(const std::string& dir) {
  auto pki = tls::create_test_pki(dir, kTestKeyBits);
  if (!pki.ok()) {
    throw std::runtime_error("cannot make a test PKI in " + dir + ": " +
                             tls::describe(pki.error()));
  }
  auto ctx = tls::make_client_context(pki->client_config());
  if (!ctx.ok()) {
    throw std::runtime_error("cannot make the TLS client context: " +
                             tls::describe(ctx.error()));
  }
  auto server_ctx = tls::make_server_context(pki->server_config());
  if (!server_ctx.ok()) {
    throw std::runtime_error("cannot make the TLS server context: " +
                             tls::describe(server_ctx.error()));
  }
  auto setup = std::make_shared<TlsSetup>();
  setup->pki = std::move(pki).value();
  setup->client_ctx = std::move(ctx).value();
  setup->server_ctx = std::move(server_ctx).value();
  return setup;
}

TlsConnection::TlsConnection(const TlsSetup& setup, const net::Address& address,
                             std::chrono::milliseconds timeout) {
  const int fd = net::connect_to(address, timeout);
  auto conn = tls::connect_tls(setup.client_ctx.get(), fd, host_of(address),
                               setup.check_hostname, timeout);
  if (!conn.ok()) {
    throw std::runtime_error(tls::describe(conn.error()));  // "handshake: ...".
  }
  start(std::move(conn).value());
}

TlsConnection::TlsConnection(const TlsSetup& setup, int fd, std::chrono::milliseconds timeout) {
  auto conn = tls::accept_tls(setup.server_ctx.get(), fd, timeout);
  if (!conn.ok()) {
    throw std::runtime_error(tls::describe(conn.error()));  // "handshake: ...".
  }
  start(std::move(conn).value());
}

void TlsConnection::start(tls::TlsTransport conn) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    throw std::runtime_error("socketpair failed");
  }
  plain_ = pair[0];
  carrier_ = std::thread(carry, std::move(conn), pair[1]);
}

int TlsConnection::release() {
  const int fd = plain_;
  plain_ = -1;
  return fd;
}

void TlsConnection::close() {
  if (plain_ >= 0) {
    ::close(plain_);
    plain_ = -1;
  }
}

TlsConnection::~TlsConnection() {
  close();
  if (carrier_.joinable()) {
    carrier_.join();
  }
}

}  // namespace degu::conform
