// request_test.cc: the request line (REQ-LINE-*, REQ-METHOD-*), how a
// request preamble is split (PRE-LINES-1, PRE-LEAD-1, PRE-EMPTY-1) and the
// framing a request announces (FRAME-REQ-1, FRAME-METHOD-1).  The URI's own
// rules are in uri_test.cc, header lines in headers_test.cc.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "degu/core/parse.h"
#include "test_util.h"

namespace degu::core {
namespace {

using namespace std::literals;
using test::Accepts;
using test::Rejects;
using test::Shown;

using Path = std::vector<std::string>;

struct Reject {
  std::string_view input;
  Error error;
  std::size_t offset;
};

// --- The request line: METHOD SP URI SP "HTTP/1.1" (REQ-LINE-1). ---

TEST(RequestLine, REQ_LINE_1_AcceptsMethodUriProtocol) {
  struct Case {
    std::string_view line;
    Method method;
    std::string_view uri;
    Path path;
    std::optional<std::string> query;
  };
  const Case cases[] = {
      {"GET / HTTP/1.1", Method::get, "/", {}, std::nullopt},
      {"PUT /a/b HTTP/1.1", Method::put, "/a/b", {"a", "b"}, std::nullopt},
      {"POST /a?x=1 HTTP/1.1", Method::post, "/a?x=1", {"a"}, "x=1"},
      {"HEAD /a/ HTTP/1.1", Method::head, "/a/", {"a", ""}, std::nullopt},
      {"DELETE /?q HTTP/1.1", Method::delete_, "/?q", {}, "q"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.line));
    const auto r = parse_request_line(c.line);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(r->method, c.method);
    EXPECT_EQ(r->uri, c.uri);
    EXPECT_EQ(r->path, c.path);
    EXPECT_EQ(r->query, c.query);
  }
}

// --- At least 14 bytes (REQ-LINE-2). ---

TEST(RequestLine, REQ_LINE_2_AcceptsFourteenBytes) {
  const auto r = parse_request_line("GET / HTTP/1.1");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->method, Method::get);
  EXPECT_EQ(r->uri, "/");
  EXPECT_EQ(r->path, Path{});
  EXPECT_EQ(r->query, std::nullopt);
}

TEST(RequestLine, REQ_LINE_2_RejectsThirteenBytes) {
  const std::string_view cases[] = {
      "",
      "GET /HTTP/1.1",  // 13 bytes
      "PUT  HTTP/1.1",  // 13 bytes
      "GE / HTTP/1.1",  // 13 bytes, checked before the method
      " / HTTP/1.1",
      "HTTP/1.1",
  };
  for (const std::string_view line : cases) {
    SCOPED_TRACE(Shown(line));
    EXPECT_TRUE(
        Rejects(parse_request_line(line), Error::request_line_too_short, 0));
  }
}

// --- Ends with " HTTP/1.1" exactly (REQ-LINE-3); the offset is where those
// last 9 bytes begin. ---

TEST(RequestLine, REQ_LINE_3_AcceptsHttp11) {
  EXPECT_TRUE(Accepts(parse_request_line("GET /x HTTP/1.1")));
}

TEST(RequestLine, REQ_LINE_3_RejectsOtherProtocols) {
  const Reject cases[] = {
      {"GET / HTTP/1.0", Error::bad_protocol, 5},
      {"GET / http/1.1", Error::bad_protocol, 5},
      {"GET / HTTP/1.10", Error::bad_protocol, 6},
      {"GET / HTTP/1.1 ", Error::bad_protocol, 6},   // trailing SP
      {"GET / HTTP/1.1\r", Error::bad_protocol, 6},  // trailing CR
      {"GET / HTTP/2.0", Error::bad_protocol, 5},
      {"GET /HTTP/1.1 x", Error::bad_protocol, 6},
      // Checked before the method and the " /" split.
      {"get * HTTP/1.0", Error::bad_protocol, 5},
  };
  for (const Reject& c : cases) {
    SCOPED_TRACE(Shown(c.input));
    EXPECT_TRUE(Rejects(parse_request_line(c.input), c.error, c.offset));
  }
}

// --- " /" splits method from URI (REQ-LINE-4). ---

TEST(RequestLine, REQ_LINE_4_SplitsAtFirstSpaceSlash) {
  const auto r = parse_request_line("GET /a/b HTTP/1.1");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->method, Method::get);
  EXPECT_EQ(r->uri, "/a/b");
}

