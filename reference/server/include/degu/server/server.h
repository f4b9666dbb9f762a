// server.h: a listening server: binds an address, accepts connections and
// serves each in its own thread (SRV-THREAD-1) with serve_connection.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <openssl/ssl.h>

#include "degu/io/transport.h"
#include "degu/net/address.h"
#include "degu/server/app.h"
#include "degu/server/options.h"
#include "degu/server/session.h"

namespace degu::server {

// ConnectionLog: told when a connection is admitted (closed: open) and
// when it ends; called from connection threads.
using ConnectionLog = std::function<void(const Session& session)>;

// OnConnect: called once per admitted connection, before its first request
// (SRV-CONNECT-1), with its session and transport; false, or an exception,
// closes the connection without reading a request.  Called from connection
// threads.
using OnConnect = std::function<bool(Session& session, io::Transport& transport)>;

class Server {
 public:
  // Server: binds and listens on address.  Throws std::system_error when
  // the socket cannot be created, bound or listened on, and
  // std::invalid_argument when options are invalid (check_options).  An
  // AF_UNIX socket file is created by bind and removed by the destructor.
  Server(const net::Address& address, App app, ServerOptions options = {});
  ~Server();

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // address: the bound address; a port 0 is replaced by the port the
  // system chose (ADDR-PORT-1).
  const net::Address& address() const { return bound_; }

  // set_log: where connection events go (before serve(); default: none).
  void set_log(ConnectionLog log) { log_ = std::move(log); }

  // set_tls: makes this a TLS server (SRV-TLS-1): each admitted connection
  // is handshaken with context (see tls::make_server_context) before
  // on_connect and the first request; a failed handshake closes it.
  // Before serve(); the context is shared by every connection.
  void set_tls(std::shared_ptr<SSL_CTX> context) { tls_ = std::move(context); }

  // set_on_connect: the hook of SRV-CONNECT-1 (before serve(); default:
  // none, every connection is admitted).
  void set_on_connect(OnConnect hook) { on_connect_ = std::move(hook); }

  // serve: accepts and serves connections until stop(); then cuts the
  // connections still live (shutting their sockets down, so their threads
  // end at once) and returns once every connection thread has ended.
  void serve();

  // stop: makes serve() return; callable from any thread, any number of
  // times, before or during serve().  Async-signal-unsafe: from a signal,
  // use a thread that waits for it (as degu-server does).
  void stop();

  // live_connections: connections being served now.
  std::size_t live_connections() const;

 private:
  struct Worker;
  // Waiting: an accepted connection waiting for a slot (SRV-MAXCONN-1),
  // closed unread at its deadline.
  struct Waiting {
    int fd;
    std::chrono::steady_clock::time_point deadline;
  };

  void accept_one();
  void rest_after_accept_failure();
  void admit_waiting();
  void expire_waiting();
  int poll_timeout_ms() const;
  void wake();
  void drain_wakes();
  void start(int fd);
  void run_connection(Worker& worker, int fd);
  std::unique_ptr<io::Transport> open_transport(int fd, Worker& worker,
                                                Session& session);
  bool admitted_by_hook(Session& session, io::Transport& transport);
  void reap(bool all);
  void cut_all();

  net::Address bound_;
  App app_;
  ServerOptions options_;
  ConnectionLog log_;
  OnConnect on_connect_;
  std::shared_ptr<SSL_CTX> tls_;
  int listen_fd_ = -1;
  // A pipe: stop() and every connection that ends write to it, serve()
  // polls it.
  int wake_fds_[2] = {-1, -1};
  std::atomic<bool> stopping_{false};
  std::deque<Waiting> waiting_;  // serve()'s thread only; oldest first.

  mutable std::mutex mutex_;
  std::list<std::unique_ptr<Worker>> workers_;  // Guarded by mutex_.
  std::size_t live_ = 0;                        // Guarded by mutex_.
};

}  // namespace degu::server
