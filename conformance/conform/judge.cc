// judge.cc: the oracle comparisons.
#include "judge.h"

#include "degu/core/hex.h"

namespace degu::conform {
namespace {

// same_json: a equals b as JSON values, with two choices a plain == does
// not make: member order never matters (an implementation may print its
// keys in any order), and an integer never equals a number with a fraction
// or exponent (an adapter that carries 9999999999999999 through a double
// prints 1e+16 or 10000000000000000: the first must not pass as equal).
bool same_json(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    if (a.is_number_unsigned() || b.is_number_unsigned()) {
      return (a.is_number_unsigned() || a.get<std::int64_t>() >= 0) &&
             (b.is_number_unsigned() || b.get<std::int64_t>() >= 0) &&
             a.get<std::uint64_t>() == b.get<std::uint64_t>();
    }
    return a.get<std::int64_t>() == b.get<std::int64_t>();
  }
  if (a.type() != b.type()) {
    return false;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) {
      return false;
    }
    for (auto it = a.begin(); it != a.end(); ++it) {
      const auto other = b.find(it.key());
      if (other == b.end() || !same_json(*it, *other)) {
        return false;
      }
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) {
      return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same_json(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }
  return a == b;
}

bool verdicts_agree(const Json& want, const Json& got, ErrorGrading errors) {
  if (!got.is_object()) {
    return false;
  }
  const bool want_ok = want.value("ok", false);
  if (!want_ok && errors == ErrorGrading::any) {
    return got.contains("ok") && got["ok"] == false;
  }
  return same_json(want, got);
}

// observation_agrees: whether got matches one recorded outcome of the
// original.  A recorded rejection names no error ({"ok": false}), so any
// rejection agrees with it; a recorded crash agrees with nothing.
template <typename Match>
Judgement with_observations(const conformance::Vector& v, bool spec_ok,
                            std::string_view only, Match match) {
  Judgement j{spec_ok, spec_ok, {}};
  if (spec_ok || !v.observed.is_object()) {
    return j;
  }
  for (const auto& [backend, seen] : v.observed.items()) {
    if (!only.empty() && backend != only) {
      continue;
    }
    if (!seen.is_object() || !seen.contains("outcome") ||
        seen["outcome"].value("crash", false)) {
      continue;
    }
    if (match(seen["outcome"])) {
      j.compat_ok = true;
      j.compat_against = "observed " + backend + " (" +
                         seen.value("erratum", std::string("?")) + ")";
      return j;
    }
  }
  return j;
}

bool fate_agrees(const Json& want, std::string_view fate) {
  const std::string ending = want.value("ending", std::string());
  return ending == fate || (ending == "closed" && fate == "reset");
}

bool exchange_agrees(const Json& want, std::string_view received_hex,
                     std::string_view fate) {
  return bytes_agree(want, "response_hex", received_hex) && fate_agrees(want, fate);
}

// client_agrees: the bytes, and the outcomes (any, for an "unframed"
// expectation: bytes that are not one request the harness can frame,
// render_wire.h).
bool client_agrees(const Json& want, std::string_view sent_hex,
                   const Json& outcomes) {
  if (!bytes_agree(want, "sent_hex", sent_hex) || !outcomes.is_array() ||
      !want.contains("outcomes")) {
    return false;
  }
  return want.value("unframed", false) || same_json(want["outcomes"], outcomes);
}

}  // namespace

// bytes_agree: got_hex equals the expectation's member, or with "prefix"
// (a refused chunk after its preamble, render_wire.h) is a prefix of it.
bool bytes_agree(const Json& want, const char* member, std::string_view got_hex) {
  const std::string hex = want.value(member, std::string());
  if (want.value("prefix", false)) {
    return got_hex.size() <= hex.size() && hex.compare(0, got_hex.size(), got_hex) == 0;
  }
  return hex == got_hex;
}


Judgement judge_verdict(const conformance::Vector& v, const Json& got,
                        ErrorGrading errors, std::string_view backend) {
  return with_observations(
      v, verdicts_agree(v.expected, got, errors), backend, [&](const Json& outcome) {
        if (!outcome.value("ok", true)) {
          return got.is_object() && got.value("ok", true) == false;
        }
        return verdicts_agree(outcome, got, ErrorGrading::exact);
      });
}

Judgement judge_exchange(const conformance::Vector& v,
                         std::string_view received, std::string_view fate,
                         std::string_view backend) {
  const std::string hex = core::to_hex(received);
  return with_observations(v, exchange_agrees(v.expected, hex, fate), backend,
                           [&](const Json& outcome) {
                             return exchange_agrees(outcome, hex, fate);
                           });
}

Judgement judge_client(const conformance::Vector& v, std::string_view sent,
                       const Json& outcomes, std::string_view backend) {
  const std::string hex = core::to_hex(sent);
  return with_observations(v, client_agrees(v.expected, hex, outcomes), backend,
                           [&](const Json& outcome) {
                             return client_agrees(outcome, hex, outcomes);
                           });
}

void grade(CaseResult& r, const Judgement& j, Profile profile) {
  r.spec_ok = j.spec_ok;
  r.compat_ok = j.compat_ok;
  const bool ok = profile == Profile::spec ? j.spec_ok : j.compat_ok;
  r.judged_against = profile == Profile::degu_0_19 && !j.spec_ok && j.compat_ok
                         ? j.compat_against
                         : "expected";
  if (ok) {
    r.verdict = Verdict::ok;
    return;
  }
  r.verdict = r.level == "SHOULD" ? Verdict::non_strict : Verdict::failed;
}

}  // namespace degu::conform
