// report_html.cc: the HTML report (report_html.h): one report's page or the
// compare page, assembled in one pass over the documents.
#include "report_html.h"

#include "degu/core/hex.h"
#include "verdict.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

namespace degu::conform {

using Json = nlohmann::ordered_json;

namespace {

// --- reading documents: tolerant, so no document makes the writer throw ---

const Json* member(const Json& j, const char* key) {
  if (!j.is_object()) {
    return nullptr;
  }
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

const Json& member_or_null(const Json& j, const char* key) {
  static const Json kNull;
  const Json* m = member(j, key);
  return m == nullptr ? kNull : *m;
}

// text: the string member key; "" when it is absent, null or not a string.
std::string_view text(const Json& j, const char* key) {
  const Json* m = member(j, key);
  if (m == nullptr || !m->is_string()) {
    return {};
  }
  return m->get_ref<const std::string&>();
}

std::optional<bool> flag(const Json& j, const char* key) {
  const Json* m = member(j, key);
  if (m == nullptr || !m->is_boolean()) {
    return std::nullopt;
  }
  return m->get<bool>();
}

// offset: a non-negative integer member, or nothing.
std::optional<std::size_t> offset(const Json& j, const char* key) {
  const Json* m = member(j, key);
  if (m == nullptr || !m->is_number_integer()) {
    return std::nullopt;
  }
  if (m->is_number_unsigned()) {
    return static_cast<std::size_t>(m->get<std::uint64_t>());
  }
  const auto v = m->get<std::int64_t>();
  if (v < 0) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(v);
}

double number(const Json& j, const char* key) {
  const Json* m = member(j, key);
  return m != nullptr && m->is_number() ? m->get<double>() : 0.0;
}

// strings: the string items of an array member (others are left out).
std::vector<std::string_view> strings(const Json& j, const char* key) {
  std::vector<std::string_view> out;
  const Json* m = member(j, key);
  if (m == nullptr || !m->is_array()) {
    return out;
  }
  for (const auto& item : *m) {
    if (item.is_string()) {
      out.push_back(item.get_ref<const std::string&>());
    }
  }
  return out;
}

// --- writing text ---

constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD

// utf8_length: the length of the valid UTF-8 sequence at s[i], or 0
// (overlong forms, surrogates and values past U+10FFFF are invalid).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const unsigned b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  unsigned lo = 0x80;
  unsigned hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) {
    n = 2;
  } else if (b >= 0xe0 && b <= 0xef) {
    n = 3;
    lo = b == 0xe0 ? 0xa0u : 0x80u;
    hi = b == 0xed ? 0x9fu : 0xbfu;
  } else if (b >= 0xf0 && b <= 0xf4) {
    n = 4;
    lo = b == 0xf0 ? 0x90u : 0x80u;
    hi = b == 0xf4 ? 0x8fu : 0xbfu;
  } else {
    return 0;
  }
  if (i + n > s.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < n; ++k) {
    const unsigned c = static_cast<unsigned char>(s[i + k]);
    if (c < (k == 1 ? lo : 0x80u) || c > (k == 1 ? hi : 0xbfu)) {
      return 0;
    }
  }
  return n;
}

// put_text: s escaped for HTML text and quoted attribute values (& < > " ');
// invalid UTF-8 and control characters other than HT, LF, CR become U+FFFD.
void put_text(std::string& out, std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    const unsigned b = static_cast<unsigned char>(c);
    if (b >= 0x80) {
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        out += kReplacement;
        ++i;
      } else {
        out += s.substr(i, n);
        i += n;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\t':
      case '\n':
      case '\r':
        out += c;
        break;
      default:
        if (b < 0x20 || b == 0x7f) {
          out += kReplacement;
        } else {
          out += c;
        }
    }
  }
}

// put_attr: ` name="value"`, value escaped.
void put_attr(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  put_text(out, value);
  out += '"';
}

// put_anchor: s as part of an id: [A-Za-z0-9.-] as is, any other byte _HH,
// so distinct texts give distinct ids.
void put_anchor(std::string& out, std::string_view s) {
  for (const char c : s) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (plain) {
      out += c;
    } else {
      out += '_';
      out += core::to_hex(std::string_view(&c, 1));
    }
  }
}

std::string group_id(std::string_view prefix, std::string_view section,
                     std::string_view transport) {
  std::string id(prefix);
  id += "g-";
  put_anchor(id, section);
  if (!transport.empty()) {
    id += '-';
    put_anchor(id, transport);
  }
  return id;
}

std::string seconds_text(double seconds, int decimals) {
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*f s", decimals, seconds);
  return buffer.data();
}

// --- verdicts and counts ---

// The verdicts in the order counts are shown; kRank orders them by
// severity for a cell's colour (report_html.h).
constexpr std::array<std::string_view, 5> kVerdicts = {"OK", "FAILED", "NON-STRICT",
                                                       "UNIMPLEMENTED", "SKIPPED"};
constexpr std::array<std::string_view, 5> kVerdictClasses = {"ok", "failed", "non-strict",
                                                             "unimplemented", "skipped"};
constexpr std::array<int, 5> kRank = {1, 4, 3, 2, 0};
constexpr std::size_t kOk = 0;
constexpr std::size_t kFailed = 1;
constexpr std::size_t kNonStrict = 2;
constexpr std::size_t kUnknown = kVerdicts.size();

std::size_t verdict_index(std::string_view name) {
  for (std::size_t v = 0; v < kVerdicts.size(); ++v) {
    if (kVerdicts[v] == name) {
      return v;
    }
  }
  return kUnknown;
}

std::string_view verdict_class(std::size_t v) {
  return v < kVerdictClasses.size() ? kVerdictClasses[v] : "unknown";
}

// failing: FAILED, NON-STRICT or an unexpected pass: shown first and open.
bool counts_as_failing(const Json& c) {
  const std::size_t v = verdict_index(text(c, "verdict"));
  return v == kFailed || v == kNonStrict || !text(c, "unexpected_pass").empty();
}

struct Counts {
  std::array<int, kVerdicts.size() + 1> by_verdict{};  // kVerdicts, unknown.
  int total = 0;
  int known = 0;
  int unexpected = 0;
  int failing = 0;
  int ran = 0;
  int spec_missed = 0;
  int compat_missed = 0;

  void add(const Json& c) {
    const std::size_t v = verdict_index(text(c, "verdict"));
    ++by_verdict[v];
    ++total;
    known += text(c, "known_failure").empty() ? 0 : 1;
    unexpected += text(c, "unexpected_pass").empty() ? 0 : 1;
    failing += counts_as_failing(c) ? 1 : 0;
    // A case that did not run proves nothing either way (report.h).
    if (v == kOk || v == kFailed || v == kNonStrict) {
      ++ran;
      // The spec claim is about MUST rules only (SPEC.md section 17).
      spec_missed += flag(c, "spec_ok") == false && text(c, "level") != "SHOULD" ? 1 : 0;
      compat_missed += flag(c, "compat_ok") == false ? 1 : 0;
    }
  }

  int ok() const { return by_verdict[kOk]; }

