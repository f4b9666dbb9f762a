// headers_test.cc: header lines (HDR-LINE-*, HDR-NAME-*, HDR-VALUE-*,
// HDR-DUP-1, HDR-COUNT-1, HDR-ORDER-1, HDR-IGNORE-1) and the combination
// rules between the special headers (FRAME-BOTH-1, FRAME-RANGE-1..2,
// FRAME-CRANGE-1, FRAME-ORDER-1).
//
// Most tests use parse_headers, whose offsets are into the header section;
// a few use parse_request to show that offsets are into the whole preamble.
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

using Fields = std::vector<Header>;

constexpr bool kRequest = false;
constexpr bool kResponse = true;

struct Good {
  std::string_view section;
  Fields fields;
};

struct Bad {
  std::string_view section;
  Error error;
  std::size_t offset;  // Into the section.
};

void ExpectGood(const Good& c, bool is_response = kRequest) {
  SCOPED_TRACE(Shown(c.section));
  const auto r = parse_headers(c.section, is_response);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->fields, c.fields);
}

void ExpectBad(const Bad& c, bool is_response = kRequest) {
  SCOPED_TRACE(Shown(c.section));
  EXPECT_TRUE(
      Rejects(parse_headers(c.section, is_response), c.error, c.offset));
}

// --- Without header lines there are no headers (PRE-LINES-1). ---

TEST(Headers, PRE_LINES_1_EmptySectionHasNoHeaders) {
  const auto r = parse_headers("", kRequest);
  ASSERT_TRUE(Accepts(r));
  EXPECT_TRUE(r->fields.empty());
  EXPECT_EQ(r->content_length, std::nullopt);
  EXPECT_FALSE(r->chunked);
  EXPECT_EQ(r->range, std::nullopt);
  EXPECT_EQ(r->content_range, std::nullopt);
}

// --- A header line has at least 4 bytes (HDR-LINE-1). ---

TEST(Headers, HDR_LINE_1_AcceptsFourBytes) {
  ExpectGood({"a: b", {{"a", "b"}}});
}

