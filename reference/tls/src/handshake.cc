// handshake.cc: accept_tls and connect_tls: an SSL object over the socket
// BIO, SNI and the hostname check (TLS-SNI-1), and the handshake's
// failures as tls::Error.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <string>
#include <utility>

#include "degu/io/fd_transport.h"
#include "degu/tls/tls_transport.h"
#include "openssl_error.h"
#include "socket_bio.h"

namespace degu::tls {

// Handshake: the one place that makes a TlsTransport.
class Handshake {
 public:
  // run: the handshake of ssl over fd (accepting when server), as a
  // transport.  Owns fd and ssl whatever happens; before_close runs before
  // fd is closed, here or by the transport.
  static Result<TlsTransport> run(int fd, SslPtr ssl, bool server,
                                  std::chrono::milliseconds timeout,
                                  std::function<void()> before_close);
};

namespace {

// close_socket: before_close (when there is one), then close fd.
void close_socket(int fd, const std::function<void()>& before_close) {
  if (before_close) {
    before_close();
  }
  ::close(fd);
}

// is_ip_literal: whether host is an IPv4 or IPv6 address in text form.
bool is_ip_literal(const std::string& host) {
  in6_addr addr{};
  return ::inet_pton(AF_INET, host.c_str(), &addr) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), &addr) == 1;
}

// new_ssl: an SSL object of ctx over fd, or the Error (fd is then closed,
// after before_close).
Result<SslPtr> new_ssl(SSL_CTX* ctx, int fd,
                       const std::function<void()>& before_close) {
  ERR_clear_error();
  SslPtr ssl(SSL_new(ctx));
  BIO* bio = ssl ? detail::new_socket_bio(fd) : nullptr;
  if (bio == nullptr) {
    close_socket(fd, before_close);
    return Error::of(Errc::context,
                     detail::with_reason("cannot make an SSL object"));
  }
  SSL_set_bio(ssl.get(), bio, bio);  // ssl now owns bio.
  // One record per write_some (a short write), and a write retried after a
  // timeout may come from another buffer address.
  SSL_set_mode(ssl.get(), SSL_MODE_ENABLE_PARTIAL_WRITE |
                              SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  return ssl;
}

// handshake_failure: the Error for SSL_accept (server) or SSL_connect
// returning ret.  A timeout names the side's timeout rule.
Error handshake_failure(SSL* ssl, int ret, bool server,
                        std::chrono::milliseconds timeout) {
  const int code = SSL_get_error(ssl, ret);
  const int sys_errno = detail::socket_bio_errno(SSL_get_rbio(ssl));
  if (code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE) {
    ERR_clear_error();
    Error e = Error::of(Errc::timeout, "the TLS handshake made no progress for " +
                                           std::to_string(timeout.count()) +
                                           " ms");
    e.rule = server ? "SRV-TIMEOUT-1" : "CLI-TIMEOUT-1";
    return e;
  }
  if (code == SSL_ERROR_SYSCALL && sys_errno != 0) {
    ERR_clear_error();
    return Error::system(sys_errno, "TLS handshake");
  }
  std::string message = "TLS handshake failed";
  std::string reason = detail::take_openssl_errors();
  if (reason.empty()) {
    reason = code == SSL_ERROR_SYSCALL
                 ? "the peer closed the connection"
                 : "SSL_get_error " + std::to_string(code);
  }
  message += ": " + reason;
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    message += " (certificate verification: ";
    message += X509_verify_cert_error_string(verify);
    message += ")";
  }
  return Error::of(Errc::handshake, std::move(message));
}

}  // namespace

Result<TlsTransport> Handshake::run(int fd, SslPtr ssl, bool server,
                                    std::chrono::milliseconds timeout,
                                    std::function<void()> before_close) {
  if (const int e = io::set_socket_timeout(fd, timeout)) {
    close_socket(fd, before_close);
    return Error::system(e, "setsockopt of the socket timeout");
  }
  ERR_clear_error();
  BIO* bio = SSL_get_rbio(ssl.get());
  detail::reset_socket_bio_errno(bio);
  // SRV-TIMEOUT-2: a server's handshake as a whole is bounded by the
  // timeout too, so that a ClientHello trickled in cannot hold it.
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  const bool bounded = server && timeout.count() > 0;
  if (bounded) {
    detail::set_socket_bio_deadline(bio, deadline);
  }
  const int ret = server ? SSL_accept(ssl.get()) : SSL_connect(ssl.get());
  if (bounded) {
    detail::set_socket_bio_deadline(bio, Clock::time_point::max());
  }
  if (ret != 1) {
    Error e = handshake_failure(ssl.get(), ret, server, timeout);
    if (bounded && e.code == Errc::timeout && Clock::now() >= deadline) {
      e.rule = "SRV-TIMEOUT-2";
      e.message = "the TLS handshake took more than " + std::to_string(timeout.count()) + " ms";
    }
    ssl.reset();
    close_socket(fd, before_close);
    return e;
  }
  TlsTransport made(fd, std::move(ssl));
  made.set_before_close(std::move(before_close));
  return made;
}

Result<TlsTransport> accept_tls(SSL_CTX* ctx, int fd,
                                std::chrono::milliseconds timeout,
                                std::function<void()> before_close) {
  auto ssl = new_ssl(ctx, fd, before_close);
  if (!ssl.ok()) {
    return ssl.error();
  }
  return Handshake::run(fd, std::move(ssl).value(), true, timeout,
                        std::move(before_close));
}

Result<TlsTransport> connect_tls(SSL_CTX* ctx, int fd,
                                 const std::optional<std::string>& host,
                                 bool check_hostname,
                                 std::chrono::milliseconds timeout) {
  // TLS-SNI-1: ssl_host must be a name (Python's ssl module refuses these
  // two as well), and a hostname check needs one to check against.
  if (host && (host->empty() || host->front() == '.')) {
    ::close(fd);
    return Error::config("TLS-SNI-1", "ssl_host",
                         "ssl_host \"" + *host +
                             "\" is not a host name (empty, or starts with "
                             "\".\")");
  }
  if (check_hostname && !host) {
    ::close(fd);
    return Error::config("TLS-SNI-1", "check_hostname",
                         "check_hostname needs a host name (ssl_host) to "
                         "check the server certificate against");
  }
  auto made = new_ssl(ctx, fd, {});
  if (!made.ok()) {
    return made.error();
  }
  SslPtr ssl = std::move(made).value();
  if (host) {
    const bool ip = is_ip_literal(*host);
    bool set = ip || SSL_set_tlsext_host_name(ssl.get(), host->c_str()) == 1;
    if (set && check_hostname) {
      SSL_set_hostflags(ssl.get(), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      set = ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()),
                                               host->c_str()) == 1
               : SSL_set1_host(ssl.get(), host->c_str()) == 1;
    }
    if (!set) {
      ssl.reset();
      ::close(fd);
      return Error::config(
          "TLS-SNI-1", "ssl_host",
          detail::with_reason("cannot use ssl_host \"" + *host + "\""));
    }
  }
  return Handshake::run(fd, std::move(ssl), false, timeout, {});
}

}  // namespace degu::tls
