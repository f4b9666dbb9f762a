// server_section.cc: exchange vectors against a server running the reflect
// application (docs/REFLECT.md), one fresh connection per case, over every
// transport asked for.
//
// With --target the servers are already running; with --exec the runner
// starts one per transport and option set, on a fresh address, and stops
// it by its PID when its cases are done.  A server that exits during the
// run is started again before the next case, and the notes say so.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <optional>
#include <system_error>
#include <thread>

#include "degu/core/hex.h"
#include "degu/net/socket.h"
#include "exchange_peer.h"
#include "process.h"
#include "robustness_cases.h"
#include "runtime_cases.h"
#include "runner.h"
#include "server_exec.h"

namespace degu::conform {
namespace {

using Clock = std::chrono::steady_clock;

// expected_length: the bytes to wait for before the probe; none when any
// prefix of the expected bytes agrees (the server may send none of them).
std::size_t expected_length(const conformance::Vector& v) {
  if (v.expected.value("prefix", false)) {
    return 0;
  }
  return v.expected.value("response_hex", std::string()).size() / 2;
}

// run_scenario_case: one runtime or robustness scenario against address
// (the server's process is pid when the runner started it, else 0).
CaseResult run_scenario_case(const Config& config, const Planned& p,
                             const net::Address& address, int pid) {
  CaseResult r = new_result(p);
  const auto start = Clock::now();
  const Endpoint at{address, p.transport == "tls" ? config.tls.get() : nullptr, pid};
  const RuntimeOutcome o = p.section == Section::robustness ? run_robustness(*p.vector, at)
                                                            : run_runtime(*p.vector, at);
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.exchange = o.exchange;
  r.figures = o.figures;
  grade(r, Judgement{o.ok, o.compat_ok, o.compat_against}, config.profile);
  r.reason = r.verdict == Verdict::ok ? "" : o.reason;
  return r;
}

// run_case: one exchange on a fresh connection to address.
CaseResult run_case(const Config& config, const Planned& p,
                    const net::Address& address, int pid) {
  if (p.section == Section::runtime || p.section == Section::robustness) {
    return run_scenario_case(config, p, address, pid);
  }
  CaseResult r = new_result(p);
  const auto& v = *p.vector;
  const bool eof = v.raw.value("eof", false);
  const auto cuts = cuts_for(p.delivery, v.input.size(), p.id);
  const auto start = Clock::now();
  PeerResult peer;
  try {
    // Each piece may wait for the kernel: the limit grows with the pieces.
    const auto limit = config.timeout + std::chrono::milliseconds(cuts.size());
    if (p.transport == "tls") {
      TlsConnection conn(*config.tls, address, config.timeout);
      peer = run_exchange(conn.fd(), v.input, eof, expected_length(v), limit, cuts);
    } else {
      const int fd = net::connect_to(address, config.timeout);
      if (!std::holds_alternative<net::UnixAddress>(address) &&
          !std::holds_alternative<net::AbstractAddress>(address)) {
        const int one = 1;  // Small pieces go out as they are sent.
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      }
      peer = run_exchange(fd, v.input, eof, expected_length(v), limit, cuts);
      ::close(fd);
    }
  } catch (const std::exception& e) {
    peer.fate = "unconnected";
    r.reason = std::string("cannot connect to ") + net::format_address(address) +
               ": " + e.what();
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  Exchange x;
  x.sent = v.input;
  x.delivery = describe_cuts(p.delivery, cuts);
  x.expected = *core::from_hex(v.expected.value("response_hex", std::string()));
  x.expected_fate = v.expected.value("ending", std::string());
  x.received = peer.received;
  x.observed_fate = peer.fate;
  r.exchange = x;
  grade(r, judge_exchange(v, peer.received, peer.fate, config.backend), config.profile);
  if (r.verdict == Verdict::ok) {
    r.reason.clear();
  } else if (r.reason.empty()) {
    const bool bytes_ok = bytes_agree(v.expected, "response_hex", core::to_hex(x.received));
    r.reason = !bytes_ok ? "the response bytes differ from " + r.judged_against
                         : "the connection was " + peer.fate + ", expected " + x.expected_fate;
  }
  return r;
}

// run_judged: run_case, and a failing case once more, to tell a stable
// failure from a flaky one (the first run's verdict stands).
CaseResult run_judged(const Config& config, const Planned& p, const net::Address& address,
                      int pid) {
  CaseResult r = run_case(config, p, address, pid);
  if (r.verdict == Verdict::failed || r.verdict == Verdict::non_strict) {
    const CaseResult again = run_case(config, p, address, pid);
    r.stability = again.verdict == Verdict::ok ? "flaky" : "stable";
  }
  return r;
}

CaseResult skipped(const Planned& p, std::string reason) {
  CaseResult r = new_result(p);
  r.verdict = Verdict::skipped;
  r.reason = std::move(reason);
  return r;
}

// Groups: the planned cases by transport and server options, in plan order.
using Key = std::pair<std::string, std::string>;

std::vector<std::pair<Key, std::vector<const Planned*>>> grouped(
    const std::vector<Planned>& cases) {
  std::vector<std::pair<Key, std::vector<const Planned*>>> out;
  std::map<Key, std::size_t> index;
  for (const Planned& p : cases) {
    const Key key{p.transport, options_key(*p.vector)};
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, out.size()).first;
      out.push_back({key, {}});
    }
    out[it->second].second.push_back(&p);
  }
  return out;
}

void check_reachable(const net::Address& address, std::chrono::milliseconds timeout) {
  try {
    ::close(net::connect_to(address, timeout));
  } catch (const std::exception& e) {
    throw SetupError("cannot connect to the server at " + net::format_address(address) +
                     ": " + e.what());
  }
}

}  // namespace

