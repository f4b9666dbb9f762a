// vector_file.cc: the loader.
#include "vector_file.h"

#include "degu/core/hex.h"
#include "vector_kinds.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>

namespace degu::conformance {
namespace {

using cli::Json;

// Members: takes members of one JSON object and remembers which it took.
class Members {
 public:
  explicit Members(const Json& object) : object_(object) {}

  const Json* take(const char* name) {
    taken_.insert(name);
    auto it = object_.find(name);
    return it == object_.end() ? nullptr : &*it;
  }

  // untaken: members that nobody took.
  std::vector<std::string> untaken() const {
    std::vector<std::string> out;
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      if (!taken_.count(it.key())) {
        out.push_back(it.key());
      }
    }
    return out;
  }

 private:
  const Json& object_;
  std::set<std::string> taken_;
};

std::string take_text(Members& m, const char* name, Vector& v,
                      bool required = true) {
  const Json* j = m.take(name);
  if (j == nullptr) {
    if (required) {
      v.problems.push_back(std::string("missing member \"") + name + "\"");
    }
    return {};
  }
  if (!j->is_string()) {
    v.problems.push_back(std::string("\"") + name + "\" is not a string");
    return {};
  }
  return j->get<std::string>();
}

std::vector<std::string> take_texts(Members& m, const char* name, Vector& v) {
  std::vector<std::string> out;
  const Json* j = m.take(name);
  if (j == nullptr) {
    return out;
  }
  for (const Json& item : *j) {
    if (item.is_string()) {
      out.push_back(item.get<std::string>());
    } else {
      v.problems.push_back(std::string("\"") + name + "\" holds a non-string");
    }
  }
  return out;
}

// canonical_hex: the bytes of lower-case hex text; nothing for anything
// else (vectors spell hex one way only).
std::optional<std::string> canonical_hex(const std::string& text) {
  auto bytes = core::from_hex(text);
  if (!bytes || core::to_hex(*bytes) != text) {
    return std::nullopt;
  }
  return bytes;
}

Vector load_vector(const Json& j, const std::string& file,
                   const std::string& kind) {
  Vector v;
  v.file = file;
  v.kind = kind;
  if (!j.is_object()) {
    v.id = file + "#not-an-object";
    v.problems.push_back("a vector must be a JSON object");
    return v;
  }
  v.raw = j;
  Members m(j);
  v.id = take_text(m, "id", v);
  v.rules = take_texts(m, "rules", v);
  v.level = take_text(m, "level", v);
  if (take_text(m, "comment", v).empty()) {
    v.problems.push_back("empty comment");
  }
  v.flags = take_texts(m, "flags", v);
  if (const Json* method = m.take("method")) {
    v.method = method->get<std::string>();
  }
  if (const Json* wire = m.take("wire")) {
    v.wire = wire->is_boolean() && wire->get<bool>();
  }
  if (kind == "client_exchange") {
    // degu-conform client plays the server for a client under test (the
    // reference's through degu-client-adapter); the recorder drives the
    // original through tools/original_exchange.py.
    for (const char* member : {"client", "actions", "replies", "close"}) {
      m.take(member);
    }
    const Json* replies_hex = m.take("replies_hex");
    if (replies_hex == nullptr || !replies_hex->is_array()) {
      v.problems.push_back("missing member \"replies_hex\"");
    } else {
      for (const Json& piece : *replies_hex) {
        if (!piece.is_string() || !canonical_hex(piece.get<std::string>())) {
          v.problems.push_back("replies_hex holds a non-hex piece");
        }
      }
    }
  } else if (kind == "exchange") {
    // Exchanges run against a live server (degu-conform server; the
    // recorder drives the original through tools/original_exchange.py);
    // the loader still insists that every member is one it knows.
    m.take("app");
    m.take("options");
    m.take("eof");
    v.input_escaped = take_text(m, "send", v);
    const auto decoded = canonical_hex(take_text(m, "send_hex", v));
    if (!decoded) {
      v.problems.push_back("send_hex is not lower-case hex");
    } else {
      v.input = *decoded;
    }
  } else if (in_family(kind, KindFamily::render)) {
    if (const Json* message = m.take("message")) {
      v.message = *message;
    } else {
      v.problems.push_back("missing member \"message\"");
    }
  } else {
    v.input_escaped = take_text(m, "input", v);
    const auto decoded = canonical_hex(take_text(m, "input_hex", v));
    if (!decoded) {
      v.problems.push_back("input_hex is not lower-case hex");
    } else {
      v.input = *decoded;
    }
  }
  if (const Json* expected = m.take("expected")) {
    v.expected = *expected;
  } else {
    v.problems.push_back("missing member \"expected\"");
  }
  if (const Json* observed = m.take("observed")) {
    v.observed = *observed;
  }
  for (const std::string& key : m.untaken()) {
    v.problems.push_back("unknown member \"" + key + "\"");
  }
  return v;
}

void load_file(const std::filesystem::path& path, const std::string& rel,
               std::vector<Vector>& out) {
  Vector broken;
  broken.file = rel;
  broken.id = rel;
  std::ifstream in(path);
  Json doc = Json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    broken.problems.push_back("not a JSON object");
    out.push_back(broken);
    return;
  }
  Members m(doc);
  const Json* kind = m.take("kind");
  const Json* vectors = m.take("vectors");
  m.take("comment");
  m.take("notes");
  m.take("provenance");
  if (kind == nullptr || !kind->is_string() || vectors == nullptr ||
      !vectors->is_array()) {
    broken.problems.push_back("a file needs \"kind\" and \"vectors\"");
    out.push_back(broken);
    return;
  }
  for (const std::string& key : m.untaken()) {
    broken.problems.push_back("unknown file member \"" + key + "\"");
  }
  if (kind_info(kind->get<std::string>()) == nullptr) {
    broken.problems.push_back("unknown kind \"" + kind->get<std::string>() +
                              "\" (vectors/kinds.json lists the kinds)");
  }
  if (!broken.problems.empty()) {
    out.push_back(broken);
  }
  for (const Json& j : *vectors) {
    out.push_back(load_vector(j, rel, kind->get<std::string>()));
  }
}

}  // namespace

std::filesystem::path vectors_dir() {
  if (const char* env = std::getenv("DEGU_VECTORS_DIR")) {
    return env;
  }
  return DEGU_SOURCE_VECTORS_DIR;
}

std::vector<Vector> load_all_vectors(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const char* sub : {"hand", "generated"}) {
    const auto folder = dir / sub;
    if (!std::filesystem::is_directory(folder)) {
      continue;
    }
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().extension() == ".json") {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Vector> out;
  for (const auto& path : files) {
    load_file(path, std::filesystem::relative(path, dir).string(), out);
  }
  return out;
}

}  // namespace degu::conformance
