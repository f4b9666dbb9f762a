// incremental_reader.h: the reference reader (io::Reader, and
// io::ChunkedBodyReader for bodies) fed the input in pieces by a scripted
// transport.  GEN-PARSE-1 requires the verdict not to depend on the
// pieces.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "verdict.h"

namespace degu::conformance {

// Pieces: cut points of an input: {3, 7} means [0,3), [3,7), [7,end).
using Cuts = std::vector<std::size_t>;

// read_in_pieces: the verdict a reader reaches when the bytes of stream
// arrive cut at cuts and then the input ends.  options.kind must be
// request, response, chunk_line or chunked_body.  For a chunked body the
// verdict has the shape of degu-parse chunked-body.
cli::Json read_in_pieces(std::string_view stream, const Cuts& cuts,
                         const cli::Options& options);

}  // namespace degu::conformance