  std::string_view worst() const {
    if (total == 0) {
      return "empty";
    }
    if (unexpected > 0) {
      return "failed";
    }
    int rank = -1;
    std::size_t at = kUnknown;
    for (std::size_t v = 0; v < kVerdicts.size(); ++v) {
      if (by_verdict[v] > 0 && kRank[v] > rank) {
        rank = kRank[v];
        at = v;
      }
    }
    return verdict_class(at);
  }
};

// put_count: `<span class="n failed">4 FAILED</span>`.
void put_count(std::string& out, int n, std::string_view what, std::string_view cls) {
  out += "<span class=\"n ";
  out += cls;
  out += "\">";
  out += std::to_string(n);
  out += ' ';
  out += what;
  out += "</span>";
}

// put_counts: every verdict with a count, then known failures and
// unexpected passes, separated by sep.
void put_counts(std::string& out, const Counts& c, std::string_view sep, bool with_ok) {
  bool first = true;
  const auto next = [&] {
    if (!first) {
      out += sep;
    }
    first = false;
  };
  for (std::size_t v = 0; v < kVerdicts.size(); ++v) {
    if (c.by_verdict[v] > 0 && (with_ok || v != kOk)) {
      next();
      put_count(out, c.by_verdict[v], kVerdicts[v], kVerdictClasses[v]);
    }
  }
  if (c.by_verdict[kUnknown] > 0) {
    next();
    put_count(out, c.by_verdict[kUnknown], "of an unknown verdict", "unknown");
  }
  if (c.known > 0) {
    next();
    put_count(out, c.known, c.known == 1 ? "known failure" : "known failures", "known");
  }
  if (c.unexpected > 0) {
    next();
    put_count(out, c.unexpected, c.unexpected == 1 ? "unexpected pass" : "unexpected passes",
              "failed");
  }
}

// --- layout: the cases by section and transport ---

constexpr std::array<std::string_view, 6> kSections = {"parse",   "render",     "server",
                                                       "runtime", "robustness", "client"};
constexpr std::array<std::string_view, 7> kTransports = {"",   "unix", "abstract", "v4",
                                                         "v6", "tls",  "socketpair"};

using Key = std::pair<std::string, std::string>;  // Section, transport ("" for none).

struct Group {
  std::vector<const Json*> cases;  // In the order they ran.
  Counts counts;
};

struct Layout {
  std::set<std::string> sections;
  std::set<std::string> transports;
  std::map<Key, Group> groups;
  Counts all;
};

Layout layout_of(const Json& doc) {
  Layout layout;
  const Json& cases = member_or_null(doc, "cases");
  if (!cases.is_array()) {
    return layout;
  }
  for (const auto& c : cases) {
    Key key{std::string(text(c, "section")), std::string(text(c, "transport"))};
    layout.sections.insert(key.first);
    layout.transports.insert(key.second);
    Group& g = layout.groups[key];
    g.cases.push_back(&c);
    g.counts.add(c);
    layout.all.add(c);
  }
  return layout;
}

// in_order: the names seen, the known ones in their order, then the rest.
template <std::size_t N>
std::vector<std::string> in_order(const std::set<std::string>& seen,
                                  const std::array<std::string_view, N>& known) {
  std::vector<std::string> out;
  for (const auto k : known) {
    if (seen.count(std::string(k)) > 0) {
      out.emplace_back(k);
    }
  }
  for (const auto& s : seen) {
    if (std::find(known.begin(), known.end(), s) == known.end()) {
      out.push_back(s);
    }
  }
  return out;
}

// ordered_keys: the groups of layouts, by section and then transport.
std::vector<Key> ordered_keys(const std::vector<const Layout*>& layouts) {
  std::set<std::string> sections;
  std::set<std::string> transports;
  for (const Layout* l : layouts) {
    sections.insert(l->sections.begin(), l->sections.end());
    transports.insert(l->transports.begin(), l->transports.end());
  }
  std::vector<Key> keys;
  for (const auto& s : in_order(sections, kSections)) {
    for (const auto& t : in_order(transports, kTransports)) {
      const Key key{s, t};
      const bool any = std::any_of(layouts.begin(), layouts.end(),
                                   [&](const Layout* l) { return l->groups.count(key) > 0; });
      if (any) {
        keys.push_back(key);
      }
    }
  }
  return keys;
}

// --- byte strings in their escaped form ---

constexpr std::size_t kCapFailing = 1 << 16;  // Characters shown per string of a failing case.
constexpr std::size_t kCapOther = 1 << 12;    // ... of any other case.
constexpr std::size_t kContext = 512;         // Characters kept before a mark in a cut string.

// token_end: where the escape of the one byte at s[i] ends ("\xHH", "\r",
// "\\", or one character).
std::size_t token_end(std::string_view s, std::size_t i) {
  if (s[i] != '\\' || i + 1 >= s.size()) {
    return i + 1;
  }
  if (s[i + 1] == 'x') {
    return std::min(i + 4, s.size());
  }
  return i + 2;
}

// boundary: the first token boundary at or after want, walking from the
// boundary from.
std::size_t boundary(std::string_view s, std::size_t from, std::size_t want) {
  while (from < want && from < s.size()) {
    from = token_end(s, from);
  }
  return std::min(from, s.size());
}

// escape_hex_prefix: the escaped form (report.schema.json) of the first n
// bytes that hex spells; nothing when it spells fewer or is not hex.
std::optional<std::string> escape_hex_prefix(std::string_view hex, std::size_t n) {
  if (hex.size() / 2 < n) {
    return std::nullopt;
  }
  const auto bytes = core::from_hex(hex.substr(0, 2 * n));
  if (!bytes) {
    return std::nullopt;
  }
  return cli::escaped(*bytes);
}

// mark_in: where byte n of the bytes hex spells starts in their escaped
// form; nothing when the two forms disagree.
std::optional<std::size_t> mark_in(std::string_view hex, std::string_view escaped,
                                   std::size_t n) {
  const auto prefix = escape_hex_prefix(hex, n);
  if (!prefix || escaped.substr(0, prefix->size()) != *prefix) {
    return std::nullopt;
  }
  return prefix->size();
}

void put_cut(std::string& out, std::size_t left_out) {
  out += "\n<span class=\"cut\">… ";
  out += std::to_string(left_out);
  out += " characters not shown (the JSON report has every byte) …</span>\n";
}

// put_range: s[from, to) (token boundaries), escaped for HTML, a line break
// after each "\n" escape, the token at mark in <mark class="diff">.
void put_range(std::string& out, std::string_view s, std::size_t from, std::size_t to,
               std::optional<std::size_t> mark) {
  std::size_t i = from;
  while (i < to) {
    const std::size_t end = token_end(s, i);
    const std::string_view token = s.substr(i, end - i);
    const bool marked = mark && *mark == i;
    if (marked) {
      out += "<mark class=\"diff\" title=\"first difference\">";
    }
    put_text(out, token);
    if (marked) {
      out += "</mark>";
    }
    if (token == "\\n") {
      out += '\n';
    }
    i = end;
  }
}

