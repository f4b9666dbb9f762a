// case_result.h: what degu-conform records for one case, the input of every
// report (terminal, JSON, JUnit).
//
// A case is one vector run one way: a parse vector given to a parse adapter,
// an exchange vector played to a server over one transport, a client
// exchange vector played to a client adapter.  Its ID is the vector's ID,
// with a suffix naming the way it ran when a vector runs several ways
// (".v4", ".unix"), so a failure always names its vector.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace degu::conform {

using Json = nlohmann::ordered_json;

// Verdict: the grade of one case (Autobahn's grades, BoringSSL's "exit 89").
//   ok             the implementation did what the judged profile requires;
//   failed         it did not, at a MUST level;
//   non_strict     it did not, but the vector's level is SHOULD;
//   unimplemented  the adapter said it does not implement this (exit 89);
//   skipped        not run; `reason` says why.
enum class Verdict { ok, failed, non_strict, unimplemented, skipped };

// verdict_name: "OK", "FAILED", "NON-STRICT", "UNIMPLEMENTED", "SKIPPED".
std::string_view verdict_name(Verdict v);

// Section: which part of the suite a case belongs to (runtime: what one
// exchange cannot show, runtime_cases.h).
enum class Section { parse, render, server, runtime, robustness, client };

// section_name: "parse", "render", "server", "runtime", "robustness",
// "client".
std::string_view section_name(Section s);

// Exchange: the bytes of a case that went over a connection or through an
// adapter, and how it ended.  Bytes are raw (not escaped); reports escape
// them.
struct Exchange {
  std::string sent;      // What the runner sent (request bytes, or the
                         // adapter's input).
  std::string expected;  // What the profile wanted back.
  std::string received;  // What came back.
  std::string expected_fate;  // "open", "closed", or "" when not judged.
  std::string observed_fate;  // "open", "closed", "reset", "hung",
                              // "unconnected", "".
  std::string delivery;  // How sent went out: "at once", "one byte at a
                         // time", "split at 3, 17, 40" (delivery.h).
};

// CaseResult: one case, run and judged.
struct CaseResult {
  std::string id;         // Unique in a run: vector ID [+ "." suffix].
  std::string vector_id;  // The vector it came from.
  std::string file;       // The vector's file, relative to vectors/.
  Section section = Section::parse;
  std::string transport;  // "unix", "abstract", "v4", "v6", "tls"; "" for
                          // adapters without one.
  std::string kind;       // The vector's kind ("request", "exchange", ...).
  std::vector<std::string> rules;
  std::string level;    // "MUST" or "SHOULD".
  std::string comment;  // The vector's comment.

  Verdict verdict = Verdict::skipped;
  std::string reason;  // Why it failed, was skipped or is unimplemented;
                       // one line.
  // judged_against: what the case was compared with: "expected", or the
  // original's recorded outcome ("observed c (E-6)") under --profile
  // degu-0.19.
  std::string judged_against;
  // spec_ok, compat_ok: whether the outcome meets the specification, and
  // whether it meets Degu 0.19 compatibility (the specification, or what
  // the original was recorded doing where an erratum says they differ).
  // Both are computed whatever the profile; null when the case did not run.
  std::optional<bool> spec_ok;
  std::optional<bool> compat_ok;

  // For parse and render cases: what the adapter was given (the arguments
  // after its command, and the input: the element's raw bytes for a parse
  // case, the message as JSON text for a render case), the verdict wanted
  // and the one the adapter printed (null when it printed none).
  std::string adapter_arguments;
  std::string input;
  Json expected_verdict;
  Json observed_verdict;
  // For server and client cases.
  std::optional<Exchange> exchange;

  double seconds = 0;  // Wall time of the run (never judged).

  // figures: what a robustness case measured (name, value with its unit),
  // in order, reported whatever the verdict; empty for other cases.
  std::vector<std::pair<std::string, std::string>> figures;

  // known_failure: the expectations file's reason when it lists this
  // failing case (expectations.h); such a case does not fail the run.
  std::string known_failure;
  // unexpected_pass: set when the expectations file lists this case as a
  // known failure and it passed; such a case fails the run.
  std::string unexpected_pass;
  // stability: for a failing case run again: "stable" (it failed again)
  // or "flaky" (the second run passed; the case stays FAILED).
  std::string stability;
};

// fails_run: whether r makes the run fail (exit 1): FAILED, or NON-STRICT
// with strict, unless a known failure; or an unexpected pass.
bool fails_run(const CaseResult& r, bool strict);

// first_difference: the first offset where a and b differ, or nothing when
// they are equal (a prefix differs at the shorter one's length).
std::optional<std::size_t> first_difference(std::string_view a,
                                            std::string_view b);

}  // namespace degu::conform
