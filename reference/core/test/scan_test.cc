// scan_test.cc: where a preamble and a chunk-size line end in buffered
// input (PRE-TERM-1, PRE-SIZE-1, PRE-EMPTY-1, PRE-EOF-1, PRE-LF-1,
// PRE-PIPELINE-1, CHUNK-LINE-1, CHUNK-LINE-2).
#include "degu/core/scan.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "degu/core/limits.h"
#include "test_util.h"

namespace degu::core {
namespace {

using namespace std::literals;
using test::Accepts;
using test::Rejects;
using test::Shown;

constexpr Scan kNeedMore{};

// --- Preamble: the first CRLFCRLF ends it (PRE-TERM-1). ---

TEST(ScanPreamble, PRE_TERM_1_EndsAtFirstCrlfCrlf) {
  struct Case {
    std::string_view buffered;
    Scan want;
  };
  const Case cases[] = {
      {"GET / HTTP/1.1\r\n\r\n", {true, 14, 18}},
      {"GET / HTTP/1.1\r\na: b\r\n\r\n", {true, 20, 24}},
      // Bytes after the terminator are not looked at (the body).
      {"PUT / HTTP/1.1\r\ncontent-length: 4\r\n\r\n\r\n\r\n", {true, 33, 37}},
      // The scan does not judge the bytes: that is the parser's job.
      {"x\r\n\r\n", {true, 1, 5}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.buffered));
    for (const bool eof : {false, true}) {
      const auto r = scan_preamble(c.buffered, eof);
      ASSERT_TRUE(Accepts(r));
      EXPECT_EQ(*r, c.want);
    }
  }
}

TEST(ScanPreamble, PRE_TERM_1_NeedsMoreWithoutTerminator) {
  const std::string_view cases[] = {
      "G",
      "GET / HTTP/1.1",
      "GET / HTTP/1.1\r",
      "GET / HTTP/1.1\r\n",
      "GET / HTTP/1.1\r\n\r",
      "GET / HTTP/1.1\r\na: b\r\n",
      "\r",
      "\r\n",
      "\r\n\r",
  };
  for (const std::string_view buffered : cases) {
    SCOPED_TRACE(Shown(buffered));
    const auto r = scan_preamble(buffered, false);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(*r, kNeedMore);
  }
}

// --- Preamble size: the terminator ends within 32768 bytes (PRE-SIZE-1). ---

TEST(ScanPreamble, PRE_SIZE_1_Accepts32768BytesIncludingTerminator) {
  const std::string buffered =
      std::string(kMaxPreambleSize - 4, 'a') + "\r\n\r\n";
  ASSERT_EQ(buffered.size(), 32768u);
  for (const bool eof : {false, true}) {
    const auto r = scan_preamble(buffered, eof);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(*r, (Scan{true, 32764, 32768}));
  }
  // Bytes buffered beyond the limit do not matter once it ended in time.
  const auto more = scan_preamble(buffered + "next", false);
  ASSERT_TRUE(Accepts(more));
  EXPECT_EQ(*more, (Scan{true, 32764, 32768}));
}

TEST(ScanPreamble, PRE_SIZE_1_Rejects32769BytesIncludingTerminator) {
  const std::string buffered =
      std::string(kMaxPreambleSize - 3, 'a') + "\r\n\r\n";
  ASSERT_EQ(buffered.size(), 32769u);
  for (const bool eof : {false, true}) {
    EXPECT_TRUE(Rejects(scan_preamble(buffered, eof), Error::preamble_too_large,
                        32768));
  }
}

TEST(ScanPreamble, PRE_SIZE_1_RejectsFullBufferWithoutTerminator) {
  // 32768 bytes without CRLFCRLF: no further byte can help.
  const std::string full(kMaxPreambleSize, 'a');
  for (const bool eof : {false, true}) {
    EXPECT_TRUE(
        Rejects(scan_preamble(full, eof), Error::preamble_too_large, 32768));
  }
  // The first three bytes of a terminator at the very end are not enough.
  const std::string almost = std::string(kMaxPreambleSize - 3, 'a') + "\r\n\r";
  EXPECT_TRUE(
      Rejects(scan_preamble(almost, false), Error::preamble_too_large, 32768));
}

TEST(ScanPreamble, PRE_SIZE_1_NeedsMoreBelowTheLimit) {
  // 32767 bytes: one more byte could still complete a terminator.
  const std::string_view tails[] = {"a", "\r", "\r\n", "\r\n\r"};
  for (const std::string_view tail : tails) {
    SCOPED_TRACE(Shown(tail));
    const std::string buffered =
        std::string(kMaxPreambleSize - 1 - tail.size(), 'a') +
        std::string(tail);
    ASSERT_EQ(buffered.size(), 32767u);
    const auto r = scan_preamble(buffered, false);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(*r, kNeedMore);
  }
}

// --- Empty preamble (PRE-EMPTY-1). ---

TEST(ScanPreamble, PRE_EMPTY_1_RejectsEndOfInputWithNothing) {
  EXPECT_TRUE(Rejects(scan_preamble("", true), Error::preamble_empty, 0));
}

TEST(ScanPreamble, PRE_EMPTY_1_NothingYetNeedsMore) {
  const auto r = scan_preamble("", false);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, kNeedMore);
}

