// wire_common.h: what every derivation of a wire case from a vector shares
// (wire_cases.cc for the byte kinds, render_wire.cc for the rendering
// kinds): the body bytes a case sends, the derived vector's frame, and the
// Degu 0.19 expectation carried over from each recorded outcome.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "vector_file.h"

namespace degu::conform::wire {

using Json = cli::Json;  // The vectors' JSON (keeps member order).

// The address a derived client is created with: AF_UNIX, so no host
// header is added (CLI-HOST-4).
inline constexpr const char* kClientAddress = "/run/example/degu.sock";

// The preamble of the chunked response a derived case's server sends.
inline constexpr std::string_view kChunkedResponse =
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";

// body_bytes: the n bytes a derived case sends as a body or chunk data.
inline std::string body_bytes(std::size_t n) { return std::string(n, 'x'); }

// chunk_tail: what follows the line of a first chunk of n bytes in a
// derived case's chunked body: its data and CRLF, then the last chunk --
// unless n is 0, when that chunk is itself the last (OUT-CHUNK-4).
inline std::string chunk_tail(std::size_t n) {
  return body_bytes(n) + "\r\n" + (n == 0 ? "" : "0\r\n\r\n");
}

// sendable_size: n, or nothing (with why) when it is above kMaxWireBody.
std::optional<std::size_t> sendable_size(const Json& n, std::string* why);

// exchange_expectation: an exchange vector's `expected` (docs/VECTORS.md);
// with prefix, any prefix of response (the empty one included) agrees.
Json exchange_expectation(const std::string& response, const char* ending,
                          bool prefix = false);

// derived_base: a derived vector with v's identity and rules, its comment
// prefixed.
conformance::Vector derived_base(const conformance::Vector& v,
                                 const std::string& comment_prefix);

// observed_for: the derived observations: each recorded outcome of the
// original that names an erratum, turned into the expectation derive(o)
// gives (skipped where it cannot be derived or needs other bytes sent).
template <typename Derive>
Json observed_for(const conformance::Vector& v, Derive derive) {
  Json out = Json::object();
  if (!v.observed.is_object()) {
    return out;
  }
  for (const auto& [backend, seen] : v.observed.items()) {
    if (!seen.is_object() || !seen.contains("outcome") ||
        seen["outcome"].value("crash", false)) {
      out[backend] = "expected";
      continue;
    }
    if (auto expectation = derive(seen["outcome"])) {
      out[backend] = Json{{"outcome", *expectation}, {"erratum", seen["erratum"]}};
    }
  }
  return out;
}

}  // namespace degu::conform::wire
