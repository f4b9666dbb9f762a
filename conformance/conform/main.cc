// degu-conform: validates a Degu parser, server or client against the
// vectors, and reports what it did (docs/VALIDATING.md).
//
//   degu-conform parser --exec CMD [--render-exec CMD]
//   degu-conform server --target [OPTIONS@]ADDR ... | --exec 'CMD {address} ...'
//   degu-conform client --exec 'CMD [{fd}|{address}] ...'
//   degu-conform compare REPORT.json... --html FILE
//
// Exit status: 0 every case that ran passed (and at least one ran); 1 a
// conformance failure; 2 a usage or setup error, explained on stderr.
#include <algorithm>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "compare.h"
#include "expectations.h"
#include "report.h"
#include "runner.h"
#include "server_exec.h"
#include "terminal_report.h"
#include "tls_files.h"

namespace {

using namespace degu::conform;
namespace net = degu::net;

constexpr int kFailures = 1;
constexpr int kUsage = 2;
constexpr const char* kVersion = "0.1.0";

struct UsageError {
  std::string message;
};

struct Arguments {
  std::string exec;
  std::string tls_exec;
  std::string render_exec;
  std::vector<std::string> targets;
  std::string transports = "unix";
  std::string deliveries = "once";
  std::string vectors;
  std::vector<std::string> only, skip;
  std::string profile = "spec";
  std::string errors = "exact";
  double timeout = 10;
  std::string json_path, junit_path, html_path, expectations;
  std::string label;
  std::string tls_client_config;
  std::vector<std::string> reports;  // compare
  bool list = false, dry_run = false, strict = false, quiet = false;
};

void add_common(CLI::App* cmd, Arguments& a) {
  cmd->add_option("--vectors", a.vectors, "the vectors directory (default: the kit's)");
  cmd->add_option("--only", a.only,
                  "run only cases whose ID, vector ID or a rule matches PATTERN "
                  "('*' and '?'; repeatable)")
      ->type_name("PATTERN");
  cmd->add_option("--skip", a.skip, "leave out the cases PATTERN matches (repeatable)")
      ->type_name("PATTERN");
  cmd->add_option("--profile", a.profile,
                  "spec: judge against the specification; degu-0.19: also accept what "
                  "the original was recorded doing where an erratum says it differs")
      ->check(CLI::IsMember({"spec", "degu-0.19", "degu-0.19:c", "degu-0.19:py"}));
  cmd->add_option("--errors", a.errors,
                  "exact: rejections must name the kit's error, rule and offset; any: "
                  "any rejection agrees with an expected rejection")
      ->check(CLI::IsMember({"exact", "any"}));
  cmd->add_option("--timeout", a.timeout, "seconds per exchange or adapter run (default 10)")
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--label", a.label,
                  "a short name for the implementation, shown in the reports and as its "
                  "row of the compare page")
      ->type_name("NAME");
  cmd->add_option("--json", a.json_path, "write the JSON report to FILE")->type_name("FILE");
  cmd->add_option("--junit", a.junit_path, "write a JUnit XML report to FILE")
      ->type_name("FILE");
  cmd->add_option("--html", a.html_path,
                  "write the HTML report (one self-contained page) to FILE")
      ->type_name("FILE");
  cmd->add_option("--expectations", a.expectations,
                  "known failures with reasons (JSON); a listed case that passes fails the run")
      ->type_name("FILE");
  cmd->add_flag("--list", a.list, "print the selected cases and exit");
  cmd->add_flag("--dry-run", a.dry_run, "say what would run, run nothing");
  cmd->add_flag("--strict", a.strict, "NON-STRICT cases (SHOULD not met) fail the run too");
  cmd->add_flag("-q,--quiet", a.quiet, "no progress line");
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<std::string> command_words(const std::string& text, const char* option) {
  std::string error;
  auto words = split_command(text, &error);
  if (!words) {
    throw UsageError{std::string(option) + ": the command has " + error};
  }
  return *words;
}

void check_placeholders(const std::string& text, const std::vector<std::string>& allowed,
                        const char* option) {
  for (const std::string& p : placeholders(text)) {
    if (std::find(allowed.begin(), allowed.end(), p) == allowed.end()) {
      std::string names;
      for (const auto& a : allowed) {
        names += (names.empty() ? "{" : ", {") + a + "}";
      }
      throw UsageError{std::string(option) + ": unknown placeholder {" + p +
                       "} (known: " + names + ")"};
    }
  }
}

// parse_target: [KEY=VALUE,...@][tls:]ADDR.  An abstract address starts with
// '@', so options are only what comes before an '@' that follows a '='.
Target parse_target(const std::string& text) {
  Target t;
  t.text = text;
  nlohmann::json options = nlohmann::json::object();
  std::string address = text;
  const std::size_t at = text.find('@');
  if (at != std::string::npos && at > 0 && text.substr(0, at).find('=') != std::string::npos) {
    address = text.substr(at + 1);
    for (const std::string& item : split_list(text.substr(0, at))) {
      const std::size_t eq = item.find('=');
      const std::string key = item.substr(0, eq == std::string::npos ? 0 : eq);
      if (key != "max_connections" && key != "max_requests" && key != "timeout") {
        throw UsageError{"--target " + text + ": unknown server option '" + item +
                         "' (known: max_connections=N, max_requests=N, timeout=S)"};
      }
      const auto value = nlohmann::json::parse(item.substr(eq + 1), nullptr, false);
      if (value.is_discarded() || !value.is_number()) {
        throw UsageError{"--target " + text + ": option " + key + " needs a number"};
      }
      options[key] = value;
    }
  }
  if (address.rfind("tls:", 0) == 0) {
    t.tls = true;
    address = address.substr(4);
  }
  const auto parsed = net::parse_address(address, net::Role::client);
  if (!parsed.ok()) {
    throw UsageError{"--target " + text + ": " + parsed.error()};
  }
  if (t.tls && (std::holds_alternative<net::UnixAddress>(parsed.address()) ||
                std::holds_alternative<net::AbstractAddress>(parsed.address()))) {
    throw UsageError{"--target " + text + ": TLS is spoken over TCP (host:port or [v6]:port)"};
  }
  t.address = parsed.address();
  t.options_key = options.dump();
  return t;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buf;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) {
    throw SetupError("cannot write '" + path + "'");
  }
}

