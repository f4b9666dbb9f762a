// report_junit.cc: the JUnit XML report, for CI systems that show test
// results.  Well-formed XML 1.0 whatever the cases hold: only printable
// ASCII is written raw, and LF only to end the lines of a <failure> body.
#include <array>
#include <charconv>
#include <cmath>

#include "escape.h"
#include "report.h"

namespace degu::conform {
namespace {

// xml: text for an XML document, on one line.  The five markup characters
// become entities; CR, LF and HT become \r, \n, \t and every other byte
// outside 0x20-0x7E becomes \xHH, as in the escaped form.  A backslash
// stays one backslash: this is for text (comments, reasons), whose
// backslashes are usually literal; bytes go through escape_bytes first.
std::string xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else if (c == '\'') {
      out += "&apos;";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (b >= 0x20 && b <= 0x7e) {
      out += c;
    } else {
      out += "\\x";
      out += hex_bytes(std::string_view(&c, 1));
    }
  }
  return out;
}

std::string attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml(value) + "\"";
}

// seconds_text: wall time with millisecond precision, whatever the locale;
// a time that is not a non-negative number is written 0.
std::string seconds_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) {
    seconds = 0;
  }
  std::array<char, 64> buffer{};
  const auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(),
                               seconds, std::chars_format::fixed, 3);
  if (r.ec != std::errc()) {
    return "0";
  }
  return std::string(buffer.data(), r.ptr);
}

// Counts: a <testsuite>'s or <testsuites>'s tests, failures and skipped.
struct Counts {
  int tests = 0;
  int failures = 0;
  int skipped = 0;
  double seconds = 0;
};

Counts counts_of(const std::vector<const CaseResult*>& cases) {
  Counts n;
  for (const CaseResult* c : cases) {
    ++n.tests;
    const bool failing = c->verdict == Verdict::failed || c->verdict == Verdict::non_strict;
    if ((failing && c->known_failure.empty()) || !c->unexpected_pass.empty()) {
      ++n.failures;
    }
    if (c->verdict == Verdict::skipped || c->verdict == Verdict::unimplemented ||
        (failing && !c->known_failure.empty())) {
      ++n.skipped;  // A known failure is reported as JUnit's expected failure.
    }
    if (std::isfinite(c->seconds) && c->seconds > 0) {
      n.seconds += c->seconds;
    }
  }
  return n;
}

std::string count_attributes(const Counts& n) {
  return attribute("tests", std::to_string(n.tests)) +
         attribute("failures", std::to_string(n.failures)) +
         attribute("errors", "0") +
         attribute("skipped", std::to_string(n.skipped));
}

// Suite: the cases of one section and transport, in run order.
struct Suite {
  std::string name;  // "SECTION" or "SECTION.TRANSPORT".
  std::vector<const CaseResult*> cases;
};

std::string suite_name(const CaseResult& c) {
  std::string name(section_name(c.section));
  if (!c.transport.empty()) {
    name += "." + c.transport;
  }
  return name;
}

// suites: one per section and transport, in order of first appearance.
std::vector<Suite> suites_of(const std::vector<CaseResult>& cases) {
  std::vector<Suite> suites;
  for (const auto& c : cases) {
    const std::string name = suite_name(c);
    Suite* suite = nullptr;
    for (auto& s : suites) {
      if (s.name == name) {
        suite = &s;
        break;
      }
    }
    if (suite == nullptr) {
      suite = &suites.emplace_back(Suite{name, {}});
    }
    suite->cases.push_back(&c);
  }
  return suites;
}

std::string joined(const std::vector<std::string>& strings) {
  std::string out;
  for (const auto& s : strings) {
    out += out.empty() ? "" : ", ";
    out += s;
  }
  return out;
}

// verdict_text: a verdict JSON on one line, ASCII only.
std::string verdict_text(const Json& verdict) {
  return verdict.dump(-1, ' ', true, Json::error_handler_t::replace);
}

// line: one line of a <failure> body, as XML text; the only raw LF there
// is the one ending each line.
std::string line(std::string_view label, std::string_view value) {
  return std::string(label) + ": " + xml(value) + "\n";
}

std::string bytes_line(std::string_view label, std::string_view bytes) {
  return line(std::string(label) + " (" + std::to_string(bytes.size()) + " bytes)",
              escape_bytes(bytes));
}

