// report_test.cc: the case model's helpers and the JSON and JUnit reports.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "case_result.h"
#include "report.h"

namespace degu::conform {
namespace {

using namespace std::string_literals;

RunInfo sample_run() {
  RunInfo run;
  run.tool_version = "0.1.0";
  run.command_line = "degu-conform --role server --target unix:/tmp/s";
  run.role = "server";
  run.target = "unix:/tmp/s";
  run.profile = "spec";
  run.errors = "exact";
  run.vectors_dir = "vectors";
  run.started_at = "2026-12-03T18:23:10Z";
  run.seconds = 1.5;
  run.notes = {"sampled 1 of 2 splits"};
  return run;
}

CaseResult parse_case(std::string id, Verdict verdict) {
  CaseResult c;
  c.id = id;
  c.vector_id = id;
  c.file = "hand/request.json";
  c.section = Section::parse;
  c.kind = "request";
  c.rules = {"PRE-TERM-1"};
  c.level = "MUST";
  c.comment = "a request";
  c.verdict = verdict;
  const bool ran = verdict == Verdict::ok || verdict == Verdict::failed ||
                   verdict == Verdict::non_strict;
  if (verdict == Verdict::non_strict) {
    c.level = "SHOULD";  // A SHOULD missed.
  }
  if (ran) {
    c.spec_ok = verdict == Verdict::ok;
    c.compat_ok = verdict != Verdict::failed;
    c.judged_against = "expected";
  }
  if (verdict != Verdict::ok) {
    c.reason = "reason of " + id;
  }
  c.expected_verdict = Json{{"ok", true}, {"method", "GET"}};
  c.seconds = 0.0125;
  return c;
}

CaseResult exchange_case(std::string id, Verdict verdict) {
  CaseResult c = parse_case(id, verdict);
  c.id = id + ".v4";
  c.section = Section::server;
  c.transport = "v4";
  c.kind = "exchange";
  c.expected_verdict = nullptr;
  Exchange e;
  e.sent = "GET / HTTP/1.1\r\n\r\n";
  e.expected = "a\x00\xff\r\n\\"s;
  e.received = "a\x00\xfe"s;
  e.expected_fate = "open";
  e.observed_fate = "closed";
  c.exchange = e;
  return c;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// --- case_result.h -----------------------------------------------------

TEST(Names, Verdicts) {
  EXPECT_EQ(verdict_name(Verdict::ok), "OK");
  EXPECT_EQ(verdict_name(Verdict::failed), "FAILED");
  EXPECT_EQ(verdict_name(Verdict::non_strict), "NON-STRICT");
  EXPECT_EQ(verdict_name(Verdict::unimplemented), "UNIMPLEMENTED");
  EXPECT_EQ(verdict_name(Verdict::skipped), "SKIPPED");
}

TEST(Names, Sections) {
  EXPECT_EQ(section_name(Section::parse), "parse");
  EXPECT_EQ(section_name(Section::render), "render");
  EXPECT_EQ(section_name(Section::server), "server");
  EXPECT_EQ(section_name(Section::client), "client");
}

TEST(FirstDifference, EqualIsNothing) {
  EXPECT_EQ(first_difference("", ""), std::nullopt);
  EXPECT_EQ(first_difference("abc", "abc"), std::nullopt);
  EXPECT_EQ(first_difference("a\x00"s, "a\x00"s), std::nullopt);
}

TEST(FirstDifference, DifferingByte) {
  EXPECT_EQ(first_difference("abc", "xbc"), 0u);
  EXPECT_EQ(first_difference("abc", "abd"), 2u);
  EXPECT_EQ(first_difference("a\x00z"s, "a\x01z"s), 1u);
}

TEST(FirstDifference, PrefixDiffersAtShorterLength) {
  EXPECT_EQ(first_difference("abc", "abcd"), 3u);
  EXPECT_EQ(first_difference("abcd", "abc"), 3u);
  EXPECT_EQ(first_difference("", "x"), 0u);
}

// --- totals ------------------------------------------------------------

TEST(Totals, CountsByVerdictAndProfile) {
  std::vector<CaseResult> cases = {
      parse_case("a", Verdict::ok),        parse_case("b", Verdict::ok),
      parse_case("c", Verdict::failed),    parse_case("d", Verdict::non_strict),
      parse_case("e", Verdict::skipped),   parse_case("f", Verdict::unimplemented),
      parse_case("g", Verdict::skipped)};
  cases[1].compat_ok = false;  // Spec yes, Degu 0.19 no.
  const Totals t = totals(cases);
  EXPECT_EQ(t.ok, 2);
  EXPECT_EQ(t.failed, 1);
  EXPECT_EQ(t.non_strict, 1);
  EXPECT_EQ(t.unimplemented, 1);
  EXPECT_EQ(t.skipped, 2);
  EXPECT_EQ(t.total(), 7);
  EXPECT_EQ(t.ran(), 4);
  EXPECT_EQ(t.spec_failed, 1);  // The SHOULD missed (d) does not refute the claim.
  EXPECT_EQ(t.compat_failed, 2);
}

TEST(Totals, Empty) {
  const Totals t = totals({});
  EXPECT_EQ(t.total(), 0);
  EXPECT_EQ(t.spec_failed, 0);
}

// --- json_report -------------------------------------------------------

Json parsed(const std::string& text) {
  EXPECT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  return Json::parse(text);  // Throws (and fails the test) if not JSON.
}

TEST(JsonReport, TopLevel) {
  const Json doc = parsed(json_report(sample_run(), {parse_case("a", Verdict::ok)}));
  EXPECT_EQ(doc["format"], "degu-conform-report");
  EXPECT_EQ(doc["version"], 2);
  const Json& run = doc["run"];
  EXPECT_EQ(run["tool_version"], "0.1.0");
  EXPECT_EQ(run["command_line"], "degu-conform --role server --target unix:/tmp/s");
  EXPECT_EQ(run["role"], "server");
  EXPECT_EQ(run["target"], "unix:/tmp/s");
  EXPECT_EQ(run["profile"], "spec");
  EXPECT_EQ(run["errors"], "exact");
  EXPECT_EQ(run["vectors_dir"], "vectors");
  EXPECT_EQ(run["started_at"], "2026-12-03T18:23:10Z");
  EXPECT_EQ(run["seconds"], 1.5);
  EXPECT_EQ(run["notes"], Json::array({"sampled 1 of 2 splits"}));
  EXPECT_TRUE(run["label"].is_null());  // No --label.
  EXPECT_EQ(run.size(), 11u);
  RunInfo labelled = sample_run();
  labelled.label = "my server";
  EXPECT_EQ(parsed(json_report(labelled, {}))["run"]["label"], "my server");
  const std::vector<std::string> keys = {"format", "version", "run", "totals",
                                         "conformance", "cases"};
  std::vector<std::string> got;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    got.push_back(it.key());
  }
  EXPECT_EQ(got, keys);
}

TEST(JsonReport, Totals) {
  const Json doc = parsed(json_report(
      sample_run(), {parse_case("a", Verdict::ok), parse_case("b", Verdict::failed),
                     parse_case("c", Verdict::non_strict),
                     parse_case("d", Verdict::unimplemented),
                     parse_case("e", Verdict::skipped), parse_case("f", Verdict::skipped)}));
  EXPECT_EQ(doc["totals"], (Json{{"ok", 1}, {"failed", 1}, {"non_strict", 1},
                                 {"unimplemented", 1}, {"skipped", 2}, {"total", 6},
                                 {"known_failures", 0}, {"unexpected_passes", 0}}));
  EXPECT_EQ(doc["cases"].size(), 6u);
}

TEST(JsonReport, ExpectationsAndStability) {
  CaseResult known = parse_case("k", Verdict::failed);
  known.known_failure = "offsets off by one";
  known.stability = "stable";
  CaseResult passed = parse_case("p", Verdict::ok);
  passed.unexpected_pass = "listed but passes";
  const Json doc = parsed(json_report(sample_run(), {known, passed}));
  EXPECT_EQ(doc["totals"]["known_failures"], 1);
  EXPECT_EQ(doc["totals"]["unexpected_passes"], 1);
  EXPECT_EQ(doc["cases"][0]["known_failure"], "offsets off by one");
  EXPECT_EQ(doc["cases"][0]["stability"], "stable");
  EXPECT_TRUE(doc["cases"][0]["unexpected_pass"].is_null());
  EXPECT_EQ(doc["cases"][1]["unexpected_pass"], "listed but passes");
  EXPECT_TRUE(fails_run(passed, false));
  EXPECT_FALSE(fails_run(known, true));
  CaseResult should = parse_case("s", Verdict::non_strict);
  EXPECT_FALSE(fails_run(should, false));
  EXPECT_TRUE(fails_run(should, true));
}

TEST(JsonReport, ParseCaseRecord) {
  CaseResult c = parse_case("a", Verdict::failed);
  c.observed_verdict = Json{{"ok", false}, {"error", "bad"}};
  c.adapter_arguments = "request --jsonl";
  c.input = std::string("GET /\r\n\x00", 8);
  const Json doc = parsed(json_report(sample_run(), {c}));
  const Json& r = doc["cases"][0];
  const std::vector<std::string> keys = {
      "id",      "vector_id", "file",     "section",        "transport",
      "kind",    "rules",     "level",    "comment",        "verdict",
      "reason",  "judged_against", "spec_ok", "compat_ok",  "seconds",
      "known_failure", "unexpected_pass", "stability",
      "adapter", "expected_verdict", "observed_verdict"};
  std::vector<std::string> got;
  for (auto it = r.begin(); it != r.end(); ++it) {
    got.push_back(it.key());
  }
  EXPECT_EQ(got, keys);
  EXPECT_EQ(r["id"], "a");
  EXPECT_EQ(r["section"], "parse");
  EXPECT_TRUE(r["transport"].is_null());
  EXPECT_EQ(r["rules"], Json::array({"PRE-TERM-1"}));
  EXPECT_EQ(r["verdict"], "FAILED");
  EXPECT_EQ(r["reason"], "reason of a");
  EXPECT_EQ(r["judged_against"], "expected");
  EXPECT_EQ(r["spec_ok"], false);
  EXPECT_EQ(r["seconds"], 0.0125);
  EXPECT_EQ(r["expected_verdict"], (Json{{"ok", true}, {"method", "GET"}}));
  EXPECT_EQ(r["observed_verdict"], (Json{{"ok", false}, {"error", "bad"}}));
  EXPECT_EQ(r["adapter"], (Json{{"arguments", "request --jsonl"},
                                {"input_hex", "474554202f0d0a00"},
                                {"input", "GET /\\r\\n\\x00"}}));
}

TEST(JsonReport, WhatARenderAdapterWasGiven) {
  CaseResult c = parse_case("r", Verdict::ok);
  c.section = Section::render;
  c.adapter_arguments = "response --jsonl";
  c.input = R"({"status":200})";
  EXPECT_EQ(parsed(json_report(sample_run(), {c}))["cases"][0]["adapter"],
            (Json{{"arguments", "response --jsonl"}, {"message", {{"status", 200}}}}));
  CaseResult skipped = parse_case("s", Verdict::skipped);
  EXPECT_TRUE(parsed(json_report(sample_run(), {skipped}))["cases"][0]["adapter"].is_null());
}

TEST(JsonReport, EmptyStringsAndUnsetAreNull) {
  const Json doc = parsed(json_report(sample_run(), {parse_case("s", Verdict::skipped),
                                                     parse_case("o", Verdict::ok)}));
  const Json& skipped = doc["cases"][0];
  EXPECT_TRUE(skipped["spec_ok"].is_null());
  EXPECT_TRUE(skipped["compat_ok"].is_null());
  EXPECT_TRUE(skipped["judged_against"].is_null());
  EXPECT_TRUE(skipped["observed_verdict"].is_null());
  EXPECT_TRUE(doc["cases"][1]["reason"].is_null());
}

TEST(JsonReport, ExchangeBytesAsHexAndEscaped) {
  const Json doc = parsed(json_report(sample_run(), {exchange_case("x", Verdict::failed)}));
  const Json& r = doc["cases"][0];
  EXPECT_EQ(r["id"], "x.v4");
  EXPECT_EQ(r["section"], "server");
  EXPECT_EQ(r["transport"], "v4");
  EXPECT_FALSE(r.contains("expected_verdict"));
  EXPECT_FALSE(r.contains("observed_verdict"));
  const Json& e = r["exchange"];
  EXPECT_EQ(e["sent_hex"], "474554202f20485454502f312e310d0a0d0a");
  EXPECT_EQ(e["sent"], "GET / HTTP/1.1\\r\\n\\r\\n");
  EXPECT_EQ(e["expected_hex"], "6100ff0d0a5c");
  EXPECT_EQ(e["expected"], "a\\x00\\xff\\r\\n\\\\");
  EXPECT_EQ(e["received_hex"], "6100fe");
  EXPECT_EQ(e["received"], "a\\x00\\xfe");
  EXPECT_EQ(e["first_difference"], 2);
  EXPECT_EQ(e["expected_fate"], "open");
  EXPECT_EQ(e["observed_fate"], "closed");
}

TEST(JsonReport, EqualExchangeHasNoDifferenceAndEmptyFatesAreNull) {
  CaseResult c = exchange_case("x", Verdict::ok);
  c.exchange->received = c.exchange->expected;
  c.exchange->expected_fate = "";
  c.exchange->observed_fate = "";
  const Json doc = parsed(json_report(sample_run(), {c}));
  const Json& e = doc["cases"][0]["exchange"];
  EXPECT_TRUE(e["first_difference"].is_null());
  EXPECT_TRUE(e["expected_fate"].is_null());
  EXPECT_TRUE(e["observed_fate"].is_null());
}

TEST(JsonReport, InvalidUtf8NeverThrows) {
  CaseResult c = parse_case("a", Verdict::failed);
  c.comment = "bad \xff\xfe utf-8 \x00 and \x1b"s;
  c.reason = "\xc3";
  c.observed_verdict = Json{{"output", "\xff\x80"}, {"\xfe", 1}};
  std::string text;
  ASSERT_NO_THROW(text = json_report(sample_run(), {c}));
  const Json doc = parsed(text);
  const std::string comment = doc["cases"][0]["comment"];
  EXPECT_EQ(comment.substr(0, 4), "bad ");
  EXPECT_NE(comment.find("\x00 and \x1b"s), std::string::npos);
  EXPECT_TRUE(doc["cases"][0]["observed_verdict"].is_object());
}

TEST(JsonReport, ConformanceFlags) {
  const auto flags = [](const std::vector<CaseResult>& cases) {
    return Json::parse(json_report(sample_run(), cases))["conformance"];
  };
  const Json both = Json{{"spec", true}, {"degu_0_19", true}};
  const Json neither = Json{{"spec", false}, {"degu_0_19", false}};
  EXPECT_EQ(flags({parse_case("a", Verdict::ok), parse_case("b", Verdict::skipped)}), both);
  EXPECT_EQ(flags({parse_case("a", Verdict::ok), parse_case("b", Verdict::failed)}), neither);

  CaseResult compat_only = parse_case("c", Verdict::ok);
  compat_only.compat_ok = false;
  EXPECT_EQ(flags({compat_only}), (Json{{"spec", true}, {"degu_0_19", false}}));
  CaseResult spec_only = parse_case("d", Verdict::failed);
  spec_only.compat_ok = true;
  EXPECT_EQ(flags({spec_only}), (Json{{"spec", false}, {"degu_0_19", true}}));

  // Nothing ran: no claim.
  EXPECT_EQ(flags({}), neither);
  EXPECT_EQ(flags({parse_case("a", Verdict::skipped), parse_case("b", Verdict::unimplemented)}),
            neither);
}

// --- junit_report ------------------------------------------------------

// well_formed: a small check of what matters here: only bytes XML 1.0
// allows (in printable ASCII plus TAB, LF, CR), every '&' starts one of the
// five entities, attribute values are quoted and hold no '<', and tags
// nest.  Returns "" or the first problem.
std::string well_formed(const std::string& xml) {
  static const std::string entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
  for (std::size_t i = 0; i < xml.size(); ++i) {
    const auto b = static_cast<unsigned char>(xml[i]);
    const bool allowed = b == 0x09 || b == 0x0a || b == 0x0d || (b >= 0x20 && b <= 0x7e);
    if (!allowed) {
      return "raw byte " + std::to_string(b) + " at " + std::to_string(i);
    }
    if (xml[i] == '&') {
      bool known = false;
      for (const auto& e : entities) {
        known = known || xml.compare(i, e.size(), e) == 0;
      }
      if (!known) {
        return "bare & at " + std::to_string(i);
      }
    }
  }
  std::vector<std::string> open;
  std::size_t i = 0;
  while ((i = xml.find('<', i)) != std::string::npos) {
    bool quoted = false;
    std::size_t end = i + 1;
    for (; end < xml.size() && (quoted || xml[end] != '>'); ++end) {
      if (xml[end] == '"') {
        quoted = !quoted;
      } else if (quoted && xml[end] == '<') {
        return "'<' in an attribute at " + std::to_string(end);
      }
    }
    if (end >= xml.size()) {
      return "unterminated tag at " + std::to_string(i);
    }
    const std::string tag = xml.substr(i + 1, end - i - 1);
    const auto name_end = tag.find_first_of(" />");
    if (tag.starts_with('?')) {
      // The XML declaration.
    } else if (tag.starts_with('/')) {
      if (open.empty() || open.back() != tag.substr(1)) {
        return "unbalanced </" + tag.substr(1) + ">";
      }
      open.pop_back();
    } else if (!tag.ends_with('/')) {
      open.push_back(tag.substr(0, name_end));
    }
    i = end + 1;
  }
  // Text outside tags cannot hold '>' raw here (the writer escapes it).
  if (!open.empty()) {
    return "unclosed <" + open.back() + ">";
  }
  return "";
}

TEST(WellFormed, CatchesWhatItShould) {
  EXPECT_EQ(well_formed("<a x=\"1\"><b/></a>"), "");
  EXPECT_NE(well_formed("<a>&</a>"), "");
  EXPECT_NE(well_formed("<a>\x01</a>"), "");
  EXPECT_NE(well_formed("<a><b></a>"), "");
  EXPECT_NE(well_formed("<a x=\"<\"/>"), "");
}

TEST(JunitReport, HostileTextIsWellFormed) {
  const std::string hostile = "nul \x00 esc \x1b ff \xff cdata ]]> markup <&> \"q\" 'a'\r\n\t"s;
  CaseResult failed = exchange_case("x", Verdict::failed);
  failed.comment = hostile;
  failed.reason = hostile;
  failed.rules = {hostile};
  failed.exchange->sent = hostile;
  failed.id = "id " + hostile;
  CaseResult parse_failed = parse_case("p", Verdict::non_strict);
  parse_failed.comment = hostile;
  parse_failed.observed_verdict = Json{{"output", hostile}};
  CaseResult skipped = parse_case("s", Verdict::skipped);
  skipped.reason = hostile;
  RunInfo run = sample_run();
  run.command_line = hostile;
  run.notes = {hostile};

  const std::string xml = junit_report(run, {failed, parse_failed, skipped});
  EXPECT_EQ(well_formed(xml), "");
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  EXPECT_NE(xml.find("]]&gt;"), std::string::npos);
  EXPECT_NE(xml.find("&lt;&amp;&gt;"), std::string::npos);
  EXPECT_NE(xml.find("nul \\x00 esc \\x1b ff \\xff"), std::string::npos);
  // The sent bytes in escaped form, '\' doubled by escape_bytes.
  EXPECT_NE(xml.find("sent (" + std::to_string(hostile.size()) + " bytes): nul \\x00 esc"),
            std::string::npos);
  EXPECT_NE(xml.find("\\r\\n\\t"), std::string::npos);
}

TEST(JunitReport, SuitesCasesAndCounts) {
  CaseResult unix_ok = exchange_case("u", Verdict::ok);
  unix_ok.id = "u.unix";
  unix_ok.transport = "unix";
  const std::vector<CaseResult> cases = {
      parse_case("a", Verdict::ok),          exchange_case("b", Verdict::failed),
      parse_case("c", Verdict::non_strict),  parse_case("d", Verdict::skipped),
      unix_ok,                               exchange_case("e", Verdict::unimplemented),
      parse_case("f", Verdict::failed)};
  const std::string xml = junit_report(sample_run(), cases);
  EXPECT_EQ(well_formed(xml), "");
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  EXPECT_NE(xml.find("<testsuites name=\"degu-conform\" tests=\"7\" failures=\"3\" "
                     "errors=\"0\" skipped=\"2\" time=\"1.500\" "
                     "timestamp=\"2026-12-03T18:23:10Z\">"),
            std::string::npos);
  EXPECT_EQ(count(xml, "<testsuite "), 3);
  EXPECT_EQ(count(xml, "<testcase "), 7);
  EXPECT_EQ(count(xml, "<failure "), 3);
  EXPECT_EQ(count(xml, "<failure type=\"non-strict\""), 1);
  EXPECT_EQ(count(xml, "<failure type=\"failed\""), 2);
  EXPECT_EQ(count(xml, "<skipped "), 2);
  EXPECT_NE(xml.find("<skipped message=\"unimplemented: reason of e\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"reason of d\"/>"), std::string::npos);

  // Suites in order of first appearance; cases keep their order.
  const auto parse = xml.find("<testsuite name=\"parse\" tests=\"4\" failures=\"2\"");
  const auto v4 = xml.find("<testsuite name=\"server.v4\" tests=\"2\" failures=\"1\"");
  const auto unix_suite = xml.find("<testsuite name=\"server.unix\" tests=\"1\"");
  ASSERT_NE(parse, std::string::npos);
  ASSERT_NE(v4, std::string::npos);
  ASSERT_NE(unix_suite, std::string::npos);
  EXPECT_LT(parse, v4);
  EXPECT_LT(v4, unix_suite);
  EXPECT_NE(xml.find("<testcase classname=\"degu-conform.server.v4\" name=\"b.v4\" "
                     "time=\"0.013\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"degu-conform.parse\" name=\"a\" time=\"0.013\"/>"),
            std::string::npos);
  EXPECT_LT(xml.find("name=\"a\""), xml.find("name=\"f\""));
}

TEST(JunitReport, KnownFailuresAreSkippedAndUnexpectedPassesFail) {
  CaseResult known = parse_case("k", Verdict::failed);
  known.known_failure = "offsets off by one";
  CaseResult passed = parse_case("p", Verdict::ok);
  passed.unexpected_pass = "listed but passes";
  const std::string xml = junit_report(sample_run(), {known, passed});
  EXPECT_EQ(well_formed(xml), "");
  EXPECT_NE(xml.find("tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\""),
            std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"known failure: offsets off by one\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"unexpected-pass\" message=\"listed but passes\"/>"),
            std::string::npos);
}

TEST(JunitReport, FailureDetails) {
  CaseResult c = exchange_case("b", Verdict::failed);
  c.comment = "line one\nline two";
  const std::string xml = junit_report(sample_run(), {c, parse_case("p", Verdict::failed)});
  EXPECT_NE(xml.find("<failure type=\"failed\" message=\"reason of b\">"), std::string::npos);
  EXPECT_NE(xml.find("rules: PRE-TERM-1 (MUST)\n"), std::string::npos);
  // One fact per line: an LF in a value is written \n.
  EXPECT_NE(xml.find("comment: line one\\nline two\n"), std::string::npos);
  EXPECT_NE(xml.find("judged against: expected\n"), std::string::npos);
  EXPECT_NE(xml.find("sent (18 bytes): GET / HTTP/1.1\\r\\n\\r\\n\n"), std::string::npos);
  EXPECT_NE(xml.find("expected (6 bytes): a\\x00\\xff\\r\\n\\\\\n"), std::string::npos);
  EXPECT_NE(xml.find("received (3 bytes): a\\x00\\xfe\n"), std::string::npos);
  EXPECT_NE(xml.find("first difference: byte 2\n"), std::string::npos);
  EXPECT_NE(xml.find("expected fate: open\nobserved fate: closed\n"), std::string::npos);
  EXPECT_NE(xml.find("expected verdict: {&quot;ok&quot;:true,&quot;method&quot;:&quot;GET&quot;}\n"),
            std::string::npos);
  EXPECT_NE(xml.find("observed verdict: null\n"), std::string::npos);
}

TEST(JunitReport, NoCases) {
  RunInfo run = sample_run();
  run.started_at = "";
  const std::string xml = junit_report(run, {});
  EXPECT_EQ(well_formed(xml), "");
  EXPECT_EQ(count(xml, "<testsuite "), 0);
  EXPECT_EQ(xml.find("timestamp"), std::string::npos);
  EXPECT_NE(xml.find("tests=\"0\""), std::string::npos);
}

}  // namespace
}  // namespace degu::conform
