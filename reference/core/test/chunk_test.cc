// chunk_test.cc: chunk-size lines (CHUNK-SIZE-1..3, CHUNK-EXT-1..3,
// CHUNK-ORDER-1, CHUNK-LAST-1) and the bytes after chunk data
// (CHUNK-DATA-1, CHUNK-TRAILER-1).  Finding the end of a chunk-size line
// (CHUNK-LINE-1..2) is in scan_test.cc.
#include <gtest/gtest.h>

#include <optional>
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

struct Good {
  std::string_view line;
  ChunkLine want;
};

struct Bad {
  std::string_view line;
  Error error;
  std::size_t offset;
};

void ExpectGood(const Good& c) {
  SCOPED_TRACE(Shown(c.line));
  const auto r = parse_chunk_line(c.line);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, c.want);
}

void ExpectBad(const Bad& c) {
  SCOPED_TRACE(Shown(c.line));
  EXPECT_TRUE(Rejects(parse_chunk_line(c.line), c.error, c.offset));
}

ChunkLine Size(std::uint32_t size) { return ChunkLine{size, std::nullopt}; }

ChunkLine SizeExt(std::uint32_t size, std::string key, std::string value) {
  return ChunkLine{size, ChunkExtension{std::move(key), std::move(value)}};
}

// --- At most 7 size bytes (CHUNK-SIZE-1); the offset is the 8th byte. ---

TEST(ChunkLine, CHUNK_SIZE_1_AcceptsSevenDigits) {
  ExpectGood({"1000000", Size(0x1000000)});
  ExpectGood({"abcdef", Size(0xabcdef)});
}

