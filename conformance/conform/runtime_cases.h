// runtime_cases.h: the runtime section of the server role: what one
// exchange on one connection cannot show.  Each case is a scenario over
// one or more connections to a server running the reflect application
// (docs/REFLECT.md), started with the options the case names:
//
//   SRV-TIMEOUT-1   a connection that sends nothing, half a preamble or
//                   half a body is closed, without a response, once the
//                   server's timeout (1 s here) has passed;
//   SRV-MAXCONN-1   with max_connections 1, a second connection is not
//                   served while the first holds the slot, is served when
//                   the slot frees within the 2 s wait, and is closed
//                   without a response when it does not;
//   SRV-MAXREQ-1    the default limit: 1001 pipelined requests get exactly
//                   1000 responses, then the connection is closed;
//   SRV-CLOSE-2     a 6 MiB response that ends the
//                   connection reaches a client that sent input the server
//                   never reads and reads late (the original closes bare
//                   and the reset cuts the response, E-21: the Degu 0.19
//                   profile accepts that);
//   CHUNK-SIZE-3,   the largest chunk (16 MiB) and the largest
//   BODY-READ-1     content-length body (16 MiB) on a live connection
//                   (the original drops the connection on the largest
//                   chunk, E-9: the Degu 0.19 profile accepts that).
//
// Every case runs over every transport asked for, TLS included (through
// the runner's TLS carrier, tls_bridge.h), except SRV-MAXCONN-1's, which
// speak plain sockets (a handshake would wait for the slot the scenario
// holds), and SRV-CLOSE-2's, which runs over v4 and v6 only.
//
// The errata these cases allow (E-9, E-21) hold for both of the original's
// backends, so --profile degu-0.19:c and :py judge them as degu-0.19 does.
//
// Time is judged with generous bounds only (a close "after the timeout"
// means after at least half of it and within 15 s), so a loaded machine
// cannot turn a pass into a failure.  A case's verdict is computed here;
// the runner grades it like any other (a SHOULD missed is NON-STRICT).
#pragma once

#include <chrono>
#include <deque>
#include <string>
#include <vector>

#include "case_result.h"
#include "scenario_conn.h"
#include "vector_file.h"

namespace degu::conform {

// runtime_vector: a runtime case's vector frame: kind "runtime", file
// "built-in runtime case", its ID, rules and level (raw is the caller's).
conformance::Vector runtime_vector(const std::string& id, std::vector<std::string> rules,
                                   const std::string& level);

// runtime_vectors: one vector per runtime case, kind "runtime", with its ID,
// rules, level, comment and raw "options" (the server options it needs),
// "scenario" and "transports" ("any", "plain": not over TLS, "tcp": v4 and
// v6 only), in a stable order.
std::deque<conformance::Vector> runtime_vectors();

// run_runtime: runs the scenario of v against the server at `at`; every
// wait in it is bounded (15 s, and 1 s more for SRV-CLOSE-2's late reader).
RuntimeOutcome run_runtime(const conformance::Vector& v, const Endpoint& at);

}  // namespace degu::conform
