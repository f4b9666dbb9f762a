// connection.cc: one exchange at a time (CLI-*), each within the deadline
// when there is one (CLI-TIMEOUT-2).
#include "degu/client/connection.h"

#include <algorithm>
#include <utility>

#include "degu/io/read_message.h"
#include "degu/io/send.h"

namespace degu::client {

namespace {

// merge_base: headers with every base header replacing a header of the
// same name (CLI-BASE-2), base headers after the caller's (the renderer
// sorts them anyway, OUT-ORDER-1).
std::vector<core::Header> merge_base(std::vector<core::Header> headers,
                                     const std::vector<core::Header>& base) {
  for (const core::Header& b : base) {
    std::erase_if(headers, [&](const core::Header& h) { return h.name == b.name; });
  }
  headers.insert(headers.end(), base.begin(), base.end());
  return headers;
}

// range_value: CLI-RANGE-1's `bytes=start-(stop-1)`.
std::string range_value(std::uint64_t start, std::uint64_t stop) {
  return "bytes=" + std::to_string(start) + "-" + std::to_string(stop - 1);
}

}  // namespace

Connection::Connection(std::unique_ptr<io::Transport> transport,
                       std::vector<core::Header> base_headers,
                       std::chrono::milliseconds deadline)
    : transport_(std::move(transport)),
      deadline_(deadline),
      reader_(*transport_),
      writer_(*transport_),
      base_(std::move(base_headers)) {}

Error Connection::fail(Error e) {
  close();  // CLI-CLOSE-1: every failure closes the connection.
  return e;
}

Error Connection::error_of(const io::Error& e) const {
  if (e.code == io::Errc::timeout &&
      std::chrono::steady_clock::now() >= ends_) {
    return Error::deadline_passed(deadline_);
  }
  return Error::from(e);
}

void Connection::close() {
  ends_ = std::chrono::steady_clock::time_point::max();
  transport_->set_deadline(ends_);
  response_body_.reset();
  reader_.close();
}

Result<Response> Connection::request(std::string_view method,
                                     std::string_view uri,
                                     std::vector<core::Header> headers,
                                     io::OutputBody body) {
  return exchange(method, uri, std::move(headers), body);
}

Result<Response> Connection::exchange(std::string_view method,
                                      std::string_view uri,
                                      std::vector<core::Header> headers,
                                      io::OutputBody& body) {
  if (closed()) {
    return fail(Error::of(Errc::connection_closed));
  }
  const std::optional<core::Method> m = core::method_from_name(method);
  if (!m) {  // CLI-METHOD-1: the renderer names the rule (OUT-METHOD-1).
    return fail(Error::from(io::Error::protocol({core::Error::bad_method, 0})));
  }
  if (body.framing().kind != core::Framing::Kind::none &&
      *m != core::Method::put && *m != core::Method::post) {
    return fail(Error::of(Errc::body_not_allowed, std::string(method)));
  }
  if (!io::body_consumed(response_body_.current())) {
    return fail(Error::of(Errc::body_not_consumed));
  }
  response_body_.reset();
  if (deadline_.count() > 0) {  // CLI-TIMEOUT-2: from here to the body's end.
    const auto ends = std::chrono::steady_clock::now() + deadline_;
    if (transport_->set_deadline(ends)) {
      ends_ = ends;
    }
  }

  auto sent = io::send_request(writer_, method, uri,
                               merge_base(std::move(headers), base_), body);
  if (!sent.ok()) {
    return fail(error_of(sent.error()));
  }
  auto parsed = io::read_response(reader_, *m);  // CLI-EOF-1 included.
  if (!parsed.ok()) {
    return fail(error_of(parsed.error()));
  }
  core::Response& r = *parsed;
  return Response{r.status, std::move(r.reason), std::move(r.headers),
                  response_body_.open(reader_, r.framing)};
}

Result<Response> Connection::put(std::string_view uri,
                                 std::vector<core::Header> headers,
                                 io::OutputBody body) {
  return exchange("PUT", uri, std::move(headers), body);
}

Result<Response> Connection::post(std::string_view uri,
                                  std::vector<core::Header> headers,
                                  io::OutputBody body) {
  return exchange("POST", uri, std::move(headers), body);
}

Result<Response> Connection::get(std::string_view uri,
                                 std::vector<core::Header> headers) {
  return request("GET", uri, std::move(headers));
}

Result<Response> Connection::head(std::string_view uri,
                                  std::vector<core::Header> headers) {
  return request("HEAD", uri, std::move(headers));
}

Result<Response> Connection::delete_(std::string_view uri,
                                     std::vector<core::Header> headers) {
  return request("DELETE", uri, std::move(headers));
}

Result<Response> Connection::get_range(std::string_view uri,
                                       std::vector<core::Header> headers,
                                       std::uint64_t start, std::uint64_t stop) {
  if (closed()) {
    return fail(Error::of(Errc::connection_closed));
  }
  if (!(start < stop && stop <= kMaxRangeStop)) {
    return fail(Error::of(Errc::bad_range, std::to_string(start) + ", " +
                                               std::to_string(stop)));
  }
  const std::string value = range_value(start, stop);
  auto given = std::find_if(headers.begin(), headers.end(),
                            [](const core::Header& h) { return h.name == "range"; });
  if (given == headers.end()) {
    headers.push_back({"range", value});
  } else if (given->value != value) {
    return fail(Error::of(Errc::range_mismatch, given->value + " != " + value));
  }
  return request("GET", uri, std::move(headers));
}

}  // namespace degu::client
