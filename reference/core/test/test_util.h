// test_util.h: assertions and printers shared by the core's tests.
//
// Rejections are checked as a whole Failure (the Error and its offset), so a
// test fails when either is wrong, and gtest prints Errors by name.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "degu/core/errors.h"
#include "degu/core/result.h"
#include "degu/core/types.h"

namespace degu::core {

// PrintTo overloads: found by gtest through ADL, so failure messages show
// names and fields instead of raw bytes.
inline void PrintTo(Error e, std::ostream* os) { *os << error_name(e); }

inline void PrintTo(const Failure& f, std::ostream* os) {
  *os << error_name(f.error) << " (" << error_rule(f.error) << ") at "
      << f.offset;
}

inline void PrintTo(Method m, std::ostream* os) { *os << method_name(m); }

inline void PrintTo(const Framing& f, std::ostream* os) {
  switch (f.kind) {
    case Framing::Kind::none:
      *os << "none";
      return;
    case Framing::Kind::length:
      *os << "length " << f.length;
      return;
    case Framing::Kind::chunked:
      *os << "chunked";
      return;
  }
}

inline void PrintTo(const Header& h, std::ostream* os) {
  *os << testing::PrintToString(h.name) << ": "
      << testing::PrintToString(h.value);
}

inline void PrintTo(const ByteRange& r, std::ostream* os) {
  *os << "bytes=" << r.first << "-" << r.last;
}

inline void PrintTo(const ContentRange& r, std::ostream* os) {
  *os << "bytes " << r.first << "-" << r.last << "/" << r.total;
}

inline void PrintTo(const ChunkExtension& e, std::ostream* os) {
  *os << testing::PrintToString(e.key) << "="
      << testing::PrintToString(e.value);
}

inline void PrintTo(const ChunkLine& c, std::ostream* os) {
  *os << "size " << c.size;
  if (c.extension) {
    *os << " ext ";
    PrintTo(*c.extension, os);
  }
}

namespace test {

// Rejects: r is a failure with exactly this error and offset.  Use as
// EXPECT_TRUE(Rejects(parse_x(...), Error::e, offset)).
template <typename T>
testing::AssertionResult Rejects(const Result<T>& r, Error error,
                                 std::size_t offset) {
  const Failure want{error, offset};
  if (r.ok()) {
    return testing::AssertionFailure()
           << "accepted, expected " << testing::PrintToString(want);
  }
  if (r.failure() == want) {
    return testing::AssertionSuccess();
  }
  return testing::AssertionFailure()
         << "got " << testing::PrintToString(r.failure()) << ", expected "
         << testing::PrintToString(want);
}

// Accepts: r holds a value; otherwise says which failure it holds.
template <typename T>
testing::AssertionResult Accepts(const Result<T>& r) {
  if (r.ok()) {
    return testing::AssertionSuccess();
  }
  return testing::AssertionFailure()
         << "rejected: " << testing::PrintToString(r.failure());
}

// Byte: the one-byte string holding b (0..255).
inline std::string Byte(unsigned b) {
  return std::string(1, static_cast<char>(static_cast<unsigned char>(b)));
}

// Shown: s with CR, LF and every non-printable byte escaped, for traces.
inline std::string Shown(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (b >= 0x20 && b < 0x7f) {
      out += c;
    } else {
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xf];
    }
  }
  if (s.size() > 80) {
    out = out.substr(0, 80) + "...";
  }
  return out + "\"";
}

// ByteTrace: a SCOPED_TRACE label for one byte value of a sweep.
inline std::string ByteTrace(unsigned b) {
  return "byte 0x" + std::string(1, "0123456789abcdef"[(b >> 4) & 0xf]) +
         std::string(1, "0123456789abcdef"[b & 0xf]);
}

}  // namespace test
}  // namespace degu::core