// put_bytes: an escaped byte string in a <pre>; at most about cap
// characters, cut so that the mark stays in view.
void put_bytes(std::string& out, std::string_view cls, std::string_view s,
               std::optional<std::size_t> mark, std::size_t cap) {
  out += "<pre class=\"bytes ";
  out += cls;
  out += "\">";
  if (s.empty()) {
    out += "<span class=\"nothing\">(nothing)</span>";
  }
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  if (s.size() <= cap) {
    ranges.emplace_back(0, s.size());
  } else if (mark && *mark + kContext > cap) {
    const std::size_t head = boundary(s, 0, cap / 2);
    const std::size_t from = boundary(s, head, *mark > kContext ? *mark - kContext : 0);
    ranges.emplace_back(0, head);
    ranges.emplace_back(from, boundary(s, from, from + cap / 2));
  } else {
    ranges.emplace_back(0, boundary(s, 0, cap));
  }
  std::size_t shown = 0;
  for (const auto& [from, to] : ranges) {
    if (from > shown) {
      put_cut(out, from - shown);
    }
    put_range(out, s, from, to, mark);
    shown = to;
  }
  if (shown < s.size()) {
    put_cut(out, s.size() - shown);
  }
  if (mark && *mark == s.size()) {
    out += "<mark class=\"diff end\" title=\"first difference: these bytes end here\">"
           "(ends here)</mark>";
  }
  out += "</pre>\n";
}

// --- one case ---

void put_fact(std::string& out, std::string_view term, std::string_view value,
              std::string_view cls = {}) {
  out += "<dt>";
  out += term;
  out += "</dt><dd";
  if (!cls.empty()) {
    put_attr(out, "class", cls);
  }
  out += '>';
  put_text(out, value);
  out += "</dd>\n";
}

void put_code_fact(std::string& out, std::string_view term, std::string_view value) {
  out += "<dt>";
  out += term;
  out += "</dt><dd><code>";
  put_text(out, value);
  out += "</code></dd>\n";
}

std::string_view yes_no(std::optional<bool> b, std::string_view none) {
  if (!b) {
    return none;
  }
  return *b ? "yes" : "no";
}

void put_badge(std::string& out, std::string_view verdict) {
  out += "<span class=\"badge ";
  out += verdict_class(verdict_index(verdict));
  out += "\">";
  put_text(out, verdict.empty() ? "?" : verdict);
  out += "</span>";
}

std::string joined(const std::vector<std::string_view>& items, std::string_view sep) {
  std::string out;
  for (const auto s : items) {
    if (!out.empty()) {
      out += sep;
    }
    out += s;
  }
  return out;
}

// put_notes: the case's free text (reason, known failure, unexpected
// pass), a line each.
void put_notes(std::string& out, const Json& c) {
  const std::array<std::pair<const char*, const char*>, 3> notes = {
      std::pair{"reason", "reason"}, std::pair{"known_failure", "known failure"},
      std::pair{"unexpected_pass", "unexpected pass"}};
  bool any = false;
  for (const auto& [key, term] : notes) {
    if (text(c, key).empty()) {
      continue;
    }
    if (!any) {
      out += "<dl class=\"notes\">\n";
      any = true;
    }
    put_fact(out, term, text(c, key));
  }
  if (any) {
    out += "</dl>\n";
  }
}

// put_facts: what the case is and how it was judged, in pairs; full adds
// what its summary line already shows (for failing cases, read closely).
void put_facts(std::string& out, const Json& c, const Json& ex, bool full) {
  out += "<dl class=\"facts\">\n";
  if (full) {
    put_code_fact(out, "case", text(c, "id"));
  }
  out += "<dt>vector</dt><dd><code>";
  put_text(out, text(c, "vector_id"));
  out += "</code> in <code>";
  put_text(out, text(c, "file"));
  out += "</code></dd>\n";
  const std::string_view transport = text(c, "transport");
  put_fact(out, "section", std::string(text(c, "section")) +
                               (transport.empty() ? "" : " over " + std::string(transport)));
  put_fact(out, "kind", text(c, "kind"));
  if (full) {
    put_code_fact(out, "rules", joined(strings(c, "rules"), ", "));
    put_fact(out, "level", text(c, "level"));
    out += "<dt>verdict</dt><dd>";
    put_badge(out, text(c, "verdict"));
    out += "</dd>\n";
  }
  const std::string_view against = text(c, "judged_against");
  put_fact(out, "judged against", against.empty() ? "(not judged)" : against);
  const auto spec = flag(c, "spec_ok");
  const auto compat = flag(c, "compat_ok");
  put_fact(out, "meets the spec", yes_no(spec, "(did not run)"), spec == false ? "mismatch" : "");
  put_fact(out, "Degu 0.19 compatible", yes_no(compat, "(did not run)"),
           compat == false ? "mismatch" : "");
  const std::string_view want = text(ex, "expected_fate");
  const std::string_view got = text(ex, "observed_fate");
  if (!want.empty() || !got.empty()) {
    put_fact(out, "expected fate", want.empty() ? "(not judged)" : want);
    put_fact(out, "observed fate", got.empty() ? "(not observed)" : got,
             !want.empty() && want != got ? "mismatch" : "");
  }
  if (!text(ex, "delivery").empty()) {
    put_fact(out, "delivery", text(ex, "delivery"));
  }
  if (c.contains("figures") && c["figures"].is_object()) {
    for (const auto& [name, value] : c["figures"].items()) {
      put_fact(out, name, value.is_string() ? value.get<std::string>() : value.dump());
    }
  }
  if (!text(c, "stability").empty()) {
    put_fact(out, "run twice", text(c, "stability"),
             text(c, "stability") == "flaky" ? "mismatch" : "");
  }
  if (full) {
    put_fact(out, "time", seconds_text(number(c, "seconds"), 4));
  }
  out += "</dl>\n";
}

// put_labelled_bytes: a byte string under its name, size and (for what
// came back) how the connection ended.
void put_labelled_bytes(std::string& out, std::string_view label, std::string_view cls,
                        const Json& ex, const char* key, std::optional<std::size_t> mark,
                        std::string_view fate, bool fate_differs, std::size_t cap) {
  out += "<div class=\"label\">";
  out += label;
  out += " <span class=\"size\">";
  const std::size_t bytes = text(ex, (std::string(key) + "_hex").c_str()).size() / 2;
  out += std::to_string(bytes);
  out += bytes == 1 ? " byte" : " bytes";
  out += "</span>";
  if (!fate.empty()) {
    out += fate_differs ? " <span class=\"fate mismatch\">" : " <span class=\"fate\">";
    out += "then ";
    put_text(out, fate);
    out += "</span>";
  }
  out += "</div>\n";
  put_bytes(out, cls, text(ex, key), mark, cap);
}

void put_exchange(std::string& out, const Json& ex, bool client, std::size_t cap) {
  const auto difference = offset(ex, "first_difference");
  std::optional<std::size_t> mark_expected;
  std::optional<std::size_t> mark_received;
  if (difference) {
    mark_expected = mark_in(text(ex, "expected_hex"), text(ex, "expected"), *difference);
    mark_received = mark_in(text(ex, "received_hex"), text(ex, "received"), *difference);
  }
  out += "<div class=\"evidence exchange\">\n";
  if (difference) {
    out += "<p class=\"difference\">The bytes received first differ from those expected at "
           "byte <strong>";
    out += std::to_string(*difference);
    out += "</strong> (marked).</p>\n";
  }
  const std::string_view want = text(ex, "expected_fate");
  const std::string_view got = text(ex, "observed_fate");
  const bool fate_differs = !want.empty() && want != got;
  put_labelled_bytes(out, client ? "sent (the replies to the client)" : "sent", "sent", ex,
                     "sent", std::nullopt, "", false, cap);
  put_labelled_bytes(out, "expected", "expected", ex, "expected", mark_expected, want,
                     fate_differs, cap);
  put_labelled_bytes(out, "received", "received", ex, "received", mark_received, got,
                     fate_differs, cap);
  out += "</div>\n";
}

