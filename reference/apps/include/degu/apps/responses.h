// responses.h: the fixed answers of the application library: a status and
// its reason, no headers, no body.  Each is what the original's applib
// answers in the same case, byte for byte on the wire.
#pragma once

#include "degu/server/app.h"

namespace degu::apps {

// gone: 410 Gone, when a Router has no entry for the path (APP-ROUTE-2).
server::Response gone();

// method_not_allowed: 405 Method Not Allowed, for a method that a
// MethodFilter or FilesApp does not take (APP-METHOD-1, APP-FILES-1).
server::Response method_not_allowed();

// bad_request: 400 Bad Request, for a path FilesApp refuses (APP-FILES-3).
server::Response bad_request();

// not_found: 404 Not Found, for a file that does not exist (APP-FILES-4).
server::Response not_found();

// range_not_satisfiable: 416 Range Not Satisfiable, for a range that ends
// beyond the file (APP-FILES-6).
server::Response range_not_satisfiable();

}  // namespace degu::apps
