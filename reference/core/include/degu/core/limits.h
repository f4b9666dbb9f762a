// limits.h: every numeric limit of the Degu protocol (SPEC.md, "Limits").
//
// Each constant says where it applies: when parsing what was received, when
// rendering what is to be sent, or both.
#pragma once

#include <cstddef>
#include <cstdint>

namespace degu::core {

// Both: a preamble, including its final CRLFCRLF, fits in this many bytes
// (PRE-SIZE-1 when reading, OUT-SIZE-1 when rendering).
inline constexpr std::size_t kMaxPreambleSize = 32768;

// Parsing: the terminator that ends a preamble.
inline constexpr std::size_t kPreambleTerminatorSize = 4;

// Both: a header name has at most this many bytes (HDR-NAME-2, OUT-NAME-2).
inline constexpr std::size_t kMaxHeaderNameSize = 32;

// Rendering only: at most this many headers are sent (OUT-COUNT-1); a
// receiver accepts any number that fits in the preamble (HDR-COUNT-1).
inline constexpr std::size_t kMaxRenderedHeaders = 20;

// Both: decimal numbers (content-length, range, content-range) have at most
// this many digits (CL-LEN-1, RANGE-SYNTAX-1, CRANGE-SYNTAX-1).
inline constexpr std::size_t kMaxDecimalDigits = 16;

// Both: the largest content-length and content-range total (CL-MAX-1).
inline constexpr std::uint64_t kMaxLength = 9999999999999999ULL;

// Both: the largest LAST of a range, so that LAST + 1 <= kMaxLength
// (RANGE-MAX-1).
inline constexpr std::uint64_t kMaxRangeLast = kMaxLength - 1;

// Both: the longest range and content-range values (RANGE-LEN-1,
// CRANGE-LEN-1).
inline constexpr std::size_t kMaxRangeSize = 39;
inline constexpr std::size_t kMaxContentRangeSize = 56;

// Both: the shortest request line, response line and header line
// (REQ-LINE-2, RSP-LINE-2, HDR-LINE-1).
inline constexpr std::size_t kMinRequestLineSize = 14;
inline constexpr std::size_t kMinResponseLineSize = 15;
inline constexpr std::size_t kMinHeaderLineSize = 4;

// Both: status codes (RSP-STATUS-1, OUT-STATUS-1).
inline constexpr unsigned kMinStatus = 100;
inline constexpr unsigned kMaxStatus = 599;

// Parsing: a chunk-size line, including its CRLF, fits in this many bytes
// (CHUNK-LINE-1).
inline constexpr std::size_t kMaxChunkLineSize = 4096;

// Both: a chunk size has at most this many hex digits (CHUNK-SIZE-1) and is
// at most kMaxChunkSize (CHUNK-SIZE-3, OUT-CHUNK-2).
inline constexpr std::size_t kMaxChunkSizeDigits = 7;
inline constexpr std::uint32_t kMaxChunkSize = 0x1000000;

// Runtime: bodies are read in blocks of at most kIoBlockSize; one read of a
// whole body, and a bytes body, is at most kMaxIoSize (BODY-* rules).
inline constexpr std::size_t kIoBlockSize = 1048576;
inline constexpr std::size_t kMaxIoSize = 16777216;

}  // namespace degu::core
