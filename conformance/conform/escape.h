// escape.h: the two written forms of raw bytes that the reports use.
// Internal to degu_conform_report (not part of the runner's interface).
#pragma once

#include <string>
#include <string_view>

namespace degu::conform {

// escape_bytes: the escaped form of docs/VECTORS.md: printable ASCII
// (0x20-0x7E) as is except '\', which is doubled; CR, LF and HT as \r, \n
// and \t; every other byte as \xHH in lower-case hex.  The result is
// printable ASCII only.
std::string escape_bytes(std::string_view bytes);

// hex_bytes: every byte as two lower-case hex digits, no separator.
std::string hex_bytes(std::string_view bytes);

}  // namespace degu::conform
