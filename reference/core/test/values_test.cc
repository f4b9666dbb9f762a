// values_test.cc: the values of the special headers: content-length
// (CL-SYNTAX-1, CL-LEN-1, CL-MAX-1), transfer-encoding (TE-VALUE-1), range
// (RANGE-SYNTAX-1, RANGE-LEN-1, RANGE-ORDER-1, RANGE-MAX-1) and
// content-range (CRANGE-SYNTAX-1, CRANGE-LEN-1, CRANGE-ORDER-1,
// CRANGE-TOTAL-1, CRANGE-MAX-1).
//
// The value parsers' offsets are into the value; in a header section they
// are shifted to where the value starts.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

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

struct Bad {
  std::string_view value;
  Error error;
  std::size_t offset;  // Into the value.
};

// --- content-length: 1 to 16 digits, no leading zero (CL-SYNTAX-1). ---

TEST(ContentLength, CL_SYNTAX_1_AcceptsDecimalWithoutLeadingZero) {
  struct Case {
    std::string_view value;
    std::uint64_t want;
  };
  const Case cases[] = {
      {"0", 0},
      {"5", 5},
      {"10", 10},
      {"1234567890", 1234567890},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    const auto r = parse_content_length(c.value);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(*r, c.want);
  }
}

TEST(ContentLength, CL_SYNTAX_1_RejectsOtherSpellings) {
  const Bad cases[] = {
      {"", Error::bad_content_length, 0},
      {"00", Error::bad_content_length, 0},
      {"05", Error::bad_content_length, 0},
      {"0000000000000001", Error::bad_content_length, 0},
      // Bytes outside the decimal class: the first one.
      {"+5", Error::bad_content_length, 0},
      {"-5", Error::bad_content_length, 0},
      {"5 ", Error::bad_content_length, 1},
      {" 5", Error::bad_content_length, 0},
      {"0x5", Error::bad_content_length, 1},
      {"1e3", Error::bad_content_length, 1},
      {"1,000", Error::bad_content_length, 1},
      {"5.0", Error::bad_content_length, 1},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    EXPECT_TRUE(Rejects(parse_content_length(c.value), c.error, c.offset));
  }
}

TEST(ContentLength, CL_SYNTAX_1_InAHeaderSection) {
  const auto r = parse_headers("content-length: 42", false);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->content_length, std::optional<std::uint64_t>(42));
  EXPECT_EQ(r->find("content-length"), std::optional<std::string_view>("42"));
  EXPECT_TRUE(Rejects(parse_headers("content-length: 05", false),
                      Error::bad_content_length, 16));
  EXPECT_TRUE(Rejects(parse_headers("x: y\r\nContent-Length: 5 ", false),
                      Error::bad_content_length, 23));
}

// Every byte after a leading "1": accepted iff it is a decimal digit.
TEST(ContentLength, CL_SYNTAX_1_ByteSweep) {
  for (unsigned b = 0; b < 256; ++b) {
    SCOPED_TRACE(ByteTrace(b));
    const auto r = parse_content_length("1" + Byte(b));
    if (in_class(static_cast<std::uint8_t>(b), CharClass::decimal)) {
      ASSERT_TRUE(Accepts(r));
      EXPECT_EQ(*r, 10 + (b - '0'));
    } else {
      EXPECT_TRUE(Rejects(r, Error::bad_content_length, 1));
    }
  }
}

// --- At most 16 bytes (CL-LEN-1); the offset is the 17th byte. ---

TEST(ContentLength, CL_LEN_1_Accepts16Digits) {
  const auto r = parse_content_length("1234567890123456");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, 1234567890123456u);
}

TEST(ContentLength, CL_LEN_1_Rejects17Bytes) {
  const Bad cases[] = {
      {"12345678901234567", Error::content_length_too_long, 16},
      {"10000000000000000", Error::content_length_too_long, 16},
      // The length is checked before the bytes.
      {"                 ", Error::content_length_too_long, 16},
      {"00000000000000000000", Error::content_length_too_long, 16},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    EXPECT_TRUE(Rejects(parse_content_length(c.value), c.error, c.offset));
  }
  EXPECT_TRUE(Rejects(parse_headers("content-length: 12345678901234567", false),
                      Error::content_length_too_long, 32));
}

