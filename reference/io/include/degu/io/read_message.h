// read_message.h: reading a preamble and parsing it, in that order
// (STYLE.md 2: the parser sees only complete preambles).
#pragma once

#include "degu/core/types.h"
#include "degu/io/reader.h"
#include "degu/io/result.h"

namespace degu::io {

// read_request: the next request preamble, read by Reader::read_preamble
// and parsed by core::parse_request.  Failures: read_preamble's, or the
// parser's core Failure as protocol (offsets from the message's first
// byte); a parse failure closes the connection too (GEN-CLOSE-1).  The
// body, if framing says there is one, follows in reader.
Result<core::Request> read_request(Reader& reader);

// read_response: as read_request, for the response to a request with
// method request_method (FRAME-RSP-1).
Result<core::Response> read_response(Reader& reader,
                                     core::Method request_method);

}  // namespace degu::io