TEST(RequestLine, REQ_LINE_4_RejectsWithoutSpaceSlash) {
  const std::string_view cases[] = {
      "GET * HTTP/1.1",     "GET http://x/ HTTP/1.1",
      "OPTIONS * HTTP/1.1",  // before the method is looked at
      "GET x/y HTTP/1.1",   "GET\t/ HTTP/1.1",
  };
  for (const std::string_view line : cases) {
    SCOPED_TRACE(Shown(line));
    EXPECT_TRUE(Rejects(parse_request_line(line), Error::bad_request_line, 0));
  }
}

// --- Exactly the five methods, case-sensitive (REQ-METHOD-1). ---

TEST(RequestLine, REQ_METHOD_1_AcceptsTheFiveMethods) {
  struct Case {
    std::string_view line;
    Method method;
  };
  const Case cases[] = {
      {"GET / HTTP/1.1", Method::get},        {"PUT / HTTP/1.1", Method::put},
      {"POST / HTTP/1.1", Method::post},      {"HEAD / HTTP/1.1", Method::head},
      {"DELETE / HTTP/1.1", Method::delete_},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.line));
    const auto r = parse_request_line(c.line);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(r->method, c.method);
  }
}

TEST(RequestLine, REQ_METHOD_1_RejectsOtherMethods) {
  const std::string_view cases[] = {
      "get / HTTP/1.1",       "Get / HTTP/1.1",     "OPTIONS / HTTP/1.1",
      "PATCH / HTTP/1.1",     "GETT / HTTP/1.1",    "GE T / HTTP/1.1",
      "GET  / HTTP/1.1",      "CONNECT / HTTP/1.1", "TRACE / HTTP/1.1",
      "\x00GET / HTTP/1.1"sv,
  };
  for (const std::string_view line : cases) {
    SCOPED_TRACE(Shown(line));
    EXPECT_TRUE(Rejects(parse_request_line(line), Error::bad_method, 0));
  }
}

// --- The method is checked before the URI (REQ-METHOD-2). ---

TEST(RequestLine, REQ_METHOD_2_MethodIsCheckedBeforeUri) {
  const std::string_view cases[] = {
      "get //bad HTTP/1.1",    // URI-PATH-2 would also fail
      "FOO /a b HTTP/1.1",     // URI-BYTES-1 would also fail
      "get /.. HTTP/1.1",      // URI-PATH-4 would also fail
      "PATCH /?a/b HTTP/1.1",  // URI-QUERY-1 would also fail
  };
  for (const std::string_view line : cases) {
    SCOPED_TRACE(Shown(line));
    EXPECT_TRUE(Rejects(parse_request_line(line), Error::bad_method, 0));
  }
}

TEST(RequestLine, REQ_METHOD_2_GoodMethodThenUriIsChecked) {
  EXPECT_TRUE(Rejects(parse_request_line("GET //bad HTTP/1.1"),
                      Error::empty_path_component, 5));
}

// --- Consequences of the single SP on each side of the URI (REQ-LINE-5). ---

TEST(RequestLine, REQ_LINE_5_SingleSpacesAccepted) {
  const auto r = parse_request_line("PUT /a HTTP/1.1");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->method, Method::put);
  EXPECT_EQ(r->uri, "/a");
  EXPECT_EQ(r->path, Path{"a"});
}

TEST(RequestLine, REQ_LINE_5_ExtraSpacesRejected) {
  const Reject cases[] = {
      // A second SP after the method ends up in the method.
      {"GET  / HTTP/1.1", Error::bad_method, 0},
      // A leading SP is part of the method.
      {" GET / HTTP/1.1", Error::bad_method, 0},
      // A second SP before HTTP/1.1 ends up in the URI.
      {"GET /  HTTP/1.1", Error::bad_uri_bytes, 5},
      {"GET /a  HTTP/1.1", Error::bad_uri_bytes, 6},
      // Only the first " /" splits; the rest of the URI keeps its SP.
      {"GET /a /b HTTP/1.1", Error::bad_uri_bytes, 6},
  };
  for (const Reject& c : cases) {
    SCOPED_TRACE(Shown(c.input));
    EXPECT_TRUE(Rejects(parse_request_line(c.input), c.error, c.offset));
  }
}

// --- Check order of a request line (REQ-ORDER-1): REQ-LINE-2, REQ-LINE-3,
// REQ-LINE-4, REQ-METHOD-1, then the URI. ---

