// proxy_app.cc: APP-PROXY-1.
#include "degu/apps/proxy_app.h"

#include <any>
#include <utility>

namespace degu::apps {

namespace {

using Upstream = std::shared_ptr<client::Connection>;

// relay: a received body (of a request, or of an upstream response) to
// send on as received; it reads from its connection, which outlives the
// sending (the server's loop for a request body, the session's store for
// the upstream connection).
template <typename Body>
io::OutputBody relay(const Body& body) {
  if (auto* length = std::get_if<io::LengthBody*>(&body)) {
    return io::OutputBody::relay(**length);
  }
  if (auto* chunked = std::get_if<io::ChunkedBodyReader*>(&body)) {
    return io::OutputBody::relay(**chunked);
  }
  return io::OutputBody::none();
}

}  // namespace

ProxyApp::ProxyApp(std::shared_ptr<const client::Client> client,
                   std::string key)
    : client_(std::move(client)), key_(std::move(key)) {}

server::AppResult ProxyApp::operator()(server::Session& session,
                                       server::Request& request) const {
  Upstream* upstream = nullptr;
  if (auto found = session.store.find(key_); found != session.store.end()) {
    upstream = std::any_cast<Upstream>(&found->second);
    if (upstream == nullptr) {
      return server::AppFailure{"session store '" + key_ +
                                "' is not a connection"};
    }
  } else {
    auto made = client_->connect();
    if (!made.ok()) {
      return server::AppFailure{"upstream: " + client::describe(made.error())};
    }
    Upstream shared(std::move(made).value());
    upstream =
        std::any_cast<Upstream>(&(session.store[key_] = std::move(shared)));
  }
  auto response = (*upstream)->request(
      request.method_name(), request.build_proxy_uri(),
      request.headers().fields, relay(request.body()));
  if (!response.ok()) {
    return server::AppFailure{"upstream: " +
                              client::describe(response.error())};
  }
  return server::Response{response->status, std::move(response->reason),
                          std::move(response->headers.fields),
                          relay(response->body)};
}

}  // namespace degu::apps