TEST(ScanPreamble, PRE_EMPTY_1_RejectsBareCrlfCrlf) {
  const std::string_view cases[] = {
      "\r\n\r\n",
      "\r\n\r\nGET / HTTP/1.1\r\n\r\n",
  };
  for (const std::string_view buffered : cases) {
    SCOPED_TRACE(Shown(buffered));
    for (const bool eof : {false, true}) {
      EXPECT_TRUE(
          Rejects(scan_preamble(buffered, eof), Error::preamble_empty, 0));
    }
  }
}

// --- End of input inside a preamble (PRE-EOF-1); the offset is where the
// input ended. ---

TEST(ScanPreamble, PRE_EOF_1_RejectsSomeBytesThenEndOfInput) {
  struct Case {
    std::string_view buffered;
    std::size_t offset;
  };
  const Case cases[] = {
      {"G", 1},
      {"\r", 1},
      {"\r\n", 2},
      {"\r\n\r", 3},
      {"GET / HTTP/1.1", 14},
      {"GET / HTTP/1.1\r\n", 16},
      {"GET / HTTP/1.1\r\n\r", 17},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.buffered));
    EXPECT_TRUE(Rejects(scan_preamble(c.buffered, true),
                        Error::preamble_incomplete, c.offset));
  }
}

TEST(ScanPreamble, PRE_EOF_1_CompletePreambleAtEndOfInputIsFine) {
  const auto r = scan_preamble("GET / HTTP/1.1\r\n\r\n", true);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, (Scan{true, 14, 18}));
}

// --- A bare LF never terminates anything (PRE-LF-1). ---

TEST(ScanPreamble, PRE_LF_1_BareLfNeverTerminates) {
  const std::string_view cases[] = {
      "GET / HTTP/1.1\n\n",     "GET / HTTP/1.1\r\n\n",
      "GET / HTTP/1.1\n\r\n",   "GET / HTTP/1.1\n\r\n\r",
      "GET / HTTP/1.1\r\r\n\n",
  };
  for (const std::string_view buffered : cases) {
    SCOPED_TRACE(Shown(buffered));
    const auto more = scan_preamble(buffered, false);
    ASSERT_TRUE(Accepts(more));
    EXPECT_EQ(*more, kNeedMore);
    EXPECT_TRUE(Rejects(scan_preamble(buffered, true),
                        Error::preamble_incomplete, buffered.size()));
  }
}

TEST(ScanPreamble, PRE_LF_1_BareLfLinesRunIntoTheSizeLimit) {
  std::string buffered = "GET / HTTP/1.1\n\n";
  while (buffered.size() < kMaxPreambleSize) {
    buffered += "a: b\n\n";
  }
  EXPECT_TRUE(Rejects(scan_preamble(buffered, false), Error::preamble_too_large,
                      32768));
}

// --- Pipelining: consumed stops at the terminator (PRE-PIPELINE-1). ---

TEST(ScanPreamble, PRE_PIPELINE_1_ConsumedStopsAtTerminator) {
  const std::string_view two = "GET / HTTP/1.1\r\n\r\nGET /x HTTP/1.1\r\n\r\n";
  const auto first = scan_preamble(two, false);
  ASSERT_TRUE(Accepts(first));
  EXPECT_EQ(*first, (Scan{true, 14, 18}));
  const auto second = scan_preamble(two.substr(first->consumed), true);
  ASSERT_TRUE(Accepts(second));
  EXPECT_EQ(*second, (Scan{true, 15, 19}));
}

TEST(ScanPreamble, PRE_PIPELINE_1_StrayCrlfBetweenMessagesIsNotSkipped) {
  // After the first message, "\r\nGET ..." is the next preamble; its empty
  // start line is the parser's business (PRE-LEAD-1), not the scanner's.
  const std::string_view two =
      "GET / HTTP/1.1\r\n\r\n\r\nGET / HTTP/1.1\r\n\r\n";
  const auto first = scan_preamble(two, false);
  ASSERT_TRUE(Accepts(first));
  EXPECT_EQ(first->consumed, 18u);
  const auto second = scan_preamble(two.substr(first->consumed), false);
  ASSERT_TRUE(Accepts(second));
  EXPECT_EQ(*second, (Scan{true, 16, 20}));
}

