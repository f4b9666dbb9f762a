// expectations.h: an implementation's known failures, with reasons
// (BoringSSL's disabled-tests config), kept true by the runner.
//
//   {"comment": "...",
//    "known_failures": [{"pattern": "CHUNK-EXT-*", "reason": "...",
//                        "role": "parser"}, ...]}
//
// pattern is a selection pattern (selection.h); role (optional: parser,
// server, client) limits an entry to runs of that role.  A FAILED or
// NON-STRICT case an entry names is a known failure: it is reported, with
// the reason, and does not fail the run.  A case an entry names that
// passes fails the run, so the file never lists a failure that is gone.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "case_result.h"
#include "selection.h"

namespace degu::conform {

struct KnownFailure {
  std::string pattern;
  std::string reason;
};

// ExpectationsError: the file cannot be used; the message names the file
// and what is wrong with it.
struct ExpectationsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// load_expectations: the entries of path that apply to role.  Throws
// ExpectationsError for an unreadable file, bad JSON, an unknown member,
// an entry without pattern or reason, or an unknown role.
std::vector<KnownFailure> load_expectations(const std::filesystem::path& path,
                                            const std::string& role);

// apply_expectations: marks every case an entry names (the first entry
// that names it): a failing one gets known_failure, a passing one
// unexpected_pass.
void apply_expectations(const std::vector<KnownFailure>& entries,
                        std::vector<CaseResult>& cases);

}  // namespace degu::conform
