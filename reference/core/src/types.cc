// types.cc: method names and header lookup.
#include "degu/core/types.h"

#include <array>
#include <cstdlib>

namespace degu::core {
namespace {

constexpr std::array<std::string_view, 5> kMethodNames = {
    "GET", "PUT", "POST", "HEAD", "DELETE"};

}  // namespace

std::string_view method_name(Method m) {
  const auto i = static_cast<std::size_t>(m);
  if (i >= kMethodNames.size()) {
    std::abort();  // Not a value of the enum: a program bug.
  }
  return kMethodNames[i];
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
