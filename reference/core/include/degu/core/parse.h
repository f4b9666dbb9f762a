// parse.h: parsing complete buffers of received bytes.
//
// Every function takes a whole element (a preamble without its CRLFCRLF, a
// chunk-size line without its CRLF, one header value) and returns its value
// or the Failure of the first SPEC rule it breaks.  Nothing here reads, and
// nothing here keeps state between calls.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "degu/core/result.h"
#include "degu/core/types.h"

namespace degu::core {

// parse_request: a request preamble (PRE-LINES-1, REQ-*, URI-*, HDR-*,
// FRAME-*).  An empty preamble is preamble_empty (PRE-EMPTY-1).
Result<Request> parse_request(std::string_view preamble);

// parse_response: a response preamble, given the method of the request it
// answers (FRAME-RSP-1 needs it).
Result<Response> parse_response(std::string_view preamble,
                                Method request_method);

// RequestLine: the parts of a request line.
struct RequestLine {
  Method method = Method::get;
  std::string uri;
  std::vector<std::string> path;
  std::optional<std::string> query;
};

// parse_request_line: one request line without CRLF (REQ-*, URI-*).
Result<RequestLine> parse_request_line(std::string_view line);

// StatusLine: the parts of a response line.
struct StatusLine {
  unsigned status = 0;
  std::string reason;
};

// parse_response_line: one response line without CRLF (RSP-*).
Result<StatusLine> parse_response_line(std::string_view line);

// parse_headers: the header section of a preamble: the bytes after the
// CRLF that ends the start line (HDR-*, then the combination rules of
// FRAME-ORDER-1 for the given direction).  An empty section has no headers.
Result<Headers> parse_headers(std::string_view section, bool is_response);

// parse_header_name: one received header name, folded to lower case
// (HDR-NAME-1..4).
Result<std::string> parse_header_name(std::string_view name);

// parse_content_length: a content-length value (CL-*).
Result<std::uint64_t> parse_content_length(std::string_view value);

// parse_range: a range value (RANGE-*).
Result<ByteRange> parse_range(std::string_view value);

// parse_content_range: a content-range value (CRANGE-*).
Result<ContentRange> parse_content_range(std::string_view value);

// parse_chunk_line: a chunk-size line without its CRLF (CHUNK-SIZE-*,
// CHUNK-EXT-*).
Result<ChunkLine> parse_chunk_line(std::string_view line);

// check_chunk_data_end: the two bytes that follow chunk data must be CRLF
// (CHUNK-DATA-1; for the last chunk also CHUNK-TRAILER-1).  Precondition:
// two.size() == 2.
Result<Ok> check_chunk_data_end(std::string_view two);

// parse_chunked_body: a whole chunked body at the start of stream, where
// the end of stream is the end of input (CHUNK-FORM-1, CHUNK-LINE-*,
// CHUNK-DATA-*, CHUNK-LAST-1, CHUNK-TRAILER-1).  Bytes after the body are
// left alone (CHUNK-AFTER-1); offsets index stream.
Result<ChunkedBody> parse_chunked_body(std::string_view stream);

}  // namespace degu::core