TEST(ChunkLine, CHUNK_SIZE_1_RejectsEightBytes) {
  const Bad cases[] = {
      {"10000000", Error::chunk_size_too_long, 7},
      {"00000001", Error::chunk_size_too_long, 7},
      {"12345678;k=v", Error::chunk_size_too_long, 7},
      // The length is checked before the bytes.
      {"        5", Error::chunk_size_too_long, 7},
      {"gggggggg", Error::chunk_size_too_long, 7},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// --- Hex digits in either case, no leading zero (CHUNK-SIZE-2). ---

TEST(ChunkLine, CHUNK_SIZE_2_AcceptsHexInEitherCase) {
  const Good cases[] = {
      {"0", Size(0)},
      {"5", Size(5)},
      {"a", Size(10)},
      {"A", Size(10)},
      {"fF", Size(255)},
      {"10", Size(16)},
      {"DeadBe", Size(0xdeadbe)},
  };
  for (const Good& c : cases) {
    ExpectGood(c);
  }
}

TEST(ChunkLine, CHUNK_SIZE_2_RejectsOtherSpellings) {
  const Bad cases[] = {
      {"", Error::bad_chunk_size, 0},
      {"00", Error::bad_chunk_size, 0},
      {"01", Error::bad_chunk_size, 0},
      {"0000000", Error::bad_chunk_size, 0},
      {"0FFFFFF", Error::bad_chunk_size, 0},
      {";k=v", Error::bad_chunk_size, 0},
      // Bytes outside the hex class: the first one.
      {"g", Error::bad_chunk_size, 0},
      {" 5", Error::bad_chunk_size, 0},
      {"5 ", Error::bad_chunk_size, 1},
      {"0x5", Error::bad_chunk_size, 1},
      {"+5", Error::bad_chunk_size, 0},
      {"-1", Error::bad_chunk_size, 0},
      {"5\r", Error::bad_chunk_size, 1},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// Every byte after a leading "1": accepted iff it is a hex digit.  ';'
// starts an extension and is tested apart.
TEST(ChunkLine, CHUNK_SIZE_2_ByteSweep) {
  for (unsigned b = 0; b < 256; ++b) {
    if (b == ';') {
      continue;
    }
    SCOPED_TRACE(ByteTrace(b));
    const auto r = parse_chunk_line("1" + Byte(b));
    if (in_class(static_cast<std::uint8_t>(b), CharClass::hex)) {
      const unsigned digit = b <= '9'   ? b - '0'
                             : b <= 'F' ? b - 'A' + 10
                                        : b - 'a' + 10;
      ASSERT_TRUE(Accepts(r));
      EXPECT_EQ(*r, Size(16 + digit));
    } else {
      EXPECT_TRUE(Rejects(r, Error::bad_chunk_size, 1));
    }
  }
}

// --- At most 0x1000000 (CHUNK-SIZE-3); the offset is the size. ---

TEST(ChunkLine, CHUNK_SIZE_3_AcceptsUpTo0x1000000) {
  ExpectGood({"1000000", Size(16777216)});
  ExpectGood({"FFFFFF", Size(16777215)});
  ExpectGood({"ffffff;k=v", SizeExt(16777215, "k", "v")});
}

TEST(ChunkLine, CHUNK_SIZE_3_RejectsLarger) {
  const Bad cases[] = {
      {"1000001", Error::chunk_size_too_large, 0},
      {"fffffff", Error::chunk_size_too_large, 0},
      {"2000000", Error::chunk_size_too_large, 0},
      {"1000001;k=v", Error::chunk_size_too_large, 0},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// --- A bare LF is an ordinary byte of a chunk-size line (CHUNK-LINE-3). ---

TEST(ChunkLine, CHUNK_LINE_3_BareLfIsAnOrdinaryByte) {
  const Bad cases[] = {
      {"5\n", Error::bad_chunk_size, 1},
      {"\n5", Error::bad_chunk_size, 0},
      {"5;k=v\n", Error::bad_chunk_extension_value, 5},
      {"5;k\n=v", Error::bad_chunk_extension_key, 3},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

TEST(ChunkLine, CHUNK_LINE_3_LineWithoutLfAccepted) {
  ExpectGood({"5;k=v", SizeExt(5, "k", "v")});
}

// --- After the first ';', exactly one "key=value", both non-empty
// (CHUNK-EXT-1); the offset is where the extension starts. ---

TEST(ChunkLine, CHUNK_EXT_1_AcceptsOneKeyValue) {
  const Good cases[] = {
      {"5;a=b", SizeExt(5, "a", "b")},
      {"5;a=b;c", SizeExt(5, "a", "b;c")},  // ';' is a value byte
      {"5;key=value", SizeExt(5, "key", "value")},
      {"5;K=V", SizeExt(5, "K", "V")},  // case kept
      {"5", Size(5)},                   // no extension at all
  };
  for (const Good& c : cases) {
    ExpectGood(c);
  }
}

TEST(ChunkLine, CHUNK_EXT_1_RejectsOtherForms) {
  const Bad cases[] = {
      {"5;", Error::bad_chunk_extension, 2},
      {"5;a", Error::bad_chunk_extension, 2},
      {"5;=b", Error::bad_chunk_extension, 2},
      {"5;a=", Error::bad_chunk_extension, 2},
      {"5;=", Error::bad_chunk_extension, 2},
      {"5;;", Error::bad_chunk_extension, 2},
      {"abc;x", Error::bad_chunk_extension, 4},
      // A second "k=v" puts '=' in the value.
      {"5;a=b;c=d", Error::bad_chunk_extension_value, 7},
      {"5;a=b=c", Error::bad_chunk_extension_value, 5},
      // No whitespace around the parts.
      {"5; a=b", Error::bad_chunk_extension_key, 2},
      {"5 ;a=b", Error::bad_chunk_size, 1},
      {"5;a =b", Error::bad_chunk_extension_key, 3},
      {"5;a= b", Error::bad_chunk_extension_value, 4},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// --- Key bytes are "-0-9A-Za-z", case kept (CHUNK-EXT-2). ---

TEST(ChunkLine, CHUNK_EXT_2_AcceptsKeyBytes) {
  ExpectGood({"5;Az-09=v", SizeExt(5, "Az-09", "v")});
}

TEST(ChunkLine, CHUNK_EXT_2_RejectsOtherBytes) {
  const Bad cases[] = {
      {"5;a_b=c", Error::bad_chunk_extension_key, 3},
      {"5;a;b=c", Error::bad_chunk_extension_key, 3},
      {"5;a.b=c", Error::bad_chunk_extension_key, 3},
      {"5;\"a\"=c", Error::bad_chunk_extension_key, 2},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// Every byte in the middle of an extension key: accepted iff it is in the
// ext_key class.  '=' would end the key and is tested above.
TEST(ChunkLine, CHUNK_EXT_2_ByteSweepOfAKey) {
  for (unsigned b = 0; b < 256; ++b) {
    if (b == '=') {
      continue;
    }
    SCOPED_TRACE(ByteTrace(b));
    const std::string key = "a" + Byte(b) + "b";
    const auto r = parse_chunk_line("5;" + key + "=v");
    if (in_class(static_cast<std::uint8_t>(b), CharClass::ext_key)) {
      ASSERT_TRUE(Accepts(r));
      EXPECT_EQ(*r, SizeExt(5, key, "v"));
    } else {
      EXPECT_TRUE(Rejects(r, Error::bad_chunk_extension_key, 3));
    }
  }
}

// --- Value bytes (CHUNK-EXT-3): no '=', '/', '?', '%', '&', SP. ---

TEST(ChunkLine, CHUNK_EXT_3_AcceptsValueBytes) {
  ExpectGood({"5;k=\"'()*+,-.09:;<>AZ[]_az~",
              SizeExt(5, "k", "\"'()*+,-.09:;<>AZ[]_az~")});
}

TEST(ChunkLine, CHUNK_EXT_3_RejectsOtherBytes) {
  const Bad cases[] = {
      {"5;k=a/b", Error::bad_chunk_extension_value, 5},
      {"5;k=a?b", Error::bad_chunk_extension_value, 5},
      {"5;k=a%b", Error::bad_chunk_extension_value, 5},
      {"5;k=a&b", Error::bad_chunk_extension_value, 5},
      {"5;k=a b", Error::bad_chunk_extension_value, 5},
      {"5;k=a\tb", Error::bad_chunk_extension_value, 5},
      {"5;k=\x80", Error::bad_chunk_extension_value, 4},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

// Every byte in the middle of an extension value: accepted iff it is in
// the ext_value class.
TEST(ChunkLine, CHUNK_EXT_3_ByteSweepOfAValue) {
  for (unsigned b = 0; b < 256; ++b) {
    SCOPED_TRACE(ByteTrace(b));
    const std::string value = "a" + Byte(b) + "b";
    const auto r = parse_chunk_line("5;k=" + value);
    if (in_class(static_cast<std::uint8_t>(b), CharClass::ext_value)) {
      ASSERT_TRUE(Accepts(r));
      EXPECT_EQ(*r, SizeExt(5, "k", value));
    } else {
      EXPECT_TRUE(Rejects(r, Error::bad_chunk_extension_value, 5));
    }
  }
}

// --- An extension is kept verbatim, letter case included (CHUNK-EXT-4). ---

TEST(ChunkLine, CHUNK_EXT_4_ExtensionKeptVerbatim) {
  ExpectGood({"A;KeY=VaL;ue", SizeExt(10, "KeY", "VaL;ue")});
}

// --- Checks in order: CHUNK-SIZE-1..3, then CHUNK-EXT-1..3
// (CHUNK-ORDER-1). ---

TEST(ChunkLine, CHUNK_ORDER_1_SizeErrorWinsOverExtensionError) {
  const Bad cases[] = {
      {"x;a", Error::bad_chunk_size, 0},
      {"12345678;a", Error::chunk_size_too_long, 7},
      {"g;", Error::bad_chunk_size, 0},
      {"05; =", Error::bad_chunk_size, 0},
      {"12345678;", Error::chunk_size_too_long, 7},
      {"1000001;a", Error::chunk_size_too_large, 0},
      {";", Error::bad_chunk_size, 0},
  };
  for (const Bad& c : cases) {
    ExpectBad(c);
  }
}

TEST(ChunkLine, CHUNK_ORDER_1_GoodSizeThenExtensionIsChecked) {
  ExpectBad({"5;a", Error::bad_chunk_extension, 2});
}

// --- The last chunk is size 0 and may carry an extension (CHUNK-LAST-1).

TEST(ChunkLine, CHUNK_LAST_1_SizeZeroWithOrWithoutExtension) {
  ExpectGood({"0", Size(0)});
  ExpectGood({"0;k=v", SizeExt(0, "k", "v")});
}

TEST(ChunkLine, CHUNK_LAST_1_ZeroHasOneSpelling) {
  ExpectBad({"00;k=v", Error::bad_chunk_size, 0});
}

// --- Chunk data is followed by CRLF (CHUNK-DATA-1); after the last chunk
// that excludes trailers (CHUNK-TRAILER-1). ---

TEST(ChunkData, CHUNK_DATA_1_AcceptsCrlf) {
  EXPECT_TRUE(Accepts(check_chunk_data_end("\r\n")));
}

TEST(ChunkData, CHUNK_DATA_1_RejectsAnythingElse) {
  const std::string_view cases[] = {"\n\r", "\r\r", "\n\n",  "ab",
                                    "\r ",  " \n",  "\0\0"sv};
  for (const std::string_view two : cases) {
    SCOPED_TRACE(Shown(two));
    EXPECT_TRUE(Rejects(check_chunk_data_end(two),
                        Error::bad_chunk_data_terminator, 0));
  }
}

TEST(ChunkData, CHUNK_TRAILER_1_NoTrailersAfterLastChunk) {
  // "0\r\nX: y\r\n\r\n": the two bytes after the empty last chunk are "X:".
  const std::string_view wire = "0\r\nX: y\r\n\r\n";
  EXPECT_TRUE(Rejects(check_chunk_data_end(wire.substr(3, 2)),
                      Error::bad_chunk_data_terminator, 0));
}

TEST(ChunkData, CHUNK_TRAILER_1_EmptyTrailerAccepted) {
  const std::string_view wire = "0\r\n\r\n";
  EXPECT_TRUE(Accepts(check_chunk_data_end(wire.substr(3, 2))));
}

}  // namespace
}  // namespace degu::core
