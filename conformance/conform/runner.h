// runner.h: one degu-conform run: which cases, against what, and the
// sections that run them.  main.cc turns arguments into a Config; the
// sections turn planned cases into CaseResults.
#pragma once

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "case_result.h"
#include "delivery.h"
#include "degu/net/address.h"
#include "judge.h"
#include "selection.h"
#include "tls_bridge.h"
#include "vector_file.h"

namespace degu::conform {

// SetupError: the run cannot go on (an adapter that cannot be executed, a
// server that does not start); main prints it and exits 2.
struct SetupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// kUnimplementedExit: the exit status by which an adapter says it does not
// implement what it was asked (BoringSSL's shim contract).
inline constexpr int kUnimplementedExit = 89;

enum class Role { parser, server, client };

// Target: a server already running at address, started with options (a
// JSON object of server options; empty: the defaults).
struct Target {
  std::string options_key;  // options as canonical JSON ("{}" for none).
  net::Address address;
  bool tls = false;  // "tls:ADDR": spoken to over TLS (--tls-client-config).
  std::string text;  // As the user wrote it.
};

// Config: everything a run needs, checked by main.cc before anything runs.
struct Config {
  Role role = Role::parser;
  Profile profile = Profile::spec;
  std::string backend;  // degu-0.19:c or :py: only that backend's records count.
  ErrorGrading errors = ErrorGrading::exact;
  Selection selection;
  std::filesystem::path vectors_dir;
  std::chrono::milliseconds timeout{10000};  // Per exchange or adapter run.
  bool strict = false;  // NON-STRICT fails the run too.
  // parser
  std::vector<std::string> parse_command;   // Empty: no parse cases run.
  std::vector<std::string> render_command;  // Empty: no render cases run.
  // server: --target or --exec; client: --exec
  std::vector<Target> targets;
  std::string exec_template;  // The command with {placeholders}.
  // For --transport tls: the command that starts the server, or runs the
  // client adapter, with TLS ({tls_config}: the server or client
  // configuration of the run's PKI), and the PKI with the runner's
  // contexts (made in work_dir).
  std::string tls_exec_template;
  std::shared_ptr<TlsSetup> tls;
  std::vector<std::string> transports;  // For --exec: "unix", "v4", ...
  // How exchange and client exchange vectors are delivered (each mode is a
  // case of its own; wire cases always go at once).
  std::vector<DeliveryMode> deliveries = {DeliveryMode::once};
  std::filesystem::path work_dir;  // Scratch space (sockets, server logs).
};

// Planned: a case before it runs.
struct Planned {
  std::string id;
  const conformance::Vector* vector;
  Section section;
  std::string transport;
  std::string skip_reason;  // Set: the case is reported SKIPPED, not run.
  DeliveryMode delivery = DeliveryMode::once;
};

// Plan: the cases of a run, and the vectors derived for them (wire forms
// of byte vectors, wire_cases.h), which the cases point into.
struct Plan {
  std::vector<Planned> cases;
  std::deque<conformance::Vector> derived;
};

// plan: every case the role has for vectors, in file order (server and
// client cases once per transport): exchange or client exchange vectors
// (IDs "VECTOR.TRANSPORT", and "VECTOR.TRANSPORT.MODE" for each delivery
// mode but once), then the wire forms of byte and rendering vectors (IDs
// "VECTOR.wire.TRANSPORT"), then the runtime section (runtime_cases.h for
// a server, client_runtime_cases.h for a client; IDs "CASE.TRANSPORT").
Plan plan(const Config& config, const std::vector<conformance::Vector>& vectors);

// options_key: a vector's server options as canonical JSON ("{}").
std::string options_key(const conformance::Vector& v);

// new_result: a CaseResult with the case's identity filled in.
CaseResult new_result(const Planned& p);

// Progress: told about every finished case (the terminal's progress line).
using Progress = std::function<void(const CaseResult&)>;

// run_parser_section, run_server_section, run_client_section: run the
// planned cases of their role.  Throw SetupError when the run cannot go
// on.
std::vector<CaseResult> run_parser_section(const Config& config,
                                           const std::vector<Planned>& cases,
                                           const Progress& progress);
std::vector<CaseResult> run_server_section(const Config& config,
                                           const std::vector<Planned>& cases,
                                           const Progress& progress,
                                           std::vector<std::string>* notes);
std::vector<CaseResult> run_client_section(const Config& config,
                                           const std::vector<Planned>& cases,
                                           const Progress& progress);

// The transports a run can use, and the parse kinds and render kinds the
// parser role runs.
const std::vector<std::string>& known_transports();

}  // namespace degu::conform
