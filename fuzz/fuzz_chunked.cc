// fuzz_chunked.cc: chunk-size lines and whole chunked bodies.
//
//  1. Rejections name a real Error within the input.
//  2. An accepted chunk line renders to a line that parses to the same
//     size and extension.
//  3. A chunked body read by the reader model in two pieces at any cut
//     agrees with parse_chunked_body on the whole stream.
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
  const auto line = core::parse_chunk_line(input);
  fuzz::check_verdict(line, input);
  if (line.ok()) {
    const auto rendered = core::render_chunk_line(line->size, line->extension);
    fuzz::require(rendered.ok(), "an accepted chunk line failed to render");
    const std::string& out = *rendered;
    const auto again =
        core::parse_chunk_line(std::string_view(out).substr(0, out.size() - 2));
    fuzz::require(again.ok() && *again == *line,
                  "render then parse changed the chunk line");
  }
  fuzz::check_verdict(core::parse_chunked_body(input), input);
  fuzz::check_reader_agrees(input, cli::Kind::chunked_body);
  return 0;
}