Config make_config(Role role, const Arguments& a) {
  Config c;
  c.role = role;
  c.profile = a.profile == "spec" ? Profile::spec : Profile::degu_0_19;
  c.backend = a.profile.rfind("degu-0.19:", 0) == 0 ? a.profile.substr(10) : "";
  c.errors = a.errors == "exact" ? ErrorGrading::exact : ErrorGrading::any;
  c.selection = {a.only, a.skip};
  c.vectors_dir = a.vectors.empty() ? degu::conformance::vectors_dir()
                                    : std::filesystem::path(a.vectors);
  c.timeout = std::chrono::milliseconds(static_cast<long>(a.timeout * 1000));
  c.strict = a.strict;
  if (a.label.size() > 80 ||
      std::any_of(a.label.begin(), a.label.end(),
                  [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f; })) {
    throw UsageError{"--label: at most 80 bytes, without control characters"};
  }
  if (role == Role::parser) {
    if (a.exec.empty() && a.render_exec.empty()) {
      throw UsageError{"parser: give --exec (a parse adapter) and/or --render-exec"};
    }
    if (!a.exec.empty()) {
      c.parse_command = command_words(a.exec, "--exec");
    }
    if (!a.render_exec.empty()) {
      c.render_command = command_words(a.render_exec, "--render-exec");
    }
    return c;
  }
  if (role == Role::server) {
    if (a.exec.empty() == a.targets.empty()) {
      throw UsageError{"server: give either --target ADDR (repeatable) or --exec CMD"};
    }
    for (const auto& t : a.targets) {
      c.targets.push_back(parse_target(t));
    }
    const bool tls_target = std::any_of(c.targets.begin(), c.targets.end(),
                                        [](const Target& t) { return t.tls; });
    if (tls_target != !a.tls_client_config.empty()) {
      throw UsageError{tls_target ? "--target tls:ADDR needs --tls-client-config FILE"
                                  : "--tls-client-config is for --target tls:ADDR"};
    }
    if (tls_target) {
      auto loaded = degu::cli::load_client_tls(a.tls_client_config);
      if (const auto* why = std::get_if<std::string>(&loaded)) {
        throw UsageError{"--tls-client-config: " + *why};
      }
      auto& client_tls = std::get<degu::client::ClientTls>(loaded);
      c.tls = std::make_shared<TlsSetup>();
      c.tls->client_ctx = client_tls.context;
      c.tls->check_hostname = client_tls.check_hostname;
    }
  }
  if (!a.exec.empty()) {
    check_placeholders(a.exec,
                       role == Role::server
                           ? std::vector<std::string>{"address", "max_connections",
                                                      "max_requests", "timeout"}
                           : std::vector<std::string>{"address", "fd"},
                       "--exec");
    command_words(a.exec, "--exec");
    c.exec_template = a.exec;
  }
  c.deliveries.clear();
  for (const std::string& name : split_list(a.deliveries)) {
    DeliveryMode m;
    if (!parse_delivery(name, &m)) {
      throw UsageError{"--delivery: unknown mode '" + name + "' (known: once, bytes, split)"};
    }
    if (std::find(c.deliveries.begin(), c.deliveries.end(), m) == c.deliveries.end()) {
      c.deliveries.push_back(m);
    }
  }
  for (const std::string& t : split_list(a.transports)) {
    const auto& known = known_transports();
    if (std::find(known.begin(), known.end(), t) == known.end()) {
      throw UsageError{"--transport: unknown transport '" + t +
                       "' (known: unix, abstract, v4, v6, tls)"};
    }
    c.transports.push_back(t);
  }
  const bool wants_tls =
      std::find(c.transports.begin(), c.transports.end(), "tls") != c.transports.end();
  if (wants_tls && a.exec.empty()) {
    throw UsageError{"--transport tls needs --exec and --tls-exec (a running server: "
                     "--target tls:ADDR with --tls-client-config)"};
  }
  if (wants_tls && a.tls_exec.empty()) {
    throw UsageError{"--transport tls needs --tls-exec: the command that starts the server, "
                     "or runs the client adapter, with TLS, with {tls_config}"};
  }
  if (!a.tls_exec.empty()) {
    if (!wants_tls) {
      throw UsageError{"--tls-exec is for --transport tls, which was not asked for"};
    }
    check_placeholders(a.tls_exec,
                       role == Role::server
                           ? std::vector<std::string>{"address", "max_connections",
                                                      "max_requests", "timeout", "tls_config"}
                           : std::vector<std::string>{"address", "tls_config"},
                       "--tls-exec");
    const auto names = placeholders(a.tls_exec);
    if (std::find(names.begin(), names.end(), "tls_config") == names.end()) {
      throw UsageError{"--tls-exec: the command has no {tls_config}"};
    }
    command_words(a.tls_exec, "--tls-exec");
    c.tls_exec_template = a.tls_exec;
  }
  return c;
}

