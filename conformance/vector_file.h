// vector_file.h: loading the vector files of vectors/ (docs/VECTORS.md).
//
// Every member of every vector must be understood: the loader takes each
// member it knows and reports any it did not take (BoringSSL FileTest's
// rule: a misspelled key is an error, not a silently skipped check).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "verdict.h"

namespace degu::conformance {

struct Vector {
  std::string file;  // Relative to the vectors directory.
  std::string kind;  // The file's kind, e.g. "request", "render_response".
  std::string id;
  std::vector<std::string> rules;
  std::string level;
  std::vector<std::string> flags;
  std::optional<std::string> method;  // Responses: the request's method.
  bool wire = false;
  std::string input;         // Decoded from input_hex.
  std::string input_escaped;  // The "input" member as written.
  cli::Json message;          // Rendering kinds.
  cli::Json expected;
  cli::Json observed;  // Null when not recorded.
  // raw: the vector as written, for runners that need the members of an
  // exchange or client exchange (options, eof, client, actions, replies).
  cli::Json raw;
  // problems: what is wrong with the vector as written (unknown or
  // missing members, bad hex); a test fails on any.
  std::vector<std::string> problems;
};

// vectors_dir: $DEGU_VECTORS_DIR, or the vectors/ of this source tree.
std::filesystem::path vectors_dir();

// load_all_vectors: every vector of vectors/hand and vectors/generated, in
// file and then file order.  A file that cannot be read or parsed becomes
// one Vector with id "<file>" and a problem saying why.
std::vector<Vector> load_all_vectors(const std::filesystem::path& dir);

}  // namespace degu::conformance
