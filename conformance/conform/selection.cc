// selection.cc: glob matching and the --only/--skip filter.
#include "selection.h"

#include <algorithm>

namespace degu::conform {

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matching with one backtrack point, linear in practice.
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

bool matches(std::string_view pattern, const Selectable& c) {
  if (glob_match(pattern, c.id) || glob_match(pattern, c.vector_id)) {
    return true;
  }
  return c.rules != nullptr &&
         std::any_of(c.rules->begin(), c.rules->end(),
                     [&](const std::string& r) { return glob_match(pattern, r); });
}

bool Selection::selected(const Selectable& c) const {
  auto named = [&](const std::string& p) { return matches(p, c); };
  if (!only.empty() && std::none_of(only.begin(), only.end(), named)) {
    return false;
  }
  return std::none_of(skip.begin(), skip.end(), named);
}

std::vector<std::string> unused_patterns(const Selection& selection,
                                         const std::vector<Selectable>& cases) {
  std::vector<std::string> out;
  for (const auto* list : {&selection.only, &selection.skip}) {
    for (const std::string& p : *list) {
      const bool used = std::any_of(cases.begin(), cases.end(),
                                    [&](const Selectable& c) { return matches(p, c); });
      if (!used) {
        out.push_back(p);
      }
    }
  }
  return out;
}

}  // namespace degu::conform
