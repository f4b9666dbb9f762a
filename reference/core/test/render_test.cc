// render_test.cc: what a Degu sender puts on the wire (OUT-*).
//
// Failure offsets index the bytes that would have been rendered: in
// "HTTP/1.1 200 OK" the first header line starts at 17, in "GET / HTTP/1.1"
// at 16.  Count and framing-mismatch failures have offset 0.
#include "degu/core/render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "degu/core/char_table.h"
#include "degu/core/limits.h"
#include "degu/core/parse.h"
#include "degu/core/scan.h"
#include "test_util.h"

namespace degu::core {
namespace {

using namespace std::literals;
using test::Accepts;
using test::Byte;
using test::ByteTrace;
using test::Rejects;
using test::Shown;

using HeaderList = std::vector<Header>;

constexpr std::size_t kRequestHeadersAt = 16;   // after "GET / HTTP/1.1\r\n"
constexpr std::size_t kResponseHeadersAt = 17;  // after "HTTP/1.1 200 OK\r\n"

// Ok200: render_response(200, "OK", headers, body).
Result<std::string> Ok200(const HeaderList& headers, Framing body) {
  return render_response(200, "OK", headers, body);
}

// Get: render_request("GET", "/", headers, body).
Result<std::string> Get(const HeaderList& headers, Framing body) {
  return render_request("GET", "/", headers, body);
}

void ExpectRendered(const Result<std::string>& r, std::string_view want) {
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(*r, want);
}

// --- The request preamble, byte-exact (OUT-REQ-1). ---

TEST(RenderRequest, OUT_REQ_1_ByteExactForms) {
  struct Case {
    std::string_view method;
    std::string_view uri;
    HeaderList headers;
    Framing body;
    std::string_view want;
  };
  const Case cases[] = {
      {"PUT",
       "/x",
       {{"host", "h"}},
       Framing::of_length(4),
       "PUT /x HTTP/1.1\r\ncontent-length: 4\r\nhost: h\r\n\r\n"},
      {"GET",
       "/foo?bar",
       {{"host", "x"}, {"accept", "*/*"}},
       Framing::none(),
       "GET /foo?bar HTTP/1.1\r\naccept: */*\r\nhost: x\r\n\r\n"},
      {"POST", "/", {}, Framing::none(), "POST / HTTP/1.1\r\n\r\n"},
      {"POST",
       "/a/",
       {},
       Framing::chunked(),
       "POST /a/ HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n"},
      {"GET",
       "/",
       {{"range", "bytes=0-4"}},
       Framing::none(),
       "GET / HTTP/1.1\r\nrange: bytes=0-4\r\n\r\n"},
      {"HEAD", "/?", {}, Framing::none(), "HEAD /? HTTP/1.1\r\n\r\n"},
      {"DELETE",
       "/a",
       {{"x", "  y "}},
       Framing::none(),
       "DELETE /a HTTP/1.1\r\nx:   y \r\n\r\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.want));
    ExpectRendered(render_request(c.method, c.uri, c.headers, c.body), c.want);
  }
}

// --- The response preamble, byte-exact (OUT-RSP-1). ---

TEST(RenderResponse, OUT_RSP_1_ByteExactForms) {
  struct Case {
    unsigned status;
    std::string_view reason;
    HeaderList headers;
    Framing body;
    std::string_view want;
  };
  const Case cases[] = {
      {200,
       "OK",
       {},
       Framing::chunked(),
       "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"},
      {404, "Not Found", {}, Framing::none(), "HTTP/1.1 404 Not Found\r\n\r\n"},
      {200,
       "OK",
       {},
       Framing::of_length(5),
       "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n"},
      {200,
       "OK",
       {},
       Framing::of_length(0),
       "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"},
      {206,
       "Partial Content",
       {{"content-range", "bytes 0-4/10"}},
       Framing::of_length(5),
       "HTTP/1.1 206 Partial Content\r\ncontent-length: 5\r\n"
       "content-range: bytes 0-4/10\r\n\r\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.want));
    ExpectRendered(render_response(c.status, c.reason, c.headers, c.body),
                   c.want);
  }
}

// --- The method is one of the five (OUT-METHOD-1). ---

TEST(RenderRequest, OUT_METHOD_1_AcceptsTheFiveMethods) {
  for (const std::string_view method :
       {"GET", "PUT", "POST", "HEAD", "DELETE"}) {
    SCOPED_TRACE(method);
    ExpectRendered(render_request(method, "/", {}, Framing::none()),
                   std::string(method) + " / HTTP/1.1\r\n\r\n");
  }
}

TEST(RenderRequest, OUT_METHOD_1_RejectsOtherMethods) {
  const std::string_view methods[] = {
      "get", "Get", "OPTIONS", "PATCH", "GETT", "GET ", " GET", "G\r\nT",
  };
  for (const std::string_view method : methods) {
    SCOPED_TRACE(Shown(method));
    EXPECT_TRUE(Rejects(render_request(method, "/", {}, Framing::none()),
                        Error::bad_method, 0));
  }
}

// OUT-METHOD-1 is decided before anything else (OUT-CHECK-1): a bad method
// is never blamed on the line length or on the URI.
TEST(RenderRequest, OUT_METHOD_1_BadMethodIsBlamedOnTheMethod) {
  struct Case {
    std::string_view method;
    std::string_view uri;
  };
  const Case cases[] = {
      {"", "/"},
      {"GE", "/"},
      {"X", "/"},
      {"GET /x", "/y"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.method));
    EXPECT_TRUE(Rejects(render_request(c.method, c.uri, {}, Framing::none()),
                        Error::bad_method, 0));
  }
}

// --- The URI must be one a receiver accepts (OUT-URI-1): URI-* rules give
// their own errors; no leading '/' is bad_request_line. ---

TEST(RenderRequest, OUT_URI_1_AcceptsGoodUris) {
  const std::string_view uris[] = {"/",     "/a/b/",    "/a?",
                                   "/?%zz", "/.../a..", "/a+b:c~d_e-f.g?h=i&j"};
  for (const std::string_view uri : uris) {
    SCOPED_TRACE(Shown(uri));
    ExpectRendered(render_request("GET", uri, {}, Framing::none()),
                   "GET " + std::string(uri) + " HTTP/1.1\r\n\r\n");
  }
}

TEST(RenderRequest, OUT_URI_1_RejectsBadUris) {
  struct Case {
    std::string_view uri;
    Error error;
    std::size_t offset;  // Into the rendered bytes: the URI starts at 4.
  };
  const Case cases[] = {
      {"//", Error::empty_path_component, 5},
      {"/a//b", Error::empty_path_component, 7},
      {"/..", Error::dotdot_path_component, 5},
      {"/a=b", Error::bad_path_component_bytes, 6},
      {"/?a/b", Error::bad_query_bytes, 7},
      {"/a b", Error::bad_uri_bytes, 6},
      {"/a#frag", Error::bad_uri_bytes, 6},
      {"/ HTTP/1.1", Error::bad_uri_bytes, 5},
      {"/\r\nx: y", Error::bad_uri_bytes, 5},
      {"/x HTTP/1.1\r\nhost: evil", Error::bad_uri_bytes, 6},
      {"x", Error::bad_request_line, 0},
      {"*", Error::bad_request_line, 0},
      {"http://x/", Error::bad_request_line, 0},
      {"?a", Error::bad_request_line, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.uri));
    EXPECT_TRUE(Rejects(render_request("GET", c.uri, {}, Framing::none()),
                        c.error, c.offset));
  }
}

// The empty URI is bad_request_line (OUT-URI-1), whatever the method.
TEST(RenderRequest, OUT_URI_1_EmptyUriIsBadRequestLine) {
  for (const std::string_view method :
       {"GET", "PUT", "POST", "HEAD", "DELETE"}) {
    SCOPED_TRACE(method);
    EXPECT_TRUE(Rejects(render_request(method, "", {}, Framing::none()),
                        Error::bad_request_line, 0));
  }
}

// A URI without a leading '/' is bad_request_line (OUT-URI-1), even when it
// contains " /"; a valid method is never the one reported.
TEST(RenderRequest, OUT_URI_1_UriWithoutLeadingSlashNeverBlamesTheMethod) {
  struct Case {
    std::string_view method;
    std::string_view uri;
  };
  const Case cases[] = {
      {"GET", "x /y"},
      {"POST", "a /b"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(std::string(c.method) + " " + std::string(c.uri)));
    EXPECT_TRUE(Rejects(render_request(c.method, c.uri, {}, Framing::none()),
                        Error::bad_request_line, 0));
  }
}

// --- Outgoing names are "-0-9a-z" only (OUT-NAME-1). ---

TEST(RenderHeaders, OUT_NAME_1_AcceptsLowerCaseNames) {
  ExpectRendered(Ok200({{"x-az-09", "v"}}, Framing::none()),
                 "HTTP/1.1 200 OK\r\nx-az-09: v\r\n\r\n");
}

TEST(RenderHeaders, OUT_NAME_1_RejectsOtherBytes) {
  struct Case {
    std::string_view name;
    std::size_t at;  // Into the name.
  };
  const Case cases[] = {
      {"Host", 0}, {"a_b", 1},      {"a b", 1},    {"a:b", 1},
      {"a:", 1},   {"\xc3\xa9", 0}, {"ab\r\n", 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.name));
    EXPECT_TRUE(Rejects(Ok200({{std::string(c.name), "v"}}, Framing::none()),
                        Error::bad_outgoing_header_name,
                        kResponseHeadersAt + c.at));
  }
}

// Every byte in the middle of an outgoing name: accepted iff it is in the
// name_out class (upper case is not), else refused at that byte.
TEST(RenderHeaders, OUT_NAME_1_ByteSweepOfAName) {
  for (unsigned b = 0; b < 256; ++b) {
    SCOPED_TRACE(ByteTrace(b));
    const std::string name = "x" + Byte(b) + "y";
    const auto r = Ok200({{name, "v"}}, Framing::none());
    if (in_class(static_cast<std::uint8_t>(b), CharClass::name_out)) {
      ExpectRendered(r, "HTTP/1.1 200 OK\r\n" + name + ": v\r\n\r\n");
    } else {
      EXPECT_TRUE(
          Rejects(r, Error::bad_outgoing_header_name, kResponseHeadersAt + 1));
    }
  }
}

// --- Outgoing names have 1 to 32 bytes (OUT-NAME-2). ---

TEST(RenderHeaders, OUT_NAME_2_Accepts1And32Bytes) {
  ExpectRendered(Ok200({{"a", "v"}}, Framing::none()),
                 "HTTP/1.1 200 OK\r\na: v\r\n\r\n");
  const std::string name(kMaxHeaderNameSize, 'n');
  ExpectRendered(Ok200({{name, "v"}}, Framing::none()),
                 "HTTP/1.1 200 OK\r\n" + name + ": v\r\n\r\n");
}

TEST(RenderHeaders, OUT_NAME_2_RejectsEmptyAnd33Bytes) {
  EXPECT_TRUE(Rejects(Ok200({{"", "v"}}, Framing::none()),
                      Error::header_name_empty, kResponseHeadersAt));
  const std::string name(kMaxHeaderNameSize + 1, 'n');
  EXPECT_TRUE(Rejects(Ok200({{name, "v"}}, Framing::none()),
                      Error::header_name_too_long, kResponseHeadersAt + 32));
}

// --- Outgoing values follow HDR-VALUE-1..2 (OUT-VALUE-1): no header
// injection. ---

TEST(RenderHeaders, OUT_VALUE_1_AcceptsValueBytes) {
  ExpectRendered(Get({{"x", "<a href=\"/b?c\">'y'</a>"}}, Framing::none()),
                 "GET / HTTP/1.1\r\nx: <a href=\"/b?c\">'y'</a>\r\n\r\n");
}

TEST(RenderHeaders, OUT_VALUE_1_RejectsInjectionAndEmpty) {
  // "GET / HTTP/1.1\r\na: " puts the value at 19.
  EXPECT_TRUE(Rejects(Get({{"a", "a\r\nx: y"}}, Framing::none()),
                      Error::bad_header_value_bytes, 20));
  EXPECT_TRUE(Rejects(Get({{"a", "\r\n\r\nGET / HTTP/1.1"}}, Framing::none()),
                      Error::bad_header_value_bytes, 19));
  EXPECT_TRUE(Rejects(Get({{"a", ""}}, Framing::none()),
                      Error::header_value_empty, 19));
  EXPECT_TRUE(Rejects(Get({{"a", "b"}, {"c", "\t"}}, Framing::none()),
                      Error::bad_header_value_bytes, 25));
}

// Every byte in the middle of an outgoing value: accepted iff it is in the
// value class, else refused at that byte.
TEST(RenderHeaders, OUT_VALUE_1_ByteSweepOfAValue) {
  // "HTTP/1.1 200 OK\r\nx: " puts the value at 20.
  for (unsigned b = 0; b < 256; ++b) {
    SCOPED_TRACE(ByteTrace(b));
    const std::string value = "a" + Byte(b) + "b";
    const auto r = Ok200({{"x", value}}, Framing::none());
    if (in_class(static_cast<std::uint8_t>(b), CharClass::value)) {
      ExpectRendered(r, "HTTP/1.1 200 OK\r\nx: " + value + "\r\n\r\n");
    } else {
      EXPECT_TRUE(Rejects(r, Error::bad_header_value_bytes, 21));
    }
  }
}

// --- The special headers' values follow their receive rules
// (OUT-SPECIAL-1). ---

TEST(RenderHeaders, OUT_SPECIAL_1_AcceptsGoodSpecialValues) {
  ExpectRendered(Get({{"range", "bytes=0-0"}}, Framing::none()),
                 "GET / HTTP/1.1\r\nrange: bytes=0-0\r\n\r\n");
  ExpectRendered(Ok200({{"content-length", "5"}}, Framing::none()),
                 "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n");
}

TEST(RenderHeaders, OUT_SPECIAL_1_RejectsBadSpecialValues) {
  // A response with framing none sends given framing headers as they are
  // (OUT-FRAME-3), so their values are checked as values.
  EXPECT_TRUE(Rejects(Ok200({{"content-length", "05"}}, Framing::none()),
                      Error::bad_content_length, 33));
  EXPECT_TRUE(Rejects(Ok200({{"content-length", "5 "}}, Framing::none()),
                      Error::bad_content_length, 34));
  EXPECT_TRUE(Rejects(Ok200({{"transfer-encoding", "gzip"}}, Framing::none()),
                      Error::bad_transfer_encoding, 36));
  // "GET / HTTP/1.1\r\nrange: " puts the value at 23, LAST at 31.
  EXPECT_TRUE(Rejects(Get({{"range", "bytes=5-1"}}, Framing::none()),
                      Error::range_reversed, 31));
  EXPECT_TRUE(Rejects(Get({{"range", "bytes=-1"}}, Framing::none()),
                      Error::bad_range, 29));
  EXPECT_TRUE(
      Rejects(Ok200({{"content-range", "bytes 0-1/1"}}, Framing::of_length(2)),
              Error::content_range_beyond_total, 61));
  // The automatic content-length of a body longer than 16 digits.
  EXPECT_TRUE(Rejects(Ok200({}, Framing::of_length(kMaxLength + 1)),
                      Error::content_length_too_long, 49));
}

TEST(RenderHeaders, OUT_SPECIAL_1_RejectsMisplacedRangeHeaders) {
  EXPECT_TRUE(Rejects(Get({{"content-range", "bytes 0-0/1"}}, Framing::none()),
                      Error::content_range_in_request, kRequestHeadersAt));
  EXPECT_TRUE(Rejects(Ok200({{"range", "bytes=0-0"}}, Framing::none()),
                      Error::range_in_response, kResponseHeadersAt));
}

// --- No name twice (OUT-DUP-1); the offset is the second line. ---

TEST(RenderHeaders, OUT_DUP_1_DistinctNamesAccepted) {
  ExpectRendered(Get({{"a", "1"}, {"ab", "2"}}, Framing::none()),
                 "GET / HTTP/1.1\r\na: 1\r\nab: 2\r\n\r\n");
}

TEST(RenderHeaders, OUT_DUP_1_RejectsTwoHeadersWithOneName) {
  EXPECT_TRUE(Rejects(Get({{"a", "1"}, {"a", "2"}}, Framing::none()),
                      Error::duplicate_header, 22));
  EXPECT_TRUE(Rejects(Get({{"a", "1"}, {"a", "1"}}, Framing::none()),
                      Error::duplicate_header, 22));
  // Sorted first: "a: 1", "x: 1", "x: 1".
  EXPECT_TRUE(
      Rejects(Get({{"x", "1"}, {"a", "1"}, {"x", "1"}}, Framing::none()),
              Error::duplicate_header, 28));
}

// --- Combinations (OUT-COMBO-1): FRAME-* rules hold for what is sent. ---

TEST(RenderHeaders, OUT_COMBO_1_BodyOnPutPostAndRangeAlone) {
  ExpectRendered(render_request("PUT", "/", {}, Framing::of_length(0)),
                 "PUT / HTTP/1.1\r\ncontent-length: 0\r\n\r\n");
  ExpectRendered(
      render_request("HEAD", "/", {{"range", "bytes=1-2"}}, Framing::none()),
      "HEAD / HTTP/1.1\r\nrange: bytes=1-2\r\n\r\n");
}

TEST(RenderHeaders, OUT_COMBO_1_RejectsForbiddenCombinations) {
  struct Case {
    std::string_view what;
    Result<std::string> r;
    Error error;
    std::size_t offset;
  };
  const Case cases[] = {
      {"GET with a body", Get({}, Framing::of_length(3)),
       Error::body_on_bodiless_method, 16},
      {"GET with an empty body", Get({}, Framing::of_length(0)),
       Error::body_on_bodiless_method, 16},
      {"HEAD chunked", render_request("HEAD", "/", {}, Framing::chunked()),
       Error::body_on_bodiless_method, 17},
      {"DELETE with a body",
       render_request("DELETE", "/", {{"a", "b"}}, Framing::of_length(1)),
       Error::body_on_bodiless_method, 25},
      {"range with a length body",
       render_request("PUT", "/", {{"range", "bytes=0-0"}},
                      Framing::of_length(3)),
       Error::range_with_body_framing, 35},
      {"range with a chunked body",
       render_request("POST", "/", {{"range", "bytes=0-0"}},
                      Framing::chunked()),
       Error::range_with_body_framing, 35},
      // FRAME-RANGE-1 before FRAME-METHOD-1.
      {"GET with range and a body",
       Get({{"range", "bytes=0-0"}}, Framing::of_length(1)),
       Error::range_with_body_framing, 35},
      {"response with both framing headers",
       Ok200({{"content-length", "1"}, {"transfer-encoding", "chunked"}},
             Framing::none()),
       Error::content_length_with_transfer_encoding, 36},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_TRUE(Rejects(c.r, c.error, c.offset));
  }
}

// --- Headers sorted by name bytes, whatever the given order
// (OUT-ORDER-1). ---

TEST(RenderHeaders, OUT_ORDER_1_SortedInEveryInputOrder) {
  std::array<Header, 5> given = {
      {{"a", "1"}, {"a-", "2"}, {"a0", "3"}, {"aa", "4"}, {"zz", "5"}}};
  const std::string_view want =
      "HTTP/1.1 200 OK\r\na: 1\r\na-: 2\r\na0: 3\r\naa: 4\r\n"
      "content-length: 0\r\nzz: 5\r\n\r\n";
  std::sort(given.begin(), given.end(),
            [](const Header& x, const Header& y) { return x.name < y.name; });
  int orders = 0;
  do {
    const HeaderList headers(given.begin(), given.end());
    SCOPED_TRACE(testing::PrintToString(headers));
    ExpectRendered(Ok200(headers, Framing::of_length(0)), want);
    ++orders;
  } while (std::next_permutation(
      given.begin(), given.end(),
      [](const Header& x, const Header& y) { return x.name < y.name; }));
  EXPECT_EQ(orders, 120);
}

// --- At most 20 headers, the automatic one included (OUT-COUNT-1). ---

HeaderList Numbered(std::size_t n) {
  HeaderList out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back({"h" + std::to_string(100 + i), "v"});
  }
  return out;
}

