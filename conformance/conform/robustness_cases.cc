// robustness_cases.cc: the robustness scenarios and their table.
#include "robustness_cases.h"

#include <dirent.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "degu/net/socket.h"
#include "exchange_peer.h"

namespace degu::conform {
namespace {

using Clock = ScenarioClock;
using Json = nlohmann::ordered_json;
using std::chrono::milliseconds;

// The servers of this section run with a 2 s timeout.  A hostile
// connection must be cut after at least half of it and within 8 s; a
// bystander's probe must be answered within 1 s (it normally takes well
// under 10 ms).
constexpr auto kEarliestCut = milliseconds(1000);
constexpr auto kLatestCut = milliseconds(8000);
constexpr auto kSlowProbe = milliseconds(1000);
constexpr auto kProbeEvery = milliseconds(50);
constexpr auto kTrickleEvery = milliseconds(400);  // Well under the timeout.
// A peer that never reads: a response larger than what the socket buffers
// between the two ends hold (a few MiB over TCP while nothing is read),
// and how long the runner leaves it unread: three timeouts.
constexpr std::size_t kUnreadBody = 6 << 20;  // Reflected as 12 MiB of hex.
constexpr auto kUnreadFor = milliseconds(6000);
// Idle slots: service must resume within a timeout, a slot wait and slack.
constexpr auto kLatestResume = milliseconds(7000);
// Floods, and how long resources may take to settle afterwards (a
// connection may still be lingering, SRV-CLOSE-2, or timing out).
constexpr int kConnectCloseCycles = 500;
constexpr int kGarbageConnections = 100;
constexpr int kResetsPerKind = 25;
constexpr int kHalfClosed = 50;
constexpr auto kSettle = milliseconds(10000);

constexpr ScenarioEntry kCases[] = {
    {"robust-slow-stalled-body", "SRV-TIMEOUT-1 SRV-ROBUST-1", "MUST", R"({"timeout":2})", "stalled-body",
     "A request whose body stops halfway is cut, without a response, within bounds of the "
     "2 s timeout, while another connection keeps being answered.",
     "any"},
    {"robust-slow-endless-chunk-line", "SRV-TIMEOUT-1 SRV-ROBUST-1", "MUST", R"({"timeout":2})",
     "endless-chunk-line",
     "A chunked request whose chunk-size line never ends is cut, without a response, within "
     "bounds of the 2 s timeout, while another connection keeps being answered.",
     "any"},
    {"robust-slow-trickled-preamble", "SRV-TIMEOUT-2 SRV-ROBUST-1", "SHOULD",
     R"({"timeout":2})", "trickled-preamble",
     "A request preamble sent one byte every 400 ms (so that no single wait reaches the 2 s "
     "timeout) is cut, without a response, within bounds of the timeout: the preamble as a "
     "whole is bounded too; meanwhile another connection keeps being answered.",
     "any"},
    {"robust-slow-trickled-client-hello", "SRV-TIMEOUT-2 SRV-ROBUST-1", "SHOULD",
     R"({"timeout":2})", "trickled-client-hello",
     "A TLS record header announcing a 256-byte ClientHello, then one byte every 400 ms: the "
     "handshake is cut within bounds of the 2 s timeout, while another connection keeps being "
     "answered.",
     "tls"},
    {"robust-slow-never-reads", "SRV-TIMEOUT-1 SRV-ROBUST-1", "MUST", R"({"timeout":2})", "never-reads",
     "A peer that asks for a 12 MiB response and never reads it is cut (a send is subject to "
     "the 2 s timeout too): after 6 s unread, what arrives is part of the response, then the "
     "end; meanwhile another connection keeps being answered.",
     "plain"},
    {"robust-slots-idle", "SRV-TIMEOUT-1 SRV-MAXCONN-1 SRV-ROBUST-1", "MUST",
     R"({"max_connections":4,"timeout":2})", "idle-slots",
     "Four idle connections holding all four slots lock a new connection out for no longer "
     "than their 2 s timeout and the 2 s slot wait: a new connection is served within 7 s, "
     "and each idle one is closed without a response.",
     "plain"},
    {"robust-flood-connect-close", "SRV-ROBUST-1 SRV-ROBUST-2", "MUST", R"({"timeout":2})", "connect-close",
     "500 connections opened and closed at once leave the server serving, with its "
     "descriptors, threads and memory back to their baseline.",
     "any"},
    {"robust-flood-garbage", "SRV-ERROR-1 SRV-ROBUST-1 SRV-ROBUST-2", "MUST", R"({"timeout":2})",
     "garbage",
     "100 connections that each send a 516-byte preamble of control bytes get no byte back "
     "and are closed; the server keeps serving, its resources back to their baseline.",
     "any"},
    {"robust-flood-resets", "SRV-ROBUST-1 SRV-ROBUST-2", "MUST", R"({"timeout":2})", "resets",
     "Connections reset by the peer in the middle of a preamble, a body, a chunk line and a "
     "response (25 of each) leave the server serving, its resources back to their baseline.",
     "plain"},
    {"robust-flood-half-closed", "SRV-EOF-1 SRV-ROBUST-1 SRV-ROBUST-2", "MUST", R"({"timeout":2})",
     "half-closed",
     "50 connections that send a request and then shut their sending side are each answered, "
     "then closed; the server's resources are back to their baseline.",
     "plain"},
};

std::string ms_text(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", seconds * 1000);
  return buf;
}

// --- The server's resources, from /proc ---

struct Resources {
  long fds = 0;
  long threads = 0;
  long rss_kib = 0;
};

std::optional<Resources> read_resources(int pid) {
  if (pid <= 0) {
    return std::nullopt;
  }
  Resources r;
  const std::string dir = "/proc/" + std::to_string(pid);
  DIR* d = ::opendir((dir + "/fd").c_str());
  if (d == nullptr) {
    return std::nullopt;
  }
  while (const dirent* e = ::readdir(d)) {
    r.fds += e->d_name[0] != '.';
  }
  ::closedir(d);
  std::ifstream status(dir + "/status");
  std::string key;
  while (status >> key) {
    if (key == "Threads:") {
      status >> r.threads;
    } else if (key == "VmRSS:") {
      status >> r.rss_kib;
    }
  }
  return r;
}

std::string resources_text(const Resources& r) {
  return std::to_string(r.fds) + " descriptors, " + std::to_string(r.threads) + " threads, " +
         std::to_string(r.rss_kib / 1024) + " MiB resident";
}

// settled: descriptors and threads back to the baseline.  Resident memory
// is reported, not judged: allocators (and sanitizers' quarantines) keep
// freed memory, so only a soak can tell a leak from a cache.
bool settled(const Resources& now, const Resources& base) {
  return now.fds <= base.fds && now.threads <= base.threads;
}

// Baseline: the server's resources before a flood, once it has served a
// few probes (so that lazily made things exist already).
class Baseline {
 public:
  explicit Baseline(const Endpoint& at) : at_(at) {
    for (int i = 0; i < 5; ++i) {
      Conn c(at_);
      c.served_probe(Clock::now() + kScenarioWaitLimit);
    }
    std::this_thread::sleep_for(milliseconds(200));
    base_ = read_resources(at_.pid);
  }

