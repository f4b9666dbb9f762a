// fuzz_checks.h: the properties the fuzzers share.  A broken property
// aborts with a message, which libFuzzer reports as a crash with the input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "degu/core/result.h"
#include "incremental_reader.h"
#include "verdict.h"

namespace degu::fuzz {

// require: aborts with why unless ok.
inline void require(bool ok, const char* why) {
  if (!ok) {
    std::fprintf(stderr, "property broken: %s\n", why);
    std::abort();
  }
}

// check_verdict: a rejection names a real Error and an offset no further
// than the end of the input.
template <typename T>
void check_verdict(const core::Result<T>& r, std::string_view input) {
  if (r.ok()) {
    return;
  }
  require(static_cast<std::size_t>(r.error()) < core::kErrorCount,
          "an Error outside the enum");
  require(r.failure().offset <= input.size(), "an offset beyond the input");
}

// check_reader_agrees: the reader model fed input at once and cut in two
// at a few places reaches the whole-buffer verdict (GEN-PARSE-1).  The
// stream is the input as it would arrive: preambles end with CRLFCRLF.
inline void check_reader_agrees(std::string_view input, cli::Kind kind) {
  cli::Options options;
  options.kind = kind;
  options.wire = kind != cli::Kind::chunked_body;
  const cli::Json whole = conformance::read_in_pieces(input, {}, options);
  for (std::size_t cut : {std::size_t{1}, input.size() / 3, input.size() / 2,
                          input.size() - (input.empty() ? 0 : 1)}) {
    require(conformance::read_in_pieces(input, {cut}, options) == whole,
            "the reader's verdict depends on where the input was cut");
  }
  require(cli::verdict(input, options) == whole,
          "the reader disagrees with the whole-buffer verdict");
}

}  // namespace degu::fuzz