TEST(RenderHeaders, OUT_COUNT_1_AcceptsTwentyHeaders) {
  const auto with_auto = Ok200(Numbered(19), Framing::of_length(1));
  ASSERT_TRUE(Accepts(with_auto));
  const auto parsed = parse_response(
      std::string_view(*with_auto).substr(0, with_auto->size() - 4),
      Method::get);
  ASSERT_TRUE(Accepts(parsed));
  EXPECT_EQ(parsed->headers.fields.size(), 20u);
  EXPECT_TRUE(Accepts(Ok200(Numbered(20), Framing::none())));
  EXPECT_TRUE(Accepts(Get(Numbered(20), Framing::none())));
}

TEST(RenderHeaders, OUT_COUNT_1_RejectsTwentyOne) {
  EXPECT_TRUE(Rejects(Ok200(Numbered(20), Framing::of_length(1)),
                      Error::too_many_headers, 0));
  EXPECT_TRUE(Rejects(Ok200(Numbered(20), Framing::chunked()),
                      Error::too_many_headers, 0));
  EXPECT_TRUE(Rejects(Ok200(Numbered(21), Framing::none()),
                      Error::too_many_headers, 0));
  EXPECT_TRUE(
      Rejects(render_request("PUT", "/", Numbered(20), Framing::of_length(1)),
              Error::too_many_headers, 0));
}

