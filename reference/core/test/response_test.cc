// response_test.cc: the response line (RSP-LINE-1..3, RSP-STATUS-1,
// RSP-REASON-1..2), how a response preamble is split (PRE-LINES-1,
// PRE-EMPTY-1) and the framing a response announces (FRAME-RSP-1..3).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "degu/core/char_table.h"
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
  unsigned status;
  std::string_view reason;
};

struct Bad {
  std::string_view input;
  Error error;
  std::size_t offset;
};

void ExpectGoodLine(const Good& c) {
  SCOPED_TRACE(Shown(c.line));
  const auto r = parse_response_line(c.line);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->status, c.status);
  EXPECT_EQ(r->reason, c.reason);
}

void ExpectBadLine(const Bad& c) {
  SCOPED_TRACE(Shown(c.input));
  EXPECT_TRUE(Rejects(parse_response_line(c.input), c.error, c.offset));
}

// --- "HTTP/1.1" SP STATUS SP REASON (RSP-LINE-1). ---

TEST(ResponseLine, RSP_LINE_1_AcceptsProtocolStatusReason) {
  const Good cases[] = {
      {"HTTP/1.1 200 OK", 200, "OK"},
      {"HTTP/1.1 404 Not Found", 404, "Not Found"},
      {"HTTP/1.1 206 Partial Content", 206, "Partial Content"},
      {"HTTP/1.1 500 Internal Server Error", 500, "Internal Server Error"},
  };
  for (const Good& c : cases) {
    ExpectGoodLine(c);
  }
}

// --- At least 15 bytes, so a reason has at least 2 (RSP-LINE-2). ---

TEST(ResponseLine, RSP_LINE_2_Accepts15Bytes) {
  ExpectGoodLine({"HTTP/1.1 200 OK", 200, "OK"});
}

TEST(ResponseLine, RSP_LINE_2_RejectsShorterLines) {
  const Bad cases[] = {
      {"", Error::response_line_too_short, 0},
      {"HTTP/1.1 200 X", Error::response_line_too_short, 0},
      {"HTTP/1.1 200 ", Error::response_line_too_short, 0},
      {"HTTP/1.1 200", Error::response_line_too_short, 0},
      // Checked before everything else.
      {"HTTP/1.0 99 X", Error::response_line_too_short, 0},
  };
  for (const Bad& c : cases) {
    ExpectBadLine(c);
  }
}

// --- Starts with "HTTP/1.1 " and has SP after the status (RSP-LINE-3). ---

TEST(ResponseLine, RSP_LINE_3_AcceptsExactPrefix) {
  ExpectGoodLine({"HTTP/1.1 301 Moved Permanently", 301, "Moved Permanently"});
}

TEST(ResponseLine, RSP_LINE_3_RejectsOtherPrefixes) {
  const Bad cases[] = {
      {"HTTP/1.0 200 OK", Error::bad_response_line, 0},
      {"http/1.1 200 OK", Error::bad_response_line, 0},
      {"HTTP/2.0 200 OK", Error::bad_response_line, 0},
      {" HTTP/1.1 200 OK", Error::bad_response_line, 0},
      {"HTTP/1.1  200 OK", Error::bad_response_line, 0},
      {"HTTP/1.1 200-OK", Error::bad_response_line, 0},
      {"HTTP/1.1 2000 OK", Error::bad_response_line, 0},
      {"HTTP/1.1 20 OKK", Error::bad_response_line, 0},
      {"HTTP/1.1\t200 OK", Error::bad_response_line, 0},
      // Checked before the status.
      {"HTTP/1.0 999 OK", Error::bad_response_line, 0},
  };
  for (const Bad& c : cases) {
    ExpectBadLine(c);
  }
}

// --- Three digits from 100 to 599 (RSP-STATUS-1); the offset is the status
// (9). ---

TEST(ResponseLine, RSP_STATUS_1_AcceptsRange100To599) {
  const Good cases[] = {
      {"HTTP/1.1 100 Continue", 100, "Continue"},
      {"HTTP/1.1 101 Switching Protocols", 101, "Switching Protocols"},
      {"HTTP/1.1 204 No Content", 204, "No Content"},
      {"HTTP/1.1 399 Whatever", 399, "Whatever"},
      {"HTTP/1.1 599 Last", 599, "Last"},
  };
  for (const Good& c : cases) {
    ExpectGoodLine(c);
  }
}