// --- The largest content-length is 9999999999999999 (CL-MAX-1); anything
// larger has 17 digits and is refused by CL-LEN-1. ---

TEST(ContentLength, CL_MAX_1_AcceptsMaximum) {
  const auto r = parse_content_length("9999999999999999");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, kMaxLength);
}

TEST(ContentLength, CL_MAX_1_RejectsOneMore) {
  EXPECT_TRUE(Rejects(parse_content_length("10000000000000000"),
                      Error::content_length_too_long, 16));
}

// --- transfer-encoding is exactly "chunked" (TE-VALUE-1). ---

TEST(TransferEncoding, TE_VALUE_1_AcceptsChunked) {
  const auto r = parse_headers("Transfer-Encoding: chunked", false);
  ASSERT_TRUE(Accepts(r));
  EXPECT_TRUE(r->chunked);
  EXPECT_EQ(r->find("transfer-encoding"),
            std::optional<std::string_view>("chunked"));
}

TEST(TransferEncoding, TE_VALUE_1_RejectsAnythingElse) {
  const std::string_view values[] = {
      "Chunked",  "CHUNKED",  "gzip, chunked", "chunked, gzip", "identity",
      "chunked ", " chunked", "chunke",        "chunkedx",      "gzip",
  };
  for (const std::string_view value : values) {
    SCOPED_TRACE(Shown(value));
    const std::string section =
        "x: y\r\ntransfer-encoding: " + std::string(value);
    EXPECT_TRUE(Rejects(parse_headers(section, false),
                        Error::bad_transfer_encoding, 25));
  }
}

// --- range: "bytes=FIRST-LAST" (RANGE-SYNTAX-1). ---

TEST(Range, RANGE_SYNTAX_1_AcceptsBytesFirstLast) {
  struct Case {
    std::string_view value;
    ByteRange want;
  };
  const Case cases[] = {
      {"bytes=0-0", {0, 0}},
      {"bytes=0-499", {0, 499}},
      {"bytes=500-999", {500, 999}},
      {"bytes=9999999999999998-9999999999999998",
       {9999999999999998, 9999999999999998}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    const auto r = parse_range(c.value);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(*r, c.want);
  }
}

TEST(Range, RANGE_SYNTAX_1_RejectsMalformedNumbers) {
  // The offset is the start of the part that is wrong: 0 for the prefix,
  // else the number that is missing or malformed.
  const Bad cases[] = {
      {"", Error::bad_range, 0},
      {"bytes", Error::bad_range, 0},
      {"bytes=", Error::bad_range, 6},
      {"bytes=5", Error::bad_range, 6},     // no '-'
      {"bytes=00-1", Error::bad_range, 6},  // leading zero
      {"bytes=0-01", Error::bad_range, 8},
      {"bytes=+0-1", Error::bad_range, 6},
      {"bytes=0--1", Error::bad_range, 8},
      {"bytes=0x1-2", Error::bad_range, 6},
      {"bytes=12345678901234567-1", Error::bad_range, 6},  // 17 digits
      {"bytes=1-12345678901234567", Error::bad_range, 8},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    EXPECT_TRUE(Rejects(parse_range(c.value), c.error, c.offset));
  }
}

// --- Only one closed byte range (RANGE-FORMS-1). ---

TEST(Range, RANGE_FORMS_1_AcceptsOneClosedRange) {
  const auto r = parse_range("bytes=0-1");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, (ByteRange{0, 1}));
}

TEST(Range, RANGE_FORMS_1_RejectsOtherForms) {
  const Bad cases[] = {
      {"bytes=-5", Error::bad_range, 6},       // suffix range
      {"bytes=5-", Error::bad_range, 8},       // open range
      {"bytes=0-1,3-4", Error::bad_range, 8},  // several ranges
      {"bytes=0-1, 3-4", Error::bad_range, 8},
      {"Bytes=0-1", Error::bad_range, 0},  // upper case
      {"BYTES=0-1", Error::bad_range, 0},
      {"items=0-1", Error::bad_range, 0},  // other units
      {"bytes 0-1", Error::bad_range, 0},
      {" bytes=0-1", Error::bad_range, 0},  // any SP
      {"bytes =0-1", Error::bad_range, 0},
      {"bytes= 0-1", Error::bad_range, 6},
      {"bytes=0 -1", Error::bad_range, 6},
      {"bytes=0- 1", Error::bad_range, 8},
      {"bytes=0-1 ", Error::bad_range, 8},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    EXPECT_TRUE(Rejects(parse_range(c.value), c.error, c.offset));
  }
}

