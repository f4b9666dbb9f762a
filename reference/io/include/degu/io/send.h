// send.h: sending a whole message: preamble, then body.
#pragma once

#include <string_view>
#include <vector>

#include "degu/core/types.h"
#include "degu/io/output_body.h"
#include "degu/io/result.h"
#include "degu/io/writer.h"

namespace degu::io {

// send_request: checks body (OutputBody::check), renders the request
// preamble with the framing header of body (OUT-FRAME-1, OUT-FRAME-2),
// then sends preamble and body and flushes.  Success: the whole message is
// on the wire.  Failures decided before anything is sent -- check()'s, or
// the rendering's core Failure as protocol -- send nothing and leave the
// connection open (OUT-ATOMIC-1, CLI-CLOSE-2); every later failure is
// write_body's and closes it (OUT-BODY-3).
Result<Ok> send_request(Writer& writer, std::string_view method,
                        std::string_view uri,
                        const std::vector<core::Header>& headers,
                        OutputBody& body);

// send_response: as send_request, for a response.
Result<Ok> send_response(Writer& writer, unsigned status,
                         std::string_view reason,
                         const std::vector<core::Header>& headers,
                         OutputBody& body);

}  // namespace degu::io
