// render_verdict.cc: structured message → core renderer → JSON verdict.
#include "render_verdict.h"

#include <optional>
#include <vector>

#include "degu/core/hex.h"
#include "degu/core/render.h"

namespace degu::cli {
namespace {

const Json& member(const Json& object, const char* name) {
  if (!object.is_object() || !object.contains(name)) {
    throw MessageError{std::string("missing member \"") + name + "\""};
  }
  return object.at(name);
}

std::string text(const Json& object, const char* name) {
  const Json& v = member(object, name);
  if (!v.is_string()) {
    throw MessageError{std::string("\"") + name + "\" must be a string"};
  }
  return v.get<std::string>();
}

std::uint64_t number(const Json& object, const char* name) {
  const Json& v = member(object, name);
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v >= 0)) {
    throw MessageError{std::string("\"") + name +
                       "\" must be a non-negative integer"};
  }
  return v.get<std::uint64_t>();
}

std::vector<core::Header> headers_of(const Json& message) {
  const Json& list = member(message, "headers");
  if (!list.is_array()) {
    throw MessageError{"\"headers\" must be a list of [name, value] pairs"};
  }
  std::vector<core::Header> out;
  for (const Json& pair : list) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() ||
        !pair[1].is_string()) {
      throw MessageError{"each header must be a [name, value] pair of strings"};
    }
    out.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
  }
  return out;
}

core::Framing body_of(const Json& message) {
  const std::string kind = text(member(message, "body"), "kind");
  if (kind == "none") {
    return core::Framing::none();
  }
  if (kind == "chunked") {
    return core::Framing::chunked();
  }
  if (kind == "length") {
    return core::Framing::of_length(number(message.at("body"), "length"));
  }
  throw MessageError{"\"body\".\"kind\" must be none, length or chunked"};
}

std::optional<core::ChunkExtension> extension_of(const Json& message) {
  const Json& ext = member(message, "extension");
  if (ext.is_null()) {
    return std::nullopt;
  }
  return core::ChunkExtension{text(ext, "key"), text(ext, "value")};
}

Json output_verdict(const core::Result<std::string>& r) {
  if (!r.ok()) {
    return rejected(r.failure());
  }
  return Json{{"ok", true}, {"output", escaped(*r)}, {"output_hex", core::to_hex(*r)}};
}

}  // namespace

Json render_verdict(const Json& message, RenderKind kind) {
  switch (kind) {
    case RenderKind::request:
      return output_verdict(core::render_request(
          text(message, "method"), text(message, "uri"), headers_of(message),
          body_of(message)));
    case RenderKind::response: {
      const std::uint64_t status = number(message, "status");
      if (status > 999) {
        throw MessageError{"\"status\" must be at most 999"};
      }
      return output_verdict(core::render_response(
          static_cast<unsigned>(status), text(message, "reason"),
          headers_of(message), body_of(message)));
    }
    case RenderKind::chunk_line:
      return output_verdict(core::render_chunk_line(number(message, "size"),
                                                    extension_of(message)));
  }
  throw MessageError{"unknown render kind"};
}

}  // namespace degu::cli
