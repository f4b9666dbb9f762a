// session.cc: names of close reasons, for logs and tests.
#include "degu/server/session.h"

namespace degu::server {

const char* close_reason_name(CloseReason r) {
  switch (r) {
    case CloseReason::open:
      return "open";
    case CloseReason::eof:
      return "eof";
    case CloseReason::status:
      return "status";
    case CloseReason::max_requests:
      return "max_requests";
    case CloseReason::request_error:
      return "request_error";
    case CloseReason::app_failed:
      return "app_failed";
    case CloseReason::body_not_consumed:
      return "body_not_consumed";
    case CloseReason::head_with_body:
      return "head_with_body";
    case CloseReason::response_refused:
      return "response_refused";
    case CloseReason::send_failed:
      return "send_failed";
    case CloseReason::connect_refused:
      return "connect_refused";
    case CloseReason::handshake_failed:
      return "handshake_failed";
  }
  return "unknown";
}

}  // namespace degu::server
