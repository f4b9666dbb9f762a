// terminal_report.h: what a person reads at the end of a run: every case
// that did not pass, in detail, then a summary per section and transport.
#pragma once

#include <ostream>
#include <vector>

#include "case_result.h"
#include "report.h"

namespace degu::conform {

// write_failure: one FAILED or NON-STRICT case in detail: its ID, rules,
// level and comment, why it failed, what it was judged against, the bytes
// sent, expected and received (escaped, the first differing byte marked)
// and the expected and observed fate, or the two verdicts.
void write_failure(std::ostream& out, const CaseResult& r);

// write_summary: a table of verdicts per section and transport, the two
// conformance lines (specification, Degu 0.19) and the run's notes.
void write_summary(std::ostream& out, const RunInfo& run,
                   const std::vector<CaseResult>& cases);

}  // namespace degu::conform
