// parse_chunk.cc: chunk-size lines (CHUNK-SIZE-*, CHUNK-EXT-*,
// CHUNK-ORDER-1) and the end of chunk data (CHUNK-DATA-1).
#include <cstdlib>

#include "degu/core/hex.h"
#include "degu/core/limits.h"
#include "degu/core/parse.h"
#include "internal.h"

namespace degu::core {

using internal::first_outside;
using internal::kNotFound;

namespace {

Result<std::uint32_t> parse_chunk_size(std::string_view text) {
  if (text.size() > kMaxChunkSizeDigits) {
    return fail(Error::chunk_size_too_long, kMaxChunkSizeDigits);
  }
  if (text.empty()) {
    return fail(Error::bad_chunk_size, 0);
  }
  if (const auto bad = first_outside(text, CharClass::hex); bad != kNotFound) {
    return fail(Error::bad_chunk_size, bad);
  }
  if (text.size() > 1 && text[0] == '0') {
    return fail(Error::bad_chunk_size, 0);  // One spelling per size.
  }
  std::uint32_t size = 0;
  for (char c : text) {
    // 7 digits fit in 32 bits; every byte is a digit (checked above).
    size = size * 16 + static_cast<std::uint32_t>(hex_digit_value(c));
  }
  if (size > kMaxChunkSize) {
    return fail(Error::chunk_size_too_large, 0);
  }
  return size;
}

// parse_extension: CHUNK-EXT-1..3 over the bytes after the first ';'.
Result<ChunkExtension> parse_extension(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == kNotFound || equals == 0 || equals + 1 == text.size()) {
    return fail(Error::bad_chunk_extension, 0);
  }
  const std::string_view key = text.substr(0, equals);
  const std::string_view value = text.substr(equals + 1);
  if (const auto bad = first_outside(key, CharClass::ext_key);
      bad != kNotFound) {
    return fail(Error::bad_chunk_extension_key, bad);
  }
  // '=' is not a value byte, so a second "k=v" after ';' fails here.
  if (const auto bad = first_outside(value, CharClass::ext_value);
      bad != kNotFound) {
    return fail(Error::bad_chunk_extension_value, equals + 1 + bad);
  }
  return ChunkExtension{std::string(key), std::string(value)};
}

}  // namespace

Result<ChunkLine> parse_chunk_line(std::string_view line) {
  const std::size_t semicolon = line.find(';');
  auto size = parse_chunk_size(line.substr(0, semicolon));
  if (!size.ok()) {
    return size.failure();  // The size decides first (CHUNK-ORDER-1).
  }
  if (semicolon == kNotFound) {
    return ChunkLine{*size, std::nullopt};
  }
  auto extension = parse_extension(line.substr(semicolon + 1));
  if (!extension.ok()) {
    return shifted(extension.failure(), semicolon + 1);
  }
  return ChunkLine{*size, std::move(extension).value()};
}

Result<Ok> check_chunk_data_end(std::string_view two) {
  if (two.size() != 2) {
    std::abort();  // Broken precondition: a program bug.
  }
  if (two != "\r\n") {
    return fail(Error::bad_chunk_data_terminator, 0);
  }
  return Ok{};
}

}  // namespace degu::core
