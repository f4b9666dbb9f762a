// errors.cc: names, rules and meanings of Error values, and method names.
#include "degu/core/errors.h"

#include <array>
#include <cstdlib>

#include "degu/core/types.h"

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

constexpr std::array<std::string_view, 5> kMethodNames = {
    "GET", "PUT", "POST", "HEAD", "DELETE"};

}  // namespace

std::string_view error_name(Error e) { return row(e).name; }
std::string_view error_rule(Error e) { return row(e).rule; }
std::string_view error_meaning(Error e) { return row(e).meaning; }

std::string_view method_name(Method m) {
  return kMethodNames.at(static_cast<std::size_t>(m));
}

std::optional<Method> method_from_name(std::string_view s) {
  for (std::size_t i = 0; i < kMethodNames.size(); ++i) {
    if (kMethodNames[i] == s) {
      return static_cast<Method>(i);
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Headers::find(std::string_view name) const {
  for (const Header& h : fields) {
    if (h.name == name) {
      return h.value;
    }
  }
  return std::nullopt;
}

}  // namespace degu::core