const std::vector<degu::conformance::Vector>& load_vectors(const Config& c,
                                                           std::vector<degu::conformance::Vector>& store) {
  if (!std::filesystem::is_directory(c.vectors_dir / "hand") &&
      !std::filesystem::is_directory(c.vectors_dir / "generated")) {
    throw UsageError{"--vectors: '" + c.vectors_dir.string() +
                     "' holds no hand/ or generated/ vector directory"};
  }
  store = degu::conformance::load_all_vectors(c.vectors_dir);
  for (const auto& v : store) {
    if (!v.problems.empty()) {
      throw SetupError("malformed vector " + v.file + ": " + v.id + ": " + v.problems.front());
    }
  }
  return store;
}

std::string role_name(Role r) {
  return r == Role::parser ? "parser" : r == Role::server ? "server" : "client";
}

std::string target_text(const Config& c, const Arguments& a) {
  if (!c.targets.empty()) {
    std::string out;
    for (const auto& t : c.targets) {
      out += (out.empty() ? "" : " ") + t.text;
    }
    return out;
  }
  if (c.role == Role::parser) {
    return a.exec + (a.render_exec.empty() ? "" : " | " + a.render_exec);
  }
  return a.exec + (a.tls_exec.empty() ? "" : " | over TLS: " + a.tls_exec);
}

// Progress: one line on a terminal, rewritten in place.
struct ProgressLine {
  bool on = false;
  std::size_t total = 0, done = 0, bad = 0;
  void operator()(const CaseResult& r) {
    ++done;
    bad += (r.verdict == Verdict::failed || r.verdict == Verdict::non_strict);
    if (on && (done % 25 == 0 || done == total)) {
      std::cerr << "\r  " << done << "/" << total << " cases, " << bad << " not passing"
                << std::flush;
    }
  }
  void end() const {
    if (on) {
      std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
    }
  }
};