// --- The preamble fits in 32768 bytes, CRLFCRLF included (OUT-SIZE-1). ---

TEST(RenderSize, OUT_SIZE_1_Accepts32768Bytes) {
  // "HTTP/1.1 200 OK\r\nx: " (20) + value + "\r\n\r\n" (4).
  const std::string value(kMaxPreambleSize - 24, 'v');
  const auto r = Ok200({{"x", value}}, Framing::none());
  ASSERT_TRUE(Accepts(r));
  EXPECT_EQ(r->size(), 32768u);
  // A request whose URI fills it: "GET " + URI + " HTTP/1.1\r\n\r\n".
  const std::string uri = "/" + std::string(kMaxPreambleSize - 18, 'a');
  const auto q = render_request("GET", uri, {}, Framing::none());
  ASSERT_TRUE(Accepts(q));
  EXPECT_EQ(q->size(), 32768u);
  // What is rendered is what a reader accepts.
  const auto scanned = scan_preamble(*q, true);
  ASSERT_TRUE(Accepts(scanned));
  EXPECT_EQ(scanned->consumed, 32768u);
}

TEST(RenderSize, OUT_SIZE_1_Rejects32769Bytes) {
  const std::string value(kMaxPreambleSize - 23, 'v');
  EXPECT_TRUE(Rejects(Ok200({{"x", value}}, Framing::none()),
                      Error::output_too_large, 32768));
  const std::string uri = "/" + std::string(kMaxPreambleSize - 17, 'a');
  EXPECT_TRUE(Rejects(render_request("GET", uri, {}, Framing::none()),
                      Error::output_too_large, 32768));
  // The automatic header counts too.
  const std::string fits(kMaxPreambleSize - 24 - 19, 'v');
  EXPECT_TRUE(Accepts(Ok200({{"x", fits}}, Framing::of_length(0))));
  EXPECT_TRUE(Rejects(Ok200({{"x", fits}}, Framing::of_length(10)),
                      Error::output_too_large, 32768));
}

