// verdict.h: what degu-parse prints for one input, as JSON.
//
// Accepted: {"ok": true, ...fields}.  Rejected: {"ok": false, "error":
// NAME, "rule": SPEC-ID, "offset": N}.  The field layout is the contract
// that docs and the interop suite rely on; see README.md.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "degu/core/errors.h"
#include "degu/core/types.h"

namespace degu::cli {

using Json = nlohmann::ordered_json;

// Kind: which element the input is.
enum class Kind {
  request,
  response,
  chunk_line,
  content_length,
  range,
  content_range,
  header_name,
  chunked_body,
};

// kind_from_name: the Kind for a subcommand name ("chunk-line", ...).
std::optional<Kind> kind_from_name(std::string_view name);

// Options: how to read the input.
struct Options {
  Kind kind = Kind::request;
  core::Method request_method = core::Method::get;  // For responses.
  // wire: the input is bytes as on the wire; the element ends where the
  // reader would end it (CRLFCRLF or CRLF) and an accepting verdict says
  // how many bytes that consumed.  Otherwise the input is exactly the
  // element.
  bool wire = false;
};

// verdict: the JSON verdict for input.
Json verdict(std::string_view input, const Options& options);

// rejected: the JSON of a rejection: {"ok": false, "error", "rule",
// "offset"}.
Json rejected(const core::Failure& f);

// headers_json: received headers as in a response verdict: lower-case
// names in wire order, content-length an integer, range and content-range
// objects ({"first", "last"[, "total"]}), other values strings.
Json headers_json(const core::Headers& headers);

// escaped: bytes in the readable form of vectors (docs/VECTORS.md):
// printable ASCII as is except '\', which is doubled; CR, LF and HT as
// \r, \n and \t; every other byte as \xHH.
std::string escaped(std::string_view bytes);

}  // namespace degu::cli
