// internal.h: helpers shared by the core's parsers and renderer; not part
// of the public interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "degu/core/char_table.h"
#include "degu/core/result.h"
#include "degu/core/types.h"

namespace degu::core::internal {

inline constexpr std::size_t kNotFound = std::string_view::npos;

// first_outside: index of the first byte of s not in class c, or kNotFound.
inline std::size_t first_outside(std::string_view s, CharClass c) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!in_class(static_cast<std::uint8_t>(s[i]), c)) {
      return i;
    }
  }
  return kNotFound;
}

// parse_decimal: 1 to kMaxDecimalDigits decimal digits without a leading
// zero (unless exactly "0"), as used by CL-SYNTAX-1, RANGE-SYNTAX-1 and
// CRANGE-SYNTAX-1; nothing for anything else.
std::optional<std::uint64_t> parse_decimal(std::string_view s);

// Uri: the path and query of a URI.
struct Uri {
  std::vector<std::string> path;
  std::optional<std::string> query;
};

// parse_uri: URI-BYTES-1, URI-SPLIT-1, URI-PATH-*, URI-QUERY-*.
// Precondition: uri starts with '/' (REQ-LINE-4 guarantees it).
Result<Uri> parse_uri(std::string_view uri);

// SpecialLines: where the four special headers (HDR-SPECIAL-1) start, for
// the combination rules; each is an offset into the caller's buffer.
struct SpecialLines {
  std::optional<std::size_t> content_length;
  std::optional<std::size_t> transfer_encoding;
  std::optional<std::size_t> range;
  std::optional<std::size_t> content_range;

  // framing_line: the line of content-length or transfer-encoding, if any.
  std::optional<std::size_t> framing_line() const {
    return content_length ? content_length : transfer_encoding;
  }
};

// note_special: records in lines that header name starts at offset, if name
// is one of the four special headers.
void note_special(SpecialLines& lines, std::string_view name,
                  std::size_t offset);

// check_special_value: validates a header value whose name is already
// valid and lower case: HDR-VALUE-1, then the special syntax of the four
// special headers (storing their typed value in headers) or HDR-VALUE-2.
// Offsets are relative to value.
Result<Ok> check_special_value(std::string_view name, std::string_view value,
                               Headers& headers);

// check_combinations: FRAME-BOTH-1, FRAME-RANGE-1, FRAME-RANGE-2 and
// FRAME-CRANGE-1, in that order (FRAME-ORDER-1); a failure points at the
// later of the lines involved.
Result<Ok> check_combinations(const SpecialLines& lines, bool is_response);

// check_method_framing: FRAME-METHOD-1, which the request line's method
// decides.
Result<Ok> check_method_framing(Method method, const SpecialLines& lines);

// Section: parsed headers plus where their special lines are.
struct Section {
  Headers headers;
  SpecialLines lines;
};

// parse_section: the header lines of section, one by one (HDR-ORDER-1),
// with offsets shifted by base; the combination rules are the caller's.
Result<Section> parse_section(std::string_view section, std::size_t base);

}  // namespace degu::core::internal
