// client_section.cc: client exchange vectors against a client adapter
// (docs/VECTORS.md, "Client exchange vectors").
//
// The adapter command may name {fd} (an inherited socket, connected to the
// runner's scripted server) or {address} (an address the runner listens on
// for one connection, once per transport); with neither, "--fd {fd}" is
// appended.  The adapter reads {"client", "actions"} on standard input and
// prints the outcomes array as its last line.  Exit 89: not implemented.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include "client_harness.h"
#include "degu/core/hex.h"
#include "degu/net/socket.h"
#include "process.h"
#include "runner.h"
#include "server_exec.h"

namespace degu::conform {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> replies_of(const conformance::Vector& v) {
  std::vector<std::string> out;
  for (const auto& piece : v.raw.at("replies_hex")) {
    out.push_back(*core::from_hex(piece.get<std::string>()));
  }
  return out;
}

// accept_one: waits for one connection on listener until it arrives, the
// deadline passes or give_up is set; -1 when none came.
int accept_one(int listener, Clock::time_point deadline, const std::atomic<bool>& give_up) {
  while (!give_up && Clock::now() < deadline) {
    pollfd p{listener, POLLIN, 0};
    if (::poll(&p, 1, 50) > 0) {
      const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0) {
        return fd;
      }
    }
  }
  return -1;
}

struct Run {
  RunOutput adapter;
  HarnessResult harness;
};

using Cuts = std::vector<std::vector<std::size_t>>;

Run run_with_fd(const std::vector<std::string>& words,
                const std::string& input, const std::vector<std::string>& replies, bool close,
                const Cuts& cuts, std::chrono::milliseconds limit) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    throw SetupError("socketpair failed");
  }
  Run run;
  std::thread harness(
      [&] { run.harness = serve_client(pair[0], replies, close, limit, cuts); });
  std::vector<std::string> argv;
  for (const auto& w : words) {
    argv.push_back(replace_all(w, "{fd}", std::to_string(pair[1])));
  }
  run.adapter = run_program(argv, input, limit * 2, pair[1]);
  ::close(pair[1]);  // Now nobody holds the client's end: the harness sees its end.
  harness.join();
  return run;
}

Run run_with_address(const Config& config, const std::vector<std::string>& words,
                     const std::string& input, const std::vector<std::string>& replies,
                     bool close, const Cuts& cuts, const std::string& transport, int serial,
                     std::chrono::milliseconds limit) {
  net::Address bound;
  const int listener = net::listen_on(fresh_address(transport, config.work_dir, serial), &bound);
  Run run;
  std::atomic<bool> adapter_done{false};
  std::thread harness([&] {
    const int fd = accept_one(listener, Clock::now() + config.timeout, adapter_done);
    if (fd < 0) {
      run.harness.ending = "unconnected";
      return;
    }
    if (transport != "tls") {
      run.harness = serve_client(fd, replies, close, limit, cuts);
      return;
    }
    try {
      TlsConnection conn(*config.tls, fd, config.timeout);
      // serve_client closes the plaintext end; the carrier then ends.
      run.harness = serve_client(conn.release(), replies, close, limit, cuts);
    } catch (const std::exception& e) {
      run.harness.ending = "unconnected";
      run.harness.trouble = e.what();
    }
  });
  std::vector<std::string> argv;
  for (const auto& w : words) {
    std::string arg = replace_all(w, "{address}", net::format_address(bound));
    if (config.tls) {
      arg = replace_all(arg, "{tls_config}", config.tls->pki.client_json);
    }
    argv.push_back(arg);
  }
  run.adapter = run_program(argv, input, limit * 2);
  adapter_done = true;
  harness.join();
  ::close(listener);
  if (const auto* path = std::get_if<net::UnixAddress>(&bound)) {
    std::filesystem::remove(path->path);
  }
  return run;
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.size() > 300 ? line.substr(0, 300) + "..." : line;
}

Json last_json_line(const std::string& out) {
  std::string text = out;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  const auto start = text.rfind('\n');
  Json j = Json::parse(start == std::string::npos ? text : text.substr(start + 1), nullptr, false);
  return j.is_discarded() ? Json() : j;
}

// kRuntimeLimit: the least the harness waits in a runtime case, so that a
// short --timeout never cuts off a client that keeps its 1 s timeout.
constexpr std::chrono::milliseconds kRuntimeLimit{5000};

// timing_fault: for a runtime case (raw "min_seconds"), why the client did
// not end the exchange by itself within the bounds (client_runtime_cases.h),
// timed by the harness from the complete request to the end.
std::string timing_fault(const conformance::Vector& v, const HarnessResult& harness) {
  if (!v.raw.contains("min_seconds")) {
    return "";
  }
  if (harness.ending != "closed") {
    return "the exchange did not end before the harness's limit: the client kept waiting "
           "(its timeout was not applied)";
  }
  const double earliest = v.raw["min_seconds"].get<double>();
  if (harness.seconds_after_request < earliest) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "the client gave up %.2f s after its request was complete, before its 1 s "
                  "timeout",
                  harness.seconds_after_request);
    return buf;
  }
  return "";
}

