// scenario_conn.h: what the server role's runtime and robustness scenarios
// share: one non-blocking connection to the server under test, and the
// outcome they report.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "case_result.h"
#include "degu/net/address.h"
#include "vector_file.h"

namespace degu::conform {

struct TlsSetup;       // tls_bridge.h
class TlsConnection;   // tls_bridge.h

using ScenarioClock = std::chrono::steady_clock;

// kScenarioWaitLimit: the longest any single wait of a scenario lasts.
inline constexpr auto kScenarioWaitLimit = std::chrono::seconds(15);

// Endpoint: where a scenario connects: the server's address, over TLS with
// the run's PKI when tls is set.  pid is the server's process when the
// runner started it (--exec), 0 otherwise: scenarios that read a server's
// resources from /proc need it.
struct Endpoint {
  net::Address address;
  const TlsSetup* tls = nullptr;
  int pid = 0;
};

// RuntimeOutcome: what a scenario saw, whether it meets the case, and
// whether it is what the original does where an erratum says it differs
// (the Degu 0.19 profile; compat_against names the erratum).  figures are
// measurements worth reporting whatever the verdict (name, value), in
// order.
struct RuntimeOutcome {
  bool ok = false;
  bool compat_ok = false;
  std::string compat_against;
  std::string reason;  // Why not, when not ok.
  Exchange exchange;   // The bytes of the connection under judgement.
  std::vector<std::pair<std::string, std::string>> figures;
};

// Conn: one non-blocking connection with what is left to send and what
// came back.  Over TLS the runner's carrier (tls_bridge.h) holds the TLS
// side and fd is its plaintext end.
struct Conn {
  int fd = -1;
  std::string out;
  std::size_t sent = 0;
  std::string in;
  std::string ended;  // "", "closed" or "reset".
  std::unique_ptr<TlsConnection> tls;

  // Conn: connected to at (throws when it cannot connect within the wait
  // limit).  receive_buffer, when positive, is set as SO_RCVBUF (plain
  // sockets only), so that little piles up unread at this end.
  explicit Conn(const Endpoint& at, int receive_buffer = 0);
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn();
  void close();

  // pump: sends and receives (with receive false: only sends) until done()
  // holds, the input ends or the deadline passes; returns done().
  bool pump(ScenarioClock::time_point deadline, const std::function<bool()>& done,
            bool receive = true);

  // served_probe: sends the probe and waits for its whole answer.
  bool served_probe(ScenarioClock::time_point deadline);

  // fate: "open" while nothing ended it, else "closed" or "reset".
  std::string fate() const { return ended.empty() ? "open" : ended; }
};

// ScenarioEntry: one row of a scenario table (runtime_cases.cc,
// robustness_cases.cc).
struct ScenarioEntry {
  const char* id;
  const char* rules;    // Space-separated.
  const char* level;
  const char* options;  // Server options as JSON.
  const char* scenario;
  const char* comment;
  // transports: "any"; "plain": not over TLS (a handshake waits for a slot
  // the scenario holds, or the runner's carrier would read for it); "tcp":
  // v4 and v6 only (over AF_UNIX what it checks does not arise); "tls":
  // over TLS only.
  const char* transports;
};

// scenario_vectors: one vector per entry, of kind, from file (a label such
// as "built-in runtime case"), with raw "comment", "options", "scenario"
// and "transports", in table order.
std::deque<conformance::Vector> scenario_vectors(std::span<const ScenarioEntry> table,
                                                 const std::string& file,
                                                 const std::string& kind);

// run_guarded: runs a scenario through dispatch, which returns nothing for
// a name it does not know (a bug in degu-conform, reported so).  A failure
// to connect becomes an outcome (fate "unconnected"); the Degu 0.19 verdict
// follows the spec's unless the scenario named an erratum.
RuntimeOutcome run_guarded(const std::string& name,
                           const std::function<std::optional<RuntimeOutcome>()>& dispatch);

double seconds_since(ScenarioClock::time_point start);
std::string seconds_text(double s);

// outcome: an outcome whose exchange is c's, sent and expected as given.
RuntimeOutcome outcome(std::string sent, std::string expected, std::string expected_fate,
                       const Conn& c);

// fail: o, not ok, with reason.
RuntimeOutcome fail(RuntimeOutcome o, std::string reason);

}  // namespace degu::conform
