// read_message.cc: read, then parse (GEN-PARSE-1).
#include "degu/io/read_message.h"

#include "degu/core/parse.h"

namespace degu::io {

Result<core::Request> read_request(Reader& reader) {
  const auto preamble = reader.read_preamble();
  if (!preamble.ok()) {
    return preamble.error();
  }
  auto request = core::parse_request(*preamble);
  if (!request.ok()) {
    reader.close();
    return request.failure();
  }
  return std::move(request).value();
}

Result<core::Response> read_response(Reader& reader,
                                     core::Method request_method) {
  const auto preamble = reader.read_preamble();
  if (!preamble.ok()) {
    return preamble.error();
  }
  auto response = core::parse_response(*preamble, request_method);
  if (!response.ok()) {
    reader.close();
    return response.failure();
  }
  return std::move(response).value();
}

}  // namespace degu::io
