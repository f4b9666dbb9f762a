// judge.h: comparing what an implementation did with a vector's two
// oracles (docs/VECTORS.md, "Two oracles") and grading the case.
//
// Every case is judged twice: against `expected` (the specification) and
// for Degu 0.19 compatibility (`expected`, or the original's recorded
// outcome where an erratum says the two differ).  The profile picks which
// of the two decides the verdict; reports show both.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "case_result.h"
#include "vector_file.h"

namespace degu::conform {

enum class Profile { spec, degu_0_19 };

// ErrorGrading: how rejections are compared.  exact: the error name, rule
// and offset must equal `expected`'s; any: a rejection agrees with any
// expected rejection (for implementations without the kit's error names).
enum class ErrorGrading { exact, any };

// Judgement: the outcome against both oracles.
struct Judgement {
  bool spec_ok = false;
  bool compat_ok = false;
  std::string compat_against;  // "observed c (E-6)" when an observation,
                               // not `expected`, made compat_ok true.
};

// Each judge_* takes backend: the original's backend ("c" or "py") whose
// recorded outcomes count for Degu 0.19 compatibility, or "" for either
// (--profile degu-0.19:c, degu-0.19:py, degu-0.19).

// judge_verdict: a parse or render verdict (got: null when the adapter
// printed none).
Judgement judge_verdict(const conformance::Vector& v, const Json& got,
                        ErrorGrading errors, std::string_view backend = "");

// bytes_agree: whether got_hex (bytes in lower-case hex) is the bytes the
// expectation want holds in member ("response_hex", "sent_hex"), or with
// "prefix" (a refused chunk after its preamble, render_wire.h) a prefix of
// them.  The sections use it to word a failure as the judge decided it.
bool bytes_agree(const Json& want, const char* member, std::string_view got_hex);

// judge_exchange: the bytes a server sent and how the connection ended
// ("open", "closed", "reset", "hung").  A reset agrees with "closed": a
// closing server may reset a connection with unread input (SRV-CLOSE-1).
Judgement judge_exchange(const conformance::Vector& v,
                         std::string_view received, std::string_view fate,
                         std::string_view backend = "");

// judge_client: the bytes a client sent and the outcomes its adapter
// printed (null when it printed none).
Judgement judge_client(const conformance::Vector& v, std::string_view sent,
                       const Json& outcomes, std::string_view backend = "");

// grade: sets r's spec_ok, compat_ok, verdict and judged_against from j
// under profile.  A case that misses its profile's oracle is FAILED, or
// NON-STRICT when the vector's level is SHOULD.
void grade(CaseResult& r, const Judgement& j, Profile profile);

}  // namespace degu::conform
