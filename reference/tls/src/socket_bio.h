// socket_bio.h: an OpenSSL BIO over a connected socket that never raises
// SIGPIPE (internal to degu_tls).
//
// OpenSSL's own socket BIO writes with write(2), which raises SIGPIPE when
// the peer is gone.  This BIO reads with recv(2) and writes with
// send(2, MSG_NOSIGNAL), so a vanished peer is an EPIPE failure, as in
// io::FdTransport; no signal disposition of the process is touched.
// EINTR is retried inside the BIO; EAGAIN (a blocking socket's
// SO_RCVTIMEO/SO_SNDTIMEO expiring; sends go through io::send_some, timed
// from their last progress) is reported to OpenSSL as "retry",
// which a blocking SSL call returns as SSL_ERROR_WANT_READ/WANT_WRITE.
// A deadline, when set, bounds every recv and send as well (see
// io::recv_some, io::send_some): past it they fail as a timeout does.
// The BIO does not own the socket.
#pragma once

#include <openssl/bio.h>

#include <chrono>

namespace degu::tls::detail {

// new_socket_bio: a BIO over fd, or nullptr when OpenSSL cannot make one.
BIO* new_socket_bio(int fd);

// socket_bio_errno: the errno of the BIO's last failed recv or send (0
// when none failed).
int socket_bio_errno(BIO* bio);

// reset_socket_bio_errno: forgets the last errno, before a new operation.
void reset_socket_bio_errno(BIO* bio);

// set_socket_bio_deadline: the deadline of the BIO's later recvs and sends
// (TlsTransport::set_deadline); max(): none, the default.
void set_socket_bio_deadline(BIO* bio,
                             std::chrono::steady_clock::time_point deadline);

}  // namespace degu::tls::detail
