// client_runtime_cases.h: the runtime section of the client role: the
// client's timeout (CLI-TIMEOUT-1) against a server that stops answering.
//
// Each case is a client exchange vector (docs/VECTORS.md) whose `client`
// has "timeout": 1, played by the same scripted server as any other, which
// here never completes its reply.  The client must fail the action, and the
// exchange must end (the client closes the connection, or its adapter
// exits, which closes it too): at least half its timeout after the request
// was complete, as the harness times it, and before the harness's own
// limit (--timeout, at least 5 s here) ends the exchange for it.  Like the
// server's runtime cases, time is judged with generous bounds only.
#pragma once

#include <deque>

#include "vector_file.h"

namespace degu::conform {

// client_runtime_vectors: one vector per case, kind "runtime", with raw
// "client", "actions", "replies_hex", "close" and "min_seconds" (the
// earliest the client may give up), in a stable order.
std::deque<conformance::Vector> client_runtime_vectors();

}  // namespace degu::conform
