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

#include <algorithm>
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

// kMaxWaiting: how many accepted connections may wait for a slot at once
// (SRV-MAXCONN-2); beyond them, new connections stay in the listen queue,
// whose length (128) this matches.  Bounds the descriptors spent waiting.
constexpr std::size_t kMaxWaiting = 128;

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
  wake();
}

void Server::wake() {
  const char byte = 1;
  // A full pipe already holds a wake-up; nothing else can fail here.
  [[maybe_unused]] auto n = ::write(wake_fds_[1], &byte, 1);
}

void Server::drain_wakes() {
  char bytes[64];
  while (::read(wake_fds_[0], bytes, sizeof bytes) > 0) {
  }
}

std::size_t Server::live_connections() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return live_;
}

// serve: one thread accepts, admits and expires; connections are served by
// their own threads.  Waiting connections wait side by side, each at most
// kSlotWait from its acceptance (SRV-MAXCONN-2), while the loop accepts on.
void Server::serve() {
  while (!stopping_.load()) {
    admit_waiting();
    expire_waiting();
    pollfd fds[2] = {
        {listen_fd_, static_cast<short>(waiting_.size() < kMaxWaiting ? POLLIN : 0), 0},
        {wake_fds_[0], POLLIN, 0}};
    if (::poll(fds, 2, poll_timeout_ms()) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;  // Cannot happen with valid descriptors; stop serving.
    }
    if (fds[1].revents != 0) {
      drain_wakes();  // A stop, or a slot freed: the loop looks again.
    }
    if (!stopping_.load() && (fds[0].revents & POLLIN) != 0) {
      accept_one();
    }
  }
  for (const Waiting& w : waiting_) {
    ::close(w.fd);  // Unread, as SRV-MAXCONN-1 closes them.
  }
  waiting_.clear();
  cut_all();
  reap(true);
}

void Server::accept_one() {
  const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) {
    // The peer gave up (ECONNABORTED) or a signal came: listen on.
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
        errno == ENOMEM) {
      rest_after_accept_failure();
    }
    return;
  }
  reap(false);
  waiting_.push_back({fd, std::chrono::steady_clock::now() + kSlotWait});
}

// rest_after_accept_failure: out of descriptors or memory, the queued
// connection stays queued and the listening socket readable: retrying at
// once would spin, so the loop rests (still woken by stop or a connection
// that ends) until something may have freed up.
void Server::rest_after_accept_failure() {
  pollfd wake{wake_fds_[0], POLLIN, 0};
  ::poll(&wake, 1, static_cast<int>(kAcceptRetry.count()));
}

void Server::admit_waiting() {
  while (!waiting_.empty()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (live_ >= options_.max_connections) {
        return;
      }
      live_ += 1;
    }
    const int fd = waiting_.front().fd;
    waiting_.pop_front();
    start(fd);
  }
}

void Server::expire_waiting() {
  const auto now = std::chrono::steady_clock::now();
  while (!waiting_.empty() && waiting_.front().deadline <= now) {
    ::close(waiting_.front().fd);  // SRV-MAXCONN-1: closed without reading.
    waiting_.pop_front();
  }
}

// poll_timeout_ms: until the oldest waiting connection's deadline (rounded
// up, so that it has passed on waking), or no limit.
int Server::poll_timeout_ms() const {
  if (waiting_.empty()) {
    return -1;
  }
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(
      waiting_.front().deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0));
}

// start: a thread for fd, which already holds a slot (live_ counts it).
void Server::start(int fd) {
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
      serve_connection(*transport, session, app_, options_.timeout);  // SRV-TIMEOUT-2.
    } else {
      session.closed = CloseReason::connect_refused;
      transport->close();
    }
  }
  if (log_) {
    log_(session);
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    worker.done = true;  // The transport is gone, and forgot cut_fd.
    live_ -= 1;
  }
  wake();  // A slot is free: a waiting connection may take it.
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