TEST(Range, RANGE_SYNTAX_1_InAHeaderSection) {
  const auto r = parse_headers("Range: bytes=3-4", false);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->range, (ByteRange{3, 4}));
  EXPECT_EQ(r->find("range"), std::optional<std::string_view>("bytes=3-4"));
  EXPECT_TRUE(Rejects(parse_headers("x: y\r\nrange: bytes=-5", false),
                      Error::bad_range, 19));
}

// --- At most 39 bytes (RANGE-LEN-1); the offset is the 40th byte. ---

TEST(Range, RANGE_LEN_1_Accepts39Bytes) {
  const std::string_view value = "bytes=1000000000000000-1000000000000001";
  ASSERT_EQ(value.size(), kMaxRangeSize);
  const auto r = parse_range(value);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, (ByteRange{1000000000000000, 1000000000000001}));
}

TEST(Range, RANGE_LEN_1_Rejects40Bytes) {
  const Bad cases[] = {
      {"bytes=10000000000000000-1000000000000001", Error::range_too_long, 39},
      {"bytes=1000000000000000-1000000000000001 ", Error::range_too_long, 39},
      // The length is checked before the prefix.
      {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", Error::range_too_long,
       39},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    EXPECT_TRUE(Rejects(parse_range(c.value), c.error, c.offset));
  }
}

// --- LAST is not smaller than FIRST (RANGE-ORDER-1); the offset is LAST. ---

TEST(Range, RANGE_ORDER_1_AcceptsLastEqualFirst) {
  const auto r = parse_range("bytes=5-5");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, (ByteRange{5, 5}));
}

TEST(Range, RANGE_ORDER_1_RejectsLastBeforeFirst) {
  EXPECT_TRUE(Rejects(parse_range("bytes=5-4"), Error::range_reversed, 8));
  EXPECT_TRUE(Rejects(parse_range("bytes=10-9"), Error::range_reversed, 9));
  EXPECT_TRUE(Rejects(parse_range("bytes=1000-0"), Error::range_reversed, 11));
}

// --- LAST is at most 9999999999999998, so LAST + 1 is a valid length
// (RANGE-MAX-1); the offset is LAST. ---

TEST(Range, RANGE_MAX_1_AcceptsLast9999999999999998) {
  const auto r = parse_range("bytes=0-9999999999999998");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, (ByteRange{0, kMaxRangeLast}));
}

TEST(Range, RANGE_MAX_1_RejectsLast9999999999999999) {
  EXPECT_TRUE(Rejects(parse_range("bytes=0-9999999999999999"),
                      Error::range_too_large, 8));
  EXPECT_TRUE(Rejects(parse_range("bytes=9999999999999999-9999999999999999"),
                      Error::range_too_large, 23));
}

// --- Range checks in order: RANGE-LEN-1, RANGE-SYNTAX-1, RANGE-ORDER-1,
// RANGE-MAX-1 (RANGE-CHECK-1). ---

TEST(Range, RANGE_CHECK_1_ChecksInOrder) {
  const Bad cases[] = {
      // Too long and malformed: the length decides.
      {"bytes=00000000000000000000-00000000000000", Error::range_too_long, 39},
      // Malformed and reversed: the syntax decides.
      {"bytes=05-4", Error::bad_range, 6},
      // Reversed and too large: the order decides.
      {"bytes=9999999999999999-1", Error::range_reversed, 23},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    EXPECT_TRUE(Rejects(parse_range(c.value), c.error, c.offset));
  }
}

TEST(Range, RANGE_CHECK_1_PassesAllChecks) {
  EXPECT_TRUE(Accepts(parse_range("bytes=1-9999999999999998")));
}

// --- FIRST and LAST are reported inclusive, as sent (RANGE-VALUE-1). ---

TEST(Range, RANGE_VALUE_1_InclusiveAsOnTheWire) {
  const auto r = parse_range("bytes=10-19");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->first, 10u);
  EXPECT_EQ(r->last, 19u);
}