// details: the body of a <failure>, as XML text: one fact per line, for a
// reader who sees only the CI page.
std::string details(const CaseResult& c) {
  std::string out;
  out += line("reason", c.reason);
  out += line("vector", c.vector_id + " (" + c.file + ")");
  out += line("rules", joined(c.rules) + " (" + c.level + ")");
  out += line("comment", c.comment);
  out += line("judged against", c.judged_against);
  if (c.exchange) {
    const Exchange& e = *c.exchange;
    const auto difference = first_difference(e.expected, e.received);
    out += bytes_line("sent", e.sent);
    out += bytes_line("expected", e.expected);
    out += bytes_line("received", e.received);
    out += line("first difference", difference ? "byte " + std::to_string(*difference) : "none");
    out += line("expected fate", e.expected_fate);
    out += line("observed fate", e.observed_fate);
    out += line("delivery", e.delivery);
    return out;
  }
  out += line("adapter arguments", c.adapter_arguments);
  out += c.section == Section::render ? line("message", c.input) : bytes_line("input", c.input);
  out += line("expected verdict", verdict_text(c.expected_verdict));
  out += line("observed verdict", verdict_text(c.observed_verdict));
  return out;
}

std::string or_name(const std::string& reason, std::string_view fallback) {
  return reason.empty() ? std::string(fallback) : reason;
}

void write_case(std::string& out, const CaseResult& c, const std::string& classname) {
  out += "    <testcase" + attribute("classname", classname) +
         attribute("name", c.id) + attribute("time", seconds_text(c.seconds));
  if (!c.known_failure.empty()) {
    out += ">\n      <skipped" + attribute("message", "known failure: " + c.known_failure) +
           ">" + details(c) + "</skipped>\n    </testcase>\n";
    return;
  }
  if (!c.unexpected_pass.empty()) {
    out += ">\n      <failure" + attribute("type", "unexpected-pass") +
           attribute("message", c.unexpected_pass) + "/>\n    </testcase>\n";
    return;
  }
  switch (c.verdict) {
    case Verdict::ok:
      out += "/>\n";
      return;
    case Verdict::failed:
    case Verdict::non_strict: {
      const bool strict = c.verdict == Verdict::failed;
      out += ">\n      <failure" +
             attribute("type", strict ? "failed" : "non-strict") +
             attribute("message", or_name(c.reason, verdict_name(c.verdict))) +
             ">" + details(c) + "</failure>\n";
      break;
    }
    case Verdict::unimplemented:
      out += ">\n      <skipped" +
             attribute("message", c.reason.empty() ? "unimplemented"
                                                   : "unimplemented: " + c.reason) +
             "/>\n";
      break;
    case Verdict::skipped:
      out += ">\n      <skipped" +
             attribute("message", or_name(c.reason, "skipped")) + "/>\n";
      break;
  }
  out += "    </testcase>\n";
}

// properties: the run's settings, repeated in every <testsuite> (JUnit has
// no place for them on <testsuites>).
std::string properties(const RunInfo& run) {
  const std::pair<const char*, const std::string*> settings[] = {
      {"tool_version", &run.tool_version}, {"command_line", &run.command_line},
      {"role", &run.role},                 {"target", &run.target},
      {"profile", &run.profile},           {"errors", &run.errors},
      {"vectors_dir", &run.vectors_dir},   {"started_at", &run.started_at}};
  std::string out = "    <properties>\n";
  for (const auto& [name, value] : settings) {
    out += "      <property" + attribute("name", name) + attribute("value", *value) + "/>\n";
  }
  for (const auto& note : run.notes) {
    out += "      <property" + attribute("name", "note") + attribute("value", note) + "/>\n";
  }
  out += "    </properties>\n";
  return out;
}

void write_suite(std::string& out, const RunInfo& run, const Suite& suite) {
  const Counts n = counts_of(suite.cases);
  out += "  <testsuite" + attribute("name", suite.name) + count_attributes(n) +
         attribute("time", seconds_text(n.seconds)) + ">\n";
  out += properties(run);
  const std::string classname = "degu-conform." + suite.name;
  for (const CaseResult* c : suite.cases) {
    write_case(out, *c, classname);
  }
  out += "  </testsuite>\n";
}

}  // namespace

std::string junit_report(const RunInfo& run, const std::vector<CaseResult>& cases) {
  std::vector<const CaseResult*> all;
  for (const auto& c : cases) {
    all.push_back(&c);
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites" + attribute("name", "degu-conform") +
         count_attributes(counts_of(all)) + attribute("time", seconds_text(run.seconds));
  if (!run.started_at.empty()) {
    out += attribute("timestamp", run.started_at);
  }
  out += ">\n";
  for (const auto& suite : suites_of(cases)) {
    write_suite(out, run, suite);
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace degu::conform
