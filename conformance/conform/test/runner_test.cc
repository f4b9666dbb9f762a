// runner_test.cc: the runner's pure parts: selection patterns, command
// splitting, request framing in the client harness, and judging.
#include <gtest/gtest.h>

#include "client_harness.h"
#include "judge.h"
#include "process.h"
#include "selection.h"
#include "server_exec.h"

namespace degu::conform {
namespace {

TEST(Glob, MatchesWholeText) {
  EXPECT_TRUE(glob_match("CHUNK-EXT-*", "CHUNK-EXT-1"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("a?c", "abc"));
  EXPECT_TRUE(glob_match("*-2-*", "req-line-2-thirteen-bytes"));
  EXPECT_FALSE(glob_match("CHUNK-EXT-*", "XCHUNK-EXT-1"));
  EXPECT_FALSE(glob_match("abc", "abcd"));
  EXPECT_FALSE(glob_match("a?c", "ac"));
  EXPECT_TRUE(glob_match("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(glob_match("a*b*c", "aXbYbZ"));
}

TEST(Selection, OnlyAndSkipUseIdsAndRules) {
  const std::vector<std::string> rules = {"SRV-KEEPALIVE-1", "OUT-RSP-1"};
  const Selectable c{"srv-ka.v4", "srv-ka", &rules};
  EXPECT_TRUE(Selection{}.selected(c));
  EXPECT_TRUE((Selection{{"SRV-*"}, {}}.selected(c)));
  EXPECT_TRUE((Selection{{"srv-ka"}, {}}.selected(c)));
  EXPECT_TRUE((Selection{{"*.v4"}, {}}.selected(c)));
  EXPECT_FALSE((Selection{{"CHUNK-*"}, {}}.selected(c)));
  EXPECT_FALSE((Selection{{}, {"OUT-RSP-1"}}.selected(c)));
  EXPECT_FALSE((Selection{{"SRV-*"}, {"*.v4"}}.selected(c)));
}

TEST(Selection, PatternsThatMatchNothingAreReported) {
  const std::vector<std::string> rules = {"REQ-LINE-2"};
  const std::vector<Selectable> cases = {{"a", "a", &rules}};
  const auto unused = unused_patterns(Selection{{"REQ-*", "REQ-LNIE-*"}, {"zzz"}}, cases);
  EXPECT_EQ(unused, (std::vector<std::string>{"REQ-LNIE-*", "zzz"}));
}

TEST(SplitCommand, QuotesAndEscapes) {
  std::string error;
  const auto words = split_command(R"(a 'b c' "d \"e\" \q" f\ g  )", &error);
  ASSERT_TRUE(words);
  EXPECT_EQ(*words, (std::vector<std::string>{"a", "b c", R"(d "e" \q)", "f g"}));
  EXPECT_FALSE(split_command("a 'b", &error));
  EXPECT_EQ(error, "an unterminated ' quote");
  EXPECT_FALSE(split_command("   ", &error));
  EXPECT_EQ(error, "an empty command");
}

TEST(ExecArguments, OptionsFillTheirPlaceholders) {
  const auto plan = exec_arguments("srv --address {address} -n {max_requests} -t {timeout}",
                                   R"({"max_requests":2})");
  EXPECT_EQ(plan.reason, "");
  EXPECT_EQ(plan.words, (std::vector<std::string>{"srv", "--address", "{address}", "-n", "2",
                                                  "-t", "30"}));
  const auto missing = exec_arguments("srv {address}", R"({"timeout":1})");
  EXPECT_NE(missing.reason.find("no {timeout}"), std::string::npos) << missing.reason;
  EXPECT_EQ(exec_arguments("srv {address}", "{}").reason, "");
  EXPECT_EQ(placeholders("a {x} {y}z {"), (std::vector<std::string>{"x", "y", "{"}));
}

TEST(RequestEnd, FramesByLengthChunksOrNothing) {
  EXPECT_EQ(request_end("GET / HTTP/1.1\r\n\r\nGET"), 18u);
  EXPECT_EQ(request_end("GET / HTTP/1.1\r\n"), std::nullopt);
  EXPECT_EQ(request_end("PUT / HTTP/1.1\r\ncontent-length: 3\r\n\r\nab"), std::nullopt);
  EXPECT_EQ(request_end("PUT / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcX"), 40u);
  const std::string chunked = "POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n";
  EXPECT_EQ(request_end(chunked + "3;k=v\r\nabc\r\n0\r\n"), std::nullopt);
  EXPECT_EQ(request_end(chunked + "3;k=v\r\nabc\r\n0\r\n\r\nX"), chunked.size() + 17);
}

conformance::Vector parse_vector(const std::string& expected, const std::string& observed,
                                 const std::string& level = "MUST") {
  conformance::Vector v;
  v.kind = "request";
  v.level = level;
  v.expected = Json::parse(expected);
  v.observed = Json::parse(observed);
  return v;
}

TEST(Judge, VerdictsIgnoreKeyOrderButNotValues) {
  const auto v = parse_vector(R"({"ok":true,"a":1,"b":[1,2]})", R"({"c":"expected"})");
  EXPECT_TRUE(judge_verdict(v, Json::parse(R"({"b":[1,2],"ok":true,"a":1})"),
                            ErrorGrading::exact).spec_ok);
  EXPECT_FALSE(judge_verdict(v, Json::parse(R"({"ok":true,"a":2,"b":[1,2]})"),
                             ErrorGrading::exact).spec_ok);
  EXPECT_FALSE(judge_verdict(v, Json(), ErrorGrading::exact).spec_ok);
}

TEST(Judge, BigIntegersMustStayIntegers) {
  // 9999999999999999 is above 2^53: through a double it prints as 1e+16
  // or 10000000000000000; neither is the value.
  const auto v = parse_vector(R"({"ok":true,"value":9999999999999999,"n":0})",
                              R"({"c":"expected"})");
  const auto judged = [&](const char* got) {
    return judge_verdict(v, Json::parse(got), ErrorGrading::exact).spec_ok;
  };
  EXPECT_TRUE(judged(R"({"ok":true,"value":9999999999999999,"n":0})"));
  EXPECT_FALSE(judged(R"({"ok":true,"value":1e+16,"n":0})"));
  EXPECT_FALSE(judged(R"({"ok":true,"value":10000000000000000,"n":0})"));
  EXPECT_FALSE(judged(R"({"ok":true,"value":9999999999999999.0,"n":0})"));
  EXPECT_FALSE(judged(R"({"ok":true,"value":9999999999999999,"n":0.0})"));
  EXPECT_TRUE(judged(R"({"ok":true,"value":9999999999999999,"n":-0})"));
  EXPECT_FALSE(judged(R"({"ok":true,"value":"9999999999999999","n":0})"));
}

TEST(Judge, RejectionsExactOrAny) {
  const auto v = parse_vector(R"({"ok":false,"error":"e","rule":"R-1","offset":3})",
                              R"({"c":"expected"})");
  const Json other = Json::parse(R"({"ok":false,"error":"e","rule":"R-1","offset":4})");
  EXPECT_FALSE(judge_verdict(v, other, ErrorGrading::exact).spec_ok);
  EXPECT_TRUE(judge_verdict(v, other, ErrorGrading::any).spec_ok);
  EXPECT_FALSE(judge_verdict(v, Json::parse(R"({"ok":true})"), ErrorGrading::any).spec_ok);
}

TEST(Judge, ErrataAreAcceptedOnlyForCompatibility) {
  const auto v = parse_vector(
      R"({"ok":false,"error":"e","rule":"R-1","offset":3})",
      R"({"c":{"outcome":{"ok":true,"x":1},"erratum":"E-1"},"py":"expected"})");
  const auto j = judge_verdict(v, Json::parse(R"({"ok":true,"x":1})"), ErrorGrading::exact);
  EXPECT_FALSE(j.spec_ok);
  EXPECT_TRUE(j.compat_ok);
  EXPECT_EQ(j.compat_against, "observed c (E-1)");
  CaseResult r;
  r.level = "MUST";
  grade(r, j, Profile::spec);
  EXPECT_EQ(r.verdict, Verdict::failed);
  grade(r, j, Profile::degu_0_19);
  EXPECT_EQ(r.verdict, Verdict::ok);
  EXPECT_EQ(r.judged_against, "observed c (E-1)");
  EXPECT_FALSE(*r.spec_ok);
}

TEST(Judge, RecordedCrashesAcceptNothing) {
  const auto v = parse_vector(R"({"ok":true})", R"({"c":{"outcome":{"crash":true},"erratum":"E-9"}})");
  EXPECT_FALSE(judge_verdict(v, Json(), ErrorGrading::exact).compat_ok);
  EXPECT_FALSE(judge_verdict(v, Json::parse(R"({"crash":true})"), ErrorGrading::exact).compat_ok);
}

TEST(Judge, ShouldLevelMissesAreNonStrict) {
  const auto v = parse_vector(R"({"ok":true})", R"({})", "SHOULD");
  CaseResult r;
  r.level = "SHOULD";
  grade(r, judge_verdict(v, Json::parse(R"({"ok":false})"), ErrorGrading::exact), Profile::spec);
  EXPECT_EQ(r.verdict, Verdict::non_strict);
}

TEST(Judge, ExchangeFates) {
  conformance::Vector v;
  v.expected = Json::parse(R"({"response_hex":"6869","ending":"closed"})");
  EXPECT_TRUE(judge_exchange(v, "hi", "closed").spec_ok);
  EXPECT_TRUE(judge_exchange(v, "hi", "reset").spec_ok);  // SRV-CLOSE-1.
  EXPECT_FALSE(judge_exchange(v, "hi", "open").spec_ok);
  EXPECT_FALSE(judge_exchange(v, "hi", "hung").spec_ok);
  EXPECT_FALSE(judge_exchange(v, "ho", "closed").spec_ok);
  v.expected["ending"] = "open";
  EXPECT_FALSE(judge_exchange(v, "hi", "reset").spec_ok);
}

TEST(Judge, ClientSentBytesAndOutcomes) {
  conformance::Vector v;
  v.expected = Json::parse(R"({"sent_hex":"6869","outcomes":[{"ok":false}]})");
  EXPECT_TRUE(judge_client(v, "hi", Json::parse(R"([{"ok":false}])")).spec_ok);
  EXPECT_FALSE(judge_client(v, "hi", Json::parse(R"([{"ok":true}])")).spec_ok);
  EXPECT_FALSE(judge_client(v, "hj", Json::parse(R"([{"ok":false}])")).spec_ok);
  EXPECT_FALSE(judge_client(v, "hi", Json()).spec_ok);
}

TEST(RunProgram, MovesLargeInputAndOutputTogether) {
  // cat echoes as it reads: with sequential writing and reading this would
  // dead-lock once both pipes fill.
  const std::string input(3 << 20, 'x');
  const auto out = run_program({"cat"}, input, std::chrono::seconds(30));
  ASSERT_TRUE(out.started) << out.error;
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_EQ(out.out.size(), input.size());
}

TEST(RunProgram, ReportsWhatCannotRunAndKillsWhatHangs) {
  const auto missing = run_program({"/nonexistent/adapter"}, "", std::chrono::seconds(5));
  EXPECT_FALSE(missing.started);
  EXPECT_NE(missing.error.find("cannot execute"), std::string::npos) << missing.error;
  const auto hung = run_program({"sleep", "30"}, "", std::chrono::milliseconds(200));
  EXPECT_TRUE(hung.timed_out);
  EXPECT_EQ(hung.signal, 9);
  const auto code = run_program({"sh", "-c", "echo e >&2; exit 89"}, "", std::chrono::seconds(5));
  EXPECT_EQ(code.exit_code, 89);
  EXPECT_EQ(code.err, "e\n");
}

}  // namespace
}  // namespace degu::conform