// put_json: pretty JSON in a <pre>, cut after cap characters.
void put_json(std::string& out, std::string_view cls, const Json* j, std::size_t cap) {
  out += "<pre class=\"json ";
  out += cls;
  out += "\">";
  if (j == nullptr || j->is_null()) {
    out += "<span class=\"nothing\">(none)</span></pre>\n";
    return;
  }
  const std::string dumped = j->dump(2, ' ', false, Json::error_handler_t::replace);
  std::size_t end = std::min(dumped.size(), cap);
  while (end > 0 && end < dumped.size() && (static_cast<unsigned char>(dumped[end]) & 0xc0) == 0x80) {
    --end;  // Not inside a UTF-8 sequence.
  }
  put_text(out, std::string_view(dumped).substr(0, end));
  if (end < dumped.size()) {
    put_cut(out, dumped.size() - end);
  }
  out += "</pre>\n";
}

// differing_members: the members two verdict objects disagree on (small
// objects only, to stay linear).
std::vector<std::string_view> differing_members(const Json* a, const Json* b) {
  std::vector<std::string_view> out;
  constexpr std::size_t kMost = 64;
  if (a == nullptr || b == nullptr || !a->is_object() || !b->is_object() ||
      a->size() > kMost || b->size() > kMost) {
    return out;
  }
  for (auto it = a->begin(); it != a->end(); ++it) {
    const auto other = b->find(it.key());
    if (other == b->end() || *other != it.value()) {
      out.push_back(it.key());
    }
  }
  for (auto it = b->begin(); it != b->end(); ++it) {
    if (a->find(it.key()) == a->end()) {
      out.push_back(it.key());
    }
  }
  return out;
}

// put_adapter_input: what a parse or render adapter was given: its
// arguments, and the input bytes or the message.
void put_adapter_input(std::string& out, const Json& adapter, std::size_t cap) {
  if (!adapter.is_object()) {
    return;
  }
  out += "<p class=\"adapter\">The adapter ran as <code>CMD ";
  put_text(out, text(adapter, "arguments"));
  out += "</code> and was given:</p>\n";
  if (const Json* message = member(adapter, "message")) {
    put_json(out, "message", message, cap);
    return;
  }
  put_bytes(out, "input", text(adapter, "input"), std::nullopt, cap);
}

void put_verdicts(std::string& out, const Json& c, std::size_t cap) {
  const Json* want = member(c, "expected_verdict");
  const Json* got = member(c, "observed_verdict");
  out += "<div class=\"evidence verdicts\">\n";
  put_adapter_input(out, member_or_null(c, "adapter"), cap);
  const auto differing = differing_members(want, got);
  if (!differing.empty()) {
    out += "<p class=\"difference\">They differ in <code>";
    put_text(out, joined(differing, ", "));
    out += "</code>.</p>\n";
  }
  out += "<div class=\"pair\">\n<div>\n<div class=\"label\">expected verdict</div>\n";
  put_json(out, "expected-verdict", want, cap);
  out += "</div>\n<div>\n<div class=\"label\">observed verdict</div>\n";
  put_json(out, "observed-verdict", got, cap);
  out += "</div>\n</div>\n</div>\n";
}

void put_case(std::string& out, const Json& c, std::string_view id_prefix) {
  const bool is_failing = counts_as_failing(c);
  const std::string_view verdict = text(c, "verdict");
  const auto rules = strings(c, "rules");
  out += "<details class=\"case ";
  out += verdict_class(verdict_index(verdict));
  out += is_failing ? " failing" : "";
  out += text(c, "known_failure").empty() ? "" : " known";
  out += text(c, "unexpected_pass").empty() ? "" : " unexpected-pass";
  out += "\" id=\"";
  out += id_prefix;
  out += "c-";
  put_anchor(out, text(c, "id"));
  out += '"';
  put_attr(out, "data-verdict", verdict);
  put_attr(out, "data-id", text(c, "id"));
  put_attr(out, "data-rules", joined(rules, " "));
  out += is_failing ? " open>\n" : ">\n";

  out += "<summary>";
  put_badge(out, verdict);
  out += " <code class=\"id\">";
  put_text(out, text(c, "id"));
  out += "</code>";
  if (!rules.empty()) {
    out += " <span class=\"rules\">";
    put_text(out, joined(rules, ", "));
    out += "</span>";
  }
  out += " <span class=\"level\">";
  put_text(out, text(c, "level"));
  out += "</span>";
  if (!text(c, "known_failure").empty()) {
    out += " <span class=\"tag known\">known failure</span>";
  }
  if (!text(c, "unexpected_pass").empty()) {
    out += " <span class=\"tag unexpected\">unexpected pass</span>";
  }
  if (text(c, "stability") == "flaky") {
    out += " <span class=\"tag flaky\">flaky</span>";
  }
  if (!text(c, "reason").empty()) {
    out += " <span class=\"reason\">";
    put_text(out, text(c, "reason"));
    out += "</span>";
  }
  out += "</summary>\n<div class=\"body\">\n";
  if (!text(c, "comment").empty()) {
    out += "<p class=\"comment\">";
    put_text(out, text(c, "comment"));
    out += "</p>\n";
  }
  const Json& ex = member_or_null(c, "exchange");
  put_notes(out, c);
  put_facts(out, c, ex, is_failing);
  const std::size_t cap = is_failing ? kCapFailing : kCapOther;
  if (ex.is_object()) {
    put_exchange(out, ex, text(c, "section") == "client", cap);
  } else {
    put_verdicts(out, c, cap);
  }
  out += "</div>\n</details>\n";
}

// --- parts of both pages ---

constexpr std::string_view kStyle = R"css(
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --ok: #1a7f37; --ok-bg: #dafbe1; --failed: #cf222e; --failed-bg: #ffebe9;
  --non-strict: #9a6700; --non-strict-bg: #fff8c5; --unimplemented: #8250df;
  --unimplemented-bg: #fbefff; --skipped: #59636e; --skipped-bg: #eff2f5; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; color: var(--fg); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif; }
header, main { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 20px; }
main { padding-bottom: 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 22px 0 6px; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
  font-size: 13px; }
