// errors.h: the closed set of rejections of the Degu core.
//
// Every input the core refuses is refused by exactly one SPEC rule, and that
// rule has exactly one Error value here.  The list itself is generated from
// tools/gen_tables.py (error_list.inc) so that the names and rule IDs that
// other languages read from vectors/errors.json can never drift from these.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace degu::core {

enum class Error : std::uint8_t {
#define DEGU_ERROR(enumerator, rule, meaning) enumerator,
#include "degu/core/error_list.inc"
#undef DEGU_ERROR
};

// kErrorCount: how many Error values exist (they are 0 .. kErrorCount-1).
inline constexpr std::size_t kErrorCount = 0
#define DEGU_ERROR(enumerator, rule, meaning) +1
#include "degu/core/error_list.inc"
#undef DEGU_ERROR
    ;

// error_name: the stable snake_case name of e, as in vectors/errors.json.
std::string_view error_name(Error e);

// error_rule: the ID of the SPEC.md rule that e enforces, e.g. "HDR-DUP-1".
std::string_view error_rule(Error e);

// error_meaning: one line saying what was wrong.
std::string_view error_meaning(Error e);

// Failure: a rejection and where it happened.
//
// offset is a byte index into the buffer given to the public function that
// failed (for rendering, into the bytes that would have been sent):
//  - byte-class rules: the first byte outside the class;
//  - maximum-length rules: the first byte beyond the limit;
//  - every other rule: the first byte of the element that broke it (the
//    line, name, value, number or path component).
struct Failure {
  Error error;
  std::size_t offset;

  friend bool operator==(const Failure&, const Failure&) = default;
};

}  // namespace degu::core
