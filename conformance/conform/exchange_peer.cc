// exchange_peer.cc: one poll loop that sends and receives together, so a
// server that writes while it reads never dead-locks with the peer.
#include "exchange_peer.h"

#include "delivery.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace degu::conform {
namespace {

using Clock = std::chrono::steady_clock;

timespec to_timespec(std::chrono::milliseconds ms) {
  return timespec{static_cast<time_t>(ms.count() / 1000),
                  static_cast<long>(ms.count() % 1000) * 1000000L};
}

// Connection: the non-blocking socket with what is left to send.
struct Connection {
  int fd = -1;
  PacedOutput out;  // Bytes not sent yet.
  bool shut_after = false;
  bool send_failed = false;  // The server stopped taking input.
  std::string in;
  std::string ended;  // "", "closed" or "reset".

  bool sending() const { return !out.empty() && !send_failed; }

  void send_some() {
    if (!out.may_send(fd)) {
      return;
    }
    const long n = out.send_some(fd);
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
      send_failed = true;  // What arrives tells the story (EPIPE, reset).
      out.drop();
    }
    if (out.empty() && shut_after) {
      ::shutdown(fd, SHUT_WR);
      shut_after = false;
    }
  }

  void receive_some() {
    char buf[65536];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      in.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0) {
      ended = "closed";
    } else if (errno == ECONNRESET) {
      ended = "reset";
    } else if (errno != EAGAIN && errno != EINTR) {
      ended = "closed";  // Any other error ends the input too.
    }
  }

  // step: one wait for the socket; false when the deadline passed.
  bool step(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0) {
      return false;
    }
    // Between two pieces POLLOUT would wake at once: ask the pacer, and
    // while it says wait, sleep a short while instead.
    if (sending() && out.pacing()) {
      send_some();
    }
    const bool pacing = sending() && out.pacing();
    pollfd p{fd, static_cast<short>(POLLIN | (sending() && !pacing ? POLLOUT : 0)), 0};
    const timespec wait = pacing ? kPacingPoll : to_timespec(left);
    if (::ppoll(&p, 1, &wait, nullptr) <= 0) {
      return true;  // EINTR or a timeout: the deadline check decides.
    }
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      receive_some();
    }
    if (sending() && (p.revents & POLLOUT)) {
      send_some();
    }
    return true;
  }
};

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

PeerResult run_exchange(int fd, std::string_view send, bool eof,
                        std::size_t response_len,
                        std::chrono::milliseconds limit,
                        const std::vector<std::size_t>& cuts) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  const auto deadline = Clock::now() + limit;
  Connection c;
  c.fd = fd;
  c.out.append(send, cuts);
  c.shut_after = eof;
  if (c.out.empty() && eof) {
    ::shutdown(fd, SHUT_WR);
    c.shut_after = false;
  }
  // Phase 1: the expected response, or the end of input.
  while (c.ended.empty() &&
         (c.in.size() < response_len || eof || c.sending())) {
    if (!c.step(deadline)) {
      return {c.in, "hung"};
    }
  }
  if (!c.ended.empty()) {
    return {c.in, c.ended};
  }
  // Phase 2: the probe proves the connection open.
  const std::size_t mark = c.in.size();
  c.out.append(kProbe, {});
  while (c.ended.empty()) {
    if (c.in.size() >= mark + kProbeResponse.size() &&
        ends_with(c.in, kProbeResponse)) {
      c.in.resize(c.in.size() - kProbeResponse.size());
      return {c.in, "open"};
    }
    if (!c.step(deadline)) {
      return {c.in, "hung"};
    }
  }
  return {c.in, c.ended};
}

}  // namespace degu::conform