TEST(RequestLine, REQ_ORDER_1_ChecksInOrder) {
  const Reject cases[] = {
      {"get /HTTP/1.0", Error::request_line_too_short, 0},
      {"get * HTTP/1.0", Error::bad_protocol, 5},
      {"get * HTTP/1.1", Error::bad_request_line, 0},
      {"get //x HTTP/1.1", Error::bad_method, 0},
      {"GET //x HTTP/1.1", Error::empty_path_component, 5},
  };
  for (const Reject& c : cases) {
    SCOPED_TRACE(Shown(c.input));
    EXPECT_TRUE(Rejects(parse_request_line(c.input), c.error, c.offset));
  }
}

TEST(RequestLine, REQ_ORDER_1_AllChecksPassed) {
  EXPECT_TRUE(Accepts(parse_request_line("GET /x HTTP/1.1")));
}

// --- The preamble as a whole (PRE-EMPTY-1, PRE-LEAD-1, PRE-LINES-1..2). ---

TEST(Request, PRE_EMPTY_1_RejectsEmptyPreamble) {
  EXPECT_TRUE(Rejects(parse_request(""), Error::preamble_empty, 0));
}

TEST(Request, PRE_LEAD_1_LeadingCrlfIsAnEmptyRequestLine) {
  const Reject cases[] = {
      {"\r\nGET / HTTP/1.1", Error::request_line_too_short, 0},
      {"\r\n\r\nGET / HTTP/1.1", Error::request_line_too_short, 0},
      {"\r\n", Error::request_line_too_short, 0},
  };
  for (const Reject& c : cases) {
    SCOPED_TRACE(Shown(c.input));
    EXPECT_TRUE(Rejects(parse_request(c.input), c.error, c.offset));
  }
}

TEST(Request, PRE_LEAD_1_NoLeadingCrlfAccepted) {
  const auto r = parse_request("GET / HTTP/1.1");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->method, Method::get);
  EXPECT_TRUE(r->headers.fields.empty());
}

TEST(Request, PRE_LINES_1_FirstCrlfEndsStartLineOthersEndHeaderLines) {
  const auto r = parse_request("GET /x HTTP/1.1\r\na: 1\r\nb: 2");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->uri, "/x");
  const std::vector<Header> want = {{"a", "1"}, {"b", "2"}};
  EXPECT_EQ(r->headers.fields, want);
}

TEST(Request, PRE_LINES_2_BufferEndingInCrlfHasAnEmptyHeaderLine) {
  const Reject cases[] = {
      {"GET / HTTP/1.1\r\n", Error::header_line_too_short, 16},
      {"GET / HTTP/1.1\r\na: b\r\n", Error::header_line_too_short, 22},
      // An empty line in the middle (only possible through this API).
      {"GET / HTTP/1.1\r\n\r\na: b", Error::header_line_too_short, 16},
  };
  for (const Reject& c : cases) {
    SCOPED_TRACE(Shown(c.input));
    EXPECT_TRUE(Rejects(parse_request(c.input), c.error, c.offset));
  }
}

TEST(Request, REQ_LINE_2_OffsetsAreIntoThePreamble) {
  // Failures of the start line keep their offsets in the whole preamble.
  EXPECT_TRUE(Rejects(parse_request("GET /a b HTTP/1.1\r\nx: y"),
                      Error::bad_uri_bytes, 6));
  EXPECT_TRUE(Rejects(parse_request("GET /\r\nx: y HTTP/1.1"),
                      Error::request_line_too_short, 0));
}

// --- Header lines are checked after the start line (FRAME-ORDER-1). ---

TEST(Request, FRAME_ORDER_1_StartLineBeforeHeaders) {
  EXPECT_TRUE(Rejects(parse_request("GET /a b HTTP/1.1\r\nbad line"),
                      Error::bad_uri_bytes, 6));
  EXPECT_TRUE(Rejects(parse_request("GET / HTTP/1.1\r\nbad line"),
                      Error::bad_header_line, 16));
}

// --- Request framing (FRAME-REQ-1). ---

