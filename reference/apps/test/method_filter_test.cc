// method_filter_test.cc: AllowedMethods and MethodFilter (APP-METHOD-1..2).
//
// Facts from the original (degu 0.19): AllowedMethods('GET', 'HEAD')
// wrapping an application answers PUT / with
// "HTTP/1.1 405 Method Not Allowed\r\n\r\n" and closes the connection;
// a PUT with content-length: 2 gets nothing (the body is left unread,
// SRV-CONSUME-1).  AllowedMethods() and AllowedMethods('GET', 'GET') are
// accepted; 'get', 'PATCH' and 'OPTIONS' raise ValueError "bad method";
// MethodFilter refuses a non-callable application with TypeError.
#include "degu/apps/method_filter.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace degu::apps {
namespace {

using core::Method;
using test::serve;

const std::string kNotAllowed = "HTTP/1.1 405 Method Not Allowed\r\n\r\n";

server::AppResult hello(server::Session&, server::Request& r) {
  server::Response resp;
  if (r.method() != Method::head) {
    resp.body = io::OutputBody::bytes("hello");
  }
  return resp;
}

TEST(MethodFilter, AllowedMethodReachesTheApplication) {
  auto app = AllowedMethods{Method::get, Method::head}(hello);
  EXPECT_EQ(serve(app, "GET / HTTP/1.1\r\n\r\n").written,
            "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello");
  EXPECT_EQ(serve(app, "HEAD / HTTP/1.1\r\n\r\n").written,
            "HTTP/1.1 200 OK\r\n\r\n");
}

TEST(MethodFilter, OtherMethodIs405AndCloses) {  // APP-METHOD-1.
  auto app = AllowedMethods{Method::get, Method::head}(hello);
  for (const char* m : {"PUT", "POST", "DELETE"}) {
    auto ex = serve(
        app, std::string(m) + " / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n");
    EXPECT_EQ(ex.written, kNotAllowed) << m;
    EXPECT_EQ(ex.closed, server::CloseReason::status) << m;
  }
}

TEST(MethodFilter, DisallowedDoesNotCallTheApplication) {
  int calls = 0;
  MethodFilter f(
      [&calls](server::Session&, server::Request&) -> server::AppResult {
        ++calls;
        return server::Response{};
      },
      AllowedMethods{Method::put});
  server::Session s;
  auto r = test::request(Method::get, {});
  auto resp = test::response(f(s, r));
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(resp.status, 405u);
  EXPECT_EQ(resp.reason, "Method Not Allowed");
  EXPECT_TRUE(resp.headers.empty());
  EXPECT_EQ(resp.body.framing(), core::Framing::none());
  auto put = test::request(Method::put, {});
  EXPECT_EQ(test::response(f(s, put)).status, 200u);
  EXPECT_EQ(calls, 1);
}

TEST(MethodFilter, UnreadBodySendsNothing) {  // SRV-CONSUME-1.
  auto app = AllowedMethods{Method::get}(hello);
  auto ex = serve(app, "PUT / HTTP/1.1\r\ncontent-length: 2\r\n\r\nab");
  EXPECT_EQ(ex.written, "");
  EXPECT_EQ(ex.closed, server::CloseReason::body_not_consumed);
}

TEST(AllowedMethods, Sets) {
  AllowedMethods none{};
  AllowedMethods twice{Method::get, Method::get};
  for (Method m : {Method::get, Method::put, Method::post, Method::head,
                   Method::delete_}) {
    EXPECT_FALSE(none.allows(m));
    EXPECT_EQ(twice.allows(m), m == Method::get);
  }
  auto all =
      AllowedMethods::from_names({"GET", "PUT", "POST", "HEAD", "DELETE"});
  EXPECT_TRUE(all.allows(Method::delete_));
  EXPECT_TRUE(AllowedMethods::from_names({"PUT", "PUT"}).allows(Method::put));
  EXPECT_FALSE(AllowedMethods::from_names({}).allows(Method::get));
}

TEST(AllowedMethods, UnknownNameIsRefused) {  // APP-METHOD-2.
  for (const char* name : {"get", "PATCH", "OPTIONS", "", "GET "}) {
    EXPECT_THROW(AllowedMethods::from_names({"GET", name}),
                 std::invalid_argument)
        << name;
  }
}

TEST(MethodFilter, EmptyApplicationIsRefused) {
  EXPECT_THROW(MethodFilter(server::App(), AllowedMethods{Method::get}),
               std::invalid_argument);
  EXPECT_THROW(AllowedMethods{Method::get}(server::App()),
               std::invalid_argument);
}

}  // namespace
}  // namespace degu::apps
