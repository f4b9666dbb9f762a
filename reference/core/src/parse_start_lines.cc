// parse_start_lines.cc: request line (REQ-*), URI (URI-*) and response line
// (RSP-*).
#include "degu/core/limits.h"
#include "degu/core/parse.h"
#include "internal.h"

namespace degu::core {

using internal::first_outside;
using internal::kNotFound;

namespace internal {

namespace {

// parse_path: the path part of a URI (URI-PATH-1..6).
Result<std::vector<std::string>> parse_path(std::string_view path) {
  std::vector<std::string> components;
  if (path == "/") {
    return components;  // URI-PATH-1: the root has no components.
  }
  // URI-PATH-1..6: components after the leading '/', left to right.
  std::size_t begin = 1;
  while (true) {
    const std::size_t slash = path.find('/', begin);
    const bool last = slash == kNotFound;
    const std::string_view component =
        path.substr(begin, last ? kNotFound : slash - begin);
    if (component.empty() && !last) {
      return fail(Error::empty_path_component, begin);  // "//" (URI-PATH-2).
    }
    if (component == "..") {
      return fail(Error::dotdot_path_component, begin);
    }
    if (const auto bad = first_outside(component, CharClass::path);
        bad != kNotFound) {
      return fail(Error::bad_path_component_bytes, begin + bad);
    }
    components.emplace_back(component);  // Last may be "" (URI-PATH-3).
    if (last) {
      return components;
    }
    begin = slash + 1;
  }
}

}  // namespace

Result<Uri> parse_uri(std::string_view uri) {
  if (const auto bad = first_outside(uri, CharClass::uri); bad != kNotFound) {
    return fail(Error::bad_uri_bytes, bad);  // URI-BYTES-1.
  }
  // URI-SPLIT-1: the first '?' ends the path; without one there is no query.
  // URI-ORDER-1: the path is checked before the query.
  const std::size_t question = uri.find('?');
  auto path = parse_path(uri.substr(0, question));
  if (!path.ok()) {
    return path.failure();
  }
  Uri out{std::move(path).value(), std::nullopt};
  if (question != kNotFound) {
    const std::string_view query = uri.substr(question + 1);
    if (const auto bad = first_outside(query, CharClass::query);
        bad != kNotFound) {
      return fail(Error::bad_query_bytes, question + 1 + bad);
    }
    out.query = std::string(query);
  }
  return out;
}

}  // namespace internal

Result<RequestLine> parse_request_line(std::string_view line) {
  constexpr std::string_view kProtocol = " HTTP/1.1";
  if (line.size() < kMinRequestLineSize) {
    return fail(Error::request_line_too_short, 0);
  }
  if (!line.ends_with(kProtocol)) {
    return fail(Error::bad_protocol, line.size() - kProtocol.size());
  }
  // REQ-LINE-4: the first " /" splits method from URI; this is what refuses
  // "*" and absolute URIs.
  const std::string_view head = line.substr(0, line.size() - kProtocol.size());
  const std::size_t split = head.find(" /");
  if (split == kNotFound) {
    return fail(Error::bad_request_line, 0);
  }
  const auto method = method_from_name(head.substr(0, split));
  if (!method) {
    return fail(Error::bad_method, 0);  // Before the URI (REQ-METHOD-2).
  }
  const std::string_view uri = head.substr(split + 1);
  auto parsed = internal::parse_uri(uri);
  if (!parsed.ok()) {
    return shifted(parsed.failure(), split + 1);
  }
  return RequestLine{*method, std::string(uri), std::move(parsed.value().path),
                     std::move(parsed.value().query)};
}

Result<StatusLine> parse_response_line(std::string_view line) {
  constexpr std::string_view kProtocol = "HTTP/1.1 ";
  constexpr std::size_t kStatusAt = 9;
  constexpr std::size_t kSpaceAt = 12;
  constexpr std::size_t kReasonAt = 13;
  if (line.size() < kMinResponseLineSize) {
    return fail(Error::response_line_too_short, 0);
  }
  if (!line.starts_with(kProtocol) || line[kSpaceAt] != ' ') {
    return fail(Error::bad_response_line, 0);
  }
  const std::string_view digits = line.substr(kStatusAt, 3);
  if (first_outside(digits, CharClass::decimal) != kNotFound) {
    return fail(Error::bad_status, kStatusAt);
  }
  const unsigned status = static_cast<unsigned>((digits[0] - '0') * 100 +
                                                (digits[1] - '0') * 10 +
                                                (digits[2] - '0'));
  if (status < kMinStatus || status > kMaxStatus) {
    return fail(Error::bad_status, kStatusAt);
  }
  const std::string_view reason = line.substr(kReasonAt);
  if (const auto bad = first_outside(reason, CharClass::reason);
      bad != kNotFound) {
    return fail(Error::bad_reason, kReasonAt + bad);
  }
  return StatusLine{status, std::string(reason)};
}

}  // namespace degu::core
