// request.cc: the application's view of a request.
#include "degu/server/request.h"

#include <utility>

namespace degu::server {

Request::Request(core::Request parsed, io::ReceivedBody body)
    : method_(parsed.method),
      uri_(std::move(parsed.uri)),
      path_(std::move(parsed.path)),
      query_(std::move(parsed.query)),
      headers_(std::move(parsed.headers)),
      body_(body) {}

std::optional<std::string> Request::shift_path() {
  if (path_.empty()) {
    return std::nullopt;
  }
  std::string next = std::move(path_.front());
  path_.erase(path_.begin());
  mount_.push_back(next);
  return next;
}

std::string Request::build_proxy_uri() const {
  std::string uri = "/";
  for (std::size_t i = 0; i < path_.size(); ++i) {
    if (i > 0) {
      uri += '/';
    }
    uri += path_[i];
  }
  if (query_) {
    uri += '?';
    uri += *query_;
  }
  return uri;
}

}  // namespace degu::server