// --- content-range: "bytes FIRST-LAST/TOTAL" (CRANGE-SYNTAX-1). ---

TEST(ContentRangeValue, CRANGE_SYNTAX_1_AcceptsBytesFirstLastTotal) {
  struct Case {
    std::string_view value;
    ContentRange want;
  };
  const Case cases[] = {
      {"bytes 0-0/1", {0, 0, 1}},
      {"bytes 0-499/1234", {0, 499, 1234}},
      {"bytes 10-19/20", {10, 19, 20}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    const auto r = parse_content_range(c.value);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(*r, c.want);
  }
}

TEST(ContentRangeValue, CRANGE_SYNTAX_1_RejectsOtherForms) {
  const Bad cases[] = {
      {"", Error::bad_content_range, 0},
      {"bytes=0-0/1", Error::bad_content_range, 0},
      {"Bytes 0-0/1", Error::bad_content_range, 0},
      {"bytes  0-0/1", Error::bad_content_range, 6},
      {"bytes */1", Error::bad_content_range, 6},
      {"bytes 0-0/*", Error::bad_content_range, 10},
      {"bytes *", Error::bad_content_range, 6},
      {"bytes ", Error::bad_content_range, 6},
      {"bytes -0/1", Error::bad_content_range, 6},
      {"bytes 00-0/1", Error::bad_content_range, 6},
      {"bytes 0-00/1", Error::bad_content_range, 8},
      {"bytes 0-0/01", Error::bad_content_range, 10},
      {"bytes 0-0/", Error::bad_content_range, 10},
      {"bytes 0-0/1 ", Error::bad_content_range, 10},
      {"bytes 0-0/1/2", Error::bad_content_range, 10},
      {"bytes 0-/1", Error::bad_content_range, 8},
      {"bytes 0-1-2/3", Error::bad_content_range, 8},
      {"bytes 0-0/10000000000000000", Error::bad_content_range, 10},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    EXPECT_TRUE(Rejects(parse_content_range(c.value), c.error, c.offset));
  }
}

// Without a '/', the element at fault is LAST (GEN-OFFSET-1), just as a
// missing '-' is reported at the first byte of FIRST.
TEST(ContentRangeValue, CRANGE_SYNTAX_1_MissingSlashPointsAtLast) {
  EXPECT_TRUE(
      Rejects(parse_content_range("bytes 0-1"), Error::bad_content_range, 8));
  EXPECT_TRUE(
      Rejects(parse_content_range("bytes 0-"), Error::bad_content_range, 8));
  EXPECT_TRUE(
      Rejects(parse_content_range("bytes 10-20"), Error::bad_content_range, 9));
}

TEST(ContentRangeValue, CRANGE_SYNTAX_1_InAHeaderSection) {
  const auto r = parse_headers("Content-Range: bytes 0-4/10", true);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->content_range, (ContentRange{0, 4, 10}));
  EXPECT_EQ(r->find("content-range"),
            std::optional<std::string_view>("bytes 0-4/10"));
  EXPECT_TRUE(Rejects(parse_headers("content-range: bytes */10", true),
                      Error::bad_content_range, 21));
}

// --- At most 56 bytes (CRANGE-LEN-1); the offset is the 57th byte. ---

TEST(ContentRangeValue, CRANGE_LEN_1_Accepts56Bytes) {
  const std::string_view value =
      "bytes 1000000000000000-1000000000000001/9999999999999999";
  ASSERT_EQ(value.size(), kMaxContentRangeSize);
  const auto r = parse_content_range(value);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, (ContentRange{1000000000000000, 1000000000000001, kMaxLength}));
}

TEST(ContentRangeValue, CRANGE_LEN_1_Rejects57Bytes) {
  const Bad cases[] = {
      {"bytes 1000000000000000-1000000000000001/99999999999999999",
       Error::content_range_too_long, 56},
      {"bytes 1000000000000000-1000000000000001/9999999999999999 ",
       Error::content_range_too_long, 56},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    EXPECT_TRUE(Rejects(parse_content_range(c.value), c.error, c.offset));
  }
}

// --- LAST is not smaller than FIRST (CRANGE-ORDER-1); the offset is LAST. --

