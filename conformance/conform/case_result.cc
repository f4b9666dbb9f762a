// case_result.cc: names of verdicts and sections, and the byte helpers
// every report shares.
#include "case_result.h"

#include <algorithm>

#include "degu/core/hex.h"
#include "escape.h"
#include "verdict.h"

namespace degu::conform {

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::ok:
      return "OK";
    case Verdict::failed:
      return "FAILED";
    case Verdict::non_strict:
      return "NON-STRICT";
    case Verdict::unimplemented:
      return "UNIMPLEMENTED";
    case Verdict::skipped:
      break;
  }
  return "SKIPPED";
}

std::string_view section_name(Section s) {
  switch (s) {
    case Section::parse:
      return "parse";
    case Section::render:
      return "render";
    case Section::server:
      return "server";
    case Section::runtime:
      return "runtime";
    case Section::robustness:
      return "robustness";
    case Section::client:
      break;
  }
  return "client";
}

std::optional<std::size_t> first_difference(std::string_view a,
                                            std::string_view b) {
  const std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (a[i] != b[i]) {
      return i;
    }
  }
  if (a.size() == b.size()) {
    return std::nullopt;
  }
  return common;
}

// One escaped form and one hex form for the whole kit: the vectors'.
std::string escape_bytes(std::string_view bytes) { return cli::escaped(bytes); }

std::string hex_bytes(std::string_view bytes) { return core::to_hex(bytes); }

bool fails_run(const CaseResult& r, bool strict) {
  if (!r.unexpected_pass.empty()) {
    return true;
  }
  const bool failing =
      r.verdict == Verdict::failed || (strict && r.verdict == Verdict::non_strict);
  return failing && r.known_failure.empty();
}

}  // namespace degu::conform
