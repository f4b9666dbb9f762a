// proxy_app.cc: APP-PROXY-1.
#include "degu/apps/proxy_app.h"

#include <any>
#include <utility>

namespace degu::apps {

namespace {

using Upstream = std::shared_ptr<client::Connection>;

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
      request.headers().fields, io::OutputBody::relay(request.body()));
  if (!response.ok()) {
    return server::AppFailure{"upstream: " +
                              client::describe(response.error())};
  }
  return server::Response{response->status, std::move(response->reason),
                          std::move(response->headers.fields),
                          io::OutputBody::relay(response->body)};
}

}  // namespace degu::apps
