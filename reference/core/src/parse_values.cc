// parse_values.cc: header names and the values of the special headers
// (HDR-NAME-*, CL-*, TE-VALUE-1, RANGE-*, CRANGE-*).
#include <string>

#include "degu/core/limits.h"
#include "degu/core/parse.h"
#include "internal.h"

namespace degu::core {

using internal::first_outside;
using internal::kNotFound;

namespace internal {

std::optional<std::uint64_t> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > kMaxDecimalDigits) {
    return std::nullopt;
  }
  if (first_outside(s, CharClass::decimal) != kNotFound) {
    return std::nullopt;
  }
  if (s.size() > 1 && s[0] == '0') {
    return std::nullopt;  // One spelling per number: no leading zeros.
  }
  std::uint64_t n = 0;
  for (char c : s) {
    n = n * 10 + static_cast<std::uint64_t>(c - '0');  // 16 digits fit.
  }
  return n;
}

}  // namespace internal

namespace {

// Piece: a part of a value and where it starts.
struct Piece {
  std::string_view text;
  std::size_t begin;
};

// piece_until: the part of s from begin up to the first stop byte (to the
// end when stop is '\0'); nothing when stop does not occur.
std::optional<Piece> piece_until(std::string_view s, std::size_t begin,
                                 char stop) {
  if (begin > s.size()) {
    return std::nullopt;
  }
  if (stop == '\0') {
    return Piece{s.substr(begin), begin};
  }
  const std::size_t end = s.find(stop, begin);
  if (end == kNotFound) {
    return std::nullopt;
  }
  return Piece{s.substr(begin, end - begin), begin};
}

}  // namespace

Result<std::string> parse_header_name(std::string_view name) {
  if (name.empty()) {
    return fail(Error::header_name_empty, 0);
  }
  if (name.size() > kMaxHeaderNameSize) {
    return fail(Error::header_name_too_long, kMaxHeaderNameSize);
  }
  if (const auto bad = first_outside(name, CharClass::name_in);
      bad != kNotFound) {
    return fail(Error::bad_header_name_bytes, bad);
  }
  std::string folded(name);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');  // HDR-NAME-4.
    }
  }
  return folded;
}

Result<std::uint64_t> parse_content_length(std::string_view value) {
  if (value.size() > kMaxDecimalDigits) {
    return fail(Error::content_length_too_long, kMaxDecimalDigits);
  }
  if (value.empty()) {
    return fail(Error::bad_content_length, 0);
  }
  if (const auto bad = first_outside(value, CharClass::decimal);
      bad != kNotFound) {
    return fail(Error::bad_content_length, bad);
  }
  const auto n = internal::parse_decimal(value);
  if (!n) {
    return fail(Error::bad_content_length, 0);  // A leading zero.
  }
  return *n;
}

Result<ByteRange> parse_range(std::string_view value) {
  constexpr std::string_view kPrefix = "bytes=";
  if (value.size() > kMaxRangeSize) {
    return fail(Error::range_too_long, kMaxRangeSize);
  }
  if (!value.starts_with(kPrefix)) {
    return fail(Error::bad_range, 0);
  }
  const auto first = piece_until(value, kPrefix.size(), '-');
  if (!first) {
    return fail(Error::bad_range, kPrefix.size());
  }
  const auto last = piece_until(value, first->begin + first->text.size() + 1,
                                '\0');
  const auto first_n = internal::parse_decimal(first->text);
  if (!first_n) {
    return fail(Error::bad_range, first->begin);
  }
  const auto last_n = internal::parse_decimal(last->text);
  if (!last_n) {
    return fail(Error::bad_range, last->begin);
  }
  if (*last_n < *first_n) {
    return fail(Error::range_reversed, last->begin);
  }
  if (*last_n > kMaxRangeLast) {
    return fail(Error::range_too_large, last->begin);  // LAST + 1 must fit.
  }
  return ByteRange{*first_n, *last_n};
}

Result<ContentRange> parse_content_range(std::string_view value) {
  constexpr std::string_view kPrefix = "bytes ";
  if (value.size() > kMaxContentRangeSize) {
    return fail(Error::content_range_too_long, kMaxContentRangeSize);
  }
  if (!value.starts_with(kPrefix)) {
    return fail(Error::bad_content_range, 0);
  }
  const auto first = piece_until(value, kPrefix.size(), '-');
  if (!first) {
    return fail(Error::bad_content_range, kPrefix.size());
  }
  const auto last =
      piece_until(value, first->begin + first->text.size() + 1, '/');
  if (!last) {
    // No '/': LAST, which it should end, is the element at fault.
    return fail(Error::bad_content_range,
                first->begin + first->text.size() + 1);
  }
  const auto total =
      piece_until(value, last->begin + last->text.size() + 1, '\0');
  const auto first_n = internal::parse_decimal(first->text);
  if (!first_n) {
    return fail(Error::bad_content_range, first->begin);
  }
  const auto last_n = internal::parse_decimal(last->text);
  if (!last_n) {
    return fail(Error::bad_content_range, last->begin);
  }
  const auto total_n = internal::parse_decimal(total->text);
  if (!total_n) {
    return fail(Error::bad_content_range, total->begin);
  }
  if (*last_n < *first_n) {
    return fail(Error::content_range_reversed, last->begin);
  }
  if (*last_n >= *total_n) {
    return fail(Error::content_range_beyond_total, total->begin);
  }
  return ContentRange{*first_n, *last_n, *total_n};
}

}  // namespace degu::core