TEST(Headers, HDR_LINE_1_RejectsShorterLines) {
  const Bad cases[] = {
      {"a:b", Error::header_line_too_short, 0},
      {"a: ", Error::header_line_too_short, 0},
      {": a", Error::header_line_too_short, 0},
      {"ab", Error::header_line_too_short, 0},
      {"x: 1\r\n", Error::header_line_too_short, 6},  // the empty last line
      {"x: 1\r\n\r\ny: 2", Error::header_line_too_short, 6},
      {"x: 1\r\na:b", Error::header_line_too_short, 6},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// --- The first ": " separates name and value (HDR-LINE-2). ---

TEST(Headers, HDR_LINE_2_SplitsAtFirstColonSpace) {
  const Good cases[] = {
      {"a: b: c", {{"a", "b: c"}}},
      {"a: : ", {{"a", ": "}}},
      {"x: a:b", {{"x", "a:b"}}},
  };
  for (const Good& c : cases) {
    ExpectGood(c);
  }
}

TEST(Headers, HDR_LINE_2_RejectsLinesWithoutColonSpace) {
  const Bad cases[] = {
      {"a:bc", Error::bad_header_line, 0},
      {"a :b", Error::bad_header_line, 0},
      {"a:\tb", Error::bad_header_line, 0},
      {"abcd", Error::bad_header_line, 0},
      {"x: 1\r\n y:z", Error::bad_header_line, 6},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// --- No line folding (HDR-LINE-3): a continuation line is an ordinary
// (and here broken) header line. ---

TEST(Headers, HDR_LINE_3_ContinuationLinesAreOrdinaryLines) {
  const Bad cases[] = {
      {"X: a\r\n b", Error::header_line_too_short, 6},
      {"X: a\r\n  cc: d", Error::bad_header_name_bytes, 6},
      {"X: a\r\n\tb: c", Error::bad_header_name_bytes, 6},
      {"X: a\r\n bcd", Error::bad_header_line, 6},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

TEST(Headers, HDR_LINE_3_EachLineStandsAlone) {
  ExpectGood({"x: a\r\ny: b", {{"x", "a"}, {"y", "b"}}});
}

// --- The name is not empty (HDR-NAME-1). ---

TEST(Headers, HDR_NAME_1_AcceptsOneByteName) {
  ExpectGood({"a: b", {{"a", "b"}}});
}

TEST(Headers, HDR_NAME_1_RejectsEmptyName) {
  ExpectBad({": ab", Error::header_name_empty, 0});
  ExpectBad({"x: 1\r\n: ab", Error::header_name_empty, 6});
  EXPECT_TRUE(Rejects(parse_header_name(""), Error::header_name_empty, 0));
}

// --- The name has at most 32 bytes (HDR-NAME-2). ---

TEST(Headers, HDR_NAME_2_Accepts32ByteName) {
  const std::string name(kMaxHeaderNameSize, 'n');
  const std::string section = name + ": v";
  ExpectGood({section, {{name, "v"}}});
  const auto r = parse_header_name(std::string(32, 'N'));
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, std::string(32, 'n'));
}

TEST(Headers, HDR_NAME_2_Rejects33ByteName) {
  const std::string name(kMaxHeaderNameSize + 1, 'n');
  ExpectBad({name + ": v", Error::header_name_too_long, 32});
  ExpectBad({"x: 1\r\n" + name + ": v", Error::header_name_too_long, 38});
  // The length is checked before the bytes.
  ExpectBad({std::string(40, '_') + ": v", Error::header_name_too_long, 32});
  EXPECT_TRUE(
      Rejects(parse_header_name(name), Error::header_name_too_long, 32));
}

// --- Name bytes are "-0-9A-Za-z" (HDR-NAME-3). ---

TEST(Headers, HDR_NAME_3_AcceptsNameBytes) {
  ExpectGood({"Az-09: v", {{"az-09", "v"}}});
}

TEST(Headers, HDR_NAME_3_RejectsOtherBytes) {
  const Bad cases[] = {
      {"a b: c", Error::bad_header_name_bytes, 1},
      {"a_b: c", Error::bad_header_name_bytes, 1},
      {" ab: c", Error::bad_header_name_bytes, 0},
      {"ab : c", Error::bad_header_name_bytes, 2},
      {"x-y.z: c", Error::bad_header_name_bytes, 3},
      {"x: 1\r\nx:y: c", Error::bad_header_name_bytes, 7},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// Every byte in the middle of a received header name: accepted iff it is in
// the name_in class (and folded to lower case), else refused at that byte.
TEST(Headers, HDR_NAME_3_ByteSweepOfAName) {
  for (unsigned b = 0; b < 256; ++b) {
    SCOPED_TRACE(ByteTrace(b));
    const std::string name = "x" + Byte(b) + "y";
    const auto r = parse_headers(name + ": v", kRequest);
    const auto n = parse_header_name(name);
    if (in_class(static_cast<std::uint8_t>(b), CharClass::name_in)) {
      std::string folded = name;
      if (b >= 'A' && b <= 'Z') {
        folded[1] = static_cast<char>(b - 'A' + 'a');
      }
      ASSERT_TRUE(Accepts(r));
      EXPECT_EQ(r->fields, (Fields{{folded, "v"}}));
      ASSERT_TRUE(Accepts(n));
      EXPECT_EQ(*n, folded);
    } else {
      EXPECT_TRUE(Rejects(r, Error::bad_header_name_bytes, 1));
      EXPECT_TRUE(Rejects(n, Error::bad_header_name_bytes, 1));
    }
  }
}

// --- Names are folded to lower case; values are not (HDR-NAME-4). ---

TEST(Headers, HDR_NAME_4_NamesAreFoldedToLowerCase) {
  const auto r = parse_headers(
      "Content-Type: Text/HTML\r\nX-ABC: Mixed Case\r\nCONTENT-LENGTH: 5",
      kRequest);
  ASSERT_TRUE(Accepts(r));
  const Fields want = {{"content-type", "Text/HTML"},
                       {"x-abc", "Mixed Case"},
                       {"content-length", "5"}};
  EXPECT_EQ(r->fields, want);
  EXPECT_EQ(r->content_length, std::optional<std::uint64_t>(5));
  EXPECT_EQ(r->find("x-abc"), std::optional<std::string_view>("Mixed Case"));

  const auto n = parse_header_name("AbC-9z");
  ASSERT_TRUE(Accepts(n));
  EXPECT_EQ(*n, "abc-9z");
}

TEST(Headers, HDR_NAME_4_SpecialNamesAreRecognisedInAnyCase) {
  const auto r = parse_headers(
      "Transfer-Encoding: chunked\r\nCONTENT-RANGE: bytes 0-0/1", kResponse);
  ASSERT_TRUE(Accepts(r));
  EXPECT_TRUE(r->chunked);
  EXPECT_EQ(r->content_range, (ContentRange{0, 0, 1}));
}

TEST(Headers, HDR_NAME_4_FoldingDoesNotAdmitOtherBytes) {
  // Only A-Z fold; the bytes next to them in ASCII stay refused.
  ExpectBad({"a@: v", Error::bad_header_name_bytes, 1});
  ExpectBad({"a[: v", Error::bad_header_name_bytes, 1});
}

// --- The value is not empty (HDR-VALUE-1). ---

TEST(Headers, HDR_VALUE_1_AcceptsOneByteValue) {
  ExpectGood({"ab: c", {{"ab", "c"}}});
}

TEST(Headers, HDR_VALUE_1_RejectsEmptyValue) {
  const Bad cases[] = {
      {"ab: ", Error::header_value_empty, 4},
      {"x: 1\r\nab: ", Error::header_value_empty, 10},
      // The special headers too, before their own syntax is looked at.
      {"content-length: ", Error::header_value_empty, 16},
      {"transfer-encoding: ", Error::header_value_empty, 19},
      {"range: ", Error::header_value_empty, 7},
      {"content-range: ", Error::header_value_empty, 15},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// --- Value bytes (HDR-VALUE-2). ---

TEST(Headers, HDR_VALUE_2_AcceptsValueBytes) {
  ExpectGood({"x: <a href=\"/b?c%d&e\">'(f)*+,-.:;[]_~'</a>",
              {{"x", "<a href=\"/b?c%d&e\">'(f)*+,-.:;[]_~'</a>"}}});
}

TEST(Headers, HDR_VALUE_2_RejectsOtherBytes) {
  const Bad cases[] = {
      {"x: a\tb", Error::bad_header_value_bytes, 4},
      {"x: a\rb", Error::bad_header_value_bytes, 4},
      {"x: a\nb", Error::bad_header_value_bytes, 4},
      {"x: a\x00"sv
       "b",
       Error::bad_header_value_bytes, 4},
      {"x: a\x7f", Error::bad_header_value_bytes, 4},
      {"x: \x80", Error::bad_header_value_bytes, 3},
      {"x: caf\xc3\xa9", Error::bad_header_value_bytes, 6},
      {"x: a{b}", Error::bad_header_value_bytes, 4},
      {"x: 1\r\ny: a|b", Error::bad_header_value_bytes, 10},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// Every byte in the middle of a header value: accepted iff it is in the
// value class, else refused at that byte.
TEST(Headers, HDR_VALUE_2_ByteSweepOfAValue) {
  for (unsigned b = 0; b < 256; ++b) {
    SCOPED_TRACE(ByteTrace(b));
    const std::string value = "a" + Byte(b) + "b";
    const auto r = parse_headers("x: " + value, kRequest);
    if (in_class(static_cast<std::uint8_t>(b), CharClass::value)) {
      ASSERT_TRUE(Accepts(r));
      EXPECT_EQ(r->fields, (Fields{{"x", value}}));
    } else {
      EXPECT_TRUE(Rejects(r, Error::bad_header_value_bytes, 4));
    }
  }
}

// --- Values are kept byte for byte, spaces included (HDR-VALUE-3). ---

TEST(Headers, HDR_VALUE_3_ValueKeptVerbatim) {
  const Good cases[] = {
      {"A:   b ", {{"a", "  b "}}},
      {"a:  ", {{"a", " "}}},
      {"a: b  c", {{"a", "b  c"}}},
  };
  for (const Good& c : cases) {
    ExpectGood(c);
  }
}

// --- Special headers' values follow their own rule, not HDR-VALUE-2
// (HDR-VALUE-4). ---

TEST(Headers, HDR_VALUE_4_SpecialValuesUseTheirOwnRule) {
  const Bad cases[] = {
      {"content-length: \x01", Error::bad_content_length, 16},
      {"content-length: a b", Error::bad_content_length, 16},
      {"transfer-encoding: \x01", Error::bad_transfer_encoding, 19},
      {"range: \x01", Error::bad_range, 7},
      {"range: x", Error::bad_range, 7},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
  ExpectBad({"content-range: \x01", Error::bad_content_range, 15}, kResponse);
}

TEST(Headers, HDR_VALUE_4_SpecialValuesAccepted) {
  const auto cl = parse_headers("content-length: 7", false);
  ASSERT_TRUE(Accepts(cl));
  EXPECT_EQ(cl->content_length, std::optional<std::uint64_t>(7));
  const auto range = parse_headers("range: bytes=1-2", false);
  ASSERT_TRUE(Accepts(range));
  EXPECT_EQ(range->range, (ByteRange{1, 2}));
}

// --- No name twice, whatever the case or the values (HDR-DUP-1); the
// offset is the start of the second line. ---

TEST(Headers, HDR_DUP_1_DistinctNamesAccepted) {
  ExpectGood({"a: b\r\nab: b\r\nb: b", {{"a", "b"}, {"ab", "b"}, {"b", "b"}}});
}

TEST(Headers, HDR_DUP_1_RejectsRepeatedNames) {
  const Bad cases[] = {
      {"a: b\r\na: b", Error::duplicate_header, 6},
      {"a: b\r\na: c", Error::duplicate_header, 6},
      {"a: b\r\nA: b", Error::duplicate_header, 6},
      {"X-Y: 1\r\nx-y: 1", Error::duplicate_header, 8},
      {"x: 1\r\ny: 2\r\nX: 1", Error::duplicate_header, 12},
      // Equal values of special headers are no exception (unlike the
      // original's identity quirk).
      {"content-length: 3\r\ncontent-length: 3", Error::duplicate_header, 19},
      {"content-length: 256\r\nContent-Length: 256", Error::duplicate_header,
       21},
      {"transfer-encoding: chunked\r\ntransfer-encoding: chunked",
       Error::duplicate_header, 28},
      {"content-type: application/json\r\ncontent-type: application/json",
       Error::duplicate_header, 32},
      {"range: bytes=0-0\r\nrange: bytes=0-0", Error::duplicate_header, 18},
      {"content-type: a\r\ncontent-type: a", Error::duplicate_header, 17},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
  ExpectBad({"content-range: bytes 0-0/1\r\ncontent-range: bytes 0-0/1",
             Error::duplicate_header, 28},
            kResponse);
}

TEST(Headers, HDR_DUP_1_OffsetIsIntoThePreamble) {
  EXPECT_TRUE(Rejects(parse_request("PUT / HTTP/1.1\r\ncontent-length: 3\r\n"
                                    "content-length: 3"),
                      Error::duplicate_header, 35));
}

// --- Any number of headers that fits in the preamble (HDR-COUNT-1). ---

TEST(Headers, HDR_COUNT_1_ThousandHeadersParse) {
  std::string section;
  Fields want;
  for (int i = 0; i < 1000; ++i) {
    const std::string name = "h" + std::to_string(i);
    if (!section.empty()) {
      section += "\r\n";
    }
    section += name + ": v";
    want.push_back({name, "v"});
  }
  ExpectGood({section, want});
  const auto r = parse_request("GET / HTTP/1.1\r\n" + section);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->headers.fields.size(), 1000u);
}

// --- Lines are checked in order; the first bad one decides, and within a
// line syntax, then value, then duplicate (HDR-ORDER-1). ---

TEST(Headers, HDR_ORDER_1_FirstFailingLineDecides) {
  const Bad cases[] = {
      {"a:b\r\nA B: c", Error::header_line_too_short, 0},
      {"x: 1\r\nA B: c\r\nx: 2", Error::bad_header_name_bytes, 7},
      {"x: 1\r\nx: 2\r\nA B: c", Error::duplicate_header, 6},
      {"x: \t\r\n: ab", Error::bad_header_value_bytes, 3},
      {"content-length: x\r\ntransfer-encoding: y", Error::bad_content_length,
       16},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

TEST(Headers, HDR_ORDER_1_ValueIsCheckedBeforeDuplicate) {
  ExpectBad({"a: b\r\na: \x01", Error::bad_header_value_bytes, 9});
  ExpectBad({"ab: b\r\nAB: ", Error::header_value_empty, 11});
  ExpectBad({"content-length: 1\r\ncontent-length: 01",
             Error::bad_content_length, 35});
}

TEST(Headers, HDR_ORDER_1_GoodLinesKeepWireOrder) {
  ExpectGood({"z: 1\r\na: 2\r\nm: 3", {{"z", "1"}, {"a", "2"}, {"m", "3"}}});
}

// --- Exactly four names are special (HDR-SPECIAL-1); the result is the
// lines in wire order plus their typed values (HDR-RESULT-1). ---

TEST(Headers, HDR_SPECIAL_1_FourSpecialNames) {
  const auto req = parse_headers(
      "Content-Length: 10\r\nhost: h\r\ncontent-type: text/plain", false);
  ASSERT_TRUE(Accepts(req));
  EXPECT_EQ(req->content_length, std::optional<std::uint64_t>(10));
  // Look-alikes are ordinary headers, with ordinary values.
  const auto other = parse_headers(
      "content-lengths: x\r\ntransfer-encodings: gzip\r\nranges: none\r\n"
      "x-content-range: *",
      false);
  ASSERT_TRUE(Accepts(other));
  EXPECT_EQ(other->content_length, std::nullopt);
  EXPECT_FALSE(other->chunked);
  EXPECT_EQ(other->range, std::nullopt);
  EXPECT_EQ(other->content_range, std::nullopt);
}

TEST(Headers, HDR_RESULT_1_PairsInWireOrderAndTypedValues) {
  const auto r = parse_headers(
      "Z: 1\r\nTransfer-Encoding: chunked\r\nContent-Range: bytes 1-2/3\r\n"
      "a: 2",
      kResponse);
  ASSERT_TRUE(Accepts(r));
  const Fields want = {{"z", "1"},
                       {"transfer-encoding", "chunked"},
                       {"content-range", "bytes 1-2/3"},
                       {"a", "2"}};
  EXPECT_EQ(r->fields, want);
  EXPECT_TRUE(r->chunked);
  EXPECT_EQ(r->content_range, (ContentRange{1, 2, 3}));
  EXPECT_EQ(r->content_length, std::nullopt);
  EXPECT_EQ(r->range, std::nullopt);
}

// --- No header is required (HDR-REQUIRED-1). ---

TEST(Headers, HDR_REQUIRED_1_NoHostNeeded) {
  const auto r = parse_request("GET / HTTP/1.1");
  ASSERT_TRUE(Accepts(r));
  EXPECT_TRUE(r->headers.fields.empty());
  EXPECT_TRUE(Accepts(parse_response("HTTP/1.1 200 OK", Method::get)));
}

// --- Nothing is decoded or normalised but the name's case
// (PRE-ENCODING-1). ---

TEST(Headers, PRE_ENCODING_1_OnlyNamesAreFolded) {
  ExpectGood(
      {"X-A: %41 B  \r\nY: \"q\"", {{"x-a", "%41 B  "}, {"y", "\"q\""}}});
}

// --- Headers other than the four special ones have no effect
// (HDR-IGNORE-1). ---

TEST(Headers, HDR_IGNORE_1_OtherHeadersHaveNoEffect) {
  const std::string_view cases[] = {
      "PUT / HTTP/1.1\r\nconnection: close\r\nexpect: 100-continue",
      "GET / HTTP/1.1\r\nConnection: close",
      "POST / HTTP/1.1\r\nExpect: 100-continue\r\nTE: trailers\r\n"
      "Trailer: x\r\nKeep-Alive: 5\r\nHost: h",
  };
  for (const std::string_view preamble : cases) {
    SCOPED_TRACE(Shown(preamble));
    const auto r = parse_request(preamble);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(r->framing, Framing::none());
    EXPECT_EQ(r->headers.content_length, std::nullopt);
    EXPECT_FALSE(r->headers.chunked);
  }
  const auto r = parse_request(
      "PUT / HTTP/1.1\r\nconnection: close\r\nexpect: 100-continue");
  ASSERT_TRUE(Accepts(r));
  const Fields want = {{"connection", "close"}, {"expect", "100-continue"}};
  EXPECT_EQ(r->headers.fields, want);
}

TEST(Headers, HDR_IGNORE_1_ConnectionValuesAreNotInterpreted) {
  // Any value bytes are fine; nothing is parsed out of them.
  ExpectGood({"connection: keep-alive, Upgrade\r\nupgrade: h2c",
              {{"connection", "keep-alive, Upgrade"}, {"upgrade", "h2c"}}});
}

// --- content-length and transfer-encoding together (FRAME-BOTH-1); the
// offset is the later of the two lines. ---

TEST(Headers, FRAME_BOTH_1_EitherAloneAccepted) {
  for (const bool is_response : {kRequest, kResponse}) {
    SCOPED_TRACE(is_response ? "response" : "request");
    const auto cl = parse_headers("content-length: 1", is_response);
    ASSERT_TRUE(Accepts(cl));
    EXPECT_EQ(cl->content_length, std::optional<std::uint64_t>(1));
    const auto te = parse_headers("transfer-encoding: chunked", is_response);
    ASSERT_TRUE(Accepts(te));
    EXPECT_TRUE(te->chunked);
  }
}

TEST(Headers, FRAME_BOTH_1_RejectsBoth) {
  const Bad cases[] = {
      {"content-length: 1\r\ntransfer-encoding: chunked",
       Error::content_length_with_transfer_encoding, 19},
      {"transfer-encoding: chunked\r\ncontent-length: 1",
       Error::content_length_with_transfer_encoding, 28},
      {"content-length: 1\r\nx: y\r\ntransfer-encoding: chunked\r\nz: w",
       Error::content_length_with_transfer_encoding, 25},
  };
  for (const Bad& c : cases) {
    ExpectBad(c, kRequest);
    ExpectBad(c, kResponse);
  }
  EXPECT_TRUE(Rejects(parse_request("PUT / HTTP/1.1\r\ncontent-length: 1\r\n"
                                    "transfer-encoding: chunked"),
                      Error::content_length_with_transfer_encoding, 35));
}

// --- range with a framing header (FRAME-RANGE-1); the offset is the later
// of the two lines. ---

TEST(Headers, FRAME_RANGE_1_RangeWithoutFramingAccepted) {
  const auto r = parse_headers("range: bytes=0-9\r\nhost: h", kRequest);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->range, (ByteRange{0, 9}));
}

TEST(Headers, FRAME_RANGE_1_RejectsRangeWithFraming) {
  const Bad cases[] = {
      {"range: bytes=0-0\r\ncontent-length: 1", Error::range_with_body_framing,
       18},
      {"content-length: 1\r\nrange: bytes=0-0", Error::range_with_body_framing,
       19},
      {"range: bytes=0-0\r\ntransfer-encoding: chunked",
       Error::range_with_body_framing, 18},
      {"transfer-encoding: chunked\r\nrange: bytes=0-0",
       Error::range_with_body_framing, 28},
  };
  for (const Bad& c : cases) {
    ExpectBad(c, kRequest);
    // In a response too: FRAME-RANGE-1 comes before FRAME-RANGE-2.
    ExpectBad(c, kResponse);
  }
  EXPECT_TRUE(Rejects(parse_request("PUT / HTTP/1.1\r\nrange: bytes=0-0\r\n"
                                    "content-length: 1"),
                      Error::range_with_body_framing, 34));
}

// --- No range in a response (FRAME-RANGE-2). ---

TEST(Headers, FRAME_RANGE_2_RangeAcceptedInARequest) {
  const auto r = parse_headers("range: bytes=5-10", kRequest);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->range, (ByteRange{5, 10}));
}

TEST(Headers, FRAME_RANGE_2_RejectsRangeInAResponse) {
  ExpectBad({"range: bytes=0-0", Error::range_in_response, 0}, kResponse);
  ExpectBad({"a: b\r\nrange: bytes=0-0\r\nz: y", Error::range_in_response, 6},
            kResponse);
  EXPECT_TRUE(Rejects(
      parse_response("HTTP/1.1 200 OK\r\nrange: bytes=0-0", Method::get),
      Error::range_in_response, 17));
}

// --- No content-range in a request (FRAME-CRANGE-1); responses may carry
// it with any status and framing (FRAME-CRANGE-2). ---

TEST(Headers, FRAME_CRANGE_2_ContentRangeAcceptedInAResponse) {
  const auto r = parse_headers(
      "content-range: bytes 0-4/10\r\ncontent-length: 5", kResponse);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->content_range, (ContentRange{0, 4, 10}));
  EXPECT_EQ(r->content_length, std::optional<std::uint64_t>(5));
  const auto te = parse_headers(
      "transfer-encoding: chunked\r\ncontent-range: bytes 0-4/10", kResponse);
  ASSERT_TRUE(Accepts(te));
}

TEST(Headers, FRAME_CRANGE_1_RejectsContentRangeInARequest) {
  ExpectBad({"content-range: bytes 0-0/1", Error::content_range_in_request, 0},
            kRequest);
  ExpectBad({"a: b\r\ncontent-range: bytes 0-0/1",
             Error::content_range_in_request, 6},
            kRequest);
  EXPECT_TRUE(Rejects(parse_request("PUT / HTTP/1.1\r\ncontent-length: 1\r\n"
                                    "content-range: bytes 0-0/1"),
                      Error::content_range_in_request, 35));
}

// --- Order of the combination rules (FRAME-ORDER-1): every line first,
// then FRAME-BOTH-1, FRAME-RANGE-1, FRAME-RANGE-2, FRAME-CRANGE-1, then
// (requests) FRAME-METHOD-1. ---

TEST(Headers, FRAME_ORDER_1_CombinationRulesInOrder) {
  // BOTH before RANGE-1.
  ExpectBad(
      {"range: bytes=0-0\r\ncontent-length: 1\r\n"
       "transfer-encoding: chunked",
       Error::content_length_with_transfer_encoding, 37});
  // RANGE-1 before CRANGE-1.
  ExpectBad(
      {"content-range: bytes 0-0/1\r\nrange: bytes=0-0\r\n"
       "content-length: 1",
       Error::range_with_body_framing, 46});
  // RANGE-2 before CRANGE-1 does not arise (one is for responses, the
  // other for requests); RANGE-1 before RANGE-2 in a response.
  ExpectBad({"content-length: 1\r\nrange: bytes=0-0",
             Error::range_with_body_framing, 19},
            kResponse);
}

TEST(Headers, FRAME_ORDER_1_BadLineAfterACombinationProblemWins) {
  const Bad cases[] = {
      {"content-length: 1\r\ntransfer-encoding: chunked\r\nx:y",
       Error::header_line_too_short, 47},
      {"range: bytes=0-0\r\ncontent-length: 1\r\nA_B: c",
       Error::bad_header_name_bytes, 38},
      {"content-range: bytes 0-0/1\r\nx: \x7f", Error::bad_header_value_bytes,
       31},
      {"content-length: 1\r\ntransfer-encoding: chunked\r\ncontent-length: 1",
       Error::duplicate_header, 47},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

TEST(Headers, FRAME_ORDER_1_CombinationRulesBeforeMethodRule) {
  struct Case {
    std::string_view preamble;
    Error error;
    std::size_t offset;
  };
  const Case cases[] = {
      {"GET / HTTP/1.1\r\ncontent-length: 1\r\ntransfer-encoding: chunked",
       Error::content_length_with_transfer_encoding, 35},
      {"GET / HTTP/1.1\r\nrange: bytes=0-0\r\ncontent-length: 1",
       Error::range_with_body_framing, 34},
      {"HEAD / HTTP/1.1\r\ncontent-length: 1\r\ncontent-range: bytes 0-0/1",
       Error::content_range_in_request, 36},
      // A bad line anywhere beats the method rule as well.
      {"GET / HTTP/1.1\r\ncontent-length: 1\r\nbad header: x",
       Error::bad_header_name_bytes, 38},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.preamble));
    EXPECT_TRUE(Rejects(parse_request(c.preamble), c.error, c.offset));
  }
}

}  // namespace
}  // namespace degu::core
