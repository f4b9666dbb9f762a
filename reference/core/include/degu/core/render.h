// render.h: rendering what a Degu sender puts on the wire, byte-exact.
//
// Rendering validates everything it is given: it never returns bytes that
// a conforming receiver would reject (OUT-ROUNDTRIP-1).  A value that would
// break a receive-side rule fails with that rule's Error (a CR in a header
// value is bad_header_value_bytes, HDR-VALUE-2); rules that bind only
// senders have their own Errors (OUT-NAME-1, OUT-COUNT-1, OUT-SIZE-1,
// OUT-FRAME-2).  Failure offsets index the bytes that would have been
// rendered, except that count and framing failures have offset 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "degu/core/result.h"
#include "degu/core/types.h"

namespace degu::core {

// render_request: "METHOD SP URI SP HTTP/1.1", the headers sorted by name
// (OUT-ORDER-1) with the framing header for body added (OUT-FRAME-1), and
// CRLFCRLF.  A request with framing none must not carry content-length or
// transfer-encoding (framing_header_mismatch).
Result<std::string> render_request(std::string_view method,
                                   std::string_view uri,
                                   const std::vector<Header>& headers,
                                   Framing body);

// render_response: "HTTP/1.1 SP STATUS SP REASON", then as render_request.
// With framing none, a given content-length or transfer-encoding is sent as
// is (OUT-FRAME-3: the answer to HEAD describes a body it does not carry).
Result<std::string> render_response(unsigned status, std::string_view reason,
                                    const std::vector<Header>& headers,
                                    Framing body);

// render_chunk_line: "SIZE[;KEY=VALUE]" and CRLF, the size in lower-case
// hex without leading zeros (OUT-CHUNK-1..3).
Result<std::string> render_chunk_line(
    std::uint64_t size, const std::optional<ChunkExtension>& extension);

}  // namespace degu::core
