// hex.h: hexadecimal text for bytes, shared by every layer that shows or
// reads bytes as hex (vectors, verdicts, the reflect application).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace degu::core {

// hex_digit_value: 0..15 for 0-9, a-f and A-F; -1 for any other byte.
constexpr int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// to_hex: bytes as lower-case hex, two digits a byte.
std::string to_hex(std::string_view bytes);

// from_hex: the bytes an even number of hex digits (either case) stand
// for; nothing for anything else.
std::optional<std::string> from_hex(std::string_view text);

}  // namespace degu::core