TEST(Request, FRAME_REQ_1_FramingFromHeaders) {
  struct Case {
    std::string_view preamble;
    Framing framing;
  };
  const Case cases[] = {
      {"PUT /x HTTP/1.1\r\ncontent-length: 4", Framing::of_length(4)},
      {"POST /x HTTP/1.1\r\nContent-Length: 0", Framing::of_length(0)},
      {"PUT /x HTTP/1.1\r\ncontent-length: 9999999999999999",
       Framing::of_length(9999999999999999)},
      {"POST /x HTTP/1.1\r\ntransfer-encoding: chunked", Framing::chunked()},
      // No framing header: no body (no 411, no read to end of input).
      {"PUT /x HTTP/1.1", Framing::none()},
      {"POST /x HTTP/1.1\r\nhost: h", Framing::none()},
      {"GET /x HTTP/1.1", Framing::none()},
      {"HEAD /x HTTP/1.1\r\nrange: bytes=0-9", Framing::none()},
      {"DELETE /x HTTP/1.1", Framing::none()},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.preamble));
    const auto r = parse_request(c.preamble);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(r->framing, c.framing);
  }
}

TEST(Request, FRAME_REQ_1_HeadersKeepTypedValues) {
  const auto r = parse_request(
      "PUT /x HTTP/1.1\r\nContent-Length: 12\r\nHost: example.com");
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->headers.content_length, std::optional<std::uint64_t>(12));
  EXPECT_FALSE(r->headers.chunked);
  EXPECT_EQ(r->headers.find("host"),
            std::optional<std::string_view>("example.com"));
  EXPECT_EQ(r->headers.find("content-length"),
            std::optional<std::string_view>("12"));
  EXPECT_EQ(r->headers.find("Host"), std::nullopt);  // names are lower case
  EXPECT_EQ(r->headers.find("absent"), std::nullopt);
}

// --- Only PUT and POST may announce a body (FRAME-METHOD-1); the offset is
// the framing header's line. ---

TEST(Request, FRAME_METHOD_1_PutAndPostMayCarryABody) {
  const std::string_view cases[] = {
      "PUT / HTTP/1.1\r\ncontent-length: 0",
      "PUT / HTTP/1.1\r\ntransfer-encoding: chunked",
      "POST / HTTP/1.1\r\ncontent-length: 5",
      "POST / HTTP/1.1\r\ntransfer-encoding: chunked",
  };
  for (const std::string_view preamble : cases) {
    SCOPED_TRACE(Shown(preamble));
    EXPECT_TRUE(Accepts(parse_request(preamble)));
  }
}

TEST(Request, FRAME_METHOD_1_OtherMethodsMayNot) {
  const Reject cases[] = {
      {"GET / HTTP/1.1\r\ncontent-length: 0", Error::body_on_bodiless_method,
       16},
      {"GET / HTTP/1.1\r\ncontent-length: 5", Error::body_on_bodiless_method,
       16},
      {"HEAD / HTTP/1.1\r\ncontent-length: 0", Error::body_on_bodiless_method,
       17},
      {"DELETE / HTTP/1.1\r\ncontent-length: 0", Error::body_on_bodiless_method,
       19},
      {"GET / HTTP/1.1\r\ntransfer-encoding: chunked",
       Error::body_on_bodiless_method, 16},
      {"HEAD / HTTP/1.1\r\ntransfer-encoding: chunked",
       Error::body_on_bodiless_method, 17},
      {"DELETE / HTTP/1.1\r\nhost: h\r\nTransfer-Encoding: chunked",
       Error::body_on_bodiless_method, 28},
      {"GET / HTTP/1.1\r\na: b\r\nContent-Length: 0\r\nz: y",
       Error::body_on_bodiless_method, 22},
  };
  for (const Reject& c : cases) {
    SCOPED_TRACE(Shown(c.input));
    EXPECT_TRUE(Rejects(parse_request(c.input), c.error, c.offset));
  }
}

TEST(Request, FRAME_RANGE_3_RangeIsAllowedOnAnyMethod) {
  const std::string_view cases[] = {
      "GET / HTTP/1.1\r\nrange: bytes=0-0",
      "HEAD / HTTP/1.1\r\nrange: bytes=0-0",
      "DELETE / HTTP/1.1\r\nrange: bytes=0-0",
      "PUT / HTTP/1.1\r\nrange: bytes=0-0",
      "POST / HTTP/1.1\r\nrange: bytes=0-0",
  };
  for (const std::string_view preamble : cases) {
    SCOPED_TRACE(Shown(preamble));
    const auto r = parse_request(preamble);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(r->headers.range, (ByteRange{0, 0}));
    EXPECT_EQ(r->framing, Framing::none());
  }
}

}  // namespace
}  // namespace degu::core
