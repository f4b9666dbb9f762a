// render_verdict.h: what degu-render prints for one structured message.
//
// Messages (JSON):
//   request:    {"method": M, "uri": U, "headers": [[name, value], ...],
//                "body": {"kind": "none" | "chunked"} | {"kind": "length",
//                "length": N}}
//   response:   {"status": S, "reason": R, "headers": [...], "body": {...}}
//   chunk-line: {"size": N, "extension": null | {"key": K, "value": V}}
// Verdicts: {"ok": true, "output": ESCAPED, "output_hex": HEX} or the
// rejection shape of verdict.h.
#pragma once

#include <string>
#include <string_view>

#include "verdict.h"

namespace degu::cli {

enum class RenderKind { request, response, chunk_line };

// MessageError: a message that does not have the shape above; what says
// which member is wrong.
struct MessageError {
  std::string what;
};

// render_verdict: the verdict for message, or MessageError (thrown) when
// the message is malformed.
Json render_verdict(const Json& message, RenderKind kind);

}  // namespace degu::cli
