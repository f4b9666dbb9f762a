// responses.cc: the fixed answers of responses.h.
#include "degu/apps/responses.h"

#include <string>

namespace degu::apps {

namespace {

server::Response bodiless(unsigned status, std::string reason) {
  server::Response r;
  r.status = status;
  r.reason = std::move(reason);
  return r;
}

}  // namespace

server::Response gone() { return bodiless(410, "Gone"); }

server::Response method_not_allowed() {
  return bodiless(405, "Method Not Allowed");
}

server::Response bad_request() { return bodiless(400, "Bad Request"); }

server::Response not_found() { return bodiless(404, "Not Found"); }

server::Response range_not_satisfiable() {
  return bodiless(416, "Range Not Satisfiable");
}

}  // namespace degu::apps
