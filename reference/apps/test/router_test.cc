// router_test.cc: Router (APP-ROUTE-1..4).
//
// Facts from the original (degu 0.19, C and Python backends alike), with
// the map of the Routing fixture below served by degu.server.Server on
// AF_UNIX; the same requests give the same bytes here:
//   GET /        -> the None entry of the top map
//   GET /a       -> the None entry of the map under "a"
//   GET /a/      -> the "" entry of the map under "a" (URI-PATH-3)
//   GET /a/b/c   -> the app under "a"/"b", mount [a, b], path [c]
//   GET /leaf/more/x -> the app under "leaf", path [more, x]
//   GET /a/x, /n, /n/, /e, /e/x, /zz -> "HTTP/1.1 410 Gone\r\n\r\n", and
//     the connection closes (SRV-KEEPALIVE-1)
//   GET /?q      -> the None entry: the query plays no part
//   PUT /zz with content-length: 2 -> nothing sent, closed: the 410 leaves
//     the body unread (SRV-CONSUME-1)
// Building: 10 nested maps (the top one included) are accepted, 11 raise
// ValueError "Router: max appmap depth 10 exceeded" (ROUTER_MAX_DEPTH 10,
// checked before the entries, so an empty 11th map is refused too); a
// value that is not callable raises TypeError; a key that is not a str or
// None raises TypeError; {} is accepted and answers 410 to everything.
#include "degu/apps/router.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace degu::apps {
namespace {

using test::request;
using test::response;
using test::serve;

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out += (i > 0 ? "/" : "") + parts[i];
  }
  return out;
}

// named: answers 200 with a body naming itself and the request's mount
// and path, as the application used with the original did.
server::App named(const std::string& text) {
  return [text](server::Session&, server::Request& r) -> server::AppResult {
    server::Response resp;
    resp.body = io::OutputBody::bytes(text + " mount=" + joined(r.mount()) +
                                      " path=" + joined(r.path()));
    return resp;
  };
}

