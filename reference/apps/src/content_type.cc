// content_type.cc: content_type_for over the generated tables.
#include "degu/apps/content_type.h"

#include <algorithm>
#include <string>
#include <utility>

namespace degu::apps {

namespace {

struct ExtensionType {
  std::string_view extension;
  std::string_view type;
};

struct SuffixAlias {
  std::string_view extension;
  std::string_view replacement;
};

#include "content_types.inc"

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// Split: a name cut before its extension, as Python's posixpath.splitext.
struct Split {
  std::string base;
  std::string extension;  // Empty, or '.' and what follows.
};

Split split_extension(std::string_view p) {
  const std::size_t slash = p.rfind('/');
  const std::size_t dot = p.rfind('.');
  const std::size_t start = slash == std::string_view::npos ? 0 : slash + 1;
  if (dot != std::string_view::npos && dot >= start) {
    // Leading dots of the last component do not start an extension.
    for (std::size_t i = start; i < dot; ++i) {
      if (p[i] != '.') {
        return {std::string(p.substr(0, dot)), std::string(p.substr(dot))};
      }
    }
  }
  return {std::string(p), ""};
}

// drop_scheme: name without a leading "scheme:" (step 1), or nothing for
// the data scheme.  Request paths cannot carry ',' (URI-PATH-5), without
// which Python names no type for a data URL, so none is named here.
std::optional<std::string_view> drop_scheme(std::string_view name) {
  const std::size_t end = name.find_first_of("/:");
  if (end == std::string_view::npos || end == 0 || name[end] != ':') {
    return name;
  }
  if (lower(name.substr(0, end)) == "data") {
    return std::nullopt;
  }
  return name.substr(end + 1);
}

const SuffixAlias* find_alias(const std::string& extension) {
  const std::string key = lower(extension);
  for (const SuffixAlias& a : kSuffixAliases) {
    if (a.extension == key) {
      return &a;
    }
  }
  return nullptr;
}

bool is_encoding(const std::string& extension) {
  return std::find(std::begin(kEncodings), std::end(kEncodings), extension) !=
         std::end(kEncodings);
}

}  // namespace

std::optional<std::string_view> content_type_for(std::string_view name) {
  auto rest = drop_scheme(name);
  if (!rest) {
    return std::nullopt;
  }
  Split s = split_extension(*rest);
  while (const SuffixAlias* alias = find_alias(s.extension)) {
    s = split_extension(s.base + std::string(alias->replacement));
  }
  if (is_encoding(s.extension)) {
    s = split_extension(s.base);
  }
  const std::string key = lower(s.extension);
  auto it = std::lower_bound(std::begin(kTypes), std::end(kTypes), key,
                             [](const ExtensionType& e, const std::string& k) {
                               return e.extension < k;
                             });
  if (it == std::end(kTypes) || it->extension != key) {
    return std::nullopt;
  }
  return it->type;
}

}  // namespace degu::apps
