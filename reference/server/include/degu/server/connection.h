// connection.h: the per-connection loop of SRV-LOOP-1.
#pragma once

#include <chrono>

#include "degu/io/transport.h"
#include "degu/server/app.h"
#include "degu/server/session.h"

namespace degu::server {

// serve_connection: serves requests from transport with app until the
// connection ends, then closes transport.  Each round reads one request
// (end of input before one is the normal end, SRV-EOF-1), calls app, checks
// that the request body was consumed (SRV-CONSUME-1) and that a HEAD
// response has no body (SRV-HEAD-1), sends the response (refused by OUT-*
// rules: SRV-RESPONSE-1), counts it and decides whether to go on
// (SRV-KEEPALIVE-1, SRV-MAXREQ-1).  Any failure closes the connection and
// sends nothing more (SRV-ERROR-1, SRV-ERROR-2).  preamble_time, when
// positive, bounds each request preamble from the moment the loop starts
// waiting for it (SRV-TIMEOUT-2), through the transport's deadline, on top
// of the transport's own timeout for each wait.  Never throws; on return
// session.closed says why it ended.
void serve_connection(io::Transport& transport, Session& session,
                      const App& app,
                      std::chrono::milliseconds preamble_time = {});

// keeps_alive: whether a response with status leaves the connection open
// (SRV-KEEPALIVE-1): below 400, or 404, 409 or 412.
bool keeps_alive(unsigned status);

}  // namespace degu::server
