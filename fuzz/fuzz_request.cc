// fuzz_request.cc: properties of request parsing, not only "no crash".
//
//  1. A rejection names a real Error and an offset within the input.
//  2. An accepted request renders back (unless it has more headers or bytes
//     than a sender may send: OUT-COUNT-1, OUT-SIZE-1), and what renders
//     parses to the same fields (OUT-ROUNDTRIP-1).
//  3. The reader model, fed the input in two pieces at any cut, reaches
//     the same verdict as the whole buffer (GEN-PARSE-1).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "degu/core/parse.h"
#include "degu/core/render.h"
#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using namespace degu;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto parsed = core::parse_request(input);
  fuzz::check_verdict(parsed, input);
  fuzz::check_reader_agrees(input, cli::Kind::request);
  if (!parsed.ok()) {
    return 0;
  }
  const core::Request& r = *parsed;
  const auto rendered = core::render_request(
      core::method_name(r.method), r.uri, r.headers.fields, r.framing);
  if (!rendered.ok()) {
    fuzz::require(rendered.error() == core::Error::too_many_headers ||
                      rendered.error() == core::Error::output_too_large,
                  "an accepted request failed to render");
    return 0;
  }
  const std::string& out = *rendered;
  const auto again = core::parse_request(
      std::string_view(out).substr(0, out.size() - 4));
  fuzz::require(again.ok(), "a rendered request does not parse");
  fuzz::require(again->method == r.method && again->uri == r.uri &&
                    again->path == r.path && again->query == r.query &&
                    again->framing == r.framing &&
                    again->headers.content_length ==
                        r.headers.content_length &&
                    again->headers.range == r.headers.range &&
                    again->headers.fields.size() == r.headers.fields.size(),
                "render then parse changed the request");
  return 0;
}