TEST(ResponseLine, RSP_STATUS_1_RejectsOtherStatuses) {
  const Bad cases[] = {
      {"HTTP/1.1 099 OK", Error::bad_status, 9},
      {"HTTP/1.1 000 OK", Error::bad_status, 9},
      {"HTTP/1.1 600 OK", Error::bad_status, 9},
      {"HTTP/1.1 999 OK", Error::bad_status, 9},
      {"HTTP/1.1 20a OK", Error::bad_status, 9},
      {"HTTP/1.1 +20 OK", Error::bad_status, 9},
      {"HTTP/1.1 -20 OK", Error::bad_status, 9},
      {"HTTP/1.1  20 OK", Error::bad_status, 9},
      {"HTTP/1.1 2 0 OK", Error::bad_status, 9},
      // Checked before the reason.
      {"HTTP/1.1 600 O_K", Error::bad_status, 9},
  };
  for (const Bad& c : cases) {
    ExpectBadLine(c);
  }
}

// --- Reason bytes are SP, '-', digits and letters (RSP-REASON-1). ---

TEST(ResponseLine, RSP_REASON_1_AcceptsReasonBytes) {
  const Good cases[] = {
      {"HTTP/1.1 200 OK", 200, "OK"},
      {"HTTP/1.1 200 A-Z a-z 0-9", 200, "A-Z a-z 0-9"},
      {"HTTP/1.1 200 --", 200, "--"},
      {"HTTP/1.1 200 200 OK", 200, "200 OK"},
  };
  for (const Good& c : cases) {
    ExpectGoodLine(c);
  }
}

TEST(ResponseLine, RSP_REASON_1_RejectsOtherBytes) {
  const Bad cases[] = {
      {"HTTP/1.1 418 I'm a teapot", Error::bad_reason, 14},
      {"HTTP/1.1 200 OK.", Error::bad_reason, 15},
      {"HTTP/1.1 200 O_K", Error::bad_reason, 14},
      {"HTTP/1.1 200 OK\r", Error::bad_reason, 15},
      {"HTTP/1.1 200 O\tK", Error::bad_reason, 14},
      {"HTTP/1.1 200 Caf\xc3\xa9", Error::bad_reason, 16},
      {"HTTP/1.1 200 OK\x00"sv, Error::bad_reason, 15},
  };
  for (const Bad& c : cases) {
    ExpectBadLine(c);
  }
}

// Every byte in the middle of a reason: accepted iff it is in the reason
// class, else refused at that byte.
TEST(ResponseLine, RSP_REASON_1_ByteSweepOfTheReason) {
  for (unsigned b = 0; b < 256; ++b) {
    SCOPED_TRACE(ByteTrace(b));
    const std::string reason = "O" + Byte(b) + "K";
    const auto r = parse_response_line("HTTP/1.1 200 " + reason);
    if (in_class(static_cast<std::uint8_t>(b), CharClass::reason)) {
      ASSERT_TRUE(Accepts(r));
      EXPECT_EQ(r->reason, reason);
    } else {
      EXPECT_TRUE(Rejects(r, Error::bad_reason, 14));
    }
  }
}

// --- Spaces in the reason are kept (RSP-REASON-2). ---

TEST(ResponseLine, RSP_REASON_2_SpacesKept) {
  const Good cases[] = {
      {"HTTP/1.1 200   OK", 200, "  OK"},
      {"HTTP/1.1 200 OK ", 200, "OK "},
      {"HTTP/1.1 200   ", 200, "  "},
      {"HTTP/1.1 200 O  K", 200, "O  K"},
  };
  for (const Good& c : cases) {
    ExpectGoodLine(c);
  }
}

TEST(ResponseLine, RSP_REASON_2_OtherWhitespaceRejected) {
  ExpectBadLine({"HTTP/1.1 200 \tOK", Error::bad_reason, 13});
}

// --- Check order of a response line (RSP-ORDER-1): RSP-LINE-2,
// RSP-LINE-3, RSP-STATUS-1, RSP-REASON-1. ---

TEST(ResponseLine, RSP_ORDER_1_ChecksInOrder) {
  const Bad cases[] = {
      {"HTTP/1.0 9 X.", Error::response_line_too_short, 0},
      {"HTTP/1.0 999 X.", Error::bad_response_line, 0},
      {"HTTP/1.1 999 X.", Error::bad_status, 9},
      {"HTTP/1.1 200 X.", Error::bad_reason, 14},
  };
  for (const Bad& c : cases) {
    ExpectBadLine(c);
  }
}

TEST(ResponseLine, RSP_ORDER_1_AllChecksPassed) {
  ExpectGoodLine({"HTTP/1.1 200 XY", 200, "XY"});
}

// --- The preamble as a whole (PRE-EMPTY-1, PRE-LINES-1..2). ---

TEST(Response, PRE_EMPTY_1_RejectsEmptyPreamble) {
  EXPECT_TRUE(
      Rejects(parse_response("", Method::get), Error::preamble_empty, 0));
}

