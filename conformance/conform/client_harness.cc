// client_harness.cc: a poll loop over one connection.
#include "client_harness.h"

#include "delivery.h"

#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace degu::conform {
namespace {

using Clock = std::chrono::steady_clock;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool equal_folded(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// header_value: the value of header name (any case) in preamble.
std::optional<std::string_view> header_value(std::string_view preamble,
                                             std::string_view name) {
  std::size_t pos = preamble.find("\r\n");
  while (pos != std::string_view::npos) {
    pos += 2;
    const std::size_t end = preamble.find("\r\n", pos);
    const std::string_view line = preamble.substr(
        pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos &&
        equal_folded(trim(line.substr(0, colon)), name)) {
      return trim(line.substr(colon + 1));
    }
    pos = end;
  }
  return std::nullopt;
}

template <typename T>
std::optional<T> number(std::string_view s, int base) {
  T value{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::size_t> chunked_end(std::string_view data, std::size_t pos) {
  while (true) {
    const std::size_t line_end = data.find("\r\n", pos);
    if (line_end == std::string_view::npos) {
      return std::nullopt;
    }
    std::string_view line = data.substr(pos, line_end - pos);
    line = line.substr(0, line.find(';'));
    const auto size = number<std::uint64_t>(line, 16);
    if (!size || *size > data.size()) {
      return std::nullopt;
    }
    pos = line_end + 2 + static_cast<std::size_t>(*size) + 2;
    if (data.size() < pos) {
      return std::nullopt;
    }
    if (*size == 0) {
      return pos;
    }
  }
}

}  // namespace

std::optional<std::size_t> request_end(std::string_view data) {
  const std::size_t end = data.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view preamble = data.substr(0, end);
  const std::size_t pos = end + 4;
  if (const auto length = header_value(preamble, "content-length")) {
    const auto n = number<std::uint64_t>(*length, 10);
    if (!n || *n > data.size() - pos) {
      return std::nullopt;
    }
    return pos + static_cast<std::size_t>(*n);
  }
  const auto te = header_value(preamble, "transfer-encoding");
  if (!te || !equal_folded(*te, "chunked")) {
    return pos;
  }
  return chunked_end(data, pos);
}

HarnessResult serve_client(int fd, const std::vector<std::string>& replies,
                           bool close, std::chrono::milliseconds limit,
                           const std::vector<std::vector<std::size_t>>& cuts) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  const auto deadline = Clock::now() + limit;
  HarnessResult result;
  std::size_t done = 0, counted_to = 0, answered = 0;
  std::optional<Clock::time_point> first_request;
  PacedOutput out;
  bool shut = false, send_failed = false;
  auto advance = [&]() {
    while (answered < replies.size() && answered < done) {
      out.append(replies[answered], answered < cuts.size() ? cuts[answered]
                                                           : std::vector<std::size_t>{});
      ++answered;
    }
  };
  advance();
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0) {
      result.ending = "hung";
      break;
    }
    auto send_some = [&]() {
      if (!out.may_send(fd)) {
        return;
      }
      const long n = out.send_some(fd);
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        send_failed = true;  // The client went away; read on to its end.
        out.drop();
      }
    };
    // Between two pieces POLLOUT would wake at once: ask the pacer, and
    // while it says wait, sleep a short while instead.
    if (!out.empty() && !send_failed && out.pacing()) {
      send_some();
    }
    // After the last piece (sent just above, perhaps), the end.
    if (out.empty() && close && !shut && answered == replies.size()) {
      ::shutdown(fd, SHUT_WR);
      shut = true;
    }
    const bool sending = !out.empty() && !send_failed;
    const bool pacing = sending && out.pacing();
    pollfd p{fd, static_cast<short>(POLLIN | (sending && !pacing ? POLLOUT : 0)), 0};
    const timespec wait = pacing ? kPacingPoll
                                 : timespec{static_cast<time_t>(left.count() / 1000),
                                            static_cast<long>(left.count() % 1000) * 1000000L};
    if (::ppoll(&p, 1, &wait, nullptr) <= 0) {
      continue;
    }
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[65536];
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        result.ending = "closed";  // The client closed (or reset) the connection.
        break;
      }
      if (n > 0) {
        result.sent.append(buf, static_cast<std::size_t>(n));
        while (const auto end = request_end(
                   std::string_view(result.sent).substr(counted_to))) {
          counted_to += *end;
          if (++done == 1) {
            first_request = Clock::now();
          }
        }
        advance();
      }
    }
    if ((p.revents & POLLOUT) && !out.empty() && !send_failed) {
      send_some();
    }
  }
  if (first_request) {
    result.seconds_after_request =
        std::chrono::duration<double>(Clock::now() - *first_request).count();
  }
  ::close(fd);
  return result;
}

}  // namespace degu::conform