std::vector<CaseResult> run_server_section(const Config& config,
                                           const std::vector<Planned>& cases,
                                           const Progress& progress,
                                           std::vector<std::string>* notes) {
  std::map<std::string, CaseResult> done;
  int serial = 0;
  for (const auto& [key, group] : grouped(cases)) {
    const auto& [transport, options] = key;
    auto finish = [&](CaseResult r) {
      progress(r);
      done.emplace(r.id, std::move(r));
    };
    std::vector<const Planned*> runnable;
    for (const Planned* p : group) {
      if (p->skip_reason.empty()) {
        runnable.push_back(p);
      } else {
        finish(new_result(*p));
      }
    }
    if (runnable.empty()) {
      continue;
    }
    if (!config.targets.empty()) {
      const Target* target = nullptr;
      for (const Target& t : config.targets) {
        if (t.options_key == options && transport_of(t) == transport) {
          target = &t;
        }
      }
      if (target == nullptr) {
        for (const Planned* p : runnable) {
          finish(skipped(*p, "needs a server started with options " + options +
                                 " (--target OPTIONS@ADDR, or --exec)"));
        }
        continue;
      }
      check_reachable(target->address, config.timeout);
      for (const Planned* p : runnable) {
        finish(run_judged(config, *p, target->address, 0));
      }
      continue;
    }
    const bool tls = transport == "tls";
    auto argv_or_reason =
        exec_arguments(tls ? config.tls_exec_template : config.exec_template, options);
    if (tls) {
      for (std::string& w : argv_or_reason.words) {
        w = replace_all(w, "{tls_config}", config.tls->pki.server_json);
      }
    }
    if (!argv_or_reason.reason.empty()) {
      for (const Planned* p : runnable) {
        finish(skipped(*p, argv_or_reason.reason));
      }
      continue;
    }
    ExecServer server(config, transport, argv_or_reason, ++serial);
    for (const Planned* p : runnable) {
      if (!server.ensure_running(notes, p->id)) {
        finish(skipped(*p, "the server could not be started again"));
        continue;
      }
      finish(run_judged(config, *p, server.address(), server.pid()));
    }
    server.stop(notes);
  }
  std::vector<CaseResult> out;
  for (const Planned& p : cases) {
    out.push_back(std::move(done.at(p.id)));
  }
  return out;
}

}  // namespace degu::conform
