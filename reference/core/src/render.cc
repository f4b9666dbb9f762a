// render.cc: OUT-* rules.  Every field is validated as it is appended, so a
// failure's offset points into the bytes that would have been sent.
#include "degu/core/render.h"

#include <algorithm>
#include <charconv>

#include "degu/core/limits.h"
#include "degu/core/parse.h"
#include "internal.h"

namespace degu::core {

using internal::first_outside;
using internal::kNotFound;

namespace {

constexpr std::string_view kContentLength = "content-length";
constexpr std::string_view kTransferEncoding = "transfer-encoding";

const Header* find_header(const std::vector<Header>& headers,
                          std::string_view name) {
  for (const Header& h : headers) {
    if (h.name == name) {
      return &h;
    }
  }
  return nullptr;
}

// with_framing: headers plus the framing header that body needs
// (OUT-FRAME-1), or framing_header_mismatch when a given framing header
// disagrees with body (OUT-FRAME-2).  is_request: a request without a body
// must not announce one; a response may (OUT-FRAME-3).
Result<std::vector<Header>> with_framing(const std::vector<Header>& headers,
                                         Framing body, bool is_request) {
  const Header* length = find_header(headers, kContentLength);
  const Header* encoding = find_header(headers, kTransferEncoding);
  std::vector<Header> out = headers;
  switch (body.kind) {
    case Framing::Kind::none:
      if (is_request && (length || encoding)) {
        return fail(Error::framing_header_mismatch, 0);
      }
      return out;
    case Framing::Kind::length: {
      const std::string wanted = std::to_string(body.length);
      if (encoding || (length && length->value != wanted)) {
        return fail(Error::framing_header_mismatch, 0);
      }
      if (!length) {
        out.push_back(Header{std::string(kContentLength), wanted});
      }
      return out;
    }
    case Framing::Kind::chunked:
      if (length || (encoding && encoding->value != "chunked")) {
        return fail(Error::framing_header_mismatch, 0);
      }
      if (!encoding) {
        out.push_back(Header{std::string(kTransferEncoding), "chunked"});
      }
      return out;
  }
  return out;
}

// check_outgoing_name: OUT-NAME-1, OUT-NAME-2 (offsets relative to name).
Result<Ok> check_outgoing_name(std::string_view name) {
  if (name.empty()) {
    return fail(Error::header_name_empty, 0);
  }
  if (name.size() > kMaxHeaderNameSize) {
    return fail(Error::header_name_too_long, kMaxHeaderNameSize);
  }
  if (const auto bad = first_outside(name, CharClass::name_out);
      bad != kNotFound) {
    return fail(Error::bad_outgoing_header_name, bad);
  }
  return Ok{};
}

// append_headers: each header of sorted as "CRLF name: value", validated
// (OUT-NAME-*, OUT-VALUE-1, OUT-SPECIAL-1, OUT-DUP-1), recording where
// special lines start; then the combination rules (OUT-COMBO-1).
Result<internal::SpecialLines> append_headers(std::string& out,
                                              std::vector<Header> sorted,
                                              bool is_response) {
  if (sorted.size() > kMaxRenderedHeaders) {
    return fail(Error::too_many_headers, 0);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Header& a, const Header& b) {
                     return a.name < b.name;  // Byte order (OUT-ORDER-1).
                   });
  internal::SpecialLines lines;
  Headers typed;  // Scratch for check_special_value.
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const Header& h = sorted[i];
    out += "\r\n";
    const std::size_t line_at = out.size();
    if (auto ok = check_outgoing_name(h.name); !ok.ok()) {
      return shifted(ok.failure(), line_at);
    }
    if (i > 0 && sorted[i - 1].name == h.name) {
      return fail(Error::duplicate_header, line_at);
    }
    out += h.name;
    out += ": ";
    const std::size_t value_at = out.size();
    if (auto ok = internal::check_special_value(h.name, h.value, typed);
        !ok.ok()) {
      return shifted(ok.failure(), value_at);
    }
    out += h.value;
    internal::note_special(lines, h.name, line_at);
  }
  if (auto ok = internal::check_combinations(lines, is_response); !ok.ok()) {
    return ok.failure();
  }
  return lines;
}

