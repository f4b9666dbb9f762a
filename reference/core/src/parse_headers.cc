// parse_headers.cc: header lines (HDR-*) and the combination rules
// (FRAME-BOTH-1, FRAME-RANGE-*, FRAME-CRANGE-1, FRAME-METHOD-1).
#include <algorithm>
#include <unordered_set>

#include "degu/core/limits.h"
#include "degu/core/parse.h"
#include "internal.h"

namespace degu::core {

using internal::first_outside;
using internal::kNotFound;

namespace internal {

void note_special(SpecialLines& lines, std::string_view name,
                  std::size_t offset) {
  if (name == "content-length") {
    lines.content_length = offset;
  } else if (name == "transfer-encoding") {
    lines.transfer_encoding = offset;
  } else if (name == "range") {
    lines.range = offset;
  } else if (name == "content-range") {
    lines.content_range = offset;
  }
}

Result<Ok> check_special_value(std::string_view name, std::string_view value,
                               Headers& headers) {
  // HDR-VALUE-1 holds for every header, the special ones included.
  if (value.empty()) {
    return fail(Error::header_value_empty, 0);
  }
  if (name == "content-length") {
    auto n = parse_content_length(value);
    if (!n.ok()) {
      return n.failure();
    }
    headers.content_length = *n;
    return Ok{};
  }
  if (name == "transfer-encoding") {
    if (value != "chunked") {
      return fail(Error::bad_transfer_encoding, 0);  // TE-VALUE-1.
    }
    headers.chunked = true;
    return Ok{};
  }
  if (name == "range") {
    auto r = parse_range(value);
    if (!r.ok()) {
      return r.failure();
    }
    headers.range = *r;
    return Ok{};
  }
  if (name == "content-range") {
    auto r = parse_content_range(value);
    if (!r.ok()) {
      return r.failure();
    }
    headers.content_range = *r;
    return Ok{};
  }
  if (const auto bad = first_outside(value, CharClass::value);
      bad != kNotFound) {
    return fail(Error::bad_header_value_bytes, bad);
  }
  return Ok{};
}

Result<Ok> check_combinations(const SpecialLines& lines, bool is_response) {
  if (lines.content_length && lines.transfer_encoding) {
    return fail(Error::content_length_with_transfer_encoding,
                std::max(*lines.content_length, *lines.transfer_encoding));
  }
  if (lines.range) {
    if (const auto framing = lines.framing_line()) {
      return fail(Error::range_with_body_framing,
                  std::max(*lines.range, *framing));
    }
    if (is_response) {
      return fail(Error::range_in_response, *lines.range);
    }
  }
  if (lines.content_range && !is_response) {
    return fail(Error::content_range_in_request, *lines.content_range);
  }
  return Ok{};
}

Result<Ok> check_method_framing(Method method, const SpecialLines& lines) {
  const auto framing = lines.framing_line();
  if (framing && method != Method::put && method != Method::post) {
    return fail(Error::body_on_bodiless_method, *framing);
  }
  return Ok{};
}

namespace {

// parse_line: one header line (HDR-LINE-*, HDR-NAME-*, HDR-VALUE-*), its
// offsets relative to line; the caller checks duplicates.
Result<Header> parse_line(std::string_view line, Headers& headers) {
  if (line.size() < kMinHeaderLineSize) {
    return fail(Error::header_line_too_short, 0);
  }
  const std::size_t separator = line.find(": ");  // HDR-LINE-2: the first.
  if (separator == kNotFound) {
    return fail(Error::bad_header_line, 0);
  }
  auto name = parse_header_name(line.substr(0, separator));
  if (!name.ok()) {
    return name.failure();
  }
  const std::size_t value_at = separator + 2;
  const std::string_view value = line.substr(value_at);
  if (auto checked = check_special_value(*name, value, headers);
      !checked.ok()) {
    return shifted(checked.failure(), value_at);
  }
  return Header{std::move(name).value(), std::string(value)};
}

}  // namespace

Result<Section> parse_section(std::string_view section, std::size_t base) {
  Section out;
  std::unordered_set<std::string> seen;
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = section.find("\r\n", begin);
    const std::string_view line = section.substr(
        begin, end == kNotFound ? kNotFound : end - begin);
    auto header = parse_line(line, out.headers);
    if (!header.ok()) {
      return shifted(header.failure(), base + begin);
    }
    // HDR-DUP-1: any repeat of a folded name, whatever the values.
    if (!seen.insert(header->name).second) {
      return fail(Error::duplicate_header, base + begin);
    }
    note_special(out.lines, header->name, base + begin);
    out.headers.fields.push_back(std::move(header).value());
    if (end == kNotFound) {
      return out;
    }
    begin = end + 2;
  }
}

}  // namespace internal

Result<Headers> parse_headers(std::string_view section, bool is_response) {
  if (section.empty()) {
    return Headers{};
  }
  auto parsed = internal::parse_section(section, 0);
  if (!parsed.ok()) {
    return parsed.failure();
  }
  if (auto combined =
          internal::check_combinations(parsed->lines, is_response);
      !combined.ok()) {
    return combined.failure();
  }
  return std::move(parsed.value().headers);
}

}  // namespace degu::core
