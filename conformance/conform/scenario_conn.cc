// scenario_conn.cc: the scenarios' connection.
#include "scenario_conn.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "degu/net/socket.h"
#include "exchange_peer.h"
#include "tls_bridge.h"

namespace degu::conform {

using Clock = ScenarioClock;

Conn::Conn(const Endpoint& at, int receive_buffer) {
  if (at.tls != nullptr) {
    tls = std::make_unique<TlsConnection>(*at.tls, at.address, kScenarioWaitLimit);
    fd = tls->fd();
  } else {
    fd = net::connect_to(at.address, kScenarioWaitLimit);
    if (receive_buffer > 0) {
      ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

Conn::~Conn() { close(); }

void Conn::close() {
  if (tls) {
    tls.reset();  // Closes the plaintext end and ends the carrier.
  } else if (fd >= 0) {
    ::close(fd);
  }
  fd = -1;
}

bool Conn::pump(Clock::time_point deadline, const std::function<bool()>& done,
                bool receive) {
  while (!done() && ended.empty() && Clock::now() < deadline) {
    const bool sending = sent < out.size();
    pollfd p{fd, static_cast<short>((receive ? POLLIN : 0) | (sending ? POLLOUT : 0)), 0};
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (::poll(&p, 1, static_cast<int>(left.count()) + 1) <= 0) {
      continue;
    }
    if (receive && (p.revents & (POLLIN | POLLHUP | POLLERR))) {
      char buf[65536];
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) {
        in.append(buf, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EAGAIN) {
        ended = n < 0 && errno == ECONNRESET ? "reset" : "closed";
      }
    }
    if ((p.revents & POLLOUT) && sending) {
      const ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
      } else if (n < 0 && errno != EAGAIN) {
        sent = out.size();  // The server stopped reading: what comes back tells.
      }
    }
  }
  return done();
}

bool Conn::served_probe(Clock::time_point deadline) {
  out += kProbe;
  const std::size_t want = in.size() + kProbeResponse.size();
  return pump(deadline, [&] { return in.size() >= want; }) &&
         in.substr(in.size() - kProbeResponse.size()) == kProbeResponse;
}

namespace {

std::vector<std::string> words(const char* text) {
  std::vector<std::string> out;
  std::string w;
  for (const char* p = text;; ++p) {
    if (*p == ' ' || *p == '\0') {
      if (!w.empty()) {
        out.push_back(w);
      }
      w.clear();
      if (*p == '\0') {
        return out;
      }
    } else {
      w += *p;
    }
  }
}

}  // namespace

std::deque<conformance::Vector> scenario_vectors(std::span<const ScenarioEntry> table,
                                                 const std::string& file,
                                                 const std::string& kind) {
  std::deque<conformance::Vector> out;
  for (const ScenarioEntry& e : table) {
    conformance::Vector v;
    v.file = file;
    v.kind = kind;
    v.id = e.id;
    v.rules = words(e.rules);
    v.level = e.level;
    v.raw = Json{{"comment", e.comment},
                 {"options", Json::parse(e.options)},
                 {"scenario", e.scenario},
                 {"transports", e.transports}};
    out.push_back(std::move(v));
  }
  return out;
}

RuntimeOutcome run_guarded(const std::string& name,
                           const std::function<std::optional<RuntimeOutcome>()>& dispatch) {
  RuntimeOutcome o;
  try {
    auto ran = dispatch();
    if (!ran) {
      o.reason = "unknown scenario '" + name + "' (a bug in degu-conform)";
      return o;
    }
    o = std::move(*ran);
  } catch (const std::exception& e) {
    o = RuntimeOutcome{};
    o.reason = std::string("cannot connect: ") + e.what();
    o.exchange.observed_fate = "unconnected";
  }
  if (o.compat_against.empty()) {
    o.compat_ok = o.ok;  // No erratum: Degu 0.19 is judged like the spec.
  }
  return o;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", s);
  return buf;
}

RuntimeOutcome outcome(std::string sent, std::string expected, std::string expected_fate,
                       const Conn& c) {
  RuntimeOutcome o;
  o.exchange.sent = std::move(sent);
  o.exchange.expected = std::move(expected);
  o.exchange.expected_fate = std::move(expected_fate);
  o.exchange.received = c.in;
  o.exchange.observed_fate = c.fate();  // Open: still, at the end.
  o.exchange.delivery = "at once";
  return o;
}

RuntimeOutcome fail(RuntimeOutcome o, std::string reason) {
  o.ok = false;
  o.reason = std::move(reason);
  return o;
}

}  // namespace degu::conform