// finish: the final CRLFCRLF and OUT-SIZE-1.
Result<std::string> finish(std::string out) {
  out += "\r\n\r\n";
  if (out.size() > kMaxPreambleSize) {
    return fail(Error::output_too_large, kMaxPreambleSize);
  }
  return out;
}

}  // namespace

Result<std::string> render_request(std::string_view method,
                                   std::string_view uri,
                                   const std::vector<Header>& headers,
                                   Framing body) {
  // OUT-METHOD-1 first (OUT-CHECK-1), then OUT-URI-1: a URI must start
  // with '/' (REQ-LINE-4) and the whole line must be one a receiver
  // accepts.
  if (!method_from_name(method)) {
    return fail(Error::bad_method, 0);
  }
  if (!uri.starts_with('/')) {
    return fail(Error::bad_request_line, 0);
  }
  std::string out;
  out.reserve(256);
  out += method;
  out += ' ';
  out += uri;
  out += " HTTP/1.1";
  auto line = parse_request_line(out);
  if (!line.ok()) {
    return line.failure();
  }
  auto framed = with_framing(headers, body, true);
  if (!framed.ok()) {
    return framed.failure();
  }
  auto lines = append_headers(out, std::move(framed).value(), false);
  if (!lines.ok()) {
    return lines.failure();
  }
  if (auto ok = internal::check_method_framing(line->method, *lines);
      !ok.ok()) {
    return ok.failure();
  }
  return finish(std::move(out));
}

Result<std::string> render_response(unsigned status, std::string_view reason,
                                    const std::vector<Header>& headers,
                                    Framing body) {
  constexpr std::size_t kStatusAt = 9;
  if (status < kMinStatus || status > kMaxStatus) {
    return fail(Error::bad_status, kStatusAt);  // OUT-STATUS-1.
  }
  std::string out = "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += reason;
  // OUT-REASON-1: the line must be one a receiver accepts (so the reason is
  // at least 2 bytes, RSP-LINE-2).
  if (auto line = parse_response_line(out); !line.ok()) {
    return line.failure();
  }
  auto framed = with_framing(headers, body, false);
  if (!framed.ok()) {
    return framed.failure();
  }
  if (auto lines = append_headers(out, std::move(framed).value(), true);
      !lines.ok()) {
    return lines.failure();
  }
  return finish(std::move(out));
}

Result<std::string> render_chunk_line(
    std::uint64_t size, const std::optional<ChunkExtension>& extension) {
  if (size > kMaxChunkSize) {
    return fail(Error::chunk_size_too_large, 0);  // OUT-CHUNK-2.
  }
  char digits[16];
  const auto end = std::to_chars(digits, digits + sizeof digits, size, 16);
  std::string out(digits, end.ptr);  // Lower case, no zeros (OUT-CHUNK-1).
  if (extension) {
    // OUT-CHUNK-3: the key and value must satisfy CHUNK-EXT-1..3.
    out += ';';
    const std::size_t key_at = out.size();
    const std::size_t value_at = key_at + extension->key.size() + 1;
    if (extension->key.empty() || extension->value.empty()) {
      return fail(Error::bad_chunk_extension, key_at);
    }
    if (const auto bad = first_outside(extension->key, CharClass::ext_key);
        bad != kNotFound) {
      return fail(Error::bad_chunk_extension_key, key_at + bad);
    }
    if (const auto bad =
            first_outside(extension->value, CharClass::ext_value);
        bad != kNotFound) {
      return fail(Error::bad_chunk_extension_value, value_at + bad);
    }
    out += extension->key;
    out += '=';
    out += extension->value;
  }
  out += "\r\n";
  return out;
}

}  // namespace degu::core
