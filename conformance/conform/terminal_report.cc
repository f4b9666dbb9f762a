// terminal_report.cc: plain text, one idea a line, bytes always escaped.
#include "terminal_report.h"

#include <iomanip>
#include <map>
#include <sstream>

#include "verdict.h"

namespace degu::conform {
namespace {

constexpr std::size_t kShown = 600;   // Escaped characters shown per value.
constexpr std::size_t kContext = 24;  // Bytes shown before a difference.

std::string shown(std::string_view bytes) {
  std::string text = cli::escaped(bytes);
  if (text.size() > kShown) {
    text = text.substr(0, kShown) + "... (" + std::to_string(bytes.size()) + " bytes)";
  }
  return text.empty() ? "(nothing)" : text;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    out += (out.empty() ? "" : ", ") + s;
  }
  return out;
}

// write_difference: both sides around the first differing byte, with a
// caret under it.
void write_difference(std::ostream& out, std::string_view want, std::string_view got) {
  const auto at = first_difference(want, got);
  if (!at) {
    return;
  }
  const std::size_t from = *at > kContext ? *at - kContext : 0;
  auto window = [&](std::string_view s) {
    if (from >= s.size()) {
      return std::string("(ends)");
    }
    return cli::escaped(s.substr(from, kContext * 3));
  };
  const std::size_t column = cli::escaped(want.substr(from, *at - from)).size();
  out << "  first difference at byte " << *at << (from ? " (shown from byte " + std::to_string(from) + ")" : "") << ":\n"
      << "    expected: " << window(want) << "\n"
      << "    received: " << window(got) << "\n"
      << "              " << std::string(column, ' ') << "^\n";
}

}  // namespace

void write_failure(std::ostream& out, const CaseResult& r) {
  out << verdict_name(r.verdict) << " " << r.id << "  [" << joined(r.rules) << "] "
      << r.level << "\n";
  if (!r.comment.empty()) {
    out << "  " << r.comment << "\n";
  }
  out << "  why:      " << r.reason
      << (r.stability.empty() ? "" : " (run twice: " + r.stability + ")") << "\n";
  out << "  vector:   " << r.file << " (" << r.kind << "), judged against "
      << r.judged_against << "\n";
  for (const auto& [name, value] : r.figures) {
    out << "  measured: " << name << ": " << value << "\n";
  }
  if (r.exchange) {
    const Exchange& x = *r.exchange;
    const bool client = r.section == Section::client;
    out << "  " << (client ? "replies:  " : "sent:     ") << shown(x.sent)
        << (x.delivery.empty() ? "" : "  (" + x.delivery + ")") << "\n";
    out << "  expected: " << shown(x.expected)
        << (x.expected_fate.empty() ? "" : "  (then " + x.expected_fate + ")") << "\n";
    out << "  received: " << shown(x.received)
        << (x.observed_fate.empty() ? "" : "  (then " + x.observed_fate + ")") << "\n";
    write_difference(out, x.expected, x.received);
  }
  const bool adapter_case = r.section == Section::parse || r.section == Section::render;
  if (adapter_case || !r.expected_verdict.is_null() || !r.observed_verdict.is_null()) {
    const auto dump = [](const Json& j) {
      return j.is_null() ? std::string("(none)")
                         : j.dump(-1, ' ', true, Json::error_handler_t::replace);
    };
    if (adapter_case) {
      out << "  adapter:  CMD " << r.adapter_arguments << "\n";
      out << "  input:    "
          << (r.section == Section::render ? r.input : shown(r.input)) << "\n";
    }
    out << "  wanted:   " << dump(r.expected_verdict) << "\n";
    out << "  got:      " << dump(r.observed_verdict) << "\n";
  }
  out << "\n";
}

void write_summary(std::ostream& out, const RunInfo& run,
                   const std::vector<CaseResult>& cases) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<CaseResult>> rows;
  for (const auto& r : cases) {
    std::string key = std::string(section_name(r.section)) +
                      (r.transport.empty() ? "" : " " + r.transport);
    if (!rows.count(key)) {
      order.push_back(key);
    }
    rows[key].push_back(r);
  }
  out << std::left << std::setw(22) << "section" << std::right << std::setw(7) << "OK"
      << std::setw(8) << "FAILED" << std::setw(12) << "NON-STRICT" << std::setw(15)
      << "UNIMPLEMENTED" << std::setw(9) << "SKIPPED" << "\n";
  for (const auto& key : order) {
    const Totals t = totals(rows[key]);
    out << std::left << std::setw(22) << key << std::right << std::setw(7) << t.ok
        << std::setw(8) << t.failed << std::setw(12) << t.non_strict << std::setw(15)
        << t.unimplemented << std::setw(9) << t.skipped << "\n";
  }
  const Totals all = totals(cases);
  out << "\n";
  // A yes holds for the cases that ran; say so when others did not run
  // because the implementation lacks them.
  const std::string scope =
      all.unimplemented == 0
          ? ""
          : " (on the " + std::to_string(all.ran()) + " cases that ran; " +
                std::to_string(all.unimplemented) + " UNIMPLEMENTED)";
  auto line = [&](const char* what, int missed) {
    out << what << (all.ran() == 0 ? "not judged (no case ran)"
                    : missed == 0  ? "yes" + scope
                                   : "no (" + std::to_string(missed) + " of " +
                                         std::to_string(all.ran()) +
                                         (all.ran() == 1 ? " case)" : " cases)"))
        << "\n";
  };
  line("Spec-conformant:       ", all.spec_failed);
  line("Degu-0.19-compatible:  ", all.compat_failed);
  for (const auto& r : cases) {
    if (!r.known_failure.empty()) {
      out << "known failure " << r.id << ": " << r.known_failure << "\n";
    }
  }
  for (const auto& r : cases) {
    if (!r.unexpected_pass.empty()) {
      out << "UNEXPECTED PASS " << r.id << ": " << r.unexpected_pass << "\n";
    }
  }
  if (run.errors == "any") {
    out << "(rejections graded without error names, rules or offsets: --errors any)\n";
  }
  // Cases that did not run, by reason: a reader must see why.
  std::map<std::string, int> why;
  std::vector<std::string> why_order;
  for (const auto& r : cases) {
    if (r.verdict == Verdict::skipped || r.verdict == Verdict::unimplemented) {
      const std::string key = std::string(verdict_name(r.verdict)) + ": " + r.reason;
      if (why[key]++ == 0) {
        why_order.push_back(key);
      }
    }
  }
  for (const auto& key : why_order) {
    out << why[key] << (why[key] == 1 ? " case " : " cases ") << key << "\n";
  }
  for (const auto& note : run.notes) {
    out << "note: " << note << "\n";
  }
}

}  // namespace degu::conform
