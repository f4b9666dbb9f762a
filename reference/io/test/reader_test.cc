// reader_test.cc: finding preambles and chunk-size lines in input however
// it is split (PRE-TERM-1, PRE-SIZE-1, PRE-EMPTY-1, PRE-EOF-1, PRE-LF-1,
// PRE-PIPELINE-1, CHUNK-LINE-1, CHUNK-LINE-2, BODY-BUFFER-1, GEN-PARSE-1,
// GEN-CLOSE-1).
#include "degu/io/reader.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <optional>
#include <string>
#include <vector>

#include "degu/core/limits.h"
#include "test_util.h"

namespace degu::io {
namespace {

using core::kMaxChunkLineSize;
using core::kMaxPreambleSize;
using test::Fails;
using test::Feeds;
using test::Protocol;
using test::Repeat;
using test::Succeeds;
using E = core::Error;

// Preambles: every preamble read until the first failure, and that failure.
struct Preambles {
  std::vector<std::string> preambles;
  std::optional<Error> end;
};

Preambles ReadPreambles(std::vector<std::string> pieces,
                        std::optional<Error> end_with = std::nullopt) {
  MemoryTransport transport(std::move(pieces));
  if (end_with) {
    transport.end_with(*end_with);
  }
  Reader reader(transport);
  Preambles out;
  while (true) {
    const auto p = reader.read_preamble();
    if (!p.ok()) {
      out.end = p.error();
      EXPECT_TRUE(transport.closed()) << "a failure closes (GEN-CLOSE-1)";
      return out;
    }
    out.preambles.emplace_back(*p);
  }
}

// ExpectPreambles: stream, fed every way, gives want.
void ExpectPreambles(std::string_view stream, const Preambles& want,
                     std::optional<Error> end_with = std::nullopt) {
  for (const auto& feed : Feeds(stream)) {
    SCOPED_TRACE(feed.name);
    const Preambles got = ReadPreambles(feed.pieces, end_with);
    ASSERT_EQ(got.preambles, want.preambles);
    ASSERT_EQ(got.end, want.end);
  }
}

TEST(ReadPreamble, PRE_TERM_1_EndsAtFirstCrlfCrlfWhicheverTheSplit) {
  ExpectPreambles("GET / HTTP/1.1\r\n\r\n",
                  {{"GET / HTTP/1.1"}, Protocol(E::preamble_empty, 0)});
  ExpectPreambles(
      "GET / HTTP/1.1\r\nhost: h\r\nx: y\r\n\r\n",
      {{"GET / HTTP/1.1\r\nhost: h\r\nx: y"}, Protocol(E::preamble_empty, 0)});
}

TEST(ReadPreamble, PRE_PIPELINE_1_PipelinedMessagesEachFound) {
  ExpectPreambles(
      "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nx: y\r\n\r\nGET /c HTTP/1.1",
      {{"GET /a HTTP/1.1", "GET /b HTTP/1.1\r\nx: y"},
       Protocol(E::preamble_incomplete, 15)});
}

TEST(ReadPreamble, PRE_PIPELINE_1_BytesAfterTerminatorStayBuffered) {
  MemoryTransport transport({"PUT / HTTP/1.1\r\n\r\nbodyGET"});
  Reader reader(transport);
  ASSERT_TRUE(Succeeds(reader.read_preamble()));
  EXPECT_EQ(reader.buffered(), "bodyGET");
}

TEST(ReadPreamble, PRE_EMPTY_1_EndOfInputBeforeAnyByte) {
  ExpectPreambles("", {{}, Protocol(E::preamble_empty, 0)});
}

TEST(ReadPreamble, PRE_EMPTY_1_BareTerminatorAndWhateverFollows) {
  ExpectPreambles("\r\n\r\n", {{}, Protocol(E::preamble_empty, 0)});
  ExpectPreambles("\r\n\r\nGET / HTTP/1.1\r\n\r\n",
                  {{}, Protocol(E::preamble_empty, 0)});
}

TEST(ReadPreamble, PRE_EOF_1_EndOfInputInsideAPreamble) {
  ExpectPreambles("G", {{}, Protocol(E::preamble_incomplete, 1)});
  ExpectPreambles("GET / HTTP/1.1\r\n",
                  {{}, Protocol(E::preamble_incomplete, 16)});
  ExpectPreambles("GET / HTTP/1.1\r\n\r",
                  {{}, Protocol(E::preamble_incomplete, 17)});
  // The offset counts from the message, not from the connection.
  ExpectPreambles("GET / HTTP/1.1\r\n\r\nGET",
                  {{"GET / HTTP/1.1"}, Protocol(E::preamble_incomplete, 3)});
}

TEST(ReadPreamble, PRE_LF_1_OnlyCrlfCrlfEnds) {
  ExpectPreambles("GET / HTTP/1.1\n\n",
                  {{}, Protocol(E::preamble_incomplete, 16)});
  ExpectPreambles("GET / HTTP/1.1\r\r\n\n",
                  {{}, Protocol(E::preamble_incomplete, 18)});
}

TEST(ReadPreamble, PRE_SIZE_1_TerminatorEndingAtByte32768IsAccepted) {
  const std::string preamble(kMaxPreambleSize - 4, 'a');
  ExpectPreambles(preamble + "\r\n\r\n",
                  {{preamble}, Protocol(E::preamble_empty, 0)});
}

TEST(ReadPreamble, PRE_SIZE_1_TerminatorEndingAtByte32769IsRejected) {
  const std::string preamble(kMaxPreambleSize - 3, 'a');
  ExpectPreambles(preamble + "\r\n\r\n",
                  {{}, Protocol(E::preamble_too_large, kMaxPreambleSize)});
  // The CRLFCRLF straddling byte 32768 does not count either.
  ExpectPreambles(std::string(kMaxPreambleSize - 2, 'a') + "\r\n\r\n",
                  {{}, Protocol(E::preamble_too_large, kMaxPreambleSize)});
}

TEST(ReadPreamble, PRE_SIZE_1_RejectsWithoutWaitingForMoreInput) {
  // After 32768 bytes without a terminator the verdict is given at once:
  // the timeout that would follow is never reached.
  const std::string stream(kMaxPreambleSize, 'a');
  ExpectPreambles(stream,
                  {{}, Protocol(E::preamble_too_large, kMaxPreambleSize)},
                  Error::of(Errc::timeout));
  MemoryTransport transport({stream, "more"});
  Reader reader(transport);
  EXPECT_TRUE(Fails(reader.read_preamble(),
                    Protocol(E::preamble_too_large, kMaxPreambleSize)));
  EXPECT_EQ(transport.unread(), 4u);
}

TEST(ReadPreamble, PRE_SIZE_1_CountsFromTheStartOfEachMessage) {
  // A second message that starts deep in the buffer still gets its full
  // 32768 bytes (PRE-START-1).
  const std::string first = std::string(30000, 'a') + "\r\n\r\n";
  const std::string second(kMaxPreambleSize - 4, 'b');
  ExpectPreambles(
      first + second + "\r\n\r\n",
      {{std::string(30000, 'a'), second}, Protocol(E::preamble_empty, 0)});
  ExpectPreambles(first + second + "b\r\n\r\n",
                  {{std::string(30000, 'a')},
                   Protocol(E::preamble_too_large, kMaxPreambleSize)});
}

TEST(ReadPreamble, TransportFailuresAreReportedAndClose) {
  const Error reset = Error::system(ECONNRESET);
  ExpectPreambles("GET / HTTP/1.1\r\n", {{}, reset}, reset);
  ExpectPreambles("", {{}, Error::of(Errc::timeout)}, Error::of(Errc::timeout));
  ExpectPreambles("GET / HTTP/1.1\r\n\r\n",
                  {{"GET / HTTP/1.1"}, Error::of(Errc::timeout)},
                  Error::of(Errc::timeout));
}

TEST(ReadPreamble, GEN_CLOSE_1_AfterAFailureNothingIsRead) {
  MemoryTransport transport({"\r\n\r\nGET / HTTP/1.1\r\n\r\n"});
  Reader reader(transport);
  EXPECT_TRUE(Fails(reader.read_preamble(), Protocol(E::preamble_empty, 0)));
  const std::size_t calls = transport.read_calls();
  EXPECT_TRUE(Fails(reader.read_preamble(), Error::of(Errc::closed)));
  char byte;
  EXPECT_TRUE(Fails(reader.read_some({&byte, 1}), Error::of(Errc::closed)));
  EXPECT_TRUE(Fails(reader.read_exact({&byte, 1}), Error::of(Errc::closed)));
  EXPECT_EQ(transport.read_calls(), calls);
  EXPECT_TRUE(reader.buffered().empty());
}

// --- Chunk-size lines. ---

void ExpectLines(std::string_view stream, const std::vector<std::string>& want,
                 const Error& end) {
  for (const auto& feed : Feeds(stream)) {
    SCOPED_TRACE(feed.name);
    MemoryTransport transport(feed.pieces);
    Reader reader(transport);
    std::vector<std::string> got;
    while (true) {
      const auto line = reader.read_chunk_line();
      if (!line.ok()) {
        ASSERT_EQ(line.error(), end);
        break;
      }
      got.emplace_back(*line);
    }
    ASSERT_EQ(got, want);
  }
}

TEST(ReadChunkLine, CHUNK_LINE_1_EndsAtFirstCrlf) {
  ExpectLines("5\r\n5;k=v\r\n0\r\n", {"5", "5;k=v", "0"},
              Protocol(E::chunk_line_incomplete, 0));
  // Nothing is parsed here: a bare LF is a byte of the line (CHUNK-LINE-3).
  ExpectLines("5\nx\r\n", {"5\nx"}, Protocol(E::chunk_line_incomplete, 0));
  ExpectLines("\r\n", {""}, Protocol(E::chunk_line_incomplete, 0));
}

TEST(ReadChunkLine, CHUNK_LINE_1_LimitAt4096IncludingCrlf) {
  const std::string longest(kMaxChunkLineSize - 2, '1');
  ExpectLines(longest + "\r\n", {longest},
              Protocol(E::chunk_line_incomplete, 0));
  ExpectLines(longest + "1\r\n", {},
              Protocol(E::chunk_line_too_long, kMaxChunkLineSize));
}

TEST(ReadChunkLine, CHUNK_LINE_1_RejectsWithoutWaitingForMoreInput) {
  MemoryTransport transport({std::string(kMaxChunkLineSize, '1')});
  transport.end_with(Error::of(Errc::timeout));
  Reader reader(transport);
  EXPECT_TRUE(Fails(reader.read_chunk_line(),
                    Protocol(E::chunk_line_too_long, kMaxChunkLineSize)));
}

TEST(ReadChunkLine, CHUNK_LINE_2_EndOfInputBeforeCrlf) {
  ExpectLines("", {}, Protocol(E::chunk_line_incomplete, 0));
  ExpectLines("5", {}, Protocol(E::chunk_line_incomplete, 1));
  ExpectLines("5;k=v\r", {}, Protocol(E::chunk_line_incomplete, 6));
}

TEST(ReadChunkLine, LineNearTheEndOfAFullBuffer) {
  // A line that starts in the last bytes of the buffer is moved to the
  // front to be completed.
  const std::string preamble = std::string(kMaxPreambleSize - 6, 'a');
  const std::string stream = preamble + "\r\n\r\n" + "12345\r\n";
  for (const auto& feed : Feeds(stream, 50, 0)) {
    SCOPED_TRACE(feed.name);
    MemoryTransport transport(feed.pieces);
    Reader reader(transport);
    ASSERT_TRUE(Succeeds(reader.read_preamble()));
    const auto line = reader.read_chunk_line();
    ASSERT_TRUE(Succeeds(line));
    EXPECT_EQ(*line, "12345");
  }
}

// --- Body bytes: buffered first, then the transport (BODY-BUFFER-1). ---

TEST(ReadExact, BODY_BUFFER_1_BufferedBytesFirstWithoutIo) {
  MemoryTransport transport({"PUT / HTTP/1.1\r\n\r\nhello world", " and more"});
  Reader reader(transport);
  ASSERT_TRUE(Succeeds(reader.read_preamble()));
  const std::size_t calls = transport.read_calls();
  std::string five(5, '\0');
  const auto got = reader.read_exact(five);
  ASSERT_TRUE(Succeeds(got));
  EXPECT_EQ(*got, 5u);
  EXPECT_EQ(five, "hello");
  EXPECT_EQ(transport.read_calls(), calls) << "no I/O when buffered suffices";
  std::string rest(15, '\0');
  ASSERT_TRUE(Succeeds(reader.read_exact(rest)));
  EXPECT_EQ(rest, " world and more");
}

TEST(ReadExact, SameBytesWhicheverTheSplit) {
  const std::string stream = "a\r\n\r\n" + test::Pattern(1000) + "tail";
  for (const auto& feed : Feeds(stream)) {
    SCOPED_TRACE(feed.name);
    MemoryTransport transport(feed.pieces);
    Reader reader(transport);
    ASSERT_TRUE(Succeeds(reader.read_preamble()));
    std::string body(1000, '\0');
    const auto got = reader.read_exact(body);
    ASSERT_TRUE(Succeeds(got));
    ASSERT_EQ(*got, 1000u);
    ASSERT_EQ(body, test::Pattern(1000));
    const auto line = reader.read_chunk_line();  // Then back to elements.
    ASSERT_TRUE(Fails(line, Protocol(E::chunk_line_incomplete, 4)));
  }
}

TEST(ReadExact, EndOfInputGivesHowFarItGot) {
  for (const auto& feed : Feeds("abc")) {
    SCOPED_TRACE(feed.name);
    MemoryTransport transport(feed.pieces);
    Reader reader(transport);
    std::string dst(5, '\0');
    const auto got = reader.read_exact(dst);
    ASSERT_TRUE(Succeeds(got));
    EXPECT_EQ(*got, 3u);
    EXPECT_EQ(dst.substr(0, 3), "abc");
    EXPECT_FALSE(transport.closed()) << "the body decides, not the reader";
  }
}

TEST(ReadExact, TransportErrorCloses) {
  MemoryTransport transport({"ab"});
  transport.end_with(Error::of(Errc::timeout));
  Reader reader(transport);
  std::string dst(5, '\0');
  EXPECT_TRUE(Fails(reader.read_exact(dst), Error::of(Errc::timeout)));
  EXPECT_TRUE(transport.closed());
}

TEST(ReadSome, BufferedBytesWithoutIoThenOneRead) {
  MemoryTransport transport({"x\r\n\r\nabc", "defgh"});
  Reader reader(transport);
  ASSERT_TRUE(Succeeds(reader.read_preamble()));
  const std::size_t calls = transport.read_calls();
  std::string dst(10, '\0');
  auto got = reader.read_some(dst);
  ASSERT_TRUE(Succeeds(got));
  EXPECT_EQ(dst.substr(0, *got), "abc");
  EXPECT_EQ(transport.read_calls(), calls);
  got = reader.read_some(dst);
  ASSERT_TRUE(Succeeds(got));
  EXPECT_EQ(dst.substr(0, *got), "defgh");
  got = reader.read_some(dst);
  ASSERT_TRUE(Succeeds(got));
  EXPECT_EQ(*got, 0u) << "end of input";
}

}  // namespace
}  // namespace degu::io
