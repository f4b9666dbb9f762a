// report_html.h: the HTML report, a pure function over JSON report documents
// (conformance/report.schema.json, as json_report writes them).
//
// The page is one static file: inline CSS and a little inline JS, no
// external resource (a Content-Security-Policy forbids any), readable with
// JS off.  Every text taken from a document is HTML-escaped.  Byte strings
// are shown in their escaped form, with a line break after each "\n" escape
// for reading (the break is not part of the bytes), the first differing byte
// in a <mark class="diff">, and long strings cut around that mark (the JSON
// report keeps every byte).
//
// Stable ids, classes and attributes (tests and scripts rely on them):
//   html[lang], title, meta[charset=utf-8]; body.single or body.compare;
//     body[data-js=ready] once the inline script ran.
//   One report:
//     #claims: .claim.spec#claim-spec and .claim.compat#claim-compat, each
//       with class yes|no and data-claim="yes"|"no".
//     #run: a <dl> of the run (role, target, profile, ...); #totals.
//     #matrix (table.matrix.single): a row tr[data-section] per section, a
//       column per transport ("—" when none); each td.cell has
//       data-section, data-transport ("" when none), data-worst (the class
//       of its worst verdict, see below, or "empty"), data-ok, data-failed,
//       data-non-strict, data-unimplemented, data-skipped, data-total, and
//       links to its group.
//     #cases: section.group#g-SECTION[-TRANSPORT] (data-section,
//       data-transport) holding its failing cases first, open, then
//       details.others (collapsed) with the rest.  #controls (filter box
//       #filter, verdict toggles input[data-verdict]) is hidden until the
//       script shows it.
//   Several reports (the compare page):
//     #matrix (table.matrix.compare): a row tr.impl[data-report=N] per
//       report (N from 1), a column per section and transport; td.cell as
//       above plus data-column="SECTION[/TRANSPORT]", linking to
//       #rN-g-SECTION[-TRANSPORT]; td.claim.spec and td.claim.compat.
//     section.report#rN[data-report=N]: .claims, dl.run, then a
//       section.group#rN-g-... per section and transport with that
//       report's failing cases.
//   Each case: details.case#[rN-]c-ID, class also its verdict's class (ok,
//     failed, non-strict, unimplemented, skipped), "failing" (FAILED,
//     NON-STRICT or an unexpected pass), "known" (a known failure),
//     "unexpected-pass"; data-verdict (the report's verdict), data-id,
//     data-rules (space-separated); open when failing.  Inside:
//     dl.facts, and pre.bytes.sent/.expected/.received with mark.diff
//     (mark.diff.end when one side ends there), or pre.json.expected-verdict
//     and pre.json.observed-verdict.
//   IDs keep [A-Za-z0-9.-] of their text and write any other byte as _HH.
// A cell's worst verdict ranks FAILED (or an unexpected pass) over
// NON-STRICT over UNIMPLEMENTED over OK over SKIPPED: SKIPPED colours a
// cell only when no case in it ran.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace degu::conform {

// html_report: the page for reports: one report's page when there is one,
// the compare page when there are several.  Linear in the documents' size.
// Meant for documents html_error accepts; others never make it throw (what
// is missing is shown as empty).
std::string html_report(const std::vector<nlohmann::ordered_json>& reports);

// html_error: why doc is not a report this writer understands (not an
// object, wrong "format" or "version", missing or mistyped members), one
// line; "" when it is one.
std::string html_error(const nlohmann::ordered_json& doc);

}  // namespace degu::conform