  // check: after the flood: the server serves a probe, and its resources
  // settle back to the baseline within kSettle; nothing when all is well,
  // else why not.  Adds the figures to o.
  std::optional<std::string> check(RuntimeOutcome& o) const {
    Conn c(at_);
    if (!c.served_probe(Clock::now() + kScenarioWaitLimit)) {
      return "the server no longer answers a probe after the flood";
    }
    c.close();
    if (!base_) {
      o.figures.push_back({"resources", "not measured (the runner did not start the server)"});
      return std::nullopt;
    }
    const auto start = Clock::now();
    std::optional<Resources> now = read_resources(at_.pid);
    while (now && !settled(*now, *base_) && Clock::now() - start < kSettle) {
      std::this_thread::sleep_for(milliseconds(100));
      now = read_resources(at_.pid);
    }
    o.figures.push_back({"baseline", resources_text(*base_)});
    if (!now) {
      return "the server's process is gone";
    }
    o.figures.push_back({"after the flood", resources_text(*now)});
    o.figures.push_back({"settled in", seconds_text(seconds_since(start))});
    if (!settled(*now, *base_)) {
      return "10 s after the flood the server holds " + resources_text(*now) +
             ", against a baseline of " + resources_text(*base_) +
             " (descriptors and threads must come back)";
    }
    return std::nullopt;
  }

