// report_html_test.cc: the HTML report over hand-made report documents and
// over documents json_report wrote.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report.h"
#include "report_html.h"

namespace degu::conform {
namespace {

using namespace std::string_literals;

Json run_json(const std::string& target) {
  return Json{{"tool_version", "0.1.0"},
              {"command_line", "degu-conform server --target " + target},
              {"role", "server"},
              {"target", target},
              {"profile", "spec"},
              {"errors", "exact"},
              {"vectors_dir", "vectors"},
              {"started_at", "2026-12-03T18:23:10Z"},
              {"seconds", 1.5},
              {"notes", Json::array({"sampled 1 of 2 splits"})}};
}

Json case_json(const std::string& id, const std::string& section, const Json& transport,
               const std::string& verdict) {
  const bool ran = verdict == "OK" || verdict == "FAILED" || verdict == "NON-STRICT";
  return Json{{"id", id},
              {"vector_id", id.substr(0, id.find('.'))},
              {"file", "hand/exchange-server.json"},
              {"section", section},
              {"transport", transport},
              {"kind", section == "parse" ? "request" : "exchange"},
              {"rules", Json::array({"SRV-X-1", "SRV-Y-2"})},
              {"level", verdict == "NON-STRICT" ? "SHOULD" : "MUST"},
              {"comment", "a case"},
              {"verdict", verdict},
              {"reason", verdict == "OK" ? Json(nullptr) : Json("reason of " + id)},
              {"judged_against", ran ? Json("expected") : Json(nullptr)},
              {"spec_ok", ran ? Json(verdict == "OK") : Json(nullptr)},
              {"compat_ok", ran ? Json(true) : Json(nullptr)},
              {"seconds", 0.0125},
              {"known_failure", nullptr},
              {"unexpected_pass", nullptr},
              {"stability", nullptr}};
}

// exchange_json: bytes given by hand in both forms (independent of the
// writer's own escaping).
Json exchange_json(const std::string& expected_hex, const std::string& expected,
                   const std::string& received_hex, const std::string& received,
                   const Json& first_difference) {
  return Json{{"sent_hex", "474554202f20485454502f312e310d0a0d0a"},
              {"sent", "GET / HTTP/1.1\\r\\n\\r\\n"},
              {"expected_hex", expected_hex},
              {"expected", expected},
              {"received_hex", received_hex},
              {"received", received},
              {"first_difference", first_difference},
              {"expected_fate", "closed"},
              {"observed_fate", "open"}};
}

// sample: a server run over unix and v4 with one FAILED exchange whose
// comment is a script, and a parse case NON-STRICT.
Json sample(const std::string& target = "unix:/tmp/s<&>\"'") {
  Json bad = case_json("bad-1.unix", "server", "unix", "FAILED");
  bad["comment"] = "<script>alert(1)</script>";
  bad["reason"] = "bytes differ & more";
  bad["stability"] = "stable";
  // Expected a CR LF \ b, received a CR LF \ NUL c: they differ at byte 4,
  // which is character 7 of the escaped form.
  bad["exchange"] = exchange_json("610d0a5c62", "a\\r\\n\\\\b", "610d0a5c0063",
                                  "a\\r\\n\\\\\\x00c", 4);
  Json good = case_json("good-1.unix", "server", "unix", "OK");
  good["exchange"] = exchange_json("6162", "ab", "6162", "ab", nullptr);
  Json good_v4 = good;
  good_v4["id"] = "good-1.v4";
  good_v4["transport"] = "v4";
  Json skipped = case_json("skip-1.v4", "server", "v4", "SKIPPED");
  skipped["exchange"] = exchange_json("", "", "", "", nullptr);
  Json parse = case_json("p-1", "parse", nullptr, "NON-STRICT");
  parse["expected_verdict"] = Json{{"ok", false}, {"error", "bad"}, {"offset", 1}};
  parse["observed_verdict"] = Json{{"ok", false}, {"error", "bad"}, {"offset", 2}};
  parse["adapter"] = Json{{"arguments", "request --jsonl"},
                          {"input_hex", "470d0a"},
                          {"input", "G\\r\\n"}};
  return Json{{"format", "degu-conform-report"},
              {"version", 1},
              {"run", run_json(target)},
              {"totals", Json{{"ok", 2}, {"failed", 1}, {"non_strict", 1},
                              {"unimplemented", 0}, {"skipped", 1}, {"total", 5},
                              {"known_failures", 0}, {"unexpected_passes", 0}}},
              {"conformance", Json{{"spec", false}, {"degu_0_19", true}}},
              // The parse case last: the page orders by section, not by run.
              {"cases", Json::array({bad, good, good_v4, skipped, parse})}};
}

// passing: a report whose every case passed, over unix only.
Json passing(const std::string& target) {
  Json doc = sample(target);
  Json good = doc["cases"][1];
  doc["cases"] = Json::array({good});
  doc["conformance"] = Json{{"spec", true}, {"degu_0_19", true}};
  return doc;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// tag: the start tag that holds marker (`id="x"`), or "" when none does.
std::string tag(const std::string& html, const std::string& marker) {
  const auto at = html.find(marker);
  if (at == std::string::npos) {
    return "";
  }
  const auto from = html.rfind('<', at);
  const auto to = html.find('>', at);
  return html.substr(from, to - from + 1);
}

// element: from the start tag holding marker to the first `end` after it.
std::string element(const std::string& html, const std::string& marker, const std::string& end) {
  const auto at = html.find(marker);
  if (at == std::string::npos) {
    return "";
  }
  const auto from = html.rfind('<', at);
  return html.substr(from, html.find(end, at) + end.size() - from);
}

std::string attr(const std::string& start_tag, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const auto at = start_tag.find(key);
  if (at == std::string::npos) {
    return "(absent)";
  }
  const auto from = at + key.size();
  return start_tag.substr(from, start_tag.find('"', from) - from);
}

std::string cell(const std::string& html, const std::string& section,
                 const std::string& transport) {
  return tag(html, "data-section=\"" + section + "\" data-transport=\"" + transport +
                       "\" data-worst");
}

// --- one report ---

TEST(HtmlReport, IsAWholePage) {
  const std::string html = html_report({sample()});
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("<title>degu-conform: server unix:/tmp/s&lt;&amp;&gt;&quot;&#39; (not "
                      "spec-conformant)</title>"),
            std::string::npos);
  EXPECT_NE(html.find("<body class=\"single\">"), std::string::npos);
  EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
  // No external resource: nothing to fetch, and a policy that forbids it.
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
}

TEST(HtmlReport, EscapesEverythingFromTheDocument) {
  const std::string html = html_report({sample()});
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(count(html, "<script"), 1);  // The page's own.
  EXPECT_NE(html.find("<code>unix:/tmp/s&lt;&amp;&gt;&quot;&#39;</code>"), std::string::npos);
  EXPECT_EQ(html.find("s<&>"), std::string::npos);
  EXPECT_NE(html.find("bytes differ &amp; more"), std::string::npos);
}

TEST(HtmlReport, EscapesAttributesAndIds) {
  Json doc = sample();
  doc["cases"][1]["id"] = "x\" onmouseover=\"alert(1)";
  doc["cases"][1]["rules"] = Json::array({"R'1", "<b>"});
  const std::string html = html_report({doc});
  EXPECT_EQ(html.find("onmouseover=\"alert"), std::string::npos);
  EXPECT_NE(html.find("id=\"c-x_22_20onmouseover_3d_22alert_281_29\""), std::string::npos);
  EXPECT_NE(html.find("data-id=\"x&quot; onmouseover=&quot;alert(1)\""), std::string::npos);
  EXPECT_NE(html.find("data-rules=\"R&#39;1 &lt;b&gt;\""), std::string::npos);
}

TEST(HtmlReport, ReplacesInvalidUtf8AndControlCharacters) {
  Json doc = sample();
  doc["cases"][0]["comment"] = "a\x01z \xff\xfe ok \xc3\xa9";
  const std::string html = html_report({doc});
  EXPECT_NE(html.find("a\xef\xbf\xbdz \xef\xbf\xbd\xef\xbf\xbd ok \xc3\xa9"), std::string::npos);
}

TEST(HtmlReport, ClaimsAsTheDocumentStatesThem) {
  const std::string html = html_report({sample()});
  const std::string spec = element(html, "id=\"claim-spec\"", "</div>");
  EXPECT_EQ(attr(tag(spec, "id=\"claim-spec\""), "data-claim"), "no");
  EXPECT_NE(spec.find("<span class=\"answer\">no</span>"), std::string::npos);
  EXPECT_NE(spec.find("1 of the 4 cases that ran miss it"), std::string::npos);
  const std::string compat = element(html, "id=\"claim-compat\"", "</div>");
  EXPECT_EQ(attr(tag(compat, "id=\"claim-compat\""), "data-claim"), "yes");
  EXPECT_NE(compat.find("<span class=\"answer\">yes</span>"), std::string::npos);
  const auto claims = html.find("id=\"claims\"");
  EXPECT_LT(claims, html.find("id=\"matrix\""));  // First thing after the header.

  const std::string yes = html_report({passing("t")});
  EXPECT_EQ(attr(tag(yes, "id=\"claim-spec\""), "data-claim"), "yes");
}

TEST(HtmlReport, MatrixCountsEachSectionAndTransport) {
  const std::string html = html_report({sample()});
  const std::string unix_cell = cell(html, "server", "unix");
  EXPECT_EQ(attr(unix_cell, "data-ok"), "1");
  EXPECT_EQ(attr(unix_cell, "data-failed"), "1");
  EXPECT_EQ(attr(unix_cell, "data-skipped"), "0");
  EXPECT_EQ(attr(unix_cell, "data-total"), "2");
  EXPECT_EQ(attr(unix_cell, "data-worst"), "failed");
  EXPECT_EQ(attr(unix_cell, "class"), "cell w-failed");
  const std::string v4 = cell(html, "server", "v4");
  EXPECT_EQ(attr(v4, "data-ok"), "1");
  EXPECT_EQ(attr(v4, "data-skipped"), "1");
  EXPECT_EQ(attr(v4, "data-worst"), "ok");  // SKIPPED only colours what did not run.
  const std::string parse = cell(html, "parse", "");
  EXPECT_EQ(attr(parse, "data-non-strict"), "1");
  EXPECT_EQ(attr(parse, "data-worst"), "non-strict");
  EXPECT_EQ(attr(cell(html, "parse", "unix"), "data-total"), "0");
  EXPECT_EQ(attr(cell(html, "parse", "unix"), "data-worst"), "empty");
  EXPECT_EQ(cell(html, "render", ""), "");  // No such section in the run.
  // Columns: no transport ("—") first, then the known ones in order.
  const std::string matrix = element(html, "id=\"matrix\"", "</table>");
  const auto none = matrix.find("<th scope=\"col\" data-transport=\"\">—</th>");
  const auto unix_column = matrix.find("data-transport=\"unix\">unix</th>");
  const auto v4_column = matrix.find("data-transport=\"v4\">v4</th>");
  EXPECT_LT(none, unix_column);
  EXPECT_LT(unix_column, v4_column);
  EXPECT_NE(v4_column, std::string::npos);
  EXPECT_LT(matrix.find("<tr data-section=\"parse\">"),
            matrix.find("<tr data-section=\"server\">"));
  // A cell links to its group.
  EXPECT_NE(element(html, "data-section=\"server\" data-transport=\"unix\" data-worst", "</td>")
                .find("href=\"#g-server-unix\""),
            std::string::npos);
  EXPECT_NE(html.find("<section class=\"group\" id=\"g-server-unix\""), std::string::npos);
  EXPECT_NE(html.find("<section class=\"group\" id=\"g-parse\""), std::string::npos);
}

TEST(HtmlReport, MarksTheFirstDifferenceInTheEscapedForm) {
  const std::string html = html_report({sample()});
  // A line break follows each \n escape (for reading; not part of the bytes).
  EXPECT_NE(html.find("<pre class=\"bytes expected\">a\\r\\n\n\\\\<mark class=\"diff\" "
                      "title=\"first difference\">b</mark></pre>"),
            std::string::npos);
  EXPECT_NE(html.find("<pre class=\"bytes received\">a\\r\\n\n\\\\<mark class=\"diff\" "
                      "title=\"first difference\">\\x00</mark>c</pre>"),
            std::string::npos);
  EXPECT_NE(html.find("differ from those expected at byte <strong>4</strong>"),
            std::string::npos);
  EXPECT_EQ(count(html, "<mark class=\"diff\""), 2);  // Only the one case differs.
}

TEST(HtmlReport, MarksWhereTheShorterSideEnds) {
  Json doc = sample();
  doc["cases"][0]["exchange"] = exchange_json("6162", "ab", "616263", "abc", 2);
  const std::string html = html_report({doc});
  EXPECT_NE(html.find("<pre class=\"bytes expected\">ab<mark class=\"diff end\""),
            std::string::npos);
  EXPECT_NE(html.find("<pre class=\"bytes received\">ab<mark class=\"diff\" "
                      "title=\"first difference\">c</mark></pre>"),
            std::string::npos);
}

TEST(HtmlReport, NoMarkWhenTheFormsDisagree) {
  Json doc = sample();
  // The hex says "ab", the escaped form says "xy": the offset maps to nothing.
  doc["cases"][0]["exchange"] = exchange_json("6162", "xy", "6163", "ac", 1);
  const std::string html = html_report({doc});
  EXPECT_NE(html.find("<pre class=\"bytes expected\">xy</pre>"), std::string::npos);
  EXPECT_NE(html.find("<pre class=\"bytes received\">a<mark class=\"diff\""), std::string::npos);
}

TEST(HtmlReport, FailingCasesFirstAndOpen) {
  const std::string html = html_report({sample()});
  const std::string bad = tag(html, "id=\"c-bad-1.unix\"");
  EXPECT_EQ(attr(bad, "class"), "case failed failing");
  EXPECT_EQ(attr(bad, "data-verdict"), "FAILED");
  EXPECT_EQ(attr(bad, "data-rules"), "SRV-X-1 SRV-Y-2");
  EXPECT_EQ(bad.substr(bad.size() - 6), " open>");
  const std::string good = tag(html, "id=\"c-good-1.unix\"");
  EXPECT_EQ(attr(good, "class"), "case ok");
  EXPECT_EQ(good.find(" open"), std::string::npos);
  EXPECT_LT(html.find("id=\"c-bad-1.unix\""), html.find("id=\"c-good-1.unix\""));
  // The rest of a group is one collapsed list; NON-STRICT is failing too.
  EXPECT_NE(html.find("<details class=\"others\"><summary>1 other case: "), std::string::npos);
  EXPECT_EQ(attr(tag(html, "id=\"c-p-1\""), "class"), "case non-strict failing");
  // In a group, what did not run comes before what passed.
  EXPECT_LT(html.find("id=\"c-skip-1.v4\""), html.find("id=\"c-good-1.v4\""));
}

TEST(HtmlReport, CaseDetailsHoldTheirEvidence) {
  const std::string html = html_report({sample()});
  const std::string bad = element(html, "id=\"c-bad-1.unix\"", "</details>");
  for (const std::string& want :
       {"<code>bad-1</code> in <code>hand/exchange-server.json</code>"s,
        "<dt>kind</dt><dd>exchange</dd>"s, "<dt>level</dt><dd>MUST</dd>"s,
        "<dt>reason</dt><dd>bytes differ &amp; more</dd>"s,
        "<dt>judged against</dt><dd>expected</dd>"s, "<dt>run twice</dt><dd>stable</dd>"s,
        "<dt>observed fate</dt><dd class=\"mismatch\">open</dd>"s,
        "<pre class=\"bytes sent\">GET / HTTP/1.1\\r\\n\n\\r\\n\n</pre>"s,
        "<span class=\"fate mismatch\">then open</span>"s}) {
    EXPECT_NE(bad.find(want), std::string::npos) << want;
  }
  const std::string parse = element(html, "id=\"c-p-1\"", "</details>");
  EXPECT_NE(parse.find("<pre class=\"json expected-verdict\">{\n  &quot;ok&quot;: false,"),
            std::string::npos);
  EXPECT_NE(parse.find("&quot;offset&quot;: 2\n}</pre>"), std::string::npos);
  EXPECT_NE(parse.find("They differ in <code>offset</code>"), std::string::npos);
  EXPECT_NE(parse.find("ran as <code>CMD request --jsonl</code>"), std::string::npos);
  EXPECT_NE(parse.find("<pre class=\"bytes input\">G\\r\\n\n</pre>"), std::string::npos);
}

TEST(HtmlReport, KnownFailuresAndUnexpectedPasses) {
  Json doc = sample();
  doc["cases"][0]["known_failure"] = "offsets off by one";
  doc["cases"][1]["unexpected_pass"] = "listed but passes";
  const std::string html = html_report({doc});
  EXPECT_EQ(attr(tag(html, "id=\"c-bad-1.unix\""), "class"), "case failed failing known");
  const std::string passed = tag(html, "id=\"c-good-1.unix\"");
  EXPECT_EQ(attr(passed, "class"), "case ok failing unexpected-pass");
  EXPECT_EQ(passed.substr(passed.size() - 6), " open>");
  EXPECT_NE(html.find("<dt>known failure</dt><dd>offsets off by one</dd>"), std::string::npos);
  EXPECT_EQ(attr(cell(html, "server", "unix"), "data-worst"), "failed");
}

TEST(HtmlReport, RunHeader) {
  const std::string html = html_report({sample()});
  const std::string run = element(html, "id=\"run\"", "</dl>");
  for (const std::string& want :
       {"<dt>profile</dt><dd>spec</dd>"s, "<dt>errors graded</dt><dd>exact</dd>"s,
        "<dt>started at</dt><dd>2026-12-03T18:23:10Z</dd>"s,
        "<dt>duration</dt><dd>1.50 s</dd>"s, "<dt>degu-conform</dt><dd>0.1.0</dd>"s,
        "<li>sampled 1 of 2 splits</li>"s}) {
    EXPECT_NE(run.find(want), std::string::npos) << want;
  }
}

TEST(HtmlReport, ControlsAreHiddenUntilTheScriptRuns) {
  const std::string html = html_report({sample()});
  EXPECT_NE(html.find("<div id=\"controls\" class=\"controls\" hidden>"), std::string::npos);
  EXPECT_NE(html.find("<input id=\"filter\""), std::string::npos);
  EXPECT_NE(html.find("data-verdict=\"FAILED\"> FAILED (1)"), std::string::npos);
}

TEST(HtmlReport, CutsLongStringsAroundTheMark) {
  Json doc = sample();
  const std::string a(200000, 'a');
  const std::string hex_a = [&] {
    std::string h;
    for (std::size_t i = 0; i < a.size(); ++i) {
      h += "61";
    }
    return h;
  }();
  doc["cases"][0]["exchange"] =
      exchange_json(hex_a + "62", a + "b", hex_a + "63", a + "c", a.size());
  const std::string html = html_report({doc});
  EXPECT_LT(html.size(), 400000u);
  EXPECT_NE(html.find("characters not shown (the JSON report has every byte)"), std::string::npos);
  EXPECT_NE(html.find("aaaa<mark class=\"diff\" title=\"first difference\">c</mark></pre>"),
            std::string::npos);
}

TEST(HtmlReport, NeverThrowsOnOddDocuments) {
  EXPECT_NO_THROW(html_report({Json::array()}));
  EXPECT_NO_THROW(html_report({Json{{"cases", Json::array({1, "x", Json::object()})}}}));
  Json doc = sample();
  doc["cases"][0]["exchange"]["first_difference"] = -3;
  doc["cases"][0]["rules"] = "not a list";
  doc["run"]["notes"] = 7;
  EXPECT_NO_THROW(html_report({doc}));
  EXPECT_NE(html_report({}).find("No reports were given."), std::string::npos);
}

// --- several reports ---

TEST(HtmlReport, ComparePageHasARowPerImplementation) {
  const std::string html = html_report({sample("impl-one"), passing("impl-<two>")});
  EXPECT_NE(html.find("<body class=\"compare\">"), std::string::npos);
  EXPECT_NE(html.find("<title>degu-conform: comparison of 2 reports</title>"),
            std::string::npos);
  const std::string matrix = element(html, "id=\"matrix\"", "</table>");
  EXPECT_EQ(attr(tag(matrix, "id=\"matrix\""), "class"), "matrix compare");
  const std::string one = element(matrix, "data-report=\"1\"", "</tr>");
  const std::string two = element(matrix, "data-report=\"2\"", "</tr>");
  EXPECT_NE(one.find("server <code>impl-one</code>"), std::string::npos);
  EXPECT_NE(two.find("server <code>impl-&lt;two&gt;</code>"), std::string::npos);
  EXPECT_EQ(count(matrix, "<tr class=\"impl\""), 2);
  // Columns: the union of both runs' sections and transports.
  EXPECT_EQ(count(one, "<td class=\"cell"), 3);
  EXPECT_EQ(count(two, "<td class=\"cell"), 3);
  const std::string one_unix = tag(one, "data-column=\"server/unix\"");
  EXPECT_EQ(attr(one_unix, "data-ok"), "1");
  EXPECT_EQ(attr(one_unix, "data-failed"), "1");
  EXPECT_EQ(attr(one_unix, "data-total"), "2");
  EXPECT_NE(element(one, "data-column=\"server/unix\"", "</td>")
                .find("href=\"#r1-g-server-unix\"><span class=\"ratio\">1 / 2 OK</span>"
                      "<span class=\"n failed\">1 FAILED</span>"),
            std::string::npos);
  EXPECT_EQ(attr(tag(two, "data-column=\"server/v4\""), "data-worst"), "empty");
  EXPECT_NE(element(two, "data-column=\"server/v4\"", "</td>").find("not run"),
            std::string::npos);
  EXPECT_EQ(attr(tag(one, "class=\"claim spec"), "data-claim"), "no");
  EXPECT_EQ(attr(tag(two, "class=\"claim spec"), "data-claim"), "yes");
  // Below: a section per report, its failing cases in the same form.
  EXPECT_NE(html.find("<section class=\"report\" id=\"r1\" data-report=\"1\">"),
            std::string::npos);
  EXPECT_NE(html.find("<section class=\"report\" id=\"r2\" data-report=\"2\">"),
            std::string::npos);
  EXPECT_NE(html.find("id=\"r1-g-server-unix\""), std::string::npos);
  EXPECT_EQ(attr(tag(html, "id=\"r1-c-bad-1.unix\""), "class"), "case failed failing");
  EXPECT_EQ(html.find("id=\"r1-c-good-1.unix\""), std::string::npos);  // Passing: left out.
  EXPECT_NE(element(html, "id=\"r2-g-server-unix\"", "</section>").find("No failing cases."),
            std::string::npos);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
}

// --- documents json_report wrote ---

TEST(HtmlReport, AgreesWithTheJsonWriter) {
  RunInfo run;
  run.role = "client";
  run.target = "adapter";
  run.profile = "spec";
  run.errors = "exact";
  CaseResult c;
  c.id = "cli-1.socketpair";
  c.vector_id = "cli-1";
  c.section = Section::client;
  c.transport = "socketpair";
  c.verdict = Verdict::failed;
  c.spec_ok = false;
  c.compat_ok = false;
  Exchange e;
  e.sent = "HTTP/1.1 200 OK\r\n\r\n";
  e.expected = "x\xff\t\\y"s;
  e.received = "x\xff\t\\z\x00"s;
  c.exchange = e;
  const Json doc = Json::parse(json_report(run, {c}));
  ASSERT_EQ(html_error(doc), "");
  const std::string html = html_report({doc});
  EXPECT_NE(html.find("<pre class=\"bytes expected\">x\\xff\\t\\\\<mark class=\"diff\" "
                      "title=\"first difference\">y</mark></pre>"),
            std::string::npos);
  EXPECT_NE(html.find("<pre class=\"bytes received\">x\\xff\\t\\\\<mark class=\"diff\" "
                      "title=\"first difference\">z</mark>\\x00</pre>"),
            std::string::npos);
  EXPECT_NE(html.find("sent (the replies to the client)"), std::string::npos);
  EXPECT_EQ(attr(cell(html, "client", "socketpair"), "data-failed"), "1");
}

// --- html_error ---

TEST(HtmlError, AcceptsReports) {
  EXPECT_EQ(html_error(sample()), "");
  EXPECT_EQ(html_error(passing("t")), "");
}

TEST(HtmlError, RefusesOtherDocuments) {
  Json doc = sample();
  doc["format"] = "x";
  EXPECT_EQ(html_error(doc),
            "not a degu-conform report: \"format\" is \"x\", wanted \"degu-conform-report\"");

  doc = sample();
  doc.erase("cases");
  EXPECT_EQ(html_error(doc), "not a degu-conform report: \"cases\" is missing");

  doc = sample();
  doc["version"] = 3;
  EXPECT_EQ(html_error(doc),
            "report format version 3 is not known (this writer reads versions 1 and 2)");
  doc["version"] = 2;  // What this writer writes; 1 is the sample's.
  EXPECT_EQ(html_error(doc), "");

  doc = sample();
  doc.erase("format");
  EXPECT_EQ(html_error(doc), "not a degu-conform report: \"format\" is missing");

  EXPECT_EQ(html_error(Json::array()),
            "not a degu-conform report: the document is [], not a JSON object");
}

TEST(HtmlError, RefusesBrokenMembers) {
  Json doc = sample();
  doc["run"].erase("role");
  EXPECT_EQ(html_error(doc), "not a degu-conform report: \"run\": \"role\" is missing");

  doc = sample();
  doc["conformance"]["spec"] = "yes";
  EXPECT_EQ(html_error(doc),
            "not a degu-conform report: \"conformance\": \"spec\" is \"yes\", wanted true or "
            "false");

  doc = sample();
  doc["cases"][3]["verdict"] = "MAYBE";
  EXPECT_EQ(html_error(doc),
            "not a degu-conform report: case 3 (\"skip-1.v4\"): \"verdict\" is \"MAYBE\", "
            "wanted OK, FAILED, NON-STRICT, UNIMPLEMENTED or SKIPPED");

  doc = sample();
  doc["cases"][0]["exchange"].erase("received");
  EXPECT_EQ(html_error(doc),
            "not a degu-conform report: case 0 (\"bad-1.unix\"): \"exchange\": \"received\" "
            "is missing");

  doc = sample();
  doc["cases"] = Json::object();
  EXPECT_EQ(html_error(doc), "not a degu-conform report: \"cases\" is {}, wanted an array");
}

}  // namespace
}  // namespace degu::conform
