// runtime_cases.cc: the runtime scenarios and their table.
#include "runtime_cases.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <memory>
#include <optional>
#include <thread>

#include "degu/core/hex.h"
#include "degu/net/socket.h"
#include "exchange_peer.h"
#include "render_wire.h"
#include "scenario_conn.h"

namespace degu::conform {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::ordered_json;

// Generous bounds (see runtime_cases.h).
constexpr auto kWaitLimit = kScenarioWaitLimit;
constexpr auto kEarliestTimeoutClose = std::chrono::milliseconds(500);
constexpr auto kEarliestSlotGiveUp = std::chrono::milliseconds(1000);
constexpr auto kHoldBeforeFreeing = std::chrono::milliseconds(300);
// SRV-MAXCONN-2: a burst that serial slot waits refuse over 2 s each; the
// last is refused after about 8 s serially, 2 s side by side.
constexpr int kBurst = 4;
constexpr auto kLatestBurstRefusal = std::chrono::milliseconds(5000);
constexpr std::size_t kLargest = 0x1000000;  // CHUNK-SIZE-3, BODY-READ-1.
constexpr std::size_t kShownBytes = 96;      // Of a big request, in reports.
// SRV-CLOSE-2: more than the socket buffers between the two ends hold, so
// part of the response is still unsent when a bare close resets it; the
// reader's delay lets that close happen first.
constexpr std::size_t kLingerBody = 6 << 20;  // Its hex request stays under 16 MiB.
constexpr std::size_t kUnreadRequests = 2000;  // 58 KB the server never reads.
constexpr auto kLingerReadDelay = std::chrono::seconds(1);

constexpr std::string_view kStatus200 = "GET /_status/200 HTTP/1.1\r\n\r\n";
constexpr std::string_view kReflected200 = "HTTP/1.1 200 Reflected\r\n\r\n";

constexpr ScenarioEntry kCases[] = {
    {"runtime-srv-timeout-1-silent", "SRV-TIMEOUT-1", "MUST", R"({"timeout":1})", "timeout:",
     "A connection that sends nothing is closed without a response once the server's "
     "timeout (1 s) has passed.",
     "any"},
    {"runtime-srv-timeout-1-half-preamble", "SRV-TIMEOUT-1", "MUST", R"({"timeout":1})",
     "timeout:GET / HTTP/1.1\r\n",
     "A connection that stops in the middle of a preamble is closed without a response once "
     "the server's timeout (1 s) has passed.",
     "any"},
    {"runtime-srv-timeout-1-half-body", "SRV-TIMEOUT-1", "MUST", R"({"timeout":1})",
     "timeout:PUT /x HTTP/1.1\r\ncontent-length: 10\r\n\r\nabc",
     "A connection that stops in the middle of a body is closed without a response once the "
     "server's timeout (1 s) has passed.",
     "any"},
    {"runtime-srv-maxconn-1-slot-freed", "SRV-MAXCONN-1", "MUST", R"({"max_connections":1})",
     "slot-freed",
     "With max_connections 1, a second connection is not served while the first holds the "
     "slot, and is served once the first closes within the 2 s slot wait.",
     "plain"},
    {"runtime-srv-maxconn-1-no-slot", "SRV-MAXCONN-1", "MUST", R"({"max_connections":1})",
     "no-slot",
     "With max_connections 1, a second connection is closed without a response when the "
     "first holds the slot for longer than the 2 s slot wait.",
     "plain"},
    {"runtime-srv-maxconn-2-burst", "SRV-MAXCONN-2", "SHOULD", R"({"max_connections":1})",
     "burst",
     "With max_connections 1 and the slot held, a burst of four connections is refused side "
     "by side: each is closed without a response about 2 s after it connected, not one per "
     "2 s (the last of four would wait about 8 s).",
     "plain"},
    {"runtime-srv-maxreq-1-default-1000", "SRV-MAXREQ-1", "MUST", "{}", "max-requests",
     "A server started without max_requests answers exactly 1000 of 1001 pipelined "
     "requests, then closes the connection.",
     "any"},
    {"runtime-chunk-size-3-largest-chunk", "CHUNK-SIZE-3 BODY-CHUNKED-2", "MUST", "{}",
     "largest-chunk",
     "A chunked body of one chunk of 16 MiB (0x1000000 bytes, the largest) is read and the "
     "connection stays open.",
     "any"},
    {"runtime-body-read-1-largest-body", "BODY-READ-1 FRAME-LENGTH-1", "MUST", "{}",
     "largest-body",
     "A content-length body of 16 MiB (the largest read whole) is read and the connection "
     "stays open.",
     "any"},
    {"runtime-srv-close-2-lingering", "SRV-CLOSE-2", "SHOULD", "{}", "lingering",
     "Over TCP, a 6 MiB response that ends the connection (status 410) reaches a client that "
     "sent more input meanwhile and reads only after 1 s: the server shuts its sending side "
     "and drains input before it closes, so no reset destroys the response.",
     "tcp"},
};

// timeout: the connection sends `send` and nothing more.
RuntimeOutcome timeout(const Endpoint& at, const std::string& send) {
  Conn c(at);
  c.out = send;
  const auto start = Clock::now();
  c.pump(start + kWaitLimit, [] { return false; });
  const double took = seconds_since(start);
  RuntimeOutcome o = outcome(send, "", "closed", c);
  if (c.ended.empty()) {
    return fail(o, "still open after " + seconds_text(took) + " with a 1 s timeout");
  }
  if (!c.in.empty()) {
    return fail(o, "the server sent bytes before closing");
  }
  if (std::chrono::duration<double>(took) < kEarliestTimeoutClose) {
    return fail(o, "closed after only " + seconds_text(took) + ", before the 1 s timeout");
  }
  o.ok = true;
  return o;
}

// hold_then_knock: a first connection, served and holding the only slot,
// and a second one that has its probe to send; the failure when the first
// is not served.
std::optional<RuntimeOutcome> hold_then_knock(const Endpoint& at,
                                              std::unique_ptr<Conn>* first,
                                              std::unique_ptr<Conn>* second) {
  *first = std::make_unique<Conn>(at);
  if (!(*first)->served_probe(Clock::now() + kWaitLimit)) {
    return fail(outcome(std::string(kProbe), std::string(kProbeResponse), "open", **first),
                "the first connection was not served");
  }
  *second = std::make_unique<Conn>(at);
  (*second)->out = kProbe;
  return std::nullopt;
}

RuntimeOutcome slot_freed(const Endpoint& at) {
  std::unique_ptr<Conn> held, knocking;
  if (auto failed = hold_then_knock(at, &held, &knocking)) {
    return *failed;
  }
  Conn& first = *held;
  Conn& second = *knocking;
  second.pump(Clock::now() + kHoldBeforeFreeing, [&] { return !second.in.empty(); });
  RuntimeOutcome o = outcome(std::string(kProbe), std::string(kProbeResponse), "open", second);
  if (!second.in.empty()) {
    return fail(o, "the second connection was served while the first held the only slot");
  }
  if (!second.ended.empty()) {
    return fail(o, "the second connection was closed before the slot wait ended");
  }
  first.close();
  const std::size_t want = kProbeResponse.size();
  second.pump(Clock::now() + kWaitLimit, [&] { return second.in.size() >= want; });
  o = outcome(std::string(kProbe), std::string(kProbeResponse), "open", second);
  if (second.in != kProbeResponse) {
    return fail(o, "the second connection was not served once the slot was free");
  }
  o.ok = true;
  return o;
}

RuntimeOutcome no_slot(const Endpoint& at) {
  std::unique_ptr<Conn> held, knocking;
  if (auto failed = hold_then_knock(at, &held, &knocking)) {
    return *failed;
  }
  Conn& second = *knocking;
  const auto start = Clock::now();
  second.pump(start + kWaitLimit, [&] { return !second.in.empty(); });  // Served: known.
  const double took = seconds_since(start);
  RuntimeOutcome o = outcome(std::string(kProbe), "", "closed", second);
  if (!second.in.empty()) {
    return fail(o, "the second connection was served while the first held the only slot");
  }
  if (second.ended.empty()) {
    return fail(o, "the second connection was still open after " + seconds_text(took));
  }
  if (std::chrono::duration<double>(took) < kEarliestSlotGiveUp) {
    return fail(o, "the second connection was closed after only " + seconds_text(took) +
                       ", before the 2 s slot wait");
  }
  o.ok = true;
  return o;
}

// burst: the slot held, kBurst connections at once, each to be refused
// about 2 s after it connected (SRV-MAXCONN-2); the report shows the last.
RuntimeOutcome burst(const Endpoint& at) {
  std::unique_ptr<Conn> held, knocking;
  if (auto failed = hold_then_knock(at, &held, &knocking)) {
    return *failed;
  }
  std::vector<std::unique_ptr<Conn>> burst;
  burst.push_back(std::move(knocking));
  for (int i = 1; i < kBurst; ++i) {
    burst.push_back(std::make_unique<Conn>(at));
    burst.back()->out = kProbe;
  }
  const auto start = Clock::now();
  double latest = 0;
  for (auto& c : burst) {
    c->pump(start + kWaitLimit, [&] { return !c->in.empty(); });
    latest = seconds_since(start);
    RuntimeOutcome o = outcome(std::string(kProbe), "", "closed", *c);
    if (!c->in.empty()) {
      return fail(o, "a connection of the burst was served while the slot was held");
    }
    if (c->ended.empty()) {
      return fail(o, "a connection of the burst was still open after " + seconds_text(latest));
    }
  }
  RuntimeOutcome o = outcome(std::string(kProbe), "", "closed", *burst.back());
  if (std::chrono::duration<double>(latest) > kLatestBurstRefusal) {
    o = fail(o, "the last of " + std::to_string(kBurst) + " connections was refused after " +
                    seconds_text(latest) + ": the slot waits ran one after another");
    o.compat_ok = true;
    o.compat_against = "the original (E-26): slot waits one after another";
    return o;
  }
  o.ok = true;
  return o;
}

std::string repeated(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) {
    out += s;
  }
  return out;
}