// --- A message starts right after the previous one; PRE-SIZE-1 counts from
// there (PRE-START-1). ---

TEST(ScanPreamble, PRE_START_1_SizeCountsFromTheMessageStart) {
  // A first message, then one whose preamble is exactly 32768 bytes with its
  // terminator: the second is fine when scanned from its own start.
  const std::string first = "GET / HTTP/1.1\r\n\r\n";
  const std::string second =
      std::string(kMaxPreambleSize - 4, 'a') + "\r\n\r\n";
  const std::string buffered = first + second;
  const auto one = scan_preamble(buffered, false);
  ASSERT_TRUE(Accepts(one));
  EXPECT_EQ(one->consumed, first.size());
  const auto two =
      scan_preamble(std::string_view(buffered).substr(one->consumed), false);
  ASSERT_TRUE(Accepts(two));
  EXPECT_EQ(*two, (Scan{true, 32764, 32768}));
}

TEST(ScanPreamble, PRE_START_1_OversizedSecondMessageRejected) {
  const std::string first = "GET / HTTP/1.1\r\n\r\n";
  const std::string buffered =
      first + std::string(kMaxPreambleSize - 3, 'a') + "\r\n\r\n";
  EXPECT_TRUE(
      Rejects(scan_preamble(std::string_view(buffered).substr(18), false),
              Error::preamble_too_large, 32768));
}

// --- Chunk-size line: the first CRLF within 4096 bytes (CHUNK-LINE-1). ---

TEST(ScanChunkLine, CHUNK_LINE_1_EndsAtFirstCrlf) {
  struct Case {
    std::string_view buffered;
    Scan want;
  };
  const Case cases[] = {
      {"5\r\nhello\r\n", {true, 1, 3}},
      {"5;k=v\r\n", {true, 5, 7}},
      {"0\r\n\r\n", {true, 1, 3}},
      // An empty line is found; parse_chunk_line rejects it.
      {"\r\n", {true, 0, 2}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.buffered));
    for (const bool eof : {false, true}) {
      const auto r = scan_chunk_line(c.buffered, eof);
      ASSERT_TRUE(Accepts(r));
      EXPECT_EQ(*r, c.want);
    }
  }
}

TEST(ScanChunkLine, CHUNK_LINE_1_Accepts4096BytesIncludingCrlf) {
  const std::string buffered =
      std::string(kMaxChunkLineSize - 2, 'a') + "\r\nrest";
  const auto r = scan_chunk_line(buffered, false);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, (Scan{true, 4094, 4096}));
}

TEST(ScanChunkLine, CHUNK_LINE_1_Rejects4097BytesIncludingCrlf) {
  const std::string buffered = std::string(kMaxChunkLineSize - 1, 'a') + "\r\n";
  ASSERT_EQ(buffered.size(), 4097u);
  for (const bool eof : {false, true}) {
    EXPECT_TRUE(Rejects(scan_chunk_line(buffered, eof),
                        Error::chunk_line_too_long, 4096));
  }
  const std::string full(kMaxChunkLineSize, '1');
  EXPECT_TRUE(
      Rejects(scan_chunk_line(full, false), Error::chunk_line_too_long, 4096));
}

TEST(ScanChunkLine, CHUNK_LINE_1_NeedsMoreBelowTheLimit) {
  const std::string_view cases[] = {"", "5", "5\r", "5\n", "5;k=v"};
  for (const std::string_view buffered : cases) {
    SCOPED_TRACE(Shown(buffered));
    const auto r = scan_chunk_line(buffered, false);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(*r, kNeedMore);
  }
  const std::string long_line = std::string(kMaxChunkLineSize - 2, 'a') + "\r";
  const auto r = scan_chunk_line(long_line, false);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, kNeedMore);
}

// --- End of input before the CRLF (CHUNK-LINE-2); the offset is where the
// input ended. ---

TEST(ScanChunkLine, CHUNK_LINE_2_CompleteLineAtEndOfInputIsFine) {
  const auto r = scan_chunk_line("0\r\n", true);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, (Scan{true, 1, 3}));
}

TEST(ScanChunkLine, CHUNK_LINE_2_RejectsEndOfInputBeforeCrlf) {
  struct Case {
    std::string_view buffered;
    std::size_t offset;
  };
  const Case cases[] = {
      {"", 0},      {"5", 1},
      {"5\r", 2},   {"5\n", 2},  // A bare LF does not end the line.
      {"5;k=v", 5},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.buffered));
    EXPECT_TRUE(Rejects(scan_chunk_line(c.buffered, true),
                        Error::chunk_line_incomplete, c.offset));
  }
}

}  // namespace
}  // namespace degu::core