int run(Role role, const Arguments& a, const std::string& command_line) {
  Config config = make_config(role, a);
  std::vector<degu::conformance::Vector> store;
  const auto& vectors = load_vectors(config, store);
  const Plan the_plan = plan(config, vectors);
  const std::vector<Planned>& all = the_plan.cases;
  std::vector<Selectable> names;
  for (const auto& p : all) {
    names.push_back({p.id, p.vector->id, &p.vector->rules});
  }
  const auto unused = unused_patterns(config.selection, names);
  if (!unused.empty()) {
    throw UsageError{"pattern '" + unused.front() + "' matches no case of the " +
                     role_name(role) + " role (see --list)"};
  }
  std::vector<KnownFailure> known;
  if (!a.expectations.empty()) {
    known = load_expectations(a.expectations, role_name(role));
    Selection listed;
    for (const auto& k : known) {
      listed.only.push_back(k.pattern);
    }
    const auto stale = unused_patterns(listed, names);
    if (!stale.empty()) {
      throw UsageError{a.expectations + ": known failure '" + stale.front() +
                       "' matches no case of the " + role_name(role) + " role"};
    }
  }
  std::vector<Planned> cases;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (config.selection.selected(names[i])) {
      cases.push_back(all[i]);
    }
  }
  if (cases.empty()) {
    throw UsageError{"no case selected"};
  }
  if (a.list) {
    for (const auto& p : cases) {
      std::string rules;
      for (const auto& r : p.vector->rules) {
        rules += (rules.empty() ? "" : ",") + r;
      }
      std::cout << p.id << "\t" << section_name(p.section) << "\t" << p.vector->level << "\t"
                << rules << "\n";
    }
    return 0;
  }
  if (a.dry_run) {
    std::cout << "degu-conform " << role_name(role) << ": would run " << cases.size()
              << " cases against " << target_text(config, a) << "\n";
    return 0;
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/degu-conform-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) {
    throw SetupError("cannot make a scratch directory " + pattern);
  }
  config.work_dir = buf.data();
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{config.work_dir};
  if (!config.tls_exec_template.empty()) {
    try {
      config.tls = make_tls_setup((config.work_dir / "pki").string());
    } catch (const std::runtime_error& e) {
      throw SetupError(e.what());
    }
  }

  RunInfo info;
  info.tool_version = kVersion;
  info.command_line = command_line;
  info.role = role_name(role);
  info.target = target_text(config, a);
  info.label = a.label;
  info.profile = a.profile;
  info.errors = a.errors;
  info.vectors_dir = config.vectors_dir.string();
  info.started_at = utc_now();
  ProgressLine progress_line;
  progress_line.on = !a.quiet && ::isatty(2);
  progress_line.total = cases.size();
  const Progress progress = [&](const CaseResult& r) { progress_line(r); };
  const auto start = std::chrono::steady_clock::now();
  std::vector<CaseResult> results;
  if (role == Role::parser) {
    results = run_parser_section(config, cases, progress);
  } else if (role == Role::server) {
    results = run_server_section(config, cases, progress, &info.notes);
  } else {
    results = run_client_section(config, cases, progress);
  }
  progress_line.end();
  apply_expectations(known, results);
  info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  for (const auto& r : results) {
    if (fails_run(r, true) && r.unexpected_pass.empty()) {
      write_failure(std::cout, r);
    }
  }
  std::cout << "degu-conform " << info.role << " against " << info.target << " (profile "
            << info.profile << "), " << results.size() << (results.size() == 1 ? " case in " : " cases in ") << std::fixed
            << std::setprecision(1) << info.seconds << " s\n\n";
  write_summary(std::cout, info, results);
  if (!a.json_path.empty()) {
    write_file(a.json_path, json_report(info, results));
    std::cout << "JSON report: " << a.json_path << "\n";
  }
  if (!a.junit_path.empty()) {
    write_file(a.junit_path, junit_report(info, results));
    std::cout << "JUnit report: " << a.junit_path << "\n";
  }
  if (!a.html_path.empty()) {
    write_file(a.html_path, html_for_json(json_report(info, results)));
    std::cout << "HTML report: " << a.html_path << "\n";
  }
  const Totals t = totals(results);
  if (std::any_of(results.begin(), results.end(),
                  [&](const CaseResult& r) { return fails_run(r, config.strict); })) {
    return kFailures;
  }
  if (t.ran() == 0) {
    std::cerr << "degu-conform: no case ran (" << t.skipped << " skipped, " << t.unimplemented
              << " unimplemented)\n";
    return kUsage;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);  // A dead adapter's pipe is an error, not a signal.
  CLI::App app{"degu-conform: validates a Degu parser, server or client against the "
               "conformance vectors"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);
  Arguments a;
  auto* parser = app.add_subcommand("parser", "parse and render vectors through adapters");
  parser->add_option("--exec", a.exec,
                     "parse adapter: run as CMD KIND [--wire] [--method M] --jsonl (degu-parse's "
                     "protocol)")
      ->type_name("CMD");
  parser->add_option("--render-exec", a.render_exec,
                     "render adapter: run as CMD KIND --jsonl (degu-render's protocol)")
      ->type_name("CMD");
  add_common(parser, a);
  auto* server = app.add_subcommand("server", "exchange vectors against a server");
  server->add_option("--target", a.targets,
                     "a running server with the reflect application; OPTIONS "
                     "(max_connections=N,max_requests=N,timeout=S) are those it was started with, "
                     "tls: says it speaks TLS (repeatable)")
      ->type_name("[OPTIONS@][tls:]ADDR");
  server->add_option("--tls-client-config", a.tls_client_config,
                     "for --target tls:ADDR: the runner's client TLS configuration (JSON: "
                     "cert_file, key_file, ca_file), which that server must accept")
      ->type_name("FILE");
  server->add_option("--exec", a.exec,
                     "start the server: CMD with {address}, {max_connections}, {max_requests}, {timeout}")
      ->type_name("CMD");
  server->add_option("--tls-exec", a.tls_exec,
                     "with --transport tls: start the server with TLS: CMD with the "
                     "placeholders of --exec and {tls_config}, the server configuration of a "
                     "test PKI the run makes (client certificates required)")
      ->type_name("CMD");
  server->add_option("--delivery", a.deliveries,
                     "how exchange vectors are sent, from once, bytes (one byte at a time), "
                     "split (cut at 3 sampled offsets); each mode is a case (default once)")
      ->type_name("LIST");
  server->add_option("--transport", a.transports,
                     "with --exec: transports to run over, from unix, abstract, v4, v6, tls "
                     "(default unix)")
      ->type_name("LIST");
  add_common(server, a);
  auto* client = app.add_subcommand("client", "client exchange vectors against a client adapter");
  client->add_option("--exec", a.exec,
                     "the client adapter: CMD with {fd} or {address} (default: CMD --fd {fd})")
      ->type_name("CMD")
      ->required();
  client->add_option("--tls-exec", a.tls_exec,
                     "with --transport tls: the client adapter over TLS: CMD with {address} "
                     "and {tls_config}, the client configuration of a test PKI the run makes")
      ->type_name("CMD");
  client->add_option("--delivery", a.deliveries,
                     "how the scripted server's replies are sent, from once, bytes, split "
                     "(default once)")
      ->type_name("LIST");
  client->add_option("--transport", a.transports,
                     "with {address}: transports to run over (default unix)")
      ->type_name("LIST");
  add_common(client, a);
  auto* compare = app.add_subcommand(
      "compare", "one HTML page over several JSON reports: every implementation and role "
                 "side by side");
  compare->add_option("reports", a.reports, "JSON reports written with --json")
      ->type_name("REPORT.json")
      ->required();
  compare->add_option("--html", a.html_path, "write the page to FILE")
      ->type_name("FILE")
      ->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "degu-conform: " << e.what() << "\n(see degu-conform --help)\n";
    return kUsage;
  }
  // The command line as a shell would take it back (for the reports).
  std::string command_line;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.empty() || arg.find_first_of(" \t\n'\"\\$`*?{}") != std::string::npos) {
      std::string quoted = "'";
      for (char c : arg) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
      }
      arg = quoted + "'";
    }
    command_line += (i ? " " : "") + arg;
  }
  if (compare->parsed()) {
    try {
      write_file(a.html_path, compare_page(a.reports));
    } catch (const CompareError& e) {
      std::cerr << "degu-conform: compare: " << e.message << "\n";
      return kUsage;
    } catch (const SetupError& e) {
      std::cerr << "degu-conform: compare: " << e.what() << "\n";
      return kUsage;
    }
    std::cout << "HTML report: " << a.html_path << " (" << a.reports.size() << (a.reports.size() == 1 ? " report)\n" : " reports)\n");
    return 0;
  }
  const Role role = parser->parsed() ? Role::parser : server->parsed() ? Role::server : Role::client;
  try {
    return run(role, a, command_line);
  } catch (const UsageError& e) {
    std::cerr << "degu-conform: " << e.message << "\n";
    return kUsage;
  } catch (const ExpectationsError& e) {
    std::cerr << "degu-conform: " << e.what() << "\n";
    return kUsage;
  } catch (const SetupError& e) {
    std::cerr << "degu-conform: " << e.what() << "\n";
    return kUsage;
  } catch (const std::exception& e) {
    std::cerr << "degu-conform: " << e.what() << "\n";
    return kUsage;
  }
}