RuntimeOutcome max_requests(const Endpoint& at) {
  Conn c(at);
  c.out = repeated(kStatus200, 1001);
  const std::string expected = repeated(kReflected200, 1000);
  c.pump(Clock::now() + kWaitLimit, [] { return false; });
  RuntimeOutcome o = outcome(c.out, expected, "closed", c);
  if (c.in != expected) {
    return fail(o, "got " + std::to_string(c.in.size() / kReflected200.size()) +
                       " whole responses, wanted exactly 1000");
  }
  if (c.ended.empty()) {
    return fail(o, "the connection stayed open after the 1000th response");
  }
  o.ok = true;  // Closed or reset: the count is what SRV-MAXREQ-1 asks.
  return o;
}

// largest: a request with a 16 MiB body, answered, and the connection open.
RuntimeOutcome largest(const Endpoint& at, bool chunked) {
  const std::string body(kLargest, 'x');
  const std::string request =
      chunked ? "POST /_status/200 HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n1000000\r\n" +
                    body + "\r\n0\r\n\r\n"
              : "PUT /_status/200 HTTP/1.1\r\ncontent-length: 16777216\r\n\r\n" + body;
  Conn c(at);
  const PeerResult peer = run_exchange(c.fd, request, false, kReflected200.size(), kWaitLimit);
  c.close();
  RuntimeOutcome o;
  o.exchange.sent = request.substr(0, kShownBytes);
  o.exchange.delivery = "at once; the report keeps the first " + std::to_string(kShownBytes) +
                        " of " + std::to_string(request.size()) + " bytes";
  o.exchange.expected = kReflected200;
  o.exchange.expected_fate = "open";
  o.exchange.received = peer.received;
  o.exchange.observed_fate = peer.fate;
  o.ok = peer.received == kReflected200 && peer.fate == "open";
  o.compat_ok = o.ok;
  if (chunked && !o.ok && peer.received.empty() &&
      (peer.fate == "closed" || peer.fate == "reset")) {
    o.compat_ok = true;
    o.compat_against = "the original (E-9): the connection dropped without a response";
  }
  if (!o.ok) {
    o.reason = peer.received != kReflected200 ? "the response differs from the one expected"
                                              : "the connection was " + peer.fate +
                                                    ", expected open";
  }
  return o;
}

