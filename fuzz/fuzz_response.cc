// fuzz_response.cc: properties of response parsing (see fuzz_request.cc),
// for a response to GET and to HEAD.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "degu/core/parse.h"
#include "degu/core/render.h"
#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using namespace degu;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  for (const core::Method method : {core::Method::get, core::Method::head}) {
    const auto parsed = core::parse_response(input, method);
    fuzz::check_verdict(parsed, input);
    if (!parsed.ok()) {
      continue;
    }
    const core::Response& r = *parsed;
    // Rendered without a body: its headers are sent as given (OUT-FRAME-3).
    const auto rendered = core::render_response(r.status, r.reason,
                                                r.headers.fields,
                                                core::Framing::none());
    if (!rendered.ok()) {
      fuzz::require(rendered.error() == core::Error::too_many_headers ||
                        rendered.error() == core::Error::output_too_large,
                    "an accepted response failed to render");
      continue;
    }
    const std::string& out = *rendered;
    const auto again = core::parse_response(
        std::string_view(out).substr(0, out.size() - 4), method);
    fuzz::require(again.ok() && again->status == r.status &&
                      again->reason == r.reason &&
                      again->framing == r.framing &&
                      again->headers.fields.size() == r.headers.fields.size(),
                  "render then parse changed the response");
  }
  fuzz::check_reader_agrees(input, cli::Kind::response);
  return 0;
}
