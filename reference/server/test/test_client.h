// test_client.h: a blocking test client for the listening server: connect,
// send, read with a bounded wait (a safety net; tests never rely on it).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "degu/net/address.h"

namespace degu::server::test {

using namespace degu::net;  // Addresses.

class Client {
 public:
  // Client: connected to address; fd() < 0 when connecting failed.
  explicit Client(const Address& address) {
    if (auto* u = std::get_if<UnixAddress>(&address)) {
      sockaddr_un sa{};
      sa.sun_family = AF_UNIX;
      std::memcpy(sa.sun_path, u->path.data(), u->path.size());
      connect_to(AF_UNIX, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    } else if (auto* v4 = std::get_if<HostPortAddress>(&address)) {
      sockaddr_in sa{};
      sa.sin_family = AF_INET;
      sa.sin_port = htons(v4->port);
      inet_pton(AF_INET, v4->host.c_str(), &sa.sin_addr);
      connect_to(AF_INET, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    }
  }
  ~Client() { close(); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  int fd() const { return fd_; }

  void send(const std::string& data) {
    ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
  }

  // read: until n bytes arrived, the input ended or 10 s passed.
  std::string read(std::size_t n) {
    std::string out;
    char buf[4096];
    while (out.size() < n) {
      const ssize_t got = ::recv(fd_, buf, sizeof buf, 0);
      if (got <= 0) {
        break;
      }
      out.append(buf, static_cast<std::size_t>(got));
    }
    return out;
  }

  // at_eof: the server closed the connection (end of input or a reset).
  bool at_eof() {
    char c;
    return ::recv(fd_, &c, 1, 0) <= 0;
  }

  void close() {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }

 private:
  void connect_to(int family, sockaddr* sa, socklen_t len) {
    fd_ = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (::connect(fd_, sa, len) != 0) {
      close();
    }
  }

  int fd_ = -1;
};

}  // namespace degu::server::test
