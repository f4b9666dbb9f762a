// selection.h: which cases a run takes (--only, --skip).
//
// A pattern is matched, whole, against a case's ID, its vector's ID and
// each of its rules; '*' stands for any run of characters and '?' for one.
// Patterns are case-sensitive, as IDs and rules are.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace degu::conform {

// glob_match: whether text is matched whole by pattern.
bool glob_match(std::string_view pattern, std::string_view text);

// Selectable: what a pattern can name in a case.
struct Selectable {
  std::string_view id;
  std::string_view vector_id;
  const std::vector<std::string>* rules;
};

// matches: whether pattern names the case.
bool matches(std::string_view pattern, const Selectable& c);

// Selection: --only patterns (none: every case) and --skip patterns.
struct Selection {
  std::vector<std::string> only;
  std::vector<std::string> skip;
  // selected: whether the case is in the run.
  bool selected(const Selectable& c) const;
};

// unused_patterns: the patterns of selection that name none of cases; a
// run refuses them, since a pattern that matches nothing is a typo or
// names another section, and would otherwise pass silently.
std::vector<std::string> unused_patterns(const Selection& selection,
                                         const std::vector<Selectable>& cases);

}  // namespace degu::conform
