// robustness_cases.h: the robustness section of the server role: hostile
// peers, each a scenario against a server running the reflect application
// (docs/REFLECT.md) with a short timeout, judged by what the server does to
// the hostile connections and by whether it keeps serving everyone else:
//
//   slow peers      a body that stalls halfway, a chunk line that never
//                   ends, a peer that never reads a large response: each is
//                   cut, without a response, within generous bounds of the
//                   timeout (SRV-TIMEOUT-1), while a bystander connection
//                   keeps being answered (its latency is reported); a
//                   preamble or a ClientHello trickled a byte at a time is
//                   cut within the same bounds (SRV-TIMEOUT-2, a SHOULD the
//                   original misses, E-27: the Degu 0.19 profile allows);
//   idle slots      max_connections idle connections lock a new one out
//                   for no longer than their timeout and a slot wait
//                   (SRV-TIMEOUT-1, SRV-MAXCONN-1);
//   floods          connect-and-close cycles, connections that send
//                   garbage, resets in the middle of a preamble, a body, a
//                   chunk line and a response, half-closed connections:
//                   the garbage is never answered, the half-closed ones
//                   are, and afterwards the server serves and (when the
//                   runner started it, so knows its process) its
//                   descriptors and threads are back to their baseline,
//                   read from /proc (resident memory is reported only).
//
// Time is judged with generous bounds only; figures (latencies, times,
// resources) are reported whatever the verdict, never judged beyond those
// bounds.
#pragma once

#include <deque>

#include "scenario_conn.h"
#include "vector_file.h"

namespace degu::conform {

// robustness_vectors: one vector per robustness case, kind "robustness",
// with raw "comment", "options", "scenario" and "transports" as
// runtime_vectors has them (runtime_cases.h), in a stable order.
std::deque<conformance::Vector> robustness_vectors();

// run_robustness: runs the scenario of v against the server at `at`; every
// wait in it is bounded.
RuntimeOutcome run_robustness(const conformance::Vector& v, const Endpoint& at);

}  // namespace degu::conform
