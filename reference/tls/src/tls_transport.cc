// tls_transport.cc: SSL_read_ex and SSL_write_ex on a handshaken
// connection, their failures mapped to io::Error.
#include "degu/tls/tls_transport.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "degu/io/fd_transport.h"
#include "openssl_error.h"
#include "socket_bio.h"

namespace degu::tls {

TlsTransport::TlsTransport(int fd, SslPtr ssl)
    : fd_(fd), ssl_(std::move(ssl)) {}

TlsTransport::~TlsTransport() { close(); }

TlsTransport::TlsTransport(TlsTransport&& other) noexcept
    : Transport(std::move(other)),
      fd_(std::exchange(other.fd_, -1)),
      ssl_(std::move(other.ssl_)),
      failed_(other.failed_),
      eof_(other.eof_),
      last_tls_error_(std::move(other.last_tls_error_)) {}

TlsTransport& TlsTransport::operator=(TlsTransport&& other) noexcept {
  if (this != &other) {
    close();
    Transport::operator=(std::move(other));
    fd_ = std::exchange(other.fd_, -1);
    ssl_ = std::move(other.ssl_);
    failed_ = other.failed_;
    eof_ = other.eof_;
    last_tls_error_ = std::move(other.last_tls_error_);
  }
  return *this;
}

io::Result<io::Ok> TlsTransport::set_timeout(std::chrono::milliseconds t) {
  if (fd_ < 0) {
    return io::Error::of(io::Errc::closed);
  }
  if (const int e = io::set_socket_timeout(fd_, t)) {
    return io::Error::system(e);
  }
  return io::Ok{};
}

bool TlsTransport::set_deadline(std::chrono::steady_clock::time_point deadline) {
  if (ssl_) {  // One BIO reads and writes.
    detail::set_socket_bio_deadline(SSL_get_rbio(ssl_.get()), deadline);
  }
  return true;
}

io::Error TlsTransport::failure(int ret, bool writing) {
  failed_ = true;
  const int code = SSL_get_error(ssl_.get(), ret);
  const int sys_errno = detail::socket_bio_errno(SSL_get_rbio(ssl_.get()));
  switch (code) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
      // A blocking socket wants a retry only when its timeout expired.
      ERR_clear_error();
      return io::Error::of(io::Errc::timeout);
    case SSL_ERROR_SYSCALL:
      ERR_clear_error();
      if (sys_errno != 0) {
        return io::Error::system(sys_errno);
      }
      return io::Error::system(EPIPE);  // The peer closed the socket.
    case SSL_ERROR_ZERO_RETURN:
      ERR_clear_error();
      return io::Error::system(writing ? EPIPE : EPROTO);
    default:
      last_tls_error_ = detail::take_openssl_errors();
      return io::Error::system(EPROTO);
  }
}

io::Result<std::size_t> TlsTransport::read_some(std::span<char> dst) {
  if (fd_ < 0) {
    return io::Error::of(io::Errc::closed);
  }
  if (eof_) {
    return std::size_t{0};
  }
  ERR_clear_error();
  detail::reset_socket_bio_errno(SSL_get_rbio(ssl_.get()));
  std::size_t n = 0;
  const int ret = SSL_read_ex(ssl_.get(), dst.data(), dst.size(), &n);
  if (ret == 1) {
    return n;
  }
  const int code = SSL_get_error(ssl_.get(), ret);
  if (code == SSL_ERROR_ZERO_RETURN) {
    eof_ = true;  // close_notify.
    return std::size_t{0};
  }
  // The socket ended without close_notify.  OpenSSL 3 reports that as
  // SSL_R_UNEXPECTED_EOF_WHILE_READING, older versions as SYSCALL without
  // errno; both are end of input here.
  const bool unexpected_eof =
      (code == SSL_ERROR_SSL && ERR_GET_REASON(ERR_peek_error()) ==
                                    SSL_R_UNEXPECTED_EOF_WHILE_READING) ||
      (code == SSL_ERROR_SYSCALL &&
       detail::socket_bio_errno(SSL_get_rbio(ssl_.get())) == 0);
  if (unexpected_eof) {
    ERR_clear_error();
    eof_ = true;
    failed_ = true;  // OpenSSL forbids SSL_shutdown after this.
    return std::size_t{0};
  }
  return failure(ret, false);
}

io::Result<std::size_t> TlsTransport::write_some(std::span<const char> src) {
  if (fd_ < 0) {
    return io::Error::of(io::Errc::closed);
  }
  ERR_clear_error();
  detail::reset_socket_bio_errno(SSL_get_rbio(ssl_.get()));
  std::size_t n = 0;
  const int ret = SSL_write_ex(ssl_.get(), src.data(), src.size(), &n);
  if (ret == 1) {
    return n;
  }
  return failure(ret, true);
}

void TlsTransport::close() { close_after_response(std::chrono::milliseconds(0)); }

void TlsTransport::close_after_response(std::chrono::milliseconds bound) {
  if (fd_ < 0) {
    return;
  }
  if (!failed_ && ssl_ && SSL_is_init_finished(ssl_.get()) == 1) {
    // Best effort: one close_notify, bounded by the send timeout.
    ERR_clear_error();
    SSL_shutdown(ssl_.get());
    ERR_clear_error();
  }
  if (bound.count() > 0) {
    io::linger_on(fd_, bound);  // After close_notify (SRV-CLOSE-2).
  }
  run_before_close();
  // Not retried on EINTR: Linux releases the descriptor regardless.
  ::close(std::exchange(fd_, -1));
}

std::string TlsTransport::protocol_version() const {
  return ssl_ ? SSL_get_version(ssl_.get()) : "";
}

std::string TlsTransport::cipher_name() const {
  if (!ssl_) {
    return "";
  }
  const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl_.get());
  return cipher == nullptr ? "" : SSL_CIPHER_get_name(cipher);
}

std::optional<std::string> TlsTransport::peer_common_name() const {
  if (!ssl_) {
    return std::nullopt;
  }
  X509* cert = SSL_get0_peer_certificate(ssl_.get());
  if (cert == nullptr) {
    return std::nullopt;
  }
  X509_NAME* subject = X509_get_subject_name(cert);
  const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (index < 0) {
    return std::nullopt;
  }
  ASN1_STRING* data =
      X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
  unsigned char* utf8 = nullptr;
  const int size = ASN1_STRING_to_UTF8(&utf8, data);
  if (size < 0) {
    ERR_clear_error();
    return std::nullopt;
  }
  std::string cn(reinterpret_cast<const char*>(utf8),
                 static_cast<std::size_t>(size));
  OPENSSL_free(utf8);
  return cn;
}

std::optional<std::string> TlsTransport::server_name() const {
  if (!ssl_) {
    return std::nullopt;
  }
  const char* name = SSL_get_servername(ssl_.get(), TLSEXT_NAMETYPE_host_name);
  if (name == nullptr) {
    return std::nullopt;
  }
  return std::string(name);
}

}  // namespace degu::tls