// lingering: a closing response, input the server never reads, and a
// reader that waits before it reads (SRV-CLOSE-2; the original closes bare,
// E-21).  A server that closes with that input unread makes the kernel
// reset the connection and drop what the client has not read yet.
RuntimeOutcome lingering(const Endpoint& at) {
  const std::string body(kLingerBody, 'x');
  const std::string request =
      render_request(cli::Json{{"status", 410}, {"reason", "Gone"}, {"headers", cli::Json::array()},
                               {"body", cli::Json{{"hex", core::to_hex(body)}}}});
  const std::string expected =
      "HTTP/1.1 410 Gone\r\ncontent-length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  Conn c(at);
  c.out = request;
  const auto deadline = Clock::now() + kWaitLimit;
  c.pump(deadline, [&] { return !c.in.empty(); });  // The response has begun.
  // Input the server never reads, sent while nothing is read, so that the
  // response backs up at the server; then the late reader.
  c.out += repeated(kStatus200, kUnreadRequests);
  c.pump(deadline, [&] { return c.sent == c.out.size(); }, false);
  if (c.ended.empty() && Clock::now() + kLingerReadDelay < deadline) {
    std::this_thread::sleep_for(kLingerReadDelay);
  }
  c.pump(deadline, [] { return false; });
  RuntimeOutcome o = outcome(request.substr(0, kShownBytes), expected.substr(0, kShownBytes),
                             "closed", c);
  o.exchange.delivery = "the report keeps the first " + std::to_string(kShownBytes) +
                        " bytes of each direction";
  const bool whole = c.in == expected;
  // A part of the response, cut by a reset or a close: what a bare close
  // does (E-21); anything else is a wrong response.
  const bool cut = !c.in.empty() && c.in.size() <= expected.size() &&
                   expected.compare(0, c.in.size(), c.in) == 0;
  o.exchange.received = c.in.substr(0, kShownBytes);
  o.ok = whole && c.ended == "closed";
  const std::string fate = c.ended.empty() ? "open" : c.ended;
  if (!o.ok) {
    o.reason = whole ? "the connection was " + fate + ", expected closed"
               : cut ? "got " + std::to_string(c.in.size()) + " of the response's " +
                           std::to_string(expected.size()) + " bytes, then the connection was " +
                           fate
                     : "the response differs from the one expected (" +
                           std::to_string(c.in.size()) + " bytes, then " + fate + ")";
  }
  if (!o.ok && cut && (c.ended == "reset" || c.ended == "closed")) {
    o.compat_ok = true;
    o.compat_against = "the original (E-21): a bare close, the response cut by a reset";
  }
  return o;
}

}  // namespace

