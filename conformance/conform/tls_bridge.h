// tls_bridge.h: the runner's connections over TLS (--transport tls).
//
// The runner's peers (exchange_peer.h, runtime_cases.h) speak plaintext on
// a plain socket and judge what comes back, fates included.  Over TLS a
// connection is a socketpair: the peer keeps one end, and a thread carries
// bytes between the other end and a TLS 1.2 connection made with the
// reference's TLS layer (the original's profile, client certificates).
// The thread reads what the peer sends and writes it as TLS records, one
// record per piece the peer sent (so delivery modes carry over), and
// writes what it decrypts back.  The end of the server's input (TLS
// close_notify or a bare close) is the end of the peer's; the peer's
// shutdown of its sending side becomes close_notify and a TCP half close.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "degu/net/address.h"
#include "degu/tls/context.h"
#include "degu/tls/pki.h"
#include "degu/tls/tls_transport.h"

namespace degu::conform {

// TlsSetup: the PKI a run uses and the runner's contexts: as a client
// (of servers under test) and as a server (of clients under test).
struct TlsSetup {
  tls::TestPki pki;  // Empty for --target: the user's server has its own.
  std::shared_ptr<SSL_CTX> client_ctx;  // Client certificate, server CA.
  tls::SslCtxPtr server_ctx;  // Server certificate, client CA required.
  bool check_hostname = true;  // The server's certificate names its address.
};

// make_tls_setup: a fresh test PKI in dir (2048-bit keys, to keep start-up
// short) and both contexts.  Throws std::runtime_error naming what failed.
std::shared_ptr<TlsSetup> make_tls_setup(const std::string& dir);

// TlsConnection: one TLS connection seen as a plaintext socket.
class TlsConnection {
 public:
  // TlsConnection: connects to address (a TCP address), completes the
  // handshake with setup's client context, with the address's host
  // ("127.0.0.1", "::1") checked unless setup says not, and starts the
  // carrying thread.  Throws std::runtime_error
  // (connect or handshake failure, with OpenSSL's reason).
  TlsConnection(const TlsSetup& setup, const net::Address& address,
                std::chrono::milliseconds timeout);
  // TlsConnection: the server side: completes the handshake over fd, an
  // accepted connection it takes over, requiring the PKI's client
  // certificate.  Throws std::runtime_error as above.
  TlsConnection(const TlsSetup& setup, int fd, std::chrono::milliseconds timeout);
  ~TlsConnection();  // Closes the plaintext end, then joins the thread.
  TlsConnection(const TlsConnection&) = delete;
  TlsConnection& operator=(const TlsConnection&) = delete;

  // fd: the plaintext end for the peer.  Closing it ends the connection.
  int fd() const { return plain_; }
  void close();

  // release: hands the plaintext end over to the caller, who closes it.
  int release();

 private:
  void start(tls::TlsTransport conn);
  int plain_ = -1;
  std::thread carrier_;
};

}  // namespace degu::conform
