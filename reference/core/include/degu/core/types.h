// types.h: the values the core parses into and renders from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace degu::core {

// Method: the five methods of REQ-METHOD-1.
enum class Method : std::uint8_t { get, put, post, head, delete_ };

// method_name: the wire spelling of m ("GET", ... "DELETE").
std::string_view method_name(Method m);

// method_from_name: the Method spelled exactly (case-sensitive) as s, or
// nothing.
std::optional<Method> method_from_name(std::string_view s);

// ByteRange: a range header, "bytes=FIRST-LAST" (both inclusive, as sent).
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// ContentRange: a content-range header, "bytes FIRST-LAST/TOTAL".
struct ContentRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::uint64_t total = 0;
  friend bool operator==(const ContentRange&, const ContentRange&) = default;
};

// Framing: how the body after a preamble is delimited (FRAME-REQ-1,
// FRAME-RSP-1..3, OUT-FRAME-1).
struct Framing {
  enum class Kind : std::uint8_t { none, length, chunked };
  Kind kind = Kind::none;
  std::uint64_t length = 0;  // Meaningful only when kind == length.

  static Framing none() { return {Kind::none, 0}; }
  static Framing of_length(std::uint64_t n) { return {Kind::length, n}; }
  static Framing chunked() { return {Kind::chunked, 0}; }
  friend bool operator==(const Framing&, const Framing&) = default;
};

// Header: one header line.  Parsed names are lower case (HDR-NAME-4);
// values are kept byte for byte (HDR-VALUE-3).
struct Header {
  std::string name;
  std::string value;
  friend bool operator==(const Header&, const Header&) = default;
};

// Headers: the header lines of a received preamble, in wire order, plus the
// typed values of the four special headers (HDR-SPECIAL-1) when present.
struct Headers {
  std::vector<Header> fields;
  std::optional<std::uint64_t> content_length;
  bool chunked = false;  // transfer-encoding: chunked was present.
  std::optional<ByteRange> range;
  std::optional<ContentRange> content_range;

  // find: the value of the header named name (lower case), or nothing.
  std::optional<std::string_view> find(std::string_view name) const;
};

// Request: a parsed request preamble.
struct Request {
  Method method = Method::get;
  std::string uri;                   // Exactly as received.
  std::vector<std::string> path;     // URI-PATH-1..3.
  std::optional<std::string> query;  // Absent (no '?') differs from empty.
  Headers headers;
  Framing framing;
};

// Response: a parsed response preamble.
struct Response {
  unsigned status = 0;
  std::string reason;
  Headers headers;
  Framing framing;  // Always none for a response to HEAD (FRAME-RSP-1).
};

// ChunkExtension: the single key=value of CHUNK-EXT-1.
struct ChunkExtension {
  std::string key;
  std::string value;
  friend bool operator==(const ChunkExtension&,
                         const ChunkExtension&) = default;
};

// ChunkLine: a parsed chunk-size line.
struct ChunkLine {
  std::uint32_t size = 0;
  std::optional<ChunkExtension> extension;
  friend bool operator==(const ChunkLine&, const ChunkLine&) = default;
};

// Chunk: one chunk of a chunked body: its size line and its data.
struct Chunk {
  ChunkLine line;
  std::string data;
  friend bool operator==(const Chunk&, const Chunk&) = default;
};

// ChunkedBody: every chunk of a chunked body, the last one (size 0)
// included, and how many bytes of the stream they took.
struct ChunkedBody {
  std::vector<Chunk> chunks;
  std::size_t consumed = 0;
};

}  // namespace degu::core
