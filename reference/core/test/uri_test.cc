// uri_test.cc: the request URI (URI-BYTES-1, URI-SPLIT-1, URI-PATH-1..6,
// URI-QUERY-1..2, URI-LEN-1), through parse_request_line and parse_request.
//
// Each URI is put in "GET <uri> HTTP/1.1", so the URI starts at offset 4 of
// the line; the tables give offsets into the URI and the tests add 4.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "degu/core/char_table.h"
#include "degu/core/limits.h"
#include "degu/core/parse.h"
#include "test_util.h"

namespace degu::core {
namespace {

using namespace std::literals;
using test::Accepts;
using test::Byte;
using test::ByteTrace;
using test::Rejects;
using test::Shown;

using Path = std::vector<std::string>;

constexpr std::size_t kUriAt = 4;  // "GET " precedes the URI.

std::string LineWith(std::string_view uri) {
  return "GET " + std::string(uri) + " HTTP/1.1";
}

struct Good {
  std::string_view uri;
  Path path;
  std::optional<std::string> query;
};

struct Bad {
  std::string_view uri;
  Error error;
  std::size_t offset;  // Into the URI.
};

void ExpectGood(const Good& c) {
  SCOPED_TRACE(Shown(c.uri));
  const auto r = parse_request_line(LineWith(c.uri));
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->uri, c.uri);  // Exactly as received.
  EXPECT_EQ(r->path, c.path);
  EXPECT_EQ(r->query, c.query);
}

void ExpectBad(const Bad& c) {
  SCOPED_TRACE(Shown(c.uri));
  EXPECT_TRUE(
      Rejects(parse_request_line(LineWith(c.uri)), c.error, kUriAt + c.offset));
}

// --- Only the origin form: '/' first, path, optional query (URI-FORM-1);
// the result is the URI as received, its components and its query
// (URI-RESULT-1). ---

TEST(Uri, URI_FORM_1_OriginFormOnly) {
  ExpectGood({"/x/y?z", {"x", "y"}, "z"});
  const std::string_view lines[] = {
      "GET * HTTP/1.1",
      "GET http://example.com/ HTTP/1.1",
      "GET example.com:80 HTTP/1.1",
  };
  for (const std::string_view line : lines) {
    SCOPED_TRACE(Shown(line));
    EXPECT_TRUE(Rejects(parse_request_line(line), Error::bad_request_line, 0));
  }
  ExpectBad({"/a#frag", Error::bad_uri_bytes, 2});  // no fragments
}

TEST(Uri, URI_RESULT_1_UriPathAndQuery) {
  const auto r = parse_request("DELETE /Mixed/Case.txt?Q=%41 HTTP/1.1");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->uri, "/Mixed/Case.txt?Q=%41");  // nothing decoded or folded
  EXPECT_EQ(r->path, (Path{"Mixed", "Case.txt"}));
  EXPECT_EQ(r->query, std::optional<std::string>("Q=%41"));
}

// --- Bytes allowed anywhere in a URI (URI-BYTES-1). ---

TEST(Uri, URI_BYTES_1_AcceptsUriBytes) {
  ExpectGood(
      {"/AZaz09-._~:+?%&=+-._~:AZ09", {"AZaz09-._~:+"}, "%&=+-._~:AZ09"});
}

