// vector_test.cc: every vector of vectors/ against the C++ reference, one
// test per vector named by its ID (run one with
// --gtest_filter='*/uri_path_2_double_slash_middle').
//
// Byte vectors run four ways with one verdict: the whole input flush
// against a guard page; through the reader model fed everything at once;
// one byte at a time; and split in two at every index.  Rendering vectors
// render the message, and what renders must parse back (OUT-ROUNDTRIP-1).
#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>

#include "degu/core/parse.h"
#include "degu/core/scan.h"
#include "guarded_buffer.h"
#include "incremental_reader.h"
#include "render_verdict.h"
#include "vector_file.h"

namespace degu::conformance {

void PrintTo(const Vector& v, std::ostream* os) {
  *os << v.file << ": " << v.id;
}

namespace {

using cli::Json;

// Inputs over kHugeSize bytes (flag "huge" in docs/VECTORS.md) are read
// one byte at a time only within kHugeEdge bytes of either end, and split
// in two only there and at every kHugeStride-th index: every split
// re-parses the whole input, and these inputs are up to 32 KiB.
constexpr std::size_t kHugeSize = 4096;
constexpr std::size_t kHugeEdge = 1024;
constexpr std::size_t kHugeStride = 509;

const std::vector<Vector>& all_vectors() {
  static const std::vector<Vector> vectors = load_all_vectors(vectors_dir());
  return vectors;
}

cli::Options options_of(const Vector& v) {
  std::string name = v.kind;
  std::replace(name.begin(), name.end(), '_', '-');
  cli::Options options;
  const auto kind = cli::kind_from_name(name);
  if (!kind) {
    ADD_FAILURE() << "unknown kind " << v.kind;
    return options;
  }
  options.kind = *kind;
  options.wire = v.wire;
  if (v.method) {
    const auto method = core::method_from_name(*v.method);
    if (!method) {
      ADD_FAILURE() << "unknown method " << *v.method;
    } else {
      options.request_method = *method;
    }
  }
  return options;
}

bool is_framed(cli::Kind kind) {
  return kind == cli::Kind::request || kind == cli::Kind::response ||
         kind == cli::Kind::chunk_line || kind == cli::Kind::chunked_body;
}

// reader_stream: the bytes a reader would receive for v, or nothing when
// the element alone cannot be delimited as on the wire (for example a
// preamble that itself ends in CRLF, PRE-LINES-2).
std::optional<std::string> reader_stream(const Vector& v, cli::Kind kind) {
  if (v.wire || kind == cli::Kind::chunked_body) {
    return v.input;
  }
  const bool line = kind == cli::Kind::chunk_line;
  std::string stream = v.input + (line ? "\r\n" : "\r\n\r\n");
  const auto scan = line ? core::scan_chunk_line(stream, true)
                         : core::scan_preamble(stream, true);
  if (v.input.empty() && !line) {
    return stream;  // A bare CRLFCRLF is the empty preamble (PRE-EMPTY-1).
  }
  if (!scan.ok() || scan->size != v.input.size()) {
    return std::nullopt;
  }
  return stream;
}

// cut_sets: at once, one byte at a time, and every single cut.
std::vector<std::pair<std::string, Cuts>> cut_sets(std::size_t n) {
  const bool huge = n > kHugeSize;
  auto near_end = [&](std::size_t i) {
    return !huge || i < kHugeEdge || i > n - kHugeEdge;
  };
  std::vector<std::pair<std::string, Cuts>> out;
  out.push_back({"at once", {}});
  Cuts bytes;
  for (std::size_t i = 1; i < n; ++i) {
    if (near_end(i)) {
      bytes.push_back(i);
    }
  }
  out.push_back({"one byte at a time", bytes});
  for (std::size_t i = 1; i < n; ++i) {
    if (!huge || (i < 64 || i > n - 64 || i % kHugeStride == 0)) {
      out.push_back({"split at " + std::to_string(i), {i}});
    }
  }
  return out;
}

class VectorTest : public testing::TestWithParam<Vector> {};

TEST_P(VectorTest, Verdict) {
  const Vector& v = GetParam();
  for (const std::string& problem : v.problems) {
    ADD_FAILURE() << "malformed vector: " << problem;
  }
  ASSERT_TRUE(v.problems.empty());
  EXPECT_FALSE(v.rules.empty());
  EXPECT_TRUE(v.level == "MUST" || v.level == "SHOULD") << v.level;

  if (v.kind == "client_exchange") {
    GTEST_SKIP() << "a client exchange runs against a client "
                    "(degu-conform client), not against the core";
  }

  if (v.kind == "exchange") {
    EXPECT_EQ(cli::escaped(v.input), v.input_escaped)
        << "send and send_hex disagree";
    GTEST_SKIP() << "an exchange runs against a live server "
                    "(degu-conform server), not against the core";
  }

  if (v.kind.rfind("render_", 0) == 0) {
    const auto kind = v.kind == "render_request"    ? cli::RenderKind::request
                      : v.kind == "render_response" ? cli::RenderKind::response
                                                    : cli::RenderKind::chunk_line;
    const Json got = cli::render_verdict(v.message, kind);
    ASSERT_EQ(got, v.expected);
    return;
  }

  EXPECT_EQ(cli::escaped(v.input), v.input_escaped)
      << "input and input_hex disagree";
  const cli::Options options = options_of(v);
  {
    const GuardedBuffer guarded(v.input);
    EXPECT_EQ(cli::verdict(guarded.view(), options), v.expected)
        << "whole buffer against a guard page";
  }
  if (!is_framed(options.kind)) {
    return;
  }
  const auto stream = reader_stream(v, options.kind);
  if (!stream) {
    return;
  }
  Json want = v.expected;
  for (const auto& [how, cuts] : cut_sets(stream->size())) {
    const Json got = read_in_pieces(*stream, cuts, options);
    if (got != want) {
      FAIL() << "reader, " << how << ": got " << got.dump() << ", want "
             << want.dump();
    }
  }
}

std::string test_name(const testing::TestParamInfo<Vector>& info) {
  std::string name = info.param.id;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      c = '_';
    }
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Vectors, VectorTest, testing::ValuesIn(all_vectors()),
                         test_name);

TEST(VectorFiles, ThereAreVectors) {
  EXPECT_GT(all_vectors().size(), 0u) << "no vectors under " << vectors_dir();
}

}  // namespace
}  // namespace degu::conformance