// --- The framing header for the body is added (OUT-FRAME-1). ---

TEST(RenderFraming, OUT_FRAME_1_AutomaticFramingHeader) {
  ExpectRendered(Ok200({{"a", "b"}}, Framing::of_length(12)),
                 "HTTP/1.1 200 OK\r\na: b\r\ncontent-length: 12\r\n\r\n");
  ExpectRendered(
      Ok200({{"z", "b"}}, Framing::chunked()),
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nz: b\r\n\r\n");
  ExpectRendered(Ok200({{"a", "b"}}, Framing::none()),
                 "HTTP/1.1 200 OK\r\na: b\r\n\r\n");
  ExpectRendered(render_request("PUT", "/", {}, Framing::of_length(kMaxLength)),
                 "PUT / HTTP/1.1\r\ncontent-length: 9999999999999999\r\n\r\n");
}

// --- A given framing header must agree with the body (OUT-FRAME-2). ---

TEST(RenderFraming, OUT_FRAME_2_EqualGivenHeaderKeptOnce) {
  ExpectRendered(Ok200({{"content-length", "5"}}, Framing::of_length(5)),
                 "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n");
  ExpectRendered(render_request("POST", "/", {{"transfer-encoding", "chunked"}},
                                Framing::chunked()),
                 "POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n");
}

TEST(RenderFraming, OUT_FRAME_2_RejectsDisagreement) {
  struct Case {
    std::string_view what;
    Result<std::string> r;
  };
  const Case cases[] = {
      {"content-length 6, body of 5",
       Ok200({{"content-length", "6"}}, Framing::of_length(5))},
      {"content-length 05, body of 5",
       Ok200({{"content-length", "05"}}, Framing::of_length(5))},
      {"transfer-encoding with a length body",
       Ok200({{"transfer-encoding", "chunked"}}, Framing::of_length(5))},
      {"content-length with a chunked body",
       Ok200({{"content-length", "5"}}, Framing::chunked())},
      {"transfer-encoding gzip with a chunked body",
       Ok200({{"transfer-encoding", "gzip"}}, Framing::chunked())},
      {"request without body but with content-length",
       render_request("PUT", "/", {{"content-length", "5"}}, Framing::none())},
      {"request without body but with transfer-encoding",
       render_request("POST", "/", {{"transfer-encoding", "chunked"}},
                      Framing::none())},
      {"GET without body but with content-length 0",
       Get({{"content-length", "0"}}, Framing::none())},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_TRUE(Rejects(c.r, Error::framing_header_mismatch, 0));
  }
}

// --- A response without body may describe one (OUT-FRAME-3): the answer
// to HEAD. ---

TEST(RenderFraming, OUT_FRAME_3_ResponseWithoutBodyKeepsGivenHeaders) {
  ExpectRendered(Ok200({{"content-length", "5"}}, Framing::none()),
                 "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n");
  ExpectRendered(Ok200({{"transfer-encoding", "chunked"}}, Framing::none()),
                 "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n");
}

TEST(RenderFraming, OUT_FRAME_3_GivenHeadersAreStillChecked) {
  EXPECT_TRUE(Rejects(Ok200({{"content-length", "x"}}, Framing::none()),
                      Error::bad_content_length, 33));
}

// --- Status 100 to 599 (OUT-STATUS-1); the offset is the status (9). ---

TEST(RenderResponse, OUT_STATUS_1_Accepts100To599) {
  ExpectRendered(render_response(100, "Continue", {}, Framing::none()),
                 "HTTP/1.1 100 Continue\r\n\r\n");
  ExpectRendered(render_response(599, "Last", {}, Framing::none()),
                 "HTTP/1.1 599 Last\r\n\r\n");
}

TEST(RenderResponse, OUT_STATUS_1_RejectsOthers) {
  const unsigned statuses[] = {
      0, 1, 99, 600, 999, 1000, 20000, std::numeric_limits<unsigned>::max()};
  for (const unsigned status : statuses) {
    SCOPED_TRACE(status);
    EXPECT_TRUE(Rejects(render_response(status, "OK", {}, Framing::none()),
                        Error::bad_status, 9));
  }
}

// --- The reason is one a receiver accepts (OUT-REASON-1): at least 2
// bytes of the reason class. ---

TEST(RenderResponse, OUT_REASON_1_AcceptsGoodReasons) {
  ExpectRendered(render_response(200, "OK", {}, Framing::none()),
                 "HTTP/1.1 200 OK\r\n\r\n");
  ExpectRendered(render_response(200, "  OK ", {}, Framing::none()),
                 "HTTP/1.1 200   OK \r\n\r\n");
}

TEST(RenderResponse, OUT_REASON_1_RejectsBadReasons) {
  struct Case {
    std::string_view reason;
    Error error;
    std::size_t offset;
  };
  const Case cases[] = {
      {"X", Error::response_line_too_short, 0},
      {"", Error::response_line_too_short, 0},
      {"I'm", Error::bad_reason, 14},
      {"O\r\nK", Error::bad_reason, 14},
      {"OK\r\nx: y", Error::bad_reason, 15},
      {"OK.", Error::bad_reason, 15},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.reason));
    EXPECT_TRUE(Rejects(render_response(200, c.reason, {}, Framing::none()),
                        c.error, c.offset));
  }
}

