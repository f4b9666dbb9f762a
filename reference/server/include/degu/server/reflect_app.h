// reflect_app.h: the reflect application of docs/REFLECT.md, which every
// server under test runs for the exchange vectors.
#pragma once

#include "degu/server/app.h"

namespace degu::server {

// reflect_app: answers each request as docs/REFLECT.md defines, byte for
// byte.  Its control routes (/_status, /_unread, /_body, /_header,
// /_render) fail or give responses the server must refuse, on purpose.
AppResult reflect_app(Session& session, Request& request);

}  // namespace degu::server
