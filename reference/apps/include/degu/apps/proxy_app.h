// proxy_app.h: a reverse proxy application (APP-PROXY-1).
//
// Each request is forwarded over one upstream connection per session (made
// by the client on the session's first request and kept in the session's
// store under a key): the same method, the URI rebuilt from the unconsumed
// path and the query (Request::build_proxy_uri), the same headers (the
// upstream client's base headers replace those of the same name,
// CLI-BASE-2) and the body relayed as received (BODY-OUT-5, OUT-CHUNK-5).
// The upstream response is returned unchanged, its body relayed.  Any
// upstream failure (connecting, sending, receiving) is an AppFailure: the
// server closes the downstream connection and sends nothing
// (SRV-ERROR-1); the upstream connection, closed by its error, stays in the
// store, so later requests of the session fail too.
#pragma once

#include <memory>
#include <string>

#include "degu/client/client.h"
#include "degu/server/app.h"

namespace degu::apps {

class ProxyApp {
 public:
  // ProxyApp: forwards through connections of client, kept under key in
  // each session's store.
  explicit ProxyApp(std::shared_ptr<const client::Client> client,
                    std::string key = "conn");

  server::AppResult operator()(server::Session& session,
                               server::Request& request) const;

 private:
  std::shared_ptr<const client::Client> client_;
  std::string key_;
};

}  // namespace degu::apps