// run_case: one client exchange with the adapter, judged.
CaseResult run_case(const Config& config, const std::vector<std::string>& words,
                    const Planned& p, int& serial) {
  const auto& v = *p.vector;
  CaseResult r = new_result(p);
  const Json input = {{"client", v.raw.at("client")}, {"actions", v.raw.at("actions")}};
  const auto replies = replies_of(v);
  const bool close = v.raw.value("close", false);
  Cuts cuts;
  std::string delivery;
  for (std::size_t k = 0; k < replies.size(); ++k) {
    cuts.push_back(cuts_for(p.delivery, replies[k].size(), p.id + "#" + std::to_string(k)));
    const std::string how = describe_cuts(p.delivery, cuts.back());
    delivery += replies.size() == 1 ? how
                                    : (k ? "; " : "") + ("reply " + std::to_string(k + 1) +
                                                         " " + how);
  }
  const auto limit = v.raw.contains("min_seconds") ? std::max(config.timeout, kRuntimeLimit)
                                                   : config.timeout;
  const auto start = Clock::now();
  const Run run = p.transport == "socketpair"
                      ? run_with_fd(words, input.dump() + "\n", replies, close, cuts, limit)
                      : run_with_address(config, words, input.dump() + "\n", replies, close,
                                         cuts, p.transport, ++serial, limit);
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!run.adapter.started) {
    throw SetupError(run.adapter.error);
  }
  Exchange x;
  for (const auto& piece : replies) {
    x.sent += piece;
  }
  x.expected = *core::from_hex(v.expected.value("sent_hex", std::string()));
  x.received = run.harness.sent;
  x.observed_fate = run.harness.ending;
  x.delivery = delivery;
  r.exchange = x;
  r.expected_verdict = v.expected.value("outcomes", Json());
  if (run.adapter.exit_code == kUnimplementedExit) {
    r.verdict = Verdict::unimplemented;
    r.reason = "the adapter does not implement this exchange (exit 89)";
    return r;
  }
  const Json outcomes = run.adapter.exit_code == 0 ? last_json_line(run.adapter.out) : Json();
  r.observed_verdict = outcomes;
  Judgement judgement = judge_client(v, run.harness.sent, outcomes, config.backend);
  // Timing is judged once the adapter has done its part (exit 0, outcomes).
  const std::string timing = run.adapter.exit_code == 0 && outcomes.is_array()
                                 ? timing_fault(v, run.harness)
                                 : "";
  if (!timing.empty()) {
    judgement = Judgement{};
  }
  grade(r, judgement, config.profile);
  if (r.verdict != Verdict::ok) {
    if (!timing.empty()) {
      r.reason = timing;
    } else if (!run.harness.trouble.empty()) {
      r.reason = run.harness.trouble;
    } else if (run.adapter.timed_out) {
      r.reason = "the adapter did not finish within " +
                 std::to_string(2 * limit.count() / 1000) + " s";
    } else if (run.adapter.exit_code != 0) {
      r.reason = (run.adapter.signal ? "the adapter was killed by signal " +
                                           std::to_string(run.adapter.signal)
                                     : "the adapter exited " +
                                           std::to_string(run.adapter.exit_code)) +
                 (run.adapter.err.empty() ? "" : ": " + first_line(run.adapter.err));
    } else if (!outcomes.is_array()) {
      r.reason = "the adapter printed no outcomes array as its last line";
    } else if (!bytes_agree(v.expected, "sent_hex", core::to_hex(x.received))) {
      r.reason = "the bytes the client sent differ from " + r.judged_against;
    } else {
      r.reason = "the outcomes differ from " + r.judged_against;
    }
  }
  return r;
}

}  // namespace

std::vector<CaseResult> run_client_section(const Config& config,
                                           const std::vector<Planned>& cases,
                                           const Progress& progress) {
  std::string error;
  std::string command = config.exec_template;
  if (command.find("{fd}") == std::string::npos &&
      command.find("{address}") == std::string::npos) {
    command += " --fd {fd}";
  }
  const auto words = split_command(command, &error);
  if (!words) {
    throw SetupError("the --exec command has " + error);
  }
  const auto tls_words = split_command(config.tls_exec_template, &error);
  std::vector<CaseResult> out;
  int serial = 0;
  for (const Planned& p : cases) {
    if (!p.skip_reason.empty()) {
      CaseResult skipped = new_result(p);
      progress(skipped);
      out.push_back(std::move(skipped));
      continue;
    }
    const auto& command_words = p.transport == "tls" ? *tls_words : *words;
    CaseResult r = run_case(config, command_words, p, serial);
    if (r.verdict == Verdict::failed || r.verdict == Verdict::non_strict) {
      // Once more, to tell a stable failure from a flaky one.
      const CaseResult again = run_case(config, command_words, p, serial);
      r.stability = again.verdict == Verdict::ok ? "flaky" : "stable";
    }
    progress(r);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace degu::conform
