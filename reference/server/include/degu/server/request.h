// request.h: a request as the application sees it (APP-CALL-1).
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "degu/core/types.h"
#include "degu/io/received_body.h"

namespace degu::server {

class Request {
 public:
  // Request: parsed is the core's request preamble; body reads what follows
  // it.  mount starts empty: the server consumes no path component.
  Request(core::Request parsed, io::ReceivedBody body);

  core::Method method() const { return method_; }
  std::string_view method_name() const { return core::method_name(method_); }
  // uri: exactly as received.
  const std::string& uri() const { return uri_; }
  // mount: the components consumed by shift_path, in order.
  const std::vector<std::string>& mount() const { return mount_; }
  // path: the components not consumed yet (URI-PATH-1).
  const std::vector<std::string>& path() const { return path_; }
  // query: the text after '?', or nothing when the URI has no '?'.
  const std::optional<std::string>& query() const { return query_; }
  const core::Headers& headers() const { return headers_; }
  // body: none, a length body or a chunked body; the connection loop owns
  // it until the response has been sent.
  const io::ReceivedBody& body() const { return body_; }

  // shift_path: moves the first component of path to the end of mount and
  // returns it; nothing when path is empty.
  std::optional<std::string> shift_path();

  // build_proxy_uri: "/" + the unconsumed components joined by "/", then
  // "?" and the query when there is one (APP-PROXY-1).
  std::string build_proxy_uri() const;

 private:
  core::Method method_;
  std::string uri_;
  std::vector<std::string> mount_;
  std::vector<std::string> path_;
  std::optional<std::string> query_;
  core::Headers headers_;
  io::ReceivedBody body_;
};

}  // namespace degu::server