 private:
  const Endpoint& at_;
  std::optional<Resources> base_;
};

// --- A bystander: another connection served while a scenario runs ---

class Bystander {
 public:
  explicit Bystander(const Endpoint& at) : conn_(at), thread_([this] { run(); }) {}
  ~Bystander() { stop(); }

  // stop: ends the probes; then the figures and failure are final.
  void stop() {
    stopping_ = true;
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  // judge: the bystander's figures into o; why it fails the case, if it does.
  std::optional<std::string> judge(RuntimeOutcome& o) {
    stop();
    std::vector<double> sorted = latencies_;
    std::sort(sorted.begin(), sorted.end());
    o.figures.push_back({"bystander probes", std::to_string(sorted.size())});
    if (!sorted.empty()) {
      o.figures.push_back({"bystander latency p50", ms_text(sorted[sorted.size() / 2])});
      o.figures.push_back({"bystander latency max", ms_text(sorted.back())});
    }
    if (!failure_.empty()) {
      return failure_;
    }
    if (!sorted.empty() && sorted.back() > std::chrono::duration<double>(kSlowProbe).count()) {
      return "a bystander's probe took " + ms_text(sorted.back()) +
             ": the hostile connection slowed the others down";
    }
    return std::nullopt;
  }

 private:
  void run() {
    while (!stopping_) {
      const auto start = Clock::now();
      if (!conn_.served_probe(start + kScenarioWaitLimit)) {
        failure_ = "a bystander connection stopped being served (" + conn_.fate() + ")";
        return;
      }
      latencies_.push_back(seconds_since(start));
      std::this_thread::sleep_for(kProbeEvery);
    }
  }

  Conn conn_;
  std::atomic<bool> stopping_{false};
  std::vector<double> latencies_;  // Seconds; the thread's until stop().
  std::string failure_;
  std::thread thread_;
};

// --- Slow peers ---

// judge_cut: the verdict on a hostile connection c that the server ended
// after took seconds: it must have sent nothing (when silent), must not
// have ended before kEarliestCut, and the bystander must not have been
// slowed (slowed: why it was).
RuntimeOutcome judge_cut(RuntimeOutcome o, const Conn& c, double took, bool silent,
                         const std::optional<std::string>& slowed) {
  if (silent && !c.in.empty()) {
    return fail(o, "the server sent bytes before closing");
  }
  if (std::chrono::duration<double>(took) < kEarliestCut) {
    return fail(o, "cut after only " + seconds_text(took) + ", before the 2 s timeout");
  }
  if (slowed) {
    return fail(o, *slowed);
  }
  o.ok = true;
  return o;
}

// cut_without_response: whether c ends, with nothing received, within
// bounds; fills o.
RuntimeOutcome cut_without_response(Conn& c, const std::string& sent, Clock::time_point start,
                                    Bystander& bystander) {
  c.pump(start + kLatestCut, [] { return false; });
  const double took = seconds_since(start);
  RuntimeOutcome o = outcome(sent, "", "closed", c);
  o.figures.push_back({"cut after", c.ended.empty() ? "(still open)" : seconds_text(took)});
  const auto slowed = bystander.judge(o);
  if (c.ended.empty()) {
    return fail(o, "still open after " + seconds_text(took) + " with a 2 s timeout");
  }
  return judge_cut(o, c, took, true, slowed);
}

RuntimeOutcome stalled(const Endpoint& at, const std::string& send) {
  Bystander bystander(at);
  Conn c(at);
  c.out = send;
  return cut_without_response(c, send, Clock::now(), bystander);
}

// response_size: the size of the response at the start of in, once its
// preamble (with a content-length) is there.
std::optional<std::size_t> response_size(const std::string& in) {
  const std::size_t head_end = in.find("\r\n\r\n");
  const std::size_t length_at = in.find("content-length: ");
  if (head_end == std::string::npos || length_at == std::string::npos || length_at > head_end) {
    return std::nullopt;
  }
  return head_end + 4 + std::stoull(in.substr(length_at + 16));
}

bool response_complete(const std::string& in) {
  const auto size = response_size(in);
  return size && in.size() >= *size;
}

// never_reads: asks for a large response and reads nothing for kUnreadFor;
// then reads what there is.  A server that gave up sends part of the
// response, then the end; one that never gives up sends all of it.
RuntimeOutcome never_reads(const Endpoint& at) {
  Bystander bystander(at);
  const std::string request = "PUT /_never_read HTTP/1.1\r\ncontent-length: " +
                              std::to_string(kUnreadBody) + "\r\n\r\n" +
                              std::string(kUnreadBody, 'x');
  // The receive buffer keeps its default: it grows only as the runner
  // reads, so little piles up here, and once reading starts what the
  // server queued drains at full speed.
  Conn c(at);
  c.out = request;
  const auto start = Clock::now();
  c.pump(start + kScenarioWaitLimit, [&] { return c.sent == c.out.size(); }, false);
  std::this_thread::sleep_for(kUnreadFor - std::min<Clock::duration>(kUnreadFor, Clock::now() - start));
  c.pump(Clock::now() + kScenarioWaitLimit, [&] { return response_complete(c.in); });
  RuntimeOutcome o = outcome(request.substr(0, 96), "", "closed", c);
  o.exchange.received = c.in.substr(0, 96);
  o.exchange.delivery = "the report keeps the first 96 bytes of each direction";
  o.figures.push_back({"response bytes received", std::to_string(c.in.size())});
  const auto slowed = bystander.judge(o);
  if (!response_size(c.in)) {
    return fail(o, "no response preamble with a content-length arrived (" +
                       std::to_string(c.in.size()) + " bytes, then " + c.fate() + ")");
  }
  if (response_complete(c.in)) {
    return fail(o, "the whole response arrived after " + seconds_text(seconds_since(start)) +
                       " unread: the server never gave up sending to a peer that stopped "
                       "reading");
  }
  if (c.ended.empty()) {
    return fail(o, "the connection is still open, the response unfinished");
  }
  if (slowed) {
    return fail(o, *slowed);
  }
  o.ok = true;
  return o;
}

// trickled: sends head, then one byte of tail every kTrickleEvery, over a
// plain socket to the server's address (so over TLS: raw bytes to the TLS
// server), until the server ends the connection or kLatestCut passes.
RuntimeOutcome trickled(const Endpoint& at, const std::string& head, const std::string& tail,
                        bool raw) {
  Bystander bystander(at);
  Endpoint plain = at;
  if (raw) {
    plain.tls = nullptr;  // Bytes of TLS records, written by hand.
  }
  Conn c(plain);
  c.out = head;
  const auto start = Clock::now();
  c.pump(start + kTrickleEvery, [&] { return c.sent == c.out.size(); });
  for (std::size_t i = 0; i < tail.size() && c.ended.empty() && Clock::now() - start < kLatestCut;
       ++i) {
    c.out += tail[i];
    c.pump(Clock::now() + kTrickleEvery, [] { return false; });
  }
  const double took = seconds_since(start);
  RuntimeOutcome o = outcome(c.out, "", "closed", c);
  o.figures.push_back({"cut after", c.ended.empty() ? "(still open)" : seconds_text(took)});
  o.figures.push_back({"bytes trickled", std::to_string(c.out.size() - head.size())});
  const auto slowed = bystander.judge(o);
  if (c.ended.empty()) {
    o = fail(o, "still open after " + seconds_text(took) + " of one byte every 400 ms, with a "
                "2 s timeout: nothing bounds the " + (raw ? "handshake" : "preamble") +
                " as a whole");
    o.compat_ok = true;
    o.compat_against = "the original (E-27): only each wait is timed";
    return o;
  }
  return judge_cut(o, c, took, !raw, slowed);  // A TLS alert may come back.
}

// --- Idle slots ---

RuntimeOutcome idle_slots(const Endpoint& at) {
  std::vector<std::unique_ptr<Conn>> idle;
  for (int i = 0; i < 4; ++i) {
    idle.push_back(std::make_unique<Conn>(at));
  }
  const auto start = Clock::now();
  std::this_thread::sleep_for(milliseconds(200));  // Let them take the slots.
  std::optional<double> served;
  int attempts = 0;
  while (!served && Clock::now() - start < kLatestResume) {
    ++attempts;
    Conn knock(at);
    if (knock.served_probe(start + kLatestResume)) {
      served = seconds_since(start);
    }
  }
  Conn& first = *idle.front();
  for (auto& c : idle) {
    c->pump(start + kLatestCut, [] { return false; });
  }
  RuntimeOutcome o = outcome("", "", "closed", first);
  o.figures.push_back({"new connection served after",
                       served ? seconds_text(*served) : std::string("(never)")});
  o.figures.push_back({"connections tried", std::to_string(attempts)});
  if (!served) {
    return fail(o, "no new connection was served within " +
                       seconds_text(std::chrono::duration<double>(kLatestResume).count()));
  }
  for (auto& c : idle) {
    if (c->ended.empty() || !c->in.empty()) {
      return fail(outcome("", "", "closed", *c),
                  "an idle connection was " + c->fate() +
                      (c->in.empty() ? "" : ", with bytes sent") + " after " +
                      seconds_text(seconds_since(start)));
    }
  }
  o.ok = true;
  return o;
}

// --- Floods ---

RuntimeOutcome finish_flood(RuntimeOutcome o, const Baseline& baseline, Clock::time_point start,
                            int connections) {
  const double took = seconds_since(start);
  o.figures.insert(o.figures.begin(),
                   {"connections", std::to_string(connections) + " in " + seconds_text(took)});
  if (auto why = baseline.check(o)) {
    return fail(o, *why);
  }
  o.ok = o.reason.empty();
  return o;
}

RuntimeOutcome connect_close(const Endpoint& at) {
  Baseline baseline(at);
  const auto start = Clock::now();
  for (int i = 0; i < kConnectCloseCycles; ++i) {
    Conn c(at);
  }
  RuntimeOutcome o;
  o.exchange.sent = "(none: each connection is closed at once)";
  o.exchange.observed_fate = "closed";
  return finish_flood(o, baseline, start, kConnectCloseCycles);
}

RuntimeOutcome garbage(const Endpoint& at) {
  Baseline baseline(at);
  std::mt19937 random(20261207);
  std::string junk(512, '\0');
  const std::string end = "\r\n\r\n";  // A complete preamble: judged at once.
  const auto start = Clock::now();
  RuntimeOutcome o;
  for (int i = 0; i < kGarbageConnections; ++i) {
    for (char& b : junk) {
      // Control bytes but CR and LF: never a request line, never an end.
      const auto v = random() % 30;
      b = static_cast<char>(v == '\r' ? 30 : v == '\n' ? 31 : v);
    }
    Conn c(at);
    c.out = junk + end;
    c.pump(Clock::now() + kScenarioWaitLimit, [] { return false; });
    if (!c.in.empty() || c.ended.empty()) {
      o = outcome(c.out, "", "closed", c);
      return fail(o, c.in.empty() ? "a garbage connection was still open after 15 s"
                                  : "the server answered garbage");
    }
    if (i == 0) {
      o = outcome(c.out, "", "closed", c);
    }
  }
  return finish_flood(o, baseline, start, kGarbageConnections);
}

// reset: closes c's socket so that the kernel sends a reset (SO_LINGER 0).
void reset(Conn& c) {
  const linger now{1, 0};
  ::setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &now, sizeof now);
  c.close();
}

RuntimeOutcome resets(const Endpoint& at) {
  Baseline baseline(at);
  const std::string response_body(256 << 10, 'r');
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"preamble", "GET /a HTTP/1.1\r\nx-y: "},
      {"body", "PUT /a HTTP/1.1\r\ncontent-length: 100\r\n\r\nhalf"},
      {"chunk line", "POST /a HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n5;k"},
      {"response", "PUT /a HTTP/1.1\r\ncontent-length: " + std::to_string(response_body.size()) +
                       "\r\n\r\n" + response_body},
  };
  const auto start = Clock::now();
  for (const auto& [where, send] : kinds) {
    for (int i = 0; i < kResetsPerKind; ++i) {
      Conn c(at, where == "response" ? 4096 : 0);
      c.out = send;
      const auto deadline = Clock::now() + kScenarioWaitLimit;
      if (where == "response") {
        c.pump(deadline, [&] { return !c.in.empty(); });  // The response has begun.
      } else {
        c.pump(deadline, [&] { return c.sent == c.out.size(); }, false);
        std::this_thread::sleep_for(milliseconds(1));
      }
      reset(c);
    }
  }
  RuntimeOutcome o;
  o.exchange.sent = "(25 connections each reset in a preamble, a body, a chunk line and a "
                    "response)";
  o.exchange.observed_fate = "reset";
  return finish_flood(o, baseline, start, 4 * kResetsPerKind);
}