TEST(ContentRangeValue, CRANGE_ORDER_1_AcceptsLastEqualFirst) {
  const auto r = parse_content_range("bytes 7-7/8");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, (ContentRange{7, 7, 8}));
}

TEST(ContentRangeValue, CRANGE_ORDER_1_RejectsLastBeforeFirst) {
  EXPECT_TRUE(Rejects(parse_content_range("bytes 5-4/10"),
                      Error::content_range_reversed, 8));
  EXPECT_TRUE(Rejects(parse_content_range("bytes 1-0/5"),
                      Error::content_range_reversed, 8));
  // Checked before the total.
  EXPECT_TRUE(Rejects(parse_content_range("bytes 5-4/1"),
                      Error::content_range_reversed, 8));
}

// --- LAST is smaller than TOTAL (CRANGE-TOTAL-1); the offset is TOTAL. ---

TEST(ContentRangeValue, CRANGE_TOTAL_1_AcceptsLastBelowTotal) {
  const auto r = parse_content_range("bytes 0-9/10");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, (ContentRange{0, 9, 10}));
}

TEST(ContentRangeValue, CRANGE_TOTAL_1_RejectsLastAtOrBeyondTotal) {
  const Bad cases[] = {
      {"bytes 0-1/1", Error::content_range_beyond_total, 10},
      {"bytes 0-0/0", Error::content_range_beyond_total, 10},
      {"bytes 0-10/10", Error::content_range_beyond_total, 11},
      {"bytes 5-9/6", Error::content_range_beyond_total, 10},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    EXPECT_TRUE(Rejects(parse_content_range(c.value), c.error, c.offset));
  }
}

// --- TOTAL is at most 9999999999999999 (CRANGE-MAX-1): a larger one has 17
// digits and breaks CRANGE-SYNTAX-1. ---

TEST(ContentRangeValue, CRANGE_MAX_1_AcceptsMaximumTotal) {
  const auto r =
      parse_content_range("bytes 0-9999999999999998/9999999999999999");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, (ContentRange{0, kMaxRangeLast, kMaxLength}));
}

TEST(ContentRangeValue, CRANGE_MAX_1_RejectsLargerTotal) {
  EXPECT_TRUE(Rejects(parse_content_range("bytes 0-0/10000000000000000"),
                      Error::bad_content_range, 10));
  EXPECT_TRUE(
      Rejects(parse_content_range("bytes 0-9999999999999999/9999999999999999"),
              Error::content_range_beyond_total, 25));
}

TEST(ContentRangeValue, CRANGE_MAX_1_LargestValue) {
  const std::string_view value =
      "bytes 9999999999999998-9999999999999998/9999999999999999";
  const auto r = parse_content_range(value);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, (ContentRange{kMaxRangeLast, kMaxRangeLast, kMaxLength}));
}

// --- Content-range checks in order: CRANGE-LEN-1, CRANGE-SYNTAX-1,
// CRANGE-ORDER-1, CRANGE-TOTAL-1 (CRANGE-CHECK-1). ---

TEST(ContentRangeValue, CRANGE_CHECK_1_ChecksInOrder) {
  const Bad cases[] = {
      {"bytes 00000000000000000-0000000000000000/0000000000000000",
       Error::content_range_too_long, 56},
      {"bytes 05-4/1", Error::bad_content_range, 6},
      {"bytes 5-4/1", Error::content_range_reversed, 8},
      {"bytes 4-5/1", Error::content_range_beyond_total, 10},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(Shown(c.value));
    EXPECT_TRUE(Rejects(parse_content_range(c.value), c.error, c.offset));
  }
}

TEST(ContentRangeValue, CRANGE_CHECK_1_PassesAllChecks) {
  EXPECT_TRUE(Accepts(parse_content_range("bytes 4-5/6")));
}

// --- FIRST, LAST (inclusive) and TOTAL as sent (CRANGE-VALUE-1). ---

TEST(ContentRangeValue, CRANGE_VALUE_1_AsOnTheWire) {
  const auto r = parse_content_range("bytes 10-19/100");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->first, 10u);
  EXPECT_EQ(r->last, 19u);
  EXPECT_EQ(r->total, 100u);
}

}  // namespace
}  // namespace degu::core
