// connection_test.cc: the connection loop (SRV-*) over a scripted peer.
#include <gtest/gtest.h>

#include <stdexcept>

#include "degu/io/memory_transport.h"
#include "degu/server/connection.h"
#include "degu/server/reflect_app.h"

namespace degu::server {
namespace {

const std::string kProbeAnswer =
    "HTTP/1.1 200 OK\r\ncontent-length: 99\r\ncontent-type: "
    "application/json\r\n\r\n{\"body\":null,\"headers\":{},\"method\":\"GET\","
    "\"mount\":[],\"path\":[\"_probe\"],\"query\":null,\"uri\":\"/_probe\"}";
const std::string kProbe = "GET /_probe HTTP/1.1\r\n\r\n";

// Run: serves input (delivered in pieces) with app; what was sent.
struct Run {
  std::string written;
  Session session;
};

Run serve(std::vector<std::string> pieces, const App& app = reflect_app,
          std::uint32_t max_requests = 1000) {
  io::MemoryTransport t(std::move(pieces));
  Run run;
  run.session.max_requests = max_requests;
  serve_connection(t, run.session, app);
  EXPECT_TRUE(t.closed());
  run.written = t.written();
  return run;
}

App answer(unsigned status) {
  return [status](Session&, Request&) -> AppResult {
    Response r;
    r.status = status;
    r.reason = "Why";
    return r;
  };
}

TEST(Connection, EndOfInputBeforeARequestIsTheNormalEnd) {
  auto run = serve({});
  EXPECT_EQ(run.written, "");
  EXPECT_EQ(run.session.closed, CloseReason::eof);
  EXPECT_EQ(serve({"\r\n\r\n"}).session.closed, CloseReason::eof);
}

TEST(Connection, ProbeIsAnsweredExactlyHoweverSplit) {
  const std::string in = kProbe + kProbe;
  for (std::size_t size : {in.size(), std::size_t{1}, std::size_t{7}}) {
    auto run = serve(io::split_every(in, size));
    EXPECT_EQ(run.written, kProbeAnswer + kProbeAnswer);
    EXPECT_EQ(run.session.requests, 2u);
    EXPECT_EQ(run.session.closed, CloseReason::eof);
  }
}

TEST(Connection, RejectedRequestSendsNothing) {
  auto run = serve({kProbe + "GET / HTTP/1.0\r\n\r\n" + kProbe});
  EXPECT_EQ(run.written, kProbeAnswer);  // SRV-ERROR-2: the first stays.
  EXPECT_EQ(run.session.closed, CloseReason::request_error);
}

TEST(Connection, KeepAliveByStatus) {
  for (unsigned status : {100u, 200u, 399u, 404u, 409u, 412u}) {
    EXPECT_TRUE(keeps_alive(status)) << status;
    auto run = serve({"GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n"},
                     answer(status));
    EXPECT_EQ(run.session.requests, 2u) << status;
    EXPECT_EQ(run.session.closed, CloseReason::eof) << status;
  }
  for (unsigned status : {400u, 401u, 405u, 410u, 413u, 500u, 599u}) {
    EXPECT_FALSE(keeps_alive(status)) << status;
    auto run = serve({"GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n"},
                     answer(status));
    EXPECT_EQ(run.written, "HTTP/1.1 " + std::to_string(status) + " Why\r\n\r\n");
    EXPECT_EQ(run.session.closed, CloseReason::status) << status;
  }
}

TEST(Connection, MaxRequests) {
  auto run = serve({kProbe + kProbe + kProbe}, reflect_app, 2);
  EXPECT_EQ(run.written, kProbeAnswer + kProbeAnswer);
  EXPECT_EQ(run.session.closed, CloseReason::max_requests);
  auto zero = serve({kProbe + kProbe}, reflect_app, 0);  // SRV-MAXREQ-2.
  EXPECT_EQ(zero.written, kProbeAnswer);
  EXPECT_EQ(zero.session.closed, CloseReason::max_requests);
}

TEST(Connection, ApplicationFailureSendsNothing) {
  auto failing = [](Session&, Request&) -> AppResult {
    return AppFailure{"no"};
  };
  auto run = serve({kProbe}, failing);
  EXPECT_EQ(run.written, "");
  EXPECT_EQ(run.session.closed, CloseReason::app_failed);
  auto throwing = [](Session&, Request&) -> AppResult {
    throw std::runtime_error("boom");
  };
  auto thrown = serve({kProbe}, throwing);
  EXPECT_EQ(thrown.written, "");
  EXPECT_EQ(thrown.session.closed, CloseReason::app_failed);
  EXPECT_NE(thrown.session.detail.find("boom"), std::string::npos);
}

TEST(Connection, UnconsumedBodyIsNotAnswered) {
  for (const char* in : {"PUT /_unread HTTP/1.1\r\ncontent-length: 0\r\n\r\n",
                         "PUT /_unread HTTP/1.1\r\ncontent-length: 2\r\n\r\nab",
                         "POST /_unread HTTP/1.1\r\ntransfer-encoding: "
                         "chunked\r\n\r\n0\r\n\r\n"}) {
    auto run = serve({in});
    EXPECT_EQ(run.written, "") << in;
    EXPECT_EQ(run.session.closed, CloseReason::body_not_consumed) << in;
  }
  // A PUT without framing has no body to consume.
  EXPECT_EQ(serve({"PUT /_unread HTTP/1.1\r\n\r\n"}).written,
            "HTTP/1.1 200 OK\r\n\r\n");
}

TEST(Connection, HeadResponseMustHaveNoBody) {
  auto run = serve({"HEAD /_body HTTP/1.1\r\n\r\n"});
  EXPECT_EQ(run.written, "");
  EXPECT_EQ(run.session.closed, CloseReason::head_with_body);
  auto ok = serve({"HEAD /x HTTP/1.1\r\n\r\n"});
  EXPECT_EQ(ok.written.rfind("HTTP/1.1 200 OK\r\ncontent-length: 90\r\n", 0), 0u);
  EXPECT_EQ(ok.written.substr(ok.written.size() - 4), "\r\n\r\n");
}

TEST(Connection, InvalidResponseIsRefused) {
  for (const char* uri : {"/_status/600", "/_status/99", "/_header?X=v",
                          "/_header?x=a%0Db"}) {
    auto run = serve({"GET " + std::string(uri) + " HTTP/1.1\r\n\r\n"});
    EXPECT_EQ(run.written, "") << uri;
    EXPECT_EQ(run.session.closed, CloseReason::response_refused) << uri;
  }
}

TEST(Connection, SendFailureClosesAfterPartialOutput) {
  io::MemoryTransport t({kProbe + kProbe});
  t.fail_writes_after(10, io::Error::system(104));
  Session s;
  serve_connection(t, s, reflect_app);
  EXPECT_EQ(t.written(), kProbeAnswer.substr(0, 10));
  EXPECT_EQ(s.closed, CloseReason::send_failed);
  EXPECT_EQ(s.requests, 0u);
}

TEST(Connection, OneSessionPerConnectionWithAStore) {
  std::vector<Session*> seen;
  auto counting = [&seen](Session& s, Request&) -> AppResult {
    seen.push_back(&s);
    auto& n = s.store["n"];
    n = n.has_value() ? std::any_cast<int>(n) + 1 : 1;
    return Response{};
  };
  auto run = serve({kProbe + kProbe + kProbe}, counting);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], seen[2]);
  EXPECT_EQ(std::any_cast<int>(run.session.store["n"]), 3);
}

TEST(Request, ShiftPathAndProxyUri) {
  core::Request parsed;
  parsed.uri = "/a/b/?q";
  parsed.path = {"a", "b", ""};
  parsed.query = "q";
  Request r(parsed, io::NoBody{});
  EXPECT_EQ(r.build_proxy_uri(), "/a/b/?q");
  EXPECT_EQ(r.shift_path(), "a");
  EXPECT_EQ(r.mount(), std::vector<std::string>{"a"});
  EXPECT_EQ(r.build_proxy_uri(), "/b/?q");
  EXPECT_EQ(r.shift_path(), "b");
  EXPECT_EQ(r.shift_path(), "");
  EXPECT_EQ(r.shift_path(), std::nullopt);
  EXPECT_EQ(r.build_proxy_uri(), "/?q");
  EXPECT_EQ(r.mount(), (std::vector<std::string>{"a", "b", ""}));
}

}  // namespace
}  // namespace degu::server
