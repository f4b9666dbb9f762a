// tls_transport.h: a Transport over a TLS connection, and the handshakes
// that make one (SPEC 14).
//
// TlsTransport follows io::Transport's contract and FdTransport's error
// mapping: EAGAIN from a socket timeout is io timeout; end of input is a
// read of 0, whether the peer sent close_notify or just closed the socket
// (an "unexpected EOF": message framing, not TLS, decides whether input
// was truncated); a failed system call is io system with its errno; a TLS
// protocol failure (a bad record, a fatal alert) is io system EPROTO, with
// OpenSSL's reason kept in last_tls_error().  A failed or timed-out read
// or write leaves the connection unusable: close it.
//
// SIGPIPE: the SSL object reads and writes through a BIO that calls
// recv(2) and send(2, MSG_NOSIGNAL), so writing to a vanished peer is
// io system EPIPE and never raises a signal; no signal disposition of the
// process is changed.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "degu/io/transport.h"
#include "degu/tls/openssl_ptr.h"
#include "degu/tls/result.h"

namespace degu::tls {

class TlsTransport;

// accept_tls: the server side of a handshake over fd, a connected blocking
// stream socket, with ctx (see make_server_context).  Sets fd's receive
// and send timeout to timeout first (zero: none); it stays in force for
// the returned transport.  The handshake as a whole must also end within
// timeout (SRV-TIMEOUT-2: a timeout Error with that rule otherwise).
// Takes ownership of fd: on failure fd is closed.
// before_close, when given, runs just before fd is closed, whether here on
// failure or later by the transport (io::Transport::set_before_close).
// Failure: handshake (OpenSSL's reason, and the certificate verification
// result when verification failed), timeout, or system (errno of the
// socket, or of setsockopt).
Result<TlsTransport> accept_tls(SSL_CTX* ctx, int fd,
                                std::chrono::milliseconds timeout,
                                std::function<void()> before_close = {});

// connect_tls: the client side of a handshake over fd with ctx (see
// make_client_context).  TLS-SNI-1: host (ssl_host) is sent as the server
// name, except an IP address literal ("127.0.0.1", "::1", without
// brackets), which RFC 6066 keeps out of SNI.  With check_hostname the
// server certificate must match host: a DNS name through its
// subjectAltName (or, without DNS names there, its CN), an IP literal
// through an IP subjectAltName; partial wildcards ("f*.example") never
// match.  check_hostname without a host, an empty host, or one starting
// with "." is a config Error (TLS-SNI-1) and no byte is sent.  Timeout,
// ownership of fd and failures as for accept_tls.
Result<TlsTransport> connect_tls(SSL_CTX* ctx, int fd,
                                 const std::optional<std::string>& host,
                                 bool check_hostname,
                                 std::chrono::milliseconds timeout);

// TlsTransport: owns a connected socket and the SSL object of a completed
// handshake over it.  Destroying it closes it.
class TlsTransport final : public io::Transport {
 public:
  ~TlsTransport() override;

  TlsTransport(const TlsTransport&) = delete;
  TlsTransport& operator=(const TlsTransport&) = delete;
  TlsTransport(TlsTransport&& other) noexcept;
  TlsTransport& operator=(TlsTransport&& other) noexcept;

  // fd: the socket, or -1 once closed.
  int fd() const { return fd_; }

  // set_timeout: as FdTransport::set_timeout (SRV-TIMEOUT-1,
  // CLI-TIMEOUT-1): every later receive and send fails with timeout when
  // it makes no progress for t; zero removes the timeout.
  io::Result<io::Ok> set_timeout(std::chrono::milliseconds t);

  // read_some, write_some: see io::Transport and the mapping above.
  // write_some sends at most one TLS record (16 KiB) per call.
  io::Result<std::size_t> read_some(std::span<char> dst) override;
  io::Result<std::size_t> write_some(std::span<const char> src) override;
  // set_deadline: see io::Transport; it bounds each recv and send of the
  // socket, so a TLS record that trickles in is cut at the deadline too,
  // not only when a read_some begins.  Always true.
  bool set_deadline(std::chrono::steady_clock::time_point deadline) override;

  // close: sends close_notify when no failure came before (without waiting
  // for the peer's), then closes the socket.  Closing twice is harmless.
  void close() override;
  // close_after_response: close_notify, then io::linger_on (SRV-CLOSE-2).
  void close_after_response(std::chrono::milliseconds bound) override;
  bool closed() const override { return fd_ < 0; }

  // What the handshake settled; still answered after close().
  // protocol_version: "TLSv1.2".
  std::string protocol_version() const;
  // cipher_name: OpenSSL's name of the suite, "ECDHE-RSA-AES128-GCM-SHA256".
  std::string cipher_name() const;
  // peer_common_name: the CN of the peer's certificate subject (UTF-8), or
  // nothing when the peer sent no certificate or it has no CN.
  std::optional<std::string> peer_common_name() const;
  // server_name: the SNI host name the client sent (on the client, the one
  // it sends), or nothing.
  std::optional<std::string> server_name() const;
  // last_tls_error: OpenSSL's reason for the last read or write that
  // failed with EPROTO ("" when none did).
  const std::string& last_tls_error() const { return last_tls_error_; }

  // ssl: the SSL object, for inspection only (reading or writing through
  // it bypasses this transport's state).  nullptr after a move.
  SSL* ssl() const { return ssl_.get(); }

 private:
  friend class Handshake;
  TlsTransport(int fd, SslPtr ssl);

  // failure: the io::Error for an SSL_read_ex/SSL_write_ex that returned
  // ret; marks the connection as failed.
  io::Error failure(int ret, bool writing);

  int fd_;
  SslPtr ssl_;
  bool failed_ = false;  // A read or write failed: no close_notify.
  bool eof_ = false;     // End of input was seen: reads keep giving 0.
  std::string last_tls_error_;
};

}  // namespace degu::tls