code { overflow-wrap: anywhere; }
a { color: #0550ae; }
.target { margin: 0; color: var(--muted); overflow-wrap: anywhere; }
.claims { display: flex; flex-wrap: wrap; gap: 16px; margin: 18px 0 8px; }
.claim { flex: 1 1 340px; padding: 12px 16px; border: 2px solid; border-radius: 8px; }
.claim.yes { background: var(--ok-bg); border-color: var(--ok); }
.claim.no { background: var(--failed-bg); border-color: var(--failed); }
.claim .what { display: block; font-weight: 600; }
.claim .answer { display: block; font-size: 30px; font-weight: 700; line-height: 1.2; }
.claim.yes .answer { color: var(--ok); }
.claim.no .answer { color: var(--failed); }
.claim .why { display: block; color: var(--fg); }
.totals { margin: 8px 0; }
.n { white-space: nowrap; }
.n.ok { color: var(--ok); }
.n.failed, .n.unknown { color: var(--failed); font-weight: 600; }
.n.non-strict { color: var(--non-strict); font-weight: 600; }
.n.unimplemented { color: var(--unimplemented); }
.n.skipped, .n.known { color: var(--muted); }
dl.run { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 18px; margin: 0; }
dl.run dt { color: var(--muted); }
dl.run dd { margin: 0; overflow-wrap: anywhere; }
dl.run ul { margin: 0; padding-left: 18px; }
.scroll { overflow-x: auto; }
table.matrix { border-collapse: collapse; margin: 4px 0; }
table.matrix th, table.matrix td { border: 1px solid var(--line); padding: 6px 12px; text-align: left;
  vertical-align: top; }
table.matrix thead th { background: var(--panel); font-weight: 600; }
table.matrix tbody th { background: var(--panel); }
table.compare tbody th { max-width: 360px; font-weight: normal; }
table.compare tbody th .num { font-weight: 700; }
table.compare .sub { color: var(--muted); font-size: 13px; }
td.cell a { display: block; color: inherit; text-decoration: none; }
td.cell a:hover .n { text-decoration: underline; }
td.cell .n { display: block; }
td.cell .ratio { display: block; font-weight: 600; white-space: nowrap; }
td.w-ok { background: var(--ok-bg); }
td.w-failed, td.w-unknown { background: var(--failed-bg); box-shadow: inset 4px 0 var(--failed); }
td.w-non-strict { background: var(--non-strict-bg); box-shadow: inset 4px 0 var(--non-strict); }
td.w-unimplemented { background: var(--unimplemented-bg); }
td.w-skipped { background: var(--skipped-bg); }
td.w-empty { color: var(--muted); }
td.claim { font-weight: 700; text-align: center; }
td.claim.yes { background: var(--ok-bg); color: var(--ok); }
td.claim.no { background: var(--failed-bg); color: var(--failed); }
.badge { display: inline-block; min-width: 7.5em; padding: 1px 6px; border-radius: 4px; color: #fff;
  font-size: 12px; font-weight: 700; text-align: center; background: var(--failed); }
.badge.ok { background: var(--ok); }
.badge.non-strict { background: var(--non-strict); }
.badge.unimplemented { background: var(--unimplemented); }
.badge.skipped { background: var(--skipped); }
.tag { display: inline-block; padding: 0 6px; border: 1px solid; border-radius: 4px; font-size: 12px; }
.tag.known { color: var(--muted); }
.tag.unexpected, .tag.flaky { color: var(--failed); }
/* Anchored cases and groups land below the sticky controls, not under them. */
details.case, section.group { scroll-margin-top: 64px; }
.controls { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; align-items: center;
  gap: 8px 16px; padding: 8px 0; background: #fff; border-bottom: 1px solid var(--line); }
.controls input[type=search] { width: 22em; padding: 4px 6px; font: inherit; }
.controls label { white-space: nowrap; }
#shown { color: var(--muted); }
section.group > h3 { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; }
section.group > h3 .counts { font-size: 14px; font-weight: normal; }
p.none { color: var(--muted); margin: 4px 0; }
details.case { margin: 6px 0; border: 1px solid var(--line); border-left: 5px solid var(--skipped);
  border-radius: 4px; background: #fff; }
details.case.ok { border-left-color: var(--ok); }
details.case.failed, details.case.unexpected-pass { border-left-color: var(--failed); }
details.case.non-strict { border-left-color: var(--non-strict); }
details.case.unimplemented { border-left-color: var(--unimplemented); }
details.case > summary { padding: 5px 10px; cursor: pointer; overflow-wrap: anywhere; }
details.case[open] > summary { background: var(--panel); border-bottom: 1px solid var(--line); }
details.case .id { font-weight: 600; }
details.case .rules, details.case .level { color: var(--muted); font-size: 13px; }
details.case .reason { color: var(--fg); }
details.case.failing .reason { color: var(--failed); }
details.case .body { padding: 8px 14px 12px; }
p.comment { margin: 0 0 8px; font-style: italic; }
dl.facts, dl.notes { display: grid; gap: 1px 16px; margin: 0 0 6px; font-size: 14px;
  grid-template-columns: max-content minmax(0, 1fr) max-content minmax(0, 1fr); }
dl.notes { grid-template-columns: max-content minmax(0, 1fr); }
@media (max-width: 900px) { dl.facts { grid-template-columns: max-content minmax(0, 1fr); } }
dl.facts dt, dl.notes dt { color: var(--muted); }
dl.facts dd, dl.notes dd { margin: 0; overflow-wrap: anywhere; }
.fate { font-weight: normal; }
.fate.mismatch { color: var(--failed); font-weight: 600; }
dd.mismatch { color: var(--failed); font-weight: 600; }
p.difference { margin: 8px 0 0; }
.label { margin: 10px 0 2px; color: var(--muted); font-size: 13px; font-weight: 600; }
.label .size { font-weight: normal; }
pre.bytes, pre.json { margin: 0; padding: 8px 10px; max-height: 30em; overflow: auto;
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-all;
  background: var(--panel); border: 1px solid var(--line); border-radius: 4px; }
mark.diff { background: #ffd33d; color: #000; outline: 2px solid var(--failed); border-radius: 2px; }
mark.diff.end { padding: 0 4px; font: italic 12px system-ui, sans-serif; }
.cut, .nothing { color: var(--muted); font: italic 13px system-ui, sans-serif; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 12px; }
details.others { margin: 10px 0; }
details.others > summary { padding: 4px 0; cursor: pointer; color: var(--muted); font-weight: 600; }
section.report { margin-top: 12px; }
section.report > h2 .num { display: inline-block; min-width: 1.6em; margin-right: 6px; text-align: center;
  color: #fff; background: var(--fg); border-radius: 4px; }
)css";

// The filter box and the verdict toggles; the page is whole without them.
constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  document.body.setAttribute('data-js', 'ready');
  var controls = document.getElementById('controls');
  if (!controls) { return; }
  var all = function (root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  };
  var filter = document.getElementById('filter');
  var toggles = all(controls, 'input[data-verdict]');
  var cases = all(document, 'details.case');
  var groups = all(document, 'section.group');
  var shown = document.getElementById('shown');
  var keys = cases.map(function (c) {
    return (c.getAttribute('data-id') + ' ' + c.getAttribute('data-rules')).toLowerCase();
  });
  var visible = function (root) { return root.querySelector('details.case:not([hidden])') !== null; };
  var apply = function () {
    var query = filter.value.trim().toLowerCase();
    var off = {};
    toggles.forEach(function (t) { if (!t.checked) { off[t.getAttribute('data-verdict')] = true; } });
    var n = 0;
    cases.forEach(function (c, i) {
      var hide = off[c.getAttribute('data-verdict')] === true ||
                 (query !== '' && keys[i].indexOf(query) < 0);
      c.hidden = hide;
      n += hide ? 0 : 1;
    });
    groups.forEach(function (g) {
      g.hidden = !visible(g);
      if (query !== '') {
        all(g, 'details.others').forEach(function (o) { if (visible(o)) { o.open = true; } });
      }
    });
    shown.textContent = n + ' of ' + cases.length + ' cases shown';
  };
  var openAll = function (open) {
    all(document, 'details.others, details.case').forEach(function (d) {
      if (!d.hidden) { d.open = open; }
    });
  };
  filter.addEventListener('input', apply);
  toggles.forEach(function (t) { t.addEventListener('change', apply); });
  document.getElementById('expand').addEventListener('click', function () { openAll(true); });
  document.getElementById('collapse').addEventListener('click', function () { openAll(false); });
  controls.hidden = false;
  apply();
})();
)js";

void open_page(std::string& out, std::string_view title, std::string_view body_class) {
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
         "<meta name=\"generator\" content=\"degu-conform\">\n<title>";
  put_text(out, title);
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body class=\"";
  out += body_class;
  out += "\">\n";
}

void close_page(std::string& out) {
  out += "<script>";
  out += kScript;
  out += "</script>\n</body>\n</html>\n";
}

std::string_view role_of(const Json& run) {
  const std::string_view role = text(run, "role");
  return role.empty() ? "(no role)" : role;
}

// put_claims: the two claims of a report, as the document states them,
// with the counts that explain them.
void put_claims(std::string& out, const Json& doc, const Counts& all, bool with_ids) {
  const Json& conformance = member_or_null(doc, "conformance");
  struct Claim {
    const char* key;
    std::string_view cls;
    std::string_view what;
    int missed;
  };
  const std::array<Claim, 2> claims = {
      Claim{"spec", "spec", "Spec-conformant", all.spec_missed},
      Claim{"degu_0_19", "compat", "Degu-0.19-compatible", all.compat_missed}};
  out += "<section class=\"claims\"";
  out += with_ids ? " id=\"claims\">\n" : ">\n";
  for (const auto& claim : claims) {
    const bool yes = flag(conformance, claim.key).value_or(false);
    out += "<div class=\"claim ";
    out += claim.cls;
    out += yes ? " yes\"" : " no\"";
    if (with_ids) {
      out += " id=\"claim-";
      out += claim.cls;
      out += '"';
    }
    out += yes ? " data-claim=\"yes\">" : " data-claim=\"no\">";
    out += "<span class=\"what\">";
    out += claim.what;
    out += "</span><span class=\"answer\">";
    out += yes ? "yes" : "no";
    out += "</span><span class=\"why\">";
    if (all.ran == 0) {
      out += "no case ran, so nothing supports the claim";
    } else if (claim.missed == 0) {
      out += "every one of the " + std::to_string(all.ran) + " cases that ran meets it";
    } else {
      out += std::to_string(claim.missed) + " of the " + std::to_string(all.ran) +
             " cases that ran miss it";
    }
    out += "</span></div>\n";
  }
  out += "</section>\n";
}

void put_totals(std::string& out, const Counts& all, bool with_id) {
  out += "<p class=\"totals\"";
  out += with_id ? " id=\"totals\">" : ">";
  out += "<strong>" + std::to_string(all.total) + (all.total == 1 ? " case" : " cases") +
         "</strong>";
  if (all.total > 0) {
    out += ": ";
    put_counts(out, all, ", ", true);
  }
  out += "</p>\n";
}

void put_run(std::string& out, const Json& run, bool with_id) {
  out += "<dl class=\"run\"";
  out += with_id ? " id=\"run\">\n" : ">\n";
  put_fact(out, "role", text(run, "role"));
  put_code_fact(out, "target", text(run, "target"));
  if (!text(run, "label").empty()) {
    put_fact(out, "label", text(run, "label"));
  }
  put_fact(out, "profile", text(run, "profile"));
  put_fact(out, "errors graded", text(run, "errors"));
  put_fact(out, "started at", text(run, "started_at"));
  put_fact(out, "duration", seconds_text(number(run, "seconds"), 2));
  put_code_fact(out, "vectors", text(run, "vectors_dir"));
  put_fact(out, "degu-conform", text(run, "tool_version"));
  put_code_fact(out, "command line", text(run, "command_line"));
  const auto notes = strings(run, "notes");
  out += "<dt>notes</dt><dd>";
  if (notes.empty()) {
    out += "<span class=\"nothing\">none</span>";
  } else {
    out += "<ul>";
    for (const auto note : notes) {
      out += "<li>";
      put_text(out, note);
      out += "</li>";
    }
    out += "</ul>";
  }
  out += "</dd>\n</dl>\n";
}

void put_transport_name(std::string& out, std::string_view transport) {
  if (transport.empty()) {
    out += "—";
  } else {
    put_text(out, transport);
  }
}

// put_cell: one cell of a matrix: the counts of a group, linking to it.
void put_cell(std::string& out, const Group* g, const Key& key, std::string_view href,
              bool compare) {
  const Counts counts = g == nullptr ? Counts{} : g->counts;
  out += "<td class=\"cell w-";
  out += counts.worst();
  out += '"';
  put_attr(out, "data-section", key.first);
  put_attr(out, "data-transport", key.second);
  if (compare) {
    put_attr(out, "data-column", key.second.empty() ? key.first : key.first + "/" + key.second);
  }
  put_attr(out, "data-worst", counts.worst());
  const std::array<const char*, 5> names = {"data-ok", "data-failed", "data-non-strict",
                                            "data-unimplemented", "data-skipped"};
  for (std::size_t v = 0; v < names.size(); ++v) {
    put_attr(out, names[v], std::to_string(counts.by_verdict[v]));
  }
  put_attr(out, "data-total", std::to_string(counts.total));
  out += '>';
  if (g == nullptr) {
    out += compare ? "<span class=\"nothing\">not run</span></td>\n"
                   : "<span class=\"nothing\">no cases</span></td>\n";
    return;
  }
  out += "<a";
  put_attr(out, "href", "#" + std::string(href));
  out += '>';
  if (compare) {
    out += "<span class=\"ratio\">" + std::to_string(counts.ok()) + " / " +
           std::to_string(counts.total) + " OK</span>";
    put_counts(out, counts, "", false);
  } else {
    put_counts(out, counts, "", true);
  }
  out += "</a></td>\n";
}

// put_group_heading: "server · unix" and the group's counts.
void put_group_open(std::string& out, const Key& key, const Group& g, std::string_view prefix) {
  out += "<section class=\"group\"";
  put_attr(out, "id", group_id(prefix, key.first, key.second));
  put_attr(out, "data-section", key.first);
  put_attr(out, "data-transport", key.second);
  out += ">\n<h3><span>";
  put_text(out, key.first);
  if (!key.second.empty()) {
    out += " · ";
    put_text(out, key.second);
  }
  out += "</span><span class=\"counts\">";
  put_counts(out, g.counts, ", ", true);
  out += "</span></h3>\n";
}

// put_group: a group of one report's page: its failing cases open, then
// the rest, unimplemented and skipped ones first, in a collapsed list.
void put_group(std::string& out, const Key& key, const Group& g) {
  put_group_open(out, key, g, "");
  for (const Json* c : g.cases) {
    if (counts_as_failing(*c)) {
      put_case(out, *c, "");
    }
  }
  const int others = g.counts.total - g.counts.failing;
  if (others > 0) {
    Counts rest;
    for (const Json* c : g.cases) {
      if (!counts_as_failing(*c)) {
        rest.add(*c);
      }
    }
    out += "<details class=\"others\"><summary>";
    out += std::to_string(others);
    out += g.counts.failing == 0 ? (others == 1 ? " case: " : " cases: ")
                                 : (others == 1 ? " other case: " : " other cases: ");
    put_counts(out, rest, ", ", true);
    out += "</summary>\n";
    for (const bool ok_pass : {false, true}) {
      for (const Json* c : g.cases) {
        const bool is_ok = verdict_index(text(*c, "verdict")) == kOk;
        if (!counts_as_failing(*c) && is_ok == ok_pass) {
          put_case(out, *c, "");
        }
      }
    }
    out += "</details>\n";
  }
  out += "</section>\n";
}

void put_controls(std::string& out, const Counts& all) {
  out += "<div id=\"controls\" class=\"controls\" hidden>\n"
         "<label>Filter <input id=\"filter\" type=\"search\" autocomplete=\"off\" "
         "placeholder=\"case ID or rule, e.g. CL-LEN-1\"></label>\n<span class=\"toggles\">";
  for (std::size_t v = 0; v < kVerdicts.size(); ++v) {
    if (all.by_verdict[v] == 0) {
      continue;
    }
    out += "<label><input type=\"checkbox\" checked";
    put_attr(out, "data-verdict", kVerdicts[v]);
    out += "> ";
    out += kVerdicts[v];
    out += " (" + std::to_string(all.by_verdict[v]) + ")</label> ";
  }
  out += "</span>\n<button type=\"button\" id=\"expand\">expand all</button>"
         "<button type=\"button\" id=\"collapse\">collapse all</button>\n"
         "<span id=\"shown\"></span>\n</div>\n";
}

// --- the pages ---

std::string single_page(const Json& doc) {
  const Json& run = member_or_null(doc, "run");
  const Layout layout = layout_of(doc);
  const bool spec = flag(member_or_null(doc, "conformance"), "spec").value_or(false);
  std::string out;
  open_page(out,
            "degu-conform: " + std::string(role_of(run)) + " " +
                std::string(text(run, "label").empty() ? text(run, "target")
                                                       : text(run, "label")) +
                (spec ? " (spec-conformant)" : " (not spec-conformant)"),
            "single");
  out += "<header>\n<h1>degu-conform report: ";
  put_text(out, role_of(run));
  if (!text(run, "label").empty()) {
    out += " <strong class=\"run-label\">";
    put_text(out, text(run, "label"));
    out += "</strong>";
  }
  out += "</h1>\n<p class=\"target\"><code>";
  put_text(out, text(run, "target"));
  out += "</code></p>\n</header>\n<main>\n";
  put_claims(out, doc, layout.all, true);
  put_totals(out, layout.all, true);

  out += "<h2>Sections and transports</h2>\n<div class=\"scroll\">"
         "<table id=\"matrix\" class=\"matrix single\">\n<thead><tr><th scope=\"col\">section</th>";
  const auto sections = in_order(layout.sections, kSections);
  const auto transports = in_order(layout.transports, kTransports);
  for (const auto& t : transports) {
    out += "<th scope=\"col\"";
    put_attr(out, "data-transport", t);
    out += '>';
    put_transport_name(out, t);
    out += "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& s : sections) {
    out += "<tr";
    put_attr(out, "data-section", s);
    out += "><th scope=\"row\">";
    put_text(out, s);
    out += "</th>\n";
    for (const auto& t : transports) {
      const Key key{s, t};
      const auto it = layout.groups.find(key);
      put_cell(out, it == layout.groups.end() ? nullptr : &it->second, key,
               group_id("", s, t), false);
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table></div>\n";

  out += "<h2>Run</h2>\n";
  put_run(out, run, true);

  out += "<section id=\"cases\">\n<h2>Cases</h2>\n";
  put_controls(out, layout.all);
  if (layout.groups.empty()) {
    out += "<p class=\"none\">The report has no cases.</p>\n";
  }
  for (const auto& key : ordered_keys({&layout})) {
    put_group(out, key, layout.groups.at(key));
  }
  out += "</section>\n</main>\n";
  close_page(out);
  return out;
}

void put_implementation(std::string& out, const Json& run, std::size_t number_of) {
  out += "<span class=\"num\">" + std::to_string(number_of) + ".</span> ";
  if (!text(run, "label").empty()) {
    out += "<strong class=\"run-label\">";
    put_text(out, text(run, "label"));
    out += "</strong> ";
  }
  put_text(out, role_of(run));
  out += " <code>";
  put_text(out, text(run, "target"));
  out += "</code>";
}

std::string compare_page(const std::vector<Json>& reports) {
  std::vector<Layout> layouts;
  layouts.reserve(reports.size());
  for (const auto& doc : reports) {
    layouts.push_back(layout_of(doc));
  }
  std::vector<const Layout*> all_layouts;
  for (const auto& l : layouts) {
    all_layouts.push_back(&l);
  }
  const std::vector<Key> keys = ordered_keys(all_layouts);
  std::string out;
  open_page(out, "degu-conform: comparison of " + std::to_string(reports.size()) + " reports",
            "compare");
  out += "<header>\n<h1>degu-conform comparison</h1>\n<p class=\"target\">" +
         std::to_string(reports.size()) +
         " reports. A row is one run of an implementation; a cell counts its cases of one "
         "section over one transport and links to its failing cases below.</p>\n"
         "</header>\n<main>\n";

  out += "<div class=\"scroll\"><table id=\"matrix\" class=\"matrix compare\">\n<thead>\n<tr>"
         "<th scope=\"col\" rowspan=\"2\">implementation</th>"
         "<th scope=\"col\" rowspan=\"2\">spec-<br>conformant</th>"
         "<th scope=\"col\" rowspan=\"2\">Degu-0.19-<br>compatible</th>";
  for (std::size_t i = 0; i < keys.size();) {
    std::size_t j = i;
    while (j < keys.size() && keys[j].first == keys[i].first) {
      ++j;
    }
    out += "<th scope=\"colgroup\" colspan=\"" + std::to_string(j - i) + "\">";
    put_text(out, keys[i].first);
    out += "</th>";
    i = j;
  }
  out += "</tr>\n<tr>";
  for (const auto& key : keys) {
    out += "<th scope=\"col\"";
    put_attr(out, "data-transport", key.second);
    out += '>';
    put_transport_name(out, key.second);
    out += "</th>";
  }
  out += "</tr>\n</thead>\n<tbody>\n";
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const Json& run = member_or_null(reports[i], "run");
    const std::string prefix = "r" + std::to_string(i + 1) + "-";
    out += "<tr class=\"impl\" data-report=\"" + std::to_string(i + 1) + "\"><th scope=\"row\">";
    out += "<a href=\"#r" + std::to_string(i + 1) + "\">";
    put_implementation(out, run, i + 1);
    out += "</a><div class=\"sub\">profile ";
    put_text(out, text(run, "profile"));
    out += ", errors ";
    put_text(out, text(run, "errors"));
    out += ", ";
    put_text(out, text(run, "started_at"));
    out += "</div></th>\n";
    const Json& conformance = member_or_null(reports[i], "conformance");
    for (const auto& [key, cls] : {std::pair{"spec", "spec"}, std::pair{"degu_0_19", "compat"}}) {
      const bool yes = flag(conformance, key).value_or(false);
      out += "<td class=\"claim ";
      out += cls;
      out += yes ? " yes\" data-claim=\"yes\">yes</td>" : " no\" data-claim=\"no\">no</td>";
    }
    out += '\n';
    for (const auto& key : keys) {
      const auto it = layouts[i].groups.find(key);
      put_cell(out, it == layouts[i].groups.end() ? nullptr : &it->second, key,
               group_id(prefix, key.first, key.second), true);
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table></div>\n";

  for (std::size_t i = 0; i < reports.size(); ++i) {
    const Json& run = member_or_null(reports[i], "run");
    const std::string number_text = std::to_string(i + 1);
    const std::string prefix = "r" + number_text + "-";
    out += "<section class=\"report\" id=\"r" + number_text + "\" data-report=\"" + number_text +
           "\">\n<h2>";
    put_implementation(out, run, i + 1);
    out += "</h2>\n";
    put_claims(out, reports[i], layouts[i].all, false);
    put_totals(out, layouts[i].all, false);
    put_run(out, run, false);
    for (const auto& key : ordered_keys({&layouts[i]})) {
      const Group& g = layouts[i].groups.at(key);
      put_group_open(out, key, g, prefix);
      if (g.counts.failing == 0) {
        out += "<p class=\"none\">No failing cases.</p>\n";
      }
      for (const Json* c : g.cases) {
        if (counts_as_failing(*c)) {
          put_case(out, *c, prefix);
        }
      }
      out += "</section>\n";
    }
    out += "</section>\n";
  }
  out += "</main>\n";
  close_page(out);
  return out;
}

// --- checking documents ---

std::string shown(const Json& j) {
  constexpr std::size_t kMost = 60;
  std::string text = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kMost) {
    text = text.substr(0, kMost) + "...";
  }
  return text;
}

// want: "" when j's member key passes ok, else why not ("where: ...").
template <typename Ok>
std::string want(const Json& j, const char* key, Ok ok, std::string_view wanted,
                 const std::string& where) {
  const Json* m = member(j, key);
  if (m == nullptr) {
    return where + "\"" + key + "\" is missing";
  }
  if (!ok(*m)) {
    return where + "\"" + key + "\" is " + shown(*m) + ", wanted " + std::string(wanted);
  }
  return "";
}

bool is_string(const Json& j) { return j.is_string(); }
bool is_object(const Json& j) { return j.is_object(); }
bool is_boolean(const Json& j) { return j.is_boolean(); }
bool is_string_or_null(const Json& j) { return j.is_string() || j.is_null(); }

bool is_strings(const Json& j) {
  return j.is_array() && std::all_of(j.begin(), j.end(), is_string);
}

bool is_section(const Json& j) {
  return j.is_string() &&
         std::find(kSections.begin(), kSections.end(), j.get_ref<const std::string&>()) !=
             kSections.end();
}

bool is_verdict(const Json& j) {
  return j.is_string() && verdict_index(j.get_ref<const std::string&>()) != kUnknown;
}

std::string case_error(const Json& c, std::size_t index) {
  std::string where = "case " + std::to_string(index) + ": ";
  if (!c.is_object()) {
    return where + "not an object";
  }
  if (auto e = want(c, "id", is_string, "a string", where); !e.empty()) {
    return e;
  }
  where = "case " + std::to_string(index) + " (" + shown(c["id"]) + "): ";
  const std::array<std::pair<const char*, const char*>, 3> texts = {
      std::pair{"vector_id", "a string"}, std::pair{"kind", "a string"},
      std::pair{"level", "a string"}};
  for (const auto& [key, wanted] : texts) {
    if (auto e = want(c, key, is_string, wanted, where); !e.empty()) {
      return e;
    }
  }
  if (auto e = want(c, "section", is_section, "parse, render, server or client", where);
      !e.empty()) {
    return e;
  }
  if (auto e = want(c, "verdict", is_verdict, "OK, FAILED, NON-STRICT, UNIMPLEMENTED or SKIPPED",
                    where);
      !e.empty()) {
    return e;
  }
  if (auto e = want(c, "transport", is_string_or_null, "a string or null", where); !e.empty()) {
    return e;
  }
  if (auto e = want(c, "rules", is_strings, "an array of strings", where); !e.empty()) {
    return e;
  }
  if (member(c, "exchange") == nullptr) {
    return "";
  }
  if (auto e = want(c, "exchange", is_object, "an object", where); !e.empty()) {
    return e;
  }
  const Json& ex = c["exchange"];
  for (const char* key : {"sent", "expected", "received", "sent_hex", "expected_hex",
                          "received_hex"}) {
    if (auto e = want(ex, key, is_string, "a string", where + "\"exchange\": "); !e.empty()) {
      return e;
    }
  }
  return "";
}

}  // namespace

std::string html_report(const std::vector<Json>& reports) {
  if (reports.size() == 1) {
    return single_page(reports.front());
  }
  if (reports.size() > 1) {
    return compare_page(reports);
  }
  std::string out;
  open_page(out, "degu-conform: no reports", "single");
  out += "<main>\n<h1>degu-conform</h1>\n<p class=\"none\">No reports were given.</p>\n"
         "</main>\n";
  close_page(out);
  return out;
}

std::string html_error(const Json& doc) {
  const std::string not_report = "not a degu-conform report: ";
  if (!doc.is_object()) {
    return not_report + "the document is " + shown(doc) + ", not a JSON object";
  }
  const Json* format = member(doc, "format");
  if (format == nullptr) {
    return not_report + "\"format\" is missing";
  }
  if (*format != "degu-conform-report") {
    return not_report + "\"format\" is " + shown(*format) + ", wanted \"degu-conform-report\"";
  }
  const Json* version = member(doc, "version");
  if (version == nullptr) {
    return not_report + "\"version\" is missing";
  }
  if (*version != 1 && *version != 2) {  // 2 added run.label (1 has none).
    return "report format version " + shown(*version) +
           " is not known (this writer reads versions 1 and 2)";
  }
  for (const char* key : {"run", "totals", "conformance"}) {
    if (auto e = want(doc, key, is_object, "an object", not_report); !e.empty()) {
      return e;
    }
  }
  const Json& run = doc["run"];
  for (const char* key : {"role", "target", "profile", "errors", "started_at", "tool_version",
                          "command_line", "vectors_dir"}) {
    if (auto e = want(run, key, is_string, "a string", not_report + "\"run\": "); !e.empty()) {
      return e;
    }
  }
  if (auto e = want(run, "notes", is_strings, "an array of strings", not_report + "\"run\": ");
      !e.empty()) {
    return e;
  }
  for (const char* key : {"spec", "degu_0_19"}) {
    if (auto e = want(doc["conformance"], key, is_boolean, "true or false",
                      not_report + "\"conformance\": ");
        !e.empty()) {
      return e;
    }
  }
  const Json* cases = member(doc, "cases");
  if (cases == nullptr) {
    return not_report + "\"cases\" is missing";
  }
  if (!cases->is_array()) {
    return not_report + "\"cases\" is " + shown(*cases) + ", wanted an array";
  }
  for (std::size_t i = 0; i < cases->size(); ++i) {
    if (auto e = case_error((*cases)[i], i); !e.empty()) {
      return not_report + e;
    }
  }
  return "";
}

}  // namespace degu::conform