conformance::Vector runtime_vector(const std::string& id, std::vector<std::string> rules,
                                   const std::string& level) {
  conformance::Vector v;
  v.file = "built-in runtime case";
  v.kind = "runtime";
  v.id = id;
  v.rules = std::move(rules);
  v.level = level;
  return v;
}

std::deque<conformance::Vector> runtime_vectors() {
  return scenario_vectors(kCases, "built-in runtime case", "runtime");
}

namespace {

std::optional<RuntimeOutcome> dispatch(const std::string& scenario, const Endpoint& at) {
  if (scenario.rfind("timeout:", 0) == 0) {
    return timeout(at, scenario.substr(8));
  }
  if (scenario == "slot-freed") {
    return slot_freed(at);
  }
  if (scenario == "no-slot") {
    return no_slot(at);
  }
  if (scenario == "burst") {
    return burst(at);
  }
  if (scenario == "max-requests") {
    return max_requests(at);
  }
  if (scenario == "lingering") {
    return lingering(at);
  }
  if (scenario == "largest-chunk" || scenario == "largest-body") {
    return largest(at, scenario == "largest-chunk");
  }
  return std::nullopt;
}

}  // namespace

RuntimeOutcome run_runtime(const conformance::Vector& v, const Endpoint& at) {
  const std::string name = v.raw.value("scenario", "");
  return run_guarded(name, [&] { return dispatch(name, at); });
}

}  // namespace degu::conform
