// test_util.h: printers, assertions and feeding patterns shared by the I/O
// layer's tests.
//
// Every reading test runs the same input several ways through a
// MemoryTransport -- all at once, one byte per read, and cut at every index
// (or at sampled indexes for long inputs) -- and expects one outcome
// (GEN-PARSE-1).
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "degu/core/errors.h"
#include "degu/io/body.h"
#include "degu/io/error.h"
#include "degu/io/memory_transport.h"
#include "degu/io/result.h"

namespace degu::io {

inline void PrintTo(const Error& e, std::ostream* os) { *os << describe(e); }

inline void PrintTo(BodyState s, std::ostream* os) {
  *os << body_state_name(s);
}

inline void PrintTo(const BodyChunk& c, std::ostream* os) {
  *os << "chunk";
  if (c.extension) {
    *os << " ;" << c.extension->key << "=" << c.extension->value;
  }
  *os << " data " << c.data.size() << " bytes";
}

namespace test {

// Fails: r failed with exactly e.
template <typename T>
testing::AssertionResult Fails(const Result<T>& r, const Error& e) {
  if (r.ok()) {
    return testing::AssertionFailure() << "succeeded, expected " << describe(e);
  }
  if (r.error() == e) {
    return testing::AssertionSuccess();
  }
  return testing::AssertionFailure()
         << "got " << describe(r.error()) << ", expected " << describe(e);
}

// Succeeds: r holds a value; otherwise says which Error it holds.
template <typename T>
testing::AssertionResult Succeeds(const Result<T>& r) {
  if (r.ok()) {
    return testing::AssertionSuccess();
  }
  return testing::AssertionFailure() << "failed: " << describe(r.error());
}

// Protocol: the Error of core error e at offset.
inline Error Protocol(core::Error e, std::size_t offset) {
  return Error::protocol({e, offset});
}

// Feed: one way of delivering a stream.
struct Feed {
  std::string name;
  std::vector<std::string> pieces;
};

// Feeds: stream at once, byte by byte (up to max_bytewise bytes), and cut
// once at every index -- or, beyond max_cuts indexes, at max_cuts indexes
// spread evenly plus both ends.
inline std::vector<Feed> Feeds(std::string_view stream,
                               std::size_t max_cuts = 400,
                               std::size_t max_bytewise = 40000) {
  std::vector<Feed> feeds;
  feeds.push_back({"at once", {std::string(stream)}});
  if (stream.size() <= max_bytewise) {
    feeds.push_back({"byte by byte", split_every(stream, 1)});
  }
  std::vector<std::size_t> cuts;
  if (stream.size() <= max_cuts + 1) {
    for (std::size_t i = 1; i < stream.size(); ++i) {
      cuts.push_back(i);
    }
  } else {
    const std::size_t step = stream.size() / max_cuts;
    for (std::size_t i = 1; i < stream.size(); i += step) {
      cuts.push_back(i);
    }
    for (std::size_t i = 1; i <= 3 && i < stream.size(); ++i) {
      cuts.push_back(stream.size() - i);
    }
  }
  for (const std::size_t cut : cuts) {
    const std::size_t one[] = {cut};
    feeds.push_back({"cut at " + std::to_string(cut), split_at(stream, one)});
  }
  return feeds;
}

// Repeat: s repeated n times.
inline std::string Repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) {
    out += s;
  }
  return out;
}

// Pattern: n bytes that differ from block to block, so a misplaced block
// is caught by comparison.
inline std::string Pattern(std::size_t n) {
  std::string out(n, '\0');
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
  }
  return out;
}

}  // namespace test
}  // namespace degu::io
