// report_json.cc: totals, and the JSON report (conformance/report.schema.json).
#include <cmath>

#include "escape.h"
#include "report.h"

namespace degu::conform {
namespace {

bool ran(const CaseResult& c) {
  return c.verdict == Verdict::ok || c.verdict == Verdict::failed ||
         c.verdict == Verdict::non_strict;
}

// text_or_null: "" means "none" in CaseResult; the report says null.
Json text_or_null(const std::string& text) {
  if (text.empty()) {
    return nullptr;
  }
  return text;
}

Json bool_or_null(const std::optional<bool>& b) {
  if (!b) {
    return nullptr;
  }
  return *b;
}

// seconds_json: wall time as a non-negative number (NaN would print as
// null and a negative time means nothing).
Json seconds_json(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) {
    return 0.0;
  }
  return seconds;
}

Json strings_json(const std::vector<std::string>& strings) {
  Json out = Json::array();
  for (const auto& s : strings) {
    out.push_back(s);
  }
  return out;
}

Json run_json(const RunInfo& run) {
  return Json{{"tool_version", run.tool_version},
              {"command_line", run.command_line},
              {"role", run.role},
              {"target", run.target},
              {"label", run.label.empty() ? Json() : Json(run.label)},
              {"profile", run.profile},
              {"errors", run.errors},
              {"vectors_dir", run.vectors_dir},
              {"started_at", run.started_at},
              {"seconds", seconds_json(run.seconds)},
              {"notes", strings_json(run.notes)}};
}

Json totals_json(const Totals& t) {
  return Json{{"ok", t.ok},
              {"failed", t.failed},
              {"non_strict", t.non_strict},
              {"unimplemented", t.unimplemented},
              {"skipped", t.skipped},
              {"total", t.total()},
              {"known_failures", t.known_failures},
              {"unexpected_passes", t.unexpected_passes}};
}

// conformance_json: a claim needs evidence: at least one case ran, and no
// case that ran failed the profile.
Json conformance_json(const Totals& t) {
  return Json{{"spec", t.ran() > 0 && t.spec_failed == 0},
              {"degu_0_19", t.ran() > 0 && t.compat_failed == 0}};
}

Json exchange_json(const Exchange& e) {
  const auto difference = first_difference(e.expected, e.received);
  return Json{{"sent_hex", hex_bytes(e.sent)},
              {"sent", escape_bytes(e.sent)},
              {"expected_hex", hex_bytes(e.expected)},
              {"expected", escape_bytes(e.expected)},
              {"received_hex", hex_bytes(e.received)},
              {"received", escape_bytes(e.received)},
              {"first_difference", difference ? Json(*difference) : Json(nullptr)},
              {"expected_fate", text_or_null(e.expected_fate)},
              {"observed_fate", text_or_null(e.observed_fate)},
              {"delivery", text_or_null(e.delivery)}};
}

Json case_json(const CaseResult& c) {
  Json out = Json{{"id", c.id},
                  {"vector_id", c.vector_id},
                  {"file", c.file},
                  {"section", section_name(c.section)},
                  {"transport", text_or_null(c.transport)},
                  {"kind", c.kind},
                  {"rules", strings_json(c.rules)},
                  {"level", c.level},
                  {"comment", c.comment},
                  {"verdict", verdict_name(c.verdict)},
                  {"reason", text_or_null(c.reason)},
                  {"judged_against", text_or_null(c.judged_against)},
                  {"spec_ok", bool_or_null(c.spec_ok)},
                  {"compat_ok", bool_or_null(c.compat_ok)},
                  {"seconds", seconds_json(c.seconds)},
                  {"known_failure", text_or_null(c.known_failure)},
                  {"unexpected_pass", text_or_null(c.unexpected_pass)},
                  {"stability", text_or_null(c.stability)}};
  if (!c.figures.empty()) {
    Json figures = Json::object();
    for (const auto& [name, value] : c.figures) {
      figures[name] = value;
    }
    out["figures"] = figures;
  }
  if (c.exchange) {
    out["exchange"] = exchange_json(*c.exchange);
  } else {
    Json adapter = Json{{"arguments", c.adapter_arguments}};
    if (c.adapter_arguments.empty()) {
      adapter = nullptr;  // Not run: no adapter was given anything.
    } else if (c.section == Section::render) {
      adapter["message"] = Json::parse(c.input, nullptr, false);
    } else {
      adapter["input_hex"] = hex_bytes(c.input);
      adapter["input"] = escape_bytes(c.input);
    }
    out["adapter"] = adapter;
    out["expected_verdict"] = c.expected_verdict;
    out["observed_verdict"] = c.observed_verdict;
  }
  return out;
}

}  // namespace

Totals totals(const std::vector<CaseResult>& cases) {
  Totals t;
  for (const auto& c : cases) {
    switch (c.verdict) {
      case Verdict::ok:
        ++t.ok;
        break;
      case Verdict::failed:
        ++t.failed;
        break;
      case Verdict::non_strict:
        ++t.non_strict;
        break;
      case Verdict::unimplemented:
        ++t.unimplemented;
        break;
      case Verdict::skipped:
        ++t.skipped;
        break;
    }
    t.known_failures += !c.known_failure.empty();
    t.unexpected_passes += !c.unexpected_pass.empty();
    // A case that did not run proves nothing either way (report.h); the
    // spec claim is about MUST rules only (SPEC.md section 17).
    if (ran(c) && c.spec_ok == false && c.level != "SHOULD") {
      ++t.spec_failed;
    }
    if (ran(c) && c.compat_ok == false) {
      ++t.compat_failed;
    }
  }
  return t;
}

std::string json_report(const RunInfo& run, const std::vector<CaseResult>& cases) {
  const Totals t = totals(cases);
  Json cases_json = Json::array();
  for (const auto& c : cases) {
    cases_json.push_back(case_json(c));
  }
  const Json doc = Json{{"format", "degu-conform-report"},
                        {"version", 2},
                        {"run", run_json(run)},
                        {"totals", totals_json(t)},
                        {"conformance", conformance_json(t)},
                        {"cases", std::move(cases_json)}};
  // Any string (a comment, a member of an adapter's verdict) may hold bytes
  // that are not UTF-8: replace them (U+FFFD) rather than throw.
  return doc.dump(1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace degu::conform
