// socket_bio.cc: the BIO_METHOD behind new_socket_bio.
#include "socket_bio.h"

#include <sys/socket.h>

#include <cerrno>
#include <chrono>

#include "degu/io/fd_transport.h"

namespace degu::tls::detail {
namespace {

// State: what the BIO keeps besides OpenSSL's own fields.
struct State {
  int fd = -1;
  bool eof = false;    // recv returned 0: BIO_eof is then true.
  int last_errno = 0;  // Of the last failed recv or send.
  // Of every recv and send (io::recv_some, io::send_some); max(): none.
  std::chrono::steady_clock::time_point deadline =
      std::chrono::steady_clock::time_point::max();
};

State* state_of(BIO* bio) { return static_cast<State*>(BIO_get_data(bio)); }

// is_timeout: whether e is what a blocking socket's timeout gives.
bool is_timeout(int e) { return e == EAGAIN || e == EWOULDBLOCK; }

int bio_write(BIO* bio, const char* data, std::size_t size,
              std::size_t* written) {
  State* s = state_of(bio);
  BIO_clear_retry_flags(bio);
  // Timed from the last progress, as io::FdTransport's sends are.
  const long n = io::send_some(s->fd, data, size, s->deadline);
  if (n >= 0) {
    *written = static_cast<std::size_t>(n);
    return 1;
  }
  s->last_errno = errno;
  if (is_timeout(errno)) {
    BIO_set_retry_write(bio);
  }
  return 0;
}

int bio_read(BIO* bio, char* data, std::size_t size, std::size_t* read) {
  State* s = state_of(bio);
  BIO_clear_retry_flags(bio);
  const long n = io::recv_some(s->fd, data, size, s->deadline);
  if (n > 0) {
    *read = static_cast<std::size_t>(n);
    return 1;
  }
  if (n == 0) {
    s->eof = true;
    return 0;
  }
  s->last_errno = errno;
  if (is_timeout(errno)) {
    BIO_set_retry_read(bio);
  }
  return 0;
}

long bio_ctrl(BIO* bio, int cmd, long, void* ptr) {
  State* s = state_of(bio);
  switch (cmd) {
    case BIO_CTRL_FLUSH:
      return 1;  // Nothing is buffered here.
    case BIO_CTRL_EOF:
      return s != nullptr && s->eof ? 1 : 0;
    case BIO_C_GET_FD:
      if (s == nullptr) {
        return -1;
      }
      if (ptr != nullptr) {
        *static_cast<int*>(ptr) = s->fd;
      }
      return s->fd;
    default:
      return 0;
  }
}

int bio_destroy(BIO* bio) {
  delete state_of(bio);
  BIO_set_data(bio, nullptr);
  BIO_set_init(bio, 0);
  return 1;
}

// method: the BIO_METHOD, made once and kept for the process's lifetime.
const BIO_METHOD* method() {
  static BIO_METHOD* m = [] {
    BIO_METHOD* made = BIO_meth_new(
        BIO_get_new_index() | BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR,
        "degu socket (MSG_NOSIGNAL)");
    if (made != nullptr) {
      BIO_meth_set_write_ex(made, bio_write);
      BIO_meth_set_read_ex(made, bio_read);
      BIO_meth_set_ctrl(made, bio_ctrl);
      BIO_meth_set_destroy(made, bio_destroy);
    }
    return made;
  }();
  return m;
}

}  // namespace

BIO* new_socket_bio(int fd) {
  const BIO_METHOD* m = method();
  if (m == nullptr) {
    return nullptr;
  }
  BIO* bio = BIO_new(m);
  if (bio == nullptr) {
    return nullptr;
  }
  BIO_set_data(bio, new State{fd, false, 0});
  BIO_set_init(bio, 1);
  return bio;
}

int socket_bio_errno(BIO* bio) {
  const State* s = state_of(bio);
  return s == nullptr ? 0 : s->last_errno;
}

void reset_socket_bio_errno(BIO* bio) {
  if (State* s = state_of(bio)) {
    s->last_errno = 0;
  }
}

void set_socket_bio_deadline(BIO* bio,
                             std::chrono::steady_clock::time_point deadline) {
  if (State* s = state_of(bio)) {
    s->deadline = deadline;
  }
}

}  // namespace degu::tls::detail
