// parse_body.cc: a whole chunked body over a complete buffer, the same
// steps a reader takes one read at a time (CHUNK-FORM-1, CHUNK-DATA-*,
// CHUNK-LAST-1).
#include "degu/core/parse.h"
#include "degu/core/scan.h"

namespace degu::core {

Result<ChunkedBody> parse_chunked_body(std::string_view stream) {
  ChunkedBody body;
  std::size_t at = 0;
  while (true) {
    const std::string_view rest = stream.substr(at);
    auto scan = scan_chunk_line(rest, true);  // All of stream is buffered.
    if (!scan.ok()) {
      return shifted(scan.failure(), at);
    }
    auto line = parse_chunk_line(rest.substr(0, scan->size));
    if (!line.ok()) {
      return shifted(line.failure(), at);
    }
    const std::size_t data_at = at + scan->consumed;
    const std::size_t size = line->size;
    // CHUNK-DATA-2: the data and its CRLF must all be there.
    if (stream.size() - data_at < size + 2) {
      return fail(Error::chunk_data_incomplete, stream.size());
    }
    if (auto end = check_chunk_data_end(stream.substr(data_at + size, 2));
        !end.ok()) {
      return shifted(end.failure(), data_at + size);
    }
    body.chunks.push_back(
        Chunk{std::move(line).value(), std::string(stream.substr(data_at, size))});
    at = data_at + size + 2;
    if (size == 0) {
      body.consumed = at;  // CHUNK-LAST-1: the empty chunk ends the body.
      return body;
    }
  }
}

}  // namespace degu::core