TEST(Response, PRE_LINES_1_SplitsStartLineAndHeaders) {
  const auto r = parse_response(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nx: 1", Method::get);
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(r->reason, "OK");
  const std::vector<Header> want = {{"content-type", "text/plain"}, {"x", "1"}};
  EXPECT_EQ(r->headers.fields, want);
}

TEST(Response, PRE_LINES_2_BufferEndingInCrlfHasAnEmptyHeaderLine) {
  const Bad cases[] = {
      {"HTTP/1.1 200 OK\r\n", Error::header_line_too_short, 17},
      {"HTTP/1.1 200 OK\r\nx: y\r\n", Error::header_line_too_short, 23},
      {"\r\nHTTP/1.1 200 OK", Error::response_line_too_short, 0},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(Shown(c.input));
    EXPECT_TRUE(
        Rejects(parse_response(c.input, Method::get), c.error, c.offset));
  }
}

TEST(Response, RSP_LINE_3_OffsetsAreIntoThePreamble) {
  EXPECT_TRUE(Rejects(parse_response("HTTP/1.1 200 O.K\r\nx: y", Method::get),
                      Error::bad_reason, 14));
  EXPECT_TRUE(Rejects(parse_response("HTTP/1.1 200 OK\r\nx: \t", Method::get),
                      Error::bad_header_value_bytes, 20));
}

// --- The answer to HEAD has no body whatever its headers say
// (FRAME-RSP-1); the headers are still reported. ---

TEST(Response, FRAME_RSP_1_HeadResponseHasNoBody) {
  const auto cl =
      parse_response("HTTP/1.1 200 OK\r\ncontent-length: 5", Method::head);
  ASSERT_TRUE(Accepts(cl));
  EXPECT_EQ(cl->framing, Framing::none());
  EXPECT_EQ(cl->headers.content_length, std::optional<std::uint64_t>(5));

  const auto te = parse_response(
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked", Method::head);
  ASSERT_TRUE(Accepts(te));
  EXPECT_EQ(te->framing, Framing::none());
  EXPECT_TRUE(te->headers.chunked);
}

TEST(Response, FRAME_RSP_1_HeadResponseHeadersAreStillChecked) {
  EXPECT_TRUE(Rejects(
      parse_response("HTTP/1.1 200 OK\r\ncontent-length: 05", Method::head),
      Error::bad_content_length, 33));
  EXPECT_TRUE(Rejects(parse_response("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n"
                                     "transfer-encoding: chunked",
                                     Method::head),
                      Error::content_length_with_transfer_encoding, 36));
}

// --- Other responses: framing from the headers, none without them (no
// read to end of input) (FRAME-RSP-2). ---

TEST(Response, FRAME_RSP_2_FramingFromHeaders) {
  struct Case {
    std::string_view preamble;
    Method method;
    Framing framing;
  };
  const Case cases[] = {
      {"HTTP/1.1 200 OK\r\ncontent-length: 5", Method::get,
       Framing::of_length(5)},
      {"HTTP/1.1 200 OK\r\ncontent-length: 0", Method::put,
       Framing::of_length(0)},
      {"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked", Method::post,
       Framing::chunked()},
      {"HTTP/1.1 200 OK", Method::get, Framing::none()},
      {"HTTP/1.1 200 OK\r\nconnection: close", Method::delete_,
       Framing::none()},
      {"HTTP/1.1 206 Partial Content\r\ncontent-length: 5\r\n"
       "content-range: bytes 0-4/10",
       Method::get, Framing::of_length(5)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.preamble));
    const auto r = parse_response(c.preamble, c.method);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(r->framing, c.framing);
  }
}

TEST(Response, FRAME_RSP_2_CombinationRulesApply) {
  EXPECT_TRUE(Rejects(parse_response("HTTP/1.1 200 OK\r\ncontent-length: 1\r\n"
                                     "transfer-encoding: chunked",
                                     Method::get),
                      Error::content_length_with_transfer_encoding, 36));
}

// --- No status is special: 1xx, 204 and 304 follow their headers
// (FRAME-RSP-3). ---

TEST(Response, FRAME_RSP_3_NoStatusSpecialCases) {
  struct Case {
    std::string_view preamble;
    Framing framing;
  };
  const Case cases[] = {
      {"HTTP/1.1 204 No Content\r\ncontent-length: 5", Framing::of_length(5)},
      {"HTTP/1.1 304 Not Modified\r\ncontent-length: 5", Framing::of_length(5)},
      {"HTTP/1.1 101 Switching Protocols\r\ncontent-length: 5",
       Framing::of_length(5)},
      {"HTTP/1.1 100 Continue\r\ncontent-length: 3", Framing::of_length(3)},
      {"HTTP/1.1 204 No Content\r\ntransfer-encoding: chunked",
       Framing::chunked()},
      {"HTTP/1.1 304 Not Modified", Framing::none()},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.preamble));
    const auto r = parse_response(c.preamble, Method::get);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(r->framing, c.framing);
  }
}

}  // namespace
}  // namespace degu::core
