// errors.cc: names, rules and meanings of Error values.
#include "degu/core/errors.h"

#include <array>
#include <cstdlib>


namespace degu::core {
namespace {

struct ErrorRow {
  std::string_view name;
  std::string_view rule;
  std::string_view meaning;
};

constexpr std::array<ErrorRow, kErrorCount> kErrorRows = {{
#define DEGU_ERROR(enumerator, rule, meaning) {#enumerator, rule, meaning},
#include "degu/core/error_list.inc"
#undef DEGU_ERROR
}};

const ErrorRow& row(Error e) {
  const auto i = static_cast<std::size_t>(e);
  if (i >= kErrorRows.size()) {
    std::abort();  // Not a value of the enum: a program bug.
  }
  return kErrorRows[i];
}

}  // namespace

std::string_view error_name(Error e) { return row(e).name; }
std::string_view error_rule(Error e) { return row(e).rule; }
std::string_view error_meaning(Error e) { return row(e).meaning; }

}  // namespace degu::core
