// expectations.cc: loading and applying the known-failures file.
#include "expectations.h"

#include <fstream>
#include <set>

namespace degu::conform {
namespace {

std::string text_member(const nlohmann::json& entry, const char* name,
                        const std::string& where) {
  if (!entry.contains(name) || !entry[name].is_string() ||
      entry[name].get<std::string>().empty()) {
    throw ExpectationsError(where + ": needs a non-empty \"" + name + "\"");
  }
  return entry[name].get<std::string>();
}

void check_members(const nlohmann::json& object, const std::set<std::string>& known,
                   const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (!known.count(key)) {
      throw ExpectationsError(where + ": unknown member \"" + key + "\"");
    }
  }
}

}  // namespace

std::vector<KnownFailure> load_expectations(const std::filesystem::path& path,
                                            const std::string& role) {
  const std::string name = path.string();
  std::ifstream in(path);
  if (!in) {
    throw ExpectationsError("--expectations: cannot read '" + name + "'");
  }
  const auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    throw ExpectationsError(name + ": not a JSON object");
  }
  check_members(doc, {"comment", "known_failures"}, name);
  if (!doc.contains("known_failures") || !doc["known_failures"].is_array()) {
    throw ExpectationsError(name + ": needs a \"known_failures\" array");
  }
  std::vector<KnownFailure> out;
  int index = 0;
  for (const auto& entry : doc["known_failures"]) {
    const std::string where = name + ": known_failures[" + std::to_string(index++) + "]";
    if (!entry.is_object()) {
      throw ExpectationsError(where + ": not an object");
    }
    check_members(entry, {"pattern", "reason", "role"}, where);
    KnownFailure k{text_member(entry, "pattern", where), text_member(entry, "reason", where)};
    if (entry.contains("role")) {
      const std::string r = text_member(entry, "role", where);
      if (r != "parser" && r != "server" && r != "client") {
        throw ExpectationsError(where + ": unknown role '" + r +
                                "' (known: parser, server, client)");
      }
      if (r != role) {
        continue;
      }
    }
    out.push_back(std::move(k));
  }
  return out;
}

void apply_expectations(const std::vector<KnownFailure>& entries,
                        std::vector<CaseResult>& cases) {
  for (CaseResult& r : cases) {
    const Selectable s{r.id, r.vector_id, &r.rules};
    for (const KnownFailure& k : entries) {
      if (!matches(k.pattern, s)) {
        continue;
      }
      if (r.verdict == Verdict::failed || r.verdict == Verdict::non_strict) {
        r.known_failure = k.reason;
      } else if (r.verdict == Verdict::ok) {
        r.unexpected_pass = "listed as a known failure ('" + k.pattern + "': " + k.reason +
                            ") but passes: remove the entry from the expectations file";
      }
      break;
    }
  }
}

}  // namespace degu::conform
