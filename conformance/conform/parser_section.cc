// parser_section.cc: parse and render vectors through adapters that speak
// degu-parse's and degu-render's --jsonl protocol: one input a line in,
// one verdict a line out, in order.
//
//   parse:  CMD KIND [--wire] [--method M] --jsonl   (KIND as degu-parse
//           spells it: request, chunk-line, ...; input lines are hex)
//   render: CMD KIND --jsonl                         (KIND request,
//           response or chunk-line; input lines are the messages as JSON)
//
// One adapter process runs per group of vectors that share those
// arguments.  Exit 89 means the adapter does not implement the group.
#include <chrono>
#include <map>
#include <sstream>

#include "degu/core/hex.h"
#include "process.h"
#include "runner.h"
#include "vector_kinds.h"

namespace degu::conform {
namespace {

using Clock = std::chrono::steady_clock;

// cli_name: the KIND argument adapters take (degu-parse's and
// degu-render's) for v's kind.
std::string cli_name(const conformance::Vector& v) {
  const auto* k = conformance::kind_info(v.kind);
  return k != nullptr ? std::string(k->cli_name) : v.kind;
}

// arguments: what the adapter is given after its command for vector v.
std::vector<std::string> arguments(const conformance::Vector& v, Section s) {
  if (s == Section::render) {
    return {cli_name(v), "--jsonl"};
  }
  std::vector<std::string> args = {cli_name(v)};
  if (v.wire) {
    args.push_back("--wire");
  }
  if (v.method) {
    args.push_back("--method");
    args.push_back(*v.method);
  }
  args.push_back("--jsonl");
  return args;
}

std::string input_line(const conformance::Vector& v, Section s) {
  if (s == Section::render) {
    return v.message.dump(-1, ' ', true, Json::error_handler_t::replace);
  }
  return core::to_hex(v.input);
}

std::string first_line(const std::string& text) {
  const auto end = text.find('\n');
  std::string line = text.substr(0, end);
  return line.size() > 300 ? line.substr(0, 300) + "..." : line;
}

std::string command_text(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    out += (out.empty() ? "" : " ") + a;
  }
  return out;
}

void run_group(const Config& config, const std::vector<std::string>& command,
               const std::vector<const Planned*>& group,
               std::vector<CaseResult>& results, const Progress& progress) {
  std::vector<std::string> argv = command;
  const auto args = arguments(*group.front()->vector, group.front()->section);
  argv.insert(argv.end(), args.begin(), args.end());
  std::string input;
  for (const Planned* p : group) {
    input += input_line(*p->vector, p->section) + "\n";
  }
  // The limit grows with the group: thousands of inputs go to one process.
  const auto limit = config.timeout + std::chrono::milliseconds(5 * group.size());
  const auto start = Clock::now();
  const RunOutput run = run_program(argv, input, limit);
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count() /
      static_cast<double>(group.size());
  if (!run.started) {
    throw SetupError(run.error);
  }
  std::istringstream lines(run.out);
  std::string adapter_trouble;
  if (run.timed_out) {
    adapter_trouble = "the adapter did not finish within its limit: " + command_text(argv);
  } else if (run.exit_code != 0) {
    adapter_trouble = (run.signal ? "the adapter was killed by signal " + std::to_string(run.signal)
                                  : "the adapter exited " + std::to_string(run.exit_code)) +
                      (run.err.empty() ? "" : ": " + first_line(run.err));
  }
  for (const Planned* p : group) {
    CaseResult r = new_result(*p);
    r.seconds = seconds;
    r.adapter_arguments = command_text(args);
    r.input = p->section == Section::render ? input_line(*p->vector, p->section)
                                            : p->vector->input;
    r.expected_verdict = p->vector->expected;
    if (run.exit_code == kUnimplementedExit) {
      r.verdict = Verdict::unimplemented;
      r.reason = "the adapter does not implement '" + command_text(args) + "' (exit 89)";
      progress(r);
      results.push_back(std::move(r));
      continue;
    }
    std::string line;
    Json got;  // Null: no verdict.
    if (std::getline(lines, line)) {
      got = Json::parse(line, nullptr, false);
      if (got.is_discarded()) {
        got = nullptr;
        r.reason = "the adapter printed a line that is not JSON: " + first_line(line);
      }
    } else {
      r.reason = adapter_trouble.empty() ? "the adapter printed no verdict for this input"
                                         : adapter_trouble;
    }
    r.observed_verdict = got;
    grade(r, judge_verdict(*p->vector, got, config.errors, config.backend), config.profile);
    if (r.verdict == Verdict::ok) {
      r.reason.clear();
    } else if (r.reason.empty()) {
      r.reason = "the verdict differs from " + r.judged_against;
    }
    progress(r);
    results.push_back(std::move(r));
  }
}

}  // namespace

std::vector<CaseResult> run_parser_section(const Config& config,
                                           const std::vector<Planned>& cases,
                                           const Progress& progress) {
  // Groups keep file order within them; results come back in plan order.
  std::map<std::string, std::vector<const Planned*>> groups;
  std::vector<std::string> order;
  std::vector<CaseResult> skipped;
  for (const Planned& p : cases) {
    const auto& command = p.section == Section::render ? config.render_command
                                                       : config.parse_command;
    if (command.empty()) {
      CaseResult r = new_result(p);
      r.verdict = Verdict::skipped;
      r.reason = p.section == Section::render ? "no render adapter (--render-exec)"
                                              : "no parse adapter (--exec)";
      progress(r);
      skipped.push_back(std::move(r));
      continue;
    }
    std::string key(section_name(p.section));
    for (const auto& a : arguments(*p.vector, p.section)) {
      key += " " + a;
    }
    if (!groups.count(key)) {
      order.push_back(key);
    }
    groups[key].push_back(&p);
  }
  std::vector<CaseResult> ran;
  for (const std::string& key : order) {
    const auto& group = groups[key];
    const auto& command = group.front()->section == Section::render ? config.render_command
                                                                    : config.parse_command;
    run_group(config, command, group, ran, progress);
  }
  // Back in plan order.
  std::map<std::string, CaseResult*> by_id;
  for (auto& r : ran) {
    by_id[r.id] = &r;
  }
  for (auto& r : skipped) {
    by_id[r.id] = &r;
  }
  std::vector<CaseResult> out;
  for (const Planned& p : cases) {
    out.push_back(std::move(*by_id.at(p.id)));
  }
  return out;
}

}  // namespace degu::conform
