// server.cc: the accept loop, connection slots (SRV-MAXCONN-1) and a
// clean stop.
//
// How stop cuts connections safely: each connection thread owns its
// socket through its transport; the server remembers the descriptor number,
// used only for shutdown(2) from cut_all.  The transport's before_close
// hook forgets the number under mutex_ just before the socket is closed,
// so cut_all never shuts down a descriptor number that has been reused,
// and a connection costs one descriptor, not two.
#include "degu/server/server.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "degu/io/fd_transport.h"
#include "degu/net/socket.h"
#include "degu/tls/tls_transport.h"
#include "degu/server/connection.h"
#include "sockets.h"

namespace degu::server {

namespace {

// kAcceptRetry: how long the accept loop rests after accept failed for
// want of descriptors or memory (nginx rests 500 ms; a shorter rest costs
// nothing measurable and notices freed descriptors sooner).
constexpr std::chrono::milliseconds kAcceptRetry{100};

}  // namespace

struct Server::Worker {
  std::thread thread;
  int cut_fd = -1;    // The socket, for shutdown; -1 once it is closed.
  bool done = false;  // The thread has ended and can be joined.
};

Server::Server(const net::Address& address, App app, ServerOptions options)
    : app_(std::move(app)), options_(options) {
  if (auto why = check_options(options_)) {
    throw std::invalid_argument(*why);
  }
  if (::pipe2(wake_fds_, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe2");
  }
  try {
    listen_fd_ = net::listen_on(address, &bound_);
  } catch (...) {
    ::close(wake_fds_[0]);
    ::close(wake_fds_[1]);
    throw;
  }
}

Server::~Server() {
  stop();
  reap(true);
  ::close(listen_fd_);
  ::close(wake_fds_[0]);
  ::close(wake_fds_[1]);
  if (auto* u = std::get_if<net::UnixAddress>(&bound_)) {
    ::unlink(u->path.c_str());
  }
}

void Server::stop() {
  stopping_.store(true);
  const char byte = 1;
  // A full pipe already holds a wake-up; nothing else can fail here.
  [[maybe_unused]] auto n = ::write(wake_fds_[1], &byte, 1);
  std::lock_guard<std::mutex> lock(mutex_);
  slot_freed_.notify_all();
}

std::size_t Server::live_connections() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return live_;
}

void Server::serve() {
  pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fds_[0], POLLIN, 0}};
  while (!stopping_.load()) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;  // Cannot happen with valid descriptors; stop serving.
    }
    if (fds[1].revents != 0) {
      break;
    }
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      // The peer gave up (ECONNABORTED) or a signal came: listen on.  Out
      // of descriptors or memory, the queued connection stays queued and
      // the listening socket readable: retrying at once would spin, so the
      // loop rests (still woken by stop) until something may have freed up.
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
          errno == ENOMEM) {
        ::poll(&fds[1], 1, static_cast<int>(kAcceptRetry.count()));
      }
      continue;
    }
    reap(false);
    admit(fd);
  }
  cut_all();
  reap(true);
}

bool Server::wait_for_slot() {
  std::unique_lock<std::mutex> lock(mutex_);
  const bool free = slot_freed_.wait_for(lock, kSlotWait, [this] {
    return live_ < options_.max_connections || stopping_.load();
  });
  if (!free || stopping_.load()) {
    return false;
  }
  live_ += 1;
  return true;
}

void Server::admit(int fd) {
  if (!wait_for_slot()) {
    ::close(fd);  // SRV-MAXCONN-1: closed without reading from it.
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto& worker = *workers_.emplace_back(std::make_unique<Worker>());
  worker.cut_fd = fd;
  try {
    worker.thread =
        std::thread([this, &worker, fd] { run_connection(worker, fd); });
  } catch (const std::system_error&) {
    // No thread to serve it: the connection is closed unread.
    workers_.pop_back();
    live_ -= 1;
    ::close(fd);
  }
}

bool Server::admitted_by_hook(Session& session, io::Transport& transport) {
  if (!on_connect_) {
    return true;
  }
  try {
    return on_connect_(session, transport);
  } catch (...) {
    return false;  // SRV-CONNECT-1: a failure closes the connection.
  }
}

std::unique_ptr<io::Transport> Server::open_transport(int fd, Worker& worker,
                                                     Session& session) {
  auto forget = [this, &worker] {
    std::lock_guard<std::mutex> lock(mutex_);
    worker.cut_fd = -1;
  };
  // SRV-TIMEOUT-1: in force before anything is read or sent, the TLS
  // handshake included.
  if (tls_) {
    auto made = tls::accept_tls(tls_.get(), fd, options_.timeout, forget);
    if (!made.ok()) {
      session.closed = CloseReason::handshake_failed;
      session.detail = tls::describe(made.error());
      return nullptr;  // accept_tls closed fd.
    }
    return std::make_unique<tls::TlsTransport>(std::move(made).value());
  }
  auto plain = std::make_unique<io::FdTransport>(fd);
  plain->set_before_close(forget);
  if (auto set = plain->set_timeout(options_.timeout); !set.ok()) {
    session.closed = CloseReason::send_failed;
    session.detail = "set_timeout: " + io::describe(set.error());
    return nullptr;
  }
  return plain;
}

void Server::run_connection(Worker& worker, int fd) {
  Session session;
  session.peer = detail::peer_text(fd);
  session.credentials = detail::peer_credentials(fd);
  session.max_requests = options_.max_requests;
  if (auto transport = open_transport(fd, worker, session)) {
    if (log_) {
      log_(session);
    }
    if (admitted_by_hook(session, *transport)) {
      serve_connection(*transport, session, app_);
    } else {
      session.closed = CloseReason::connect_refused;
      transport->close();
    }
  }
  if (log_) {
    log_(session);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  worker.done = true;  // The transport is gone, and forgot cut_fd.
  live_ -= 1;
  slot_freed_.notify_all();
}

void Server::cut_all() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& worker : workers_) {
    if (worker->cut_fd >= 0) {
      ::shutdown(worker->cut_fd, SHUT_RDWR);
    }
  }
}

void Server::reap(bool all) {
  std::list<std::unique_ptr<Worker>> finished;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = workers_.begin(); it != workers_.end();) {
      auto next = std::next(it);
      if (all || (*it)->done) {
        finished.splice(finished.end(), workers_, it);
      }
      it = next;
    }
  }
  for (auto& worker : finished) {
    worker->thread.join();
  }
}

}  // namespace degu::server
