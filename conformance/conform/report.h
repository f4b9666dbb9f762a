// report.h: the reports of one degu-conform run.  Each writer takes the
// whole run (RunInfo and every CaseResult) and returns the document as
// text; the caller writes it where the user asked.
#pragma once

#include <string>
#include <vector>

#include "case_result.h"

namespace degu::conform {

// RunInfo: what was run, against what, and how.
struct RunInfo {
  std::string tool_version;   // degu-conform's version ("0.1.0").
  std::string command_line;   // The arguments, joined with spaces.
  std::string role;           // "parser", "server" or "client".
  std::string target;         // What was tested: an address or a command.
  std::string label;          // --label: a short name for readers ("": none).
  std::string profile;        // "spec", "degu-0.19", "degu-0.19:c" or "degu-0.19:py".
  std::string errors;         // "exact" or "any": how rejections are graded.
  std::string vectors_dir;
  std::string started_at;     // UTC, ISO 8601 ("2026-12-03T18:23:10Z").
  double seconds = 0;         // Wall time of the whole run.
  std::vector<std::string> notes;  // Sampling and other remarks for readers.
};

// Totals: counts of one set of cases by verdict.
struct Totals {
  int ok = 0;
  int failed = 0;
  int non_strict = 0;
  int unimplemented = 0;
  int skipped = 0;
  int spec_failed = 0;    // MUST cases that ran with spec_ok false.
  int compat_failed = 0;  // Cases that ran with compat_ok false.
  int known_failures = 0;     // Failing cases the expectations file lists.
  int unexpected_passes = 0;  // Listed cases that passed.
  int total() const { return ok + failed + non_strict + unimplemented + skipped; }
  int ran() const { return ok + failed + non_strict; }
};

// totals: the counts over cases.
Totals totals(const std::vector<CaseResult>& cases);

// json_report: one JSON document (conformance/report.schema.json): "run"
// (RunInfo), "totals", "conformance" ({"spec": bool, "degu_0_19": bool}),
// and "cases", one record per case with its bytes in hex and escaped form.
std::string json_report(const RunInfo& run, const std::vector<CaseResult>& cases);

// junit_report: JUnit XML: one <testsuite> per section and transport, one
// <testcase> per case; FAILED and NON-STRICT are <failure> (NON-STRICT with
// type "non-strict"), SKIPPED and UNIMPLEMENTED are <skipped> with the
// reason.  Every byte outside printable ASCII is escaped, so the document
// is well-formed XML 1.0 whatever the wire held.
std::string junit_report(const RunInfo& run, const std::vector<CaseResult>& cases);

}  // namespace degu::conform
