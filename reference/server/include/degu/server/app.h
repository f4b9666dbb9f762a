// app.h: the application interface (APP-CALL-1, SRV-RESPONSE-1).
#pragma once

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "degu/core/types.h"
#include "degu/io/output_body.h"
#include "degu/server/request.h"
#include "degu/server/session.h"

namespace degu::server {

// Response: what an application answers.  The server checks it (status
// 100-599, reason, headers and body per OUT-*; SRV-HEAD-1) before sending;
// a framing header is added from body (OUT-FRAME-1).
struct Response {
  unsigned status = 200;
  std::string reason = "OK";
  std::vector<core::Header> headers;
  io::OutputBody body = io::OutputBody::none();
};

// AppFailure: the application ends the request without a response; the
// server closes the connection and sends nothing (SRV-ERROR-1).  why is for
// logs only.
struct AppFailure {
  std::string why;
};

using AppResult = std::variant<Response, AppFailure>;

// App: called once per request, in request order, from the connection's
// thread (SRV-PIPELINE-1).  Different connections may call it concurrently
// (SRV-THREAD-1).  An exception it throws counts as an AppFailure.
using App = std::function<AppResult(Session& session, Request& request)>;

}  // namespace degu::server