RuntimeOutcome half_closed(const Endpoint& at) {
  Baseline baseline(at);
  const auto start = Clock::now();
  RuntimeOutcome o;
  for (int i = 0; i < kHalfClosed; ++i) {
    Conn c(at);
    c.out = kProbe;
    c.pump(Clock::now() + kScenarioWaitLimit, [&] { return c.sent == c.out.size(); }, false);
    ::shutdown(c.fd, SHUT_WR);
    c.pump(Clock::now() + kScenarioWaitLimit, [] { return false; });
    o = outcome(std::string(kProbe), std::string(kProbeResponse), "closed", c);
    if (c.in != kProbeResponse || c.ended.empty()) {
      return fail(o, "a request followed by the end of input was not answered, then closed");
    }
  }
  return finish_flood(o, baseline, start, kHalfClosed);
}

std::optional<RuntimeOutcome> dispatch(const std::string& scenario, const Endpoint& at) {
  if (scenario == "stalled-body") {
    return stalled(at, "PUT /a HTTP/1.1\r\ncontent-length: 100\r\n\r\n" + std::string(50, 'b'));
  }
  if (scenario == "endless-chunk-line") {
    return stalled(at, "POST /a HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\nff;key=value");
  }
  if (scenario == "trickled-preamble") {
    return trickled(at, "GET / HTTP/1.1\r\nx: ", std::string(64, 'a'), false);
  }
  if (scenario == "trickled-client-hello") {
    return trickled(at, std::string("\x16\x03\x01\x01\x00", 5), std::string(256, '\x01'),
                    true);
  }
  if (scenario == "never-reads") {
    return never_reads(at);
  }
  if (scenario == "idle-slots") {
    return idle_slots(at);
  }
  if (scenario == "connect-close") {
    return connect_close(at);
  }
  if (scenario == "garbage") {
    return garbage(at);
  }
  if (scenario == "resets") {
    return resets(at);
  }
  if (scenario == "half-closed") {
    return half_closed(at);
  }
  return std::nullopt;
}

}  // namespace

std::deque<conformance::Vector> robustness_vectors() {
  return scenario_vectors(kCases, "built-in robustness case", "robustness");
}

RuntimeOutcome run_robustness(const conformance::Vector& v, const Endpoint& at) {
  const std::string name = v.raw.value("scenario", "");
  return run_guarded(name, [&] { return dispatch(name, at); });
}

}  // namespace degu::conform
