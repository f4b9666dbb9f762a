// send.cc: preamble and body, with every check before the first byte
// (OUT-ATOMIC-1, OUT-FRAME-1, BODY-OUT-2, BODY-OUT-6).
#include "degu/io/send.h"

namespace degu::io {

Result<Ok> send_request(Writer& writer, std::string_view method,
                        std::string_view uri,
                        const std::vector<core::Header>& headers,
                        OutputBody& body) {
  if (auto ok = body.check(); !ok.ok()) {
    return ok;
  }
  if (auto ok = writer.write_request(method, uri, headers, body.framing());
      !ok.ok()) {
    return ok;
  }
  return write_body(writer, body);
}

Result<Ok> send_response(Writer& writer, unsigned status,
                         std::string_view reason,
                         const std::vector<core::Header>& headers,
                         OutputBody& body) {
  if (auto ok = body.check(); !ok.ok()) {
    return ok;
  }
  if (auto ok = writer.write_response(status, reason, headers, body.framing());
      !ok.ok()) {
    return ok;
  }
  return write_body(writer, body);
}

}  // namespace degu::io