TEST(Uri, URI_BYTES_1_RejectsOtherBytes) {
  const Bad cases[] = {
      {"/a b", Error::bad_uri_bytes, 2},
      {"/a#b", Error::bad_uri_bytes, 2},
      {"/a\tb", Error::bad_uri_bytes, 2},
      {"/a\r\nb", Error::bad_uri_bytes, 2},
      {"/\x00"sv, Error::bad_uri_bytes, 1},
      {"/\x80", Error::bad_uri_bytes, 1},
      {"/a@b", Error::bad_uri_bytes, 2},
      // The whole URI is checked first, before path and query rules.
      {"/..//\x7f", Error::bad_uri_bytes, 5},
      {"/?a/b#", Error::bad_uri_bytes, 5},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// --- The first '?' ends the path; absent query differs from empty
// (URI-SPLIT-1). ---

TEST(Uri, URI_SPLIT_1_AbsentAndEmptyQuery) {
  const Good cases[] = {
      {"/a", {"a"}, std::nullopt},
      {"/a?", {"a"}, ""},
      {"/?", {}, ""},
      {"/", {}, std::nullopt},
      {"/a?b=c&d", {"a"}, "b=c&d"},
      {"/a/?x", {"a", ""}, "x"},
  };
  for (const Good& c : cases) {
    ExpectGood(c);
  }
}

TEST(Uri, URI_SPLIT_1_OnlyTheFirstQuestionMarkSplits) {
  // The second '?' belongs to the query, where it is not allowed.
  ExpectBad({"/a?b?c", Error::bad_query_bytes, 4});
}

// --- The root has no components (URI-PATH-1). ---

TEST(Uri, URI_PATH_1_RootHasNoComponents) {
  ExpectGood({"/", {}, std::nullopt});
  ExpectGood({"/?x=1", {}, "x=1"});
  ExpectGood({"/a/b/c", {"a", "b", "c"}, std::nullopt});
}

// --- No empty component except the last (URI-PATH-2); the offset is where
// the empty component starts. ---

TEST(Uri, URI_PATH_2_NonEmptyComponentsAccepted) {
  ExpectGood({"/a/b", {"a", "b"}, std::nullopt});
}

TEST(Uri, URI_PATH_2_RejectsEmptyComponentBeforeTheLast) {
  const Bad cases[] = {
      {"//", Error::empty_path_component, 1},
      {"//a", Error::empty_path_component, 1},
      {"///", Error::empty_path_component, 1},
      {"/a//b", Error::empty_path_component, 3},
      {"/a//", Error::empty_path_component, 3},
      {"/a/b//?q", Error::empty_path_component, 5},
      {"//?", Error::empty_path_component, 1},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// --- A trailing '/' gives a final empty component (URI-PATH-3). ---

TEST(Uri, URI_PATH_3_TrailingSlashGivesEmptyLastComponent) {
  const Good cases[] = {
      {"/a/", {"a", ""}, std::nullopt},
      {"/./", {".", ""}, std::nullopt},
      {"/a/b/", {"a", "b", ""}, std::nullopt},
      {"/a/?", {"a", ""}, ""},
  };
  for (const Good& c : cases) {
    ExpectGood(c);
  }
}

// --- ".." is not a component (URI-PATH-4); other dot forms are. ---

TEST(Uri, URI_PATH_4_AcceptsOtherDotComponents) {
  ExpectGood({"/./.../..a/a../.a./.",
              {".", "...", "..a", "a..", ".a.", "."},
              std::nullopt});
  ExpectGood({"/a?..", {"a"}, ".."});  // ".." in the query is just bytes.
}

TEST(Uri, URI_PATH_4_RejectsDotDot) {
  const Bad cases[] = {
      {"/..", Error::dotdot_path_component, 1},
      {"/../", Error::dotdot_path_component, 1},
      {"/../a", Error::dotdot_path_component, 1},
      {"/a/..", Error::dotdot_path_component, 3},
      {"/a/../b", Error::dotdot_path_component, 3},
      {"/a/..?q", Error::dotdot_path_component, 3},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// --- Path components are "+-.0-9:A-Z_a-z~" (URI-PATH-5): no percent
// encoding, no '&' or '='. ---

TEST(Uri, URI_PATH_5_AcceptsPathBytes) {
  ExpectGood({"/+-.:_~/AZaz09", {"+-.:_~", "AZaz09"}, std::nullopt});
}

TEST(Uri, URI_PATH_5_RejectsPercentAmpersandEquals) {
  const Bad cases[] = {
      {"/%20", Error::bad_path_component_bytes, 1},
      {"/a%", Error::bad_path_component_bytes, 2},
      {"/a&b", Error::bad_path_component_bytes, 2},
      {"/a=b", Error::bad_path_component_bytes, 2},
      {"/ok/x=", Error::bad_path_component_bytes, 5},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// Every byte in the middle of a path component: accepted iff it is in the
// path class; '/' and '?' are the separators, tested above.  A byte that is
// not even a URI byte is refused by URI-BYTES-1, which is checked first.
TEST(Uri, URI_PATH_5_ByteSweepOfAPathComponent) {
  for (unsigned b = 0; b < 256; ++b) {
    if (b == '/' || b == '?') {
      continue;
    }
    SCOPED_TRACE(ByteTrace(b));
    const std::string component = "a" + Byte(b) + "b";
    const auto r = parse_request_line(LineWith("/" + component));
    const auto byte = static_cast<std::uint8_t>(b);
    if (in_class(byte, CharClass::path)) {
      ASSERT_TRUE(Accepts(r));
      EXPECT_EQ(r->path, Path{component});
    } else if (!in_class(byte, CharClass::uri)) {
      EXPECT_TRUE(Rejects(r, Error::bad_uri_bytes, kUriAt + 2));
    } else {
      EXPECT_TRUE(Rejects(r, Error::bad_path_component_bytes, kUriAt + 2));
    }
  }
}

// --- Components are checked left to right, each fully (URI-PATH-6). ---

TEST(Uri, URI_PATH_6_FirstBadComponentDecides) {
  const Bad cases[] = {
      // The bad byte comes before the empty component.
      {"/a=//b", Error::bad_path_component_bytes, 2},
      // The ".." comes before the empty component.
      {"/a/b/..//c", Error::dotdot_path_component, 5},
      // The empty component comes before the "..".
      {"/a//b/..", Error::empty_path_component, 3},
      // The empty component comes before the bad byte.
      {"/a//b=", Error::empty_path_component, 3},
      // ".." comes before a later bad byte.
      {"/../a=", Error::dotdot_path_component, 1},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

TEST(Uri, URI_PATH_6_GoodComponentsInOrder) {
  ExpectGood({"/c/b/a", {"c", "b", "a"}, std::nullopt});
}

// --- Whole URI, then path, then query (URI-ORDER-1). ---

TEST(Uri, URI_ORDER_1_PathIsCheckedBeforeQuery) {
  const Bad cases[] = {
      {"/a=?b/c", Error::bad_path_component_bytes, 2},
      {"/a//b?x/y", Error::empty_path_component, 3},
      {"/..?a?b", Error::dotdot_path_component, 1},
      // URI-BYTES-1 over the whole URI comes first, even after the '?'.
      {"/a//b?x y", Error::bad_uri_bytes, 7},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

TEST(Uri, URI_ORDER_1_GoodPathThenQueryIsChecked) {
  ExpectBad({"/a/b?x/y", Error::bad_query_bytes, 6});
  ExpectGood({"/a/b?x=y", {"a", "b"}, "x=y"});
}

// --- The query is "%&+-.0-9:=A-Z_a-z~" (URI-QUERY-1). ---

TEST(Uri, URI_QUERY_1_AcceptsQueryBytes) {
  ExpectGood({"/?%&+-.:=_~AZaz09", {}, "%&+-.:=_~AZaz09"});
  ExpectGood({"/a?k=v&k2=v2", {"a"}, "k=v&k2=v2"});
}

TEST(Uri, URI_QUERY_1_RejectsSlashQuestionMarkAndSpace) {
  const Bad cases[] = {
      {"/?a/b", Error::bad_query_bytes, 3},
      {"/?/", Error::bad_query_bytes, 2},
      {"/a?b?c", Error::bad_query_bytes, 4},
      {"/??", Error::bad_query_bytes, 2},
      // SP is not a URI byte at all, so URI-BYTES-1 refuses it first.
      {"/? ", Error::bad_uri_bytes, 2},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// Every byte in the middle of a query: accepted iff it is in the query
// class; a non-URI byte is refused by URI-BYTES-1 first.
TEST(Uri, URI_QUERY_1_ByteSweepOfTheQuery) {
  for (unsigned b = 0; b < 256; ++b) {
    SCOPED_TRACE(ByteTrace(b));
    const std::string query = "a" + Byte(b) + "b";
    const auto r = parse_request_line(LineWith("/?" + query));
    const auto byte = static_cast<std::uint8_t>(b);
    if (in_class(byte, CharClass::query)) {
      ASSERT_TRUE(Accepts(r));
      EXPECT_EQ(r->path, Path{});
      EXPECT_EQ(r->query, query);
    } else if (!in_class(byte, CharClass::uri)) {
      EXPECT_TRUE(Rejects(r, Error::bad_uri_bytes, kUriAt + 3));
    } else {
      EXPECT_TRUE(Rejects(r, Error::bad_query_bytes, kUriAt + 3));
    }
  }
}

// --- Percent signs in the query are neither checked nor decoded
// (URI-QUERY-2). ---

TEST(Uri, URI_QUERY_2_PercentKeptVerbatim) {
  const Good cases[] = {
      {"/?%zz", {}, "%zz"},
      {"/?%", {}, "%"},
      {"/a?x=%2F%20", {"a"}, "x=%2F%20"},
      {"/?%%", {}, "%%"},
  };
  for (const Good& c : cases) {
    ExpectGood(c);
  }
}

TEST(Uri, URI_QUERY_2_PercentStillRejectedInThePath) {
  ExpectBad({"/%zz?%zz", Error::bad_path_component_bytes, 1});
}

// --- No URI length limit other than the preamble (URI-LEN-1). ---

TEST(Uri, URI_LEN_1_LongUriFillingThePreamble) {
  // "GET " + URI + " HTTP/1.1" = 32764 bytes, the largest preamble.
  const std::size_t uri_size = kMaxPreambleSize - 4 - 4 - 9;
  std::string uri = "/" + std::string(uri_size / 2 - 1, 'a') + "?" +
                    std::string(uri_size - uri_size / 2 - 1, 'q');
  ASSERT_EQ(uri.size(), uri_size);
  const auto r = parse_request(LineWith(uri));
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->uri, uri);
  ASSERT_EQ(r->path.size(), 1u);
  EXPECT_EQ(r->path[0].size(), uri_size / 2 - 1);
  ASSERT_TRUE(r->query.has_value());
  EXPECT_EQ(r->query->size(), uri_size - uri_size / 2 - 1);
}

TEST(Uri, URI_LEN_1_ManyComponents) {
  std::string uri;
  Path path;
  while (uri.size() + 2 <= 30000) {
    uri += "/c";
    path.push_back("c");
  }
  ExpectGood({uri, path, std::nullopt});
}

TEST(Uri, URI_LEN_1_RulesStillApplyFarIntoALongUri) {
  std::string uri = "/" + std::string(30000, 'a') + "/../b";
  ExpectBad({uri, Error::dotdot_path_component, 30002});
}

}  // namespace
}  // namespace degu::core