// Every byte in the middle of a reason: accepted iff it is in the reason
// class, else refused at that byte.
TEST(RenderResponse, OUT_REASON_1_ByteSweepOfTheReason) {
  for (unsigned b = 0; b < 256; ++b) {
    SCOPED_TRACE(ByteTrace(b));
    const std::string reason = "O" + Byte(b) + "K";
    const auto r = render_response(200, reason, {}, Framing::none());
    if (in_class(static_cast<std::uint8_t>(b), CharClass::reason)) {
      ExpectRendered(r, "HTTP/1.1 200 " + reason + "\r\n\r\n");
    } else {
      EXPECT_TRUE(Rejects(r, Error::bad_reason, 14));
    }
  }
}

// --- Chunk-size lines: lower-case hex without leading zeros (OUT-CHUNK-1).

TEST(RenderChunk, OUT_CHUNK_1_LowerCaseHex) {
  struct Case {
    std::uint64_t size;
    std::string_view want;
  };
  const Case cases[] = {
      {0, "0\r\n"},
      {1, "1\r\n"},
      {10, "a\r\n"},
      {255, "ff\r\n"},
      {4096, "1000\r\n"},
      {0xabcdef, "abcdef\r\n"},
      {16777215, "ffffff\r\n"},
      {16777216, "1000000\r\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.size);
    ExpectRendered(render_chunk_line(c.size, std::nullopt), c.want);
  }
}

// --- At most 0x1000000 (OUT-CHUNK-2). ---

TEST(RenderChunk, OUT_CHUNK_2_AcceptsUpTo0x1000000) {
  ExpectRendered(render_chunk_line(kMaxChunkSize, std::nullopt), "1000000\r\n");
  ExpectRendered(render_chunk_line(kMaxChunkSize, ChunkExtension{"k", "v"}),
                 "1000000;k=v\r\n");
}

TEST(RenderChunk, OUT_CHUNK_2_RejectsLargerSizes) {
  const std::uint64_t sizes[] = {16777217, 0x10000000,
                                 std::numeric_limits<std::uint64_t>::max()};
  for (const std::uint64_t size : sizes) {
    SCOPED_TRACE(size);
    EXPECT_TRUE(Rejects(render_chunk_line(size, std::nullopt),
                        Error::chunk_size_too_large, 0));
    EXPECT_TRUE(Rejects(render_chunk_line(size, ChunkExtension{"k", "v"}),
                        Error::chunk_size_too_large, 0));
  }
}

// --- The extension follows CHUNK-EXT-1..3 (OUT-CHUNK-3). ---

TEST(RenderChunk, OUT_CHUNK_3_AcceptsGoodExtensions) {
  ExpectRendered(render_chunk_line(5, ChunkExtension{"K", "V"}), "5;K=V\r\n");
  ExpectRendered(render_chunk_line(0, ChunkExtension{"k", "v"}), "0;k=v\r\n");
  ExpectRendered(render_chunk_line(255, ChunkExtension{"a-1", "b;c"}),
                 "ff;a-1=b;c\r\n");
}

TEST(RenderChunk, OUT_CHUNK_3_RejectsBadExtensions) {
  struct Case {
    std::uint64_t size;
    ChunkExtension ext;
    Error error;
    std::size_t offset;
  };
  const Case cases[] = {
      {5, {"", "v"}, Error::bad_chunk_extension, 2},
      {5, {"k", ""}, Error::bad_chunk_extension, 2},
      {5, {"", ""}, Error::bad_chunk_extension, 2},
      {255, {"", "v"}, Error::bad_chunk_extension, 3},
      {5, {"k=", "v"}, Error::bad_chunk_extension_key, 3},
      {5, {"k\r\n", "v"}, Error::bad_chunk_extension_key, 3},
      {5, {" k", "v"}, Error::bad_chunk_extension_key, 2},
      {5, {"k", "a=b"}, Error::bad_chunk_extension_value, 5},
      {5, {"k", "v\r\n"}, Error::bad_chunk_extension_value, 5},
      {5, {"key", "v v"}, Error::bad_chunk_extension_value, 7},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.ext));
    EXPECT_TRUE(Rejects(render_chunk_line(c.size, c.ext), c.error, c.offset));
  }
}