std::string ok(const std::string& body) {
  return "HTTP/1.1 200 OK\r\ncontent-length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

const std::string kGone = "HTTP/1.1 410 Gone\r\n\r\n";

Router routing() {
  return Router(RouteMap{
      {kPathEnd, named("root")},
      {"a", RouteMap{{kPathEnd, named("a-none")},
                     {"", named("a-empty")},
                     {"b", named("a-b")}}},
      {"n", RouteMap{{"x", named("n-x")}}},
      {"e", RouteMap{}},
      {"leaf", named("leaf")},
  });
}

std::string get(const std::string& uri) {
  return "GET " + uri + " HTTP/1.1\r\n\r\n";
}

TEST(Router, ExhaustedPathMatchesPathEnd) {  // APP-ROUTE-1.
  EXPECT_EQ(serve(routing(), get("/")).written, ok("root mount= path="));
  EXPECT_EQ(serve(routing(), get("/?q")).written, ok("root mount= path="));
  EXPECT_EQ(serve(routing(), get("/a")).written, ok("a-none mount=a path="));
}

TEST(Router, TrailingSlashMatchesTheEmptyComponent) {  // APP-ROUTE-1.
  EXPECT_EQ(serve(routing(), get("/a/")).written, ok("a-empty mount=a/ path="));
}

TEST(Router, LeafGetsTheRestOfThePath) {  // APP-ROUTE-4.
  EXPECT_EQ(serve(routing(), get("/a/b")).written, ok("a-b mount=a/b path="));
  EXPECT_EQ(serve(routing(), get("/a/b/c")).written,
            ok("a-b mount=a/b path=c"));
  EXPECT_EQ(serve(routing(), get("/leaf/more/x")).written,
            ok("leaf mount=leaf path=more/x"));
  EXPECT_EQ(serve(routing(), get("/leaf/")).written,
            ok("leaf mount=leaf path="));
}

TEST(Router, NoEntryIsGoneAndCloses) {  // APP-ROUTE-2.
  for (const char* uri : {"/a/x", "/n", "/n/", "/e", "/e/x", "/zz"}) {
    auto ex = serve(routing(), get(uri) + get("/"));
    EXPECT_EQ(ex.written, kGone) << uri;
    EXPECT_EQ(ex.closed, server::CloseReason::status) << uri;
  }
  server::Session s;
  auto r = request(core::Method::get, {"zz"});
  auto direct = response(routing()(s, r));
  EXPECT_EQ(direct.status, 410u);
  EXPECT_EQ(direct.reason, "Gone");
  EXPECT_TRUE(direct.headers.empty());
  EXPECT_EQ(direct.body.framing(), core::Framing::none());
}

TEST(Router, EmptyMapIsGoneForEverything) {
  Router empty{RouteMap{}};
  EXPECT_EQ(serve(empty, get("/")).written, kGone);
  EXPECT_EQ(serve(empty, get("/x/y")).written, kGone);
}

TEST(Router, KeepAliveAcrossMatches) {
  auto ex = serve(routing(), get("/") + get("/a/") + get("/zz") + get("/"));
  EXPECT_EQ(ex.written,
            ok("root mount= path=") + ok("a-empty mount=a/ path=") + kGone);
  EXPECT_EQ(ex.responses, 3u);
}

TEST(Router, GoneLeavesTheBodyUnread) {  // SRV-CONSUME-1.
  auto ex = serve(routing(), "PUT /zz HTTP/1.1\r\ncontent-length: 2\r\n\r\nab");
  EXPECT_EQ(ex.written, "");
  EXPECT_EQ(ex.closed, server::CloseReason::body_not_consumed);
}

TEST(Router, ShiftsOneComponentPerLevel) {
  server::Session s;
  auto r = request(core::Method::get, {"a", "b", "c", "d"});
  auto resp = response(routing()(s, r));
  EXPECT_EQ(r.mount(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.path(), (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(resp.status, 200u);
}

TEST(Router, NestedRouterIsAnApplication) {
  Router inner(RouteMap{{"x", named("inner")}});
  Router outer(RouteMap{{"in", inner}});
  EXPECT_EQ(serve(outer, get("/in/x/y")).written,
            ok("inner mount=in/x path=y"));
  EXPECT_EQ(serve(outer, get("/in")).written, kGone);
}

TEST(Router, ApplicationFailurePassesThrough) {
  Router r(RouteMap{
      {kPathEnd, [](server::Session&, server::Request&) -> server::AppResult {
         return server::AppFailure{"no"};
       }}});
  auto ex = serve(r, get("/"));
  EXPECT_EQ(ex.written, "");
  EXPECT_EQ(ex.closed, server::CloseReason::app_failed);
}

// nest: n maps, each the only entry "x" of the one above; the innermost
// has an application at kPathEnd, or is empty.
RouteMap nest(std::size_t n, bool empty_innermost = false) {
  RouteMap m;
  if (!empty_innermost) {
    m.add(kPathEnd, named("deep"));
  }
  for (std::size_t i = 1; i < n; ++i) {
    RouteMap up;
    up.add("x", std::move(m));
    m = std::move(up);
  }
  return m;
}

TEST(Router, TenMapsDeepIsTheLimit) {  // APP-ROUTE-3.
  EXPECT_EQ(kRouterMaxDepth, 10u);
  Router deepest(nest(10));
  EXPECT_EQ(serve(deepest, get("/x/x/x/x/x/x/x/x/x")).written,
            ok("deep mount=x/x/x/x/x/x/x/x/x path="));
  EXPECT_EQ(serve(deepest, get("/x/x/x/x/x/x/x/x/x/x")).written, kGone);
  EXPECT_THROW(Router{nest(11)}, RouterTooDeep);
  EXPECT_THROW(Router{nest(11, true)}, RouterTooDeep);
  EXPECT_NO_THROW(Router{nest(10, true)});
  try {
    Router{nest(12)};
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {  // RouterTooDeep is one.
    EXPECT_NE(std::string(e.what()).find("APP-ROUTE-3"), std::string::npos);
  }
}

TEST(Router, EmptyApplicationIsRefused) {  // APP-ROUTE-4.
  EXPECT_THROW(Router(RouteMap{{"a", server::App()}}), std::invalid_argument);
  EXPECT_THROW(Router(RouteMap{{"a", RouteMap{{kPathEnd, server::App()}}}}),
               std::invalid_argument);
  server::AppResult (*null_function)(server::Session&, server::Request&) =
      nullptr;
  EXPECT_THROW(Router(RouteMap{{"a", null_function}}), std::invalid_argument);
}

TEST(Router, KeyGivenTwiceIsRefused) {
  EXPECT_THROW((RouteMap{{"a", named("1")}, {"a", named("2")}}),
               std::invalid_argument);
  EXPECT_THROW((RouteMap{{kPathEnd, named("1")}, {kPathEnd, named("2")}}),
               std::invalid_argument);
  RouteMap m{{"a", named("1")}};
  EXPECT_THROW(m.add("a", named("2")), std::invalid_argument);
  EXPECT_NO_THROW(m.add("", named("2")));  // "" and kPathEnd differ.
  EXPECT_NO_THROW(m.add(kPathEnd, named("3")));
}

}  // namespace
}  // namespace degu::apps