// Every byte in the middle of an extension key and value: accepted iff it
// is in the ext_key / ext_value class.
TEST(RenderChunk, OUT_CHUNK_3_ByteSweepOfKeyAndValue) {
  for (unsigned b = 0; b < 256; ++b) {
    SCOPED_TRACE(ByteTrace(b));
    const std::string middle = "a" + Byte(b) + "b";
    const auto key = render_chunk_line(5, ChunkExtension{middle, "v"});
    if (in_class(static_cast<std::uint8_t>(b), CharClass::ext_key)) {
      ExpectRendered(key, "5;" + middle + "=v\r\n");
    } else {
      EXPECT_TRUE(Rejects(key, Error::bad_chunk_extension_key, 3));
    }
    const auto value = render_chunk_line(5, ChunkExtension{"k", middle});
    if (in_class(static_cast<std::uint8_t>(b), CharClass::ext_value)) {
      ExpectRendered(value, "5;k=" + middle + "\r\n");
    } else {
      EXPECT_TRUE(Rejects(value, Error::bad_chunk_extension_value, 5));
    }
  }
}

// --- A relayed chunk line is rendered again from its parsed values
// (OUT-CHUNK-5). ---

TEST(RenderChunk, OUT_CHUNK_5_RelayNormalisesTheSizeOnly) {
  struct Case {
    std::string_view received;
    std::string_view sent;
  };
  const Case cases[] = {
      {"A;K=V", "a;K=V\r\n"},
      {"FF", "ff\r\n"},
      {"0;Last=Yes", "0;Last=Yes\r\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.received));
    const auto parsed = parse_chunk_line(c.received);
    ASSERT_TRUE(Accepts(parsed));
    ExpectRendered(render_chunk_line(parsed->size, parsed->extension), c.sent);
  }
}

// --- Values are sent byte for byte; a length is sent in canonical decimal
// (OUT-VALUE-2). ---

TEST(RenderHeaders, OUT_VALUE_2_ValuesSentAsGiven) {
  ExpectRendered(Ok200({{"x", "  A  b "}, {"y", "%41"}}, Framing::of_length(7)),
                 "HTTP/1.1 200 OK\r\ncontent-length: 7\r\nx:   A  b \r\n"
                 "y: %41\r\n\r\n");
}

// --- Only the framing header is ever added (OUT-NOADD-1). ---

TEST(RenderHeaders, OUT_NOADD_1_NothingButTheFramingHeaderIsAdded) {
  ExpectRendered(Ok200({}, Framing::none()), "HTTP/1.1 200 OK\r\n\r\n");
  ExpectRendered(render_request("PUT", "/", {}, Framing::of_length(3)),
                 "PUT / HTTP/1.1\r\ncontent-length: 3\r\n\r\n");
}

// --- When a rendering breaks several rules, the first in this order
// decides (OUT-CHECK-1): start line; OUT-FRAME-2; OUT-COUNT-1; header lines
// in output order (name, duplicate, value); combinations; OUT-SIZE-1. ---

TEST(RenderOrder, OUT_CHECK_1_FirstBrokenRuleDecides) {
  HeaderList too_many = Numbered(21);
  too_many.push_back({"content-length", "6"});
  HeaderList many_and_bad = Numbered(20);
  many_and_bad.push_back({"Bad", "v"});
  const std::string big(kMaxPreambleSize, 'v');
  struct Case {
    std::string_view what;
    Result<std::string> r;
    Error error;
    std::size_t offset;
  };
  const Case cases[] = {
      {"status before reason", render_response(99, "I'm", {}, Framing::none()),
       Error::bad_status, 9},
      {"start line before framing",
       render_request("get", "/", {{"content-length", "1"}}, Framing::none()),
       Error::bad_method, 0},
      {"reason before framing",
       render_response(200, "O.K", {{"content-length", "1"}},
                       Framing::chunked()),
       Error::bad_reason, 14},
      {"framing before count", Ok200(too_many, Framing::of_length(5)),
       Error::framing_header_mismatch, 0},
      {"count before lines", Ok200(many_and_bad, Framing::none()),
       Error::too_many_headers, 0},
      {"lines in output order",
       Ok200({{"b", "\x01"}, {"A", "v"}}, Framing::none()),
       Error::bad_outgoing_header_name, 17},
      {"duplicate before value",
       Ok200({{"a", "1"}, {"a", ""}}, Framing::none()), Error::duplicate_header,
       23},
      {"value of the first of two",
       Ok200({{"a", ""}, {"a", "1"}}, Framing::none()),
       Error::header_value_empty, 20},
      {"lines before combinations",
       Ok200({{"range", "bytes=0-0"}, {"zz", "\x01"}}, Framing::none()),
       Error::bad_header_value_bytes, 39},
      {"combinations before size",
       Ok200({{"range", "bytes=0-0"}, {"x", big}}, Framing::none()),
       Error::range_in_response, 17},
      {"method rule before size", Get({{"x", big}}, Framing::of_length(1)),
       Error::body_on_bodiless_method, 16},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_TRUE(Rejects(c.r, c.error, c.offset));
  }
}

TEST(RenderOrder, OUT_CHECK_1_NothingBrokenNothingReported) {
  EXPECT_TRUE(Accepts(Ok200(Numbered(19), Framing::of_length(0))));
}

// --- What is rendered parses back to what was given (OUT-ROUNDTRIP-1). ---

// Unframed: rendered bytes checked by the reader (scan) and with their
// CRLFCRLF removed, as a reader hands them to the parser.
std::string_view Unframed(const std::string& rendered) {
  const auto scanned = scan_preamble(rendered, true);
  EXPECT_TRUE(Accepts(scanned));
  if (!scanned.ok()) {
    return {};
  }
  EXPECT_EQ(scanned->consumed, rendered.size());
  return std::string_view(rendered).substr(0, scanned->size);
}

TEST(RoundTrip, OUT_ROUNDTRIP_1_Requests) {
  struct Case {
    std::string_view method;
    Method parsed_method;
    std::string_view uri;
    std::vector<std::string> path;
    std::optional<std::string> query;
    HeaderList headers;
    Framing body;
    HeaderList wire;  // Sorted, with the automatic header.
  };
  const Case cases[] = {
      {"PUT",
       Method::put,
       "/a/b?x=1",
       {"a", "b"},
       "x=1",
       {{"x-custom", "A b"}, {"host", "example.com:8080"}},
       Framing::of_length(10),
       {{"content-length", "10"},
        {"host", "example.com:8080"},
        {"x-custom", "A b"}}},
      {"GET",
       Method::get,
       "/",
       {},
       std::nullopt,
       {{"range", "bytes=0-4"}, {"accept", "*/*"}},
       Framing::none(),
       {{"accept", "*/*"}, {"range", "bytes=0-4"}}},
      {"POST",
       Method::post,
       "/a/?",
       {"a", ""},
       "",
       {},
       Framing::chunked(),
       {{"transfer-encoding", "chunked"}}},
      {"DELETE",
       Method::delete_,
       "/x/.../y",
       {"x", "...", "y"},
       std::nullopt,
       {},
       Framing::none(),
       {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Shown(c.uri));
    const auto rendered = render_request(c.method, c.uri, c.headers, c.body);
    ASSERT_TRUE(Accepts(rendered));
    const auto r = parse_request(Unframed(*rendered));
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(r->method, c.parsed_method);
    EXPECT_EQ(r->uri, c.uri);
    EXPECT_EQ(r->path, c.path);
    EXPECT_EQ(r->query, c.query);
    EXPECT_EQ(r->headers.fields, c.wire);
    EXPECT_EQ(r->framing, c.body);
  }
}

TEST(RoundTrip, OUT_ROUNDTRIP_1_Responses) {
  struct Case {
    unsigned status;
    std::string_view reason;
    HeaderList headers;
    Framing body;
    Method request_method;
    Framing parsed_framing;
    HeaderList wire;
  };
  const Case cases[] = {
      {200,
       "OK",
       {{"content-type", "text/plain"}},
       Framing::of_length(5),
       Method::get,
       Framing::of_length(5),
       {{"content-length", "5"}, {"content-type", "text/plain"}}},
      {206,
       "Partial Content",
       {{"content-range", "bytes 0-4/10"}},
       Framing::of_length(5),
       Method::get,
       Framing::of_length(5),
       {{"content-length", "5"}, {"content-range", "bytes 0-4/10"}}},
      {200,
       "OK",
       {{"content-length", "5"}},
       Framing::none(),
       Method::head,
       Framing::none(),
       {{"content-length", "5"}}},
      {204,
       "No Content",
       {},
       Framing::none(),
       Method::delete_,
       Framing::none(),
       {}},
      {500,
       "  Oops ",
       {},
       Framing::chunked(),
       Method::post,
       Framing::chunked(),
       {{"transfer-encoding", "chunked"}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.status);
    const auto rendered =
        render_response(c.status, c.reason, c.headers, c.body);
    ASSERT_TRUE(Accepts(rendered));
    const auto r = parse_response(Unframed(*rendered), c.request_method);
    ASSERT_TRUE(Accepts(r));
    EXPECT_EQ(r->status, c.status);
    EXPECT_EQ(r->reason, c.reason);
    EXPECT_EQ(r->headers.fields, c.wire);
    EXPECT_EQ(r->framing, c.parsed_framing);
  }
}

TEST(RoundTrip, OUT_ROUNDTRIP_1_ChunkLines) {
  struct Case {
    std::uint32_t size;
    std::optional<ChunkExtension> ext;
  };
  const Case cases[] = {
      {0, std::nullopt},
      {0, ChunkExtension{"k", "v"}},
      {255, ChunkExtension{"Key-1", "a;b"}},
      {16777216, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.size);
    const auto rendered = render_chunk_line(c.size, c.ext);
    ASSERT_TRUE(Accepts(rendered));
    const auto scanned = scan_chunk_line(*rendered, true);
    ASSERT_TRUE(Accepts(scanned));
    EXPECT_EQ(scanned->consumed, rendered->size());
    const auto parsed =
        parse_chunk_line(std::string_view(*rendered).substr(0, scanned->size));
    ASSERT_TRUE(Accepts(parsed));
    EXPECT_EQ(*parsed, (ChunkLine{c.size, c.ext}));
  }
}

}  // namespace
}  // namespace degu::core
