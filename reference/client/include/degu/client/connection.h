// connection.h: one client connection carrying one exchange at a time
// (CLI-PIPELINE-1).
//
// Each request: refused at once when the connection is closed
// (CLI-CLOSE-1); the method must be one of the five (CLI-METHOD-1), a body
// only with PUT or POST (CLI-BODY-1), the previous response body consumed
// (CLI-CONSUME-1); the base headers replace the caller's of the same name
// (CLI-BASE-2); then the request is rendered and sent, and the response
// preamble read and returned as it is (CLI-FINAL-1).  Any failure, the
// caller's mistakes included, closes the connection (CLI-CLOSE-1; the
// MAY of CLI-CLOSE-2 is not taken): a Connection is either usable or
// closed, never in between.
//
// With a deadline (CLI-TIMEOUT-2), each request from its first byte sent
// to its response body's last byte read must end within it; past it the
// transport fails every read and write with a timeout, which closes the
// connection like any failure.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "degu/client/error.h"
#include "degu/core/types.h"
#include "degu/io/received_body.h"
#include "degu/io/output_body.h"
#include "degu/io/reader.h"
#include "degu/io/result.h"
#include "degu/io/transport.h"
#include "degu/io/writer.h"

namespace degu::client {

template <typename T>
using Result = io::Result<T, Error>;

struct Response {
  unsigned status = 0;
  std::string reason;
  core::Headers headers;
  // body: none (always for HEAD, CLI-HEAD-1), a length body or a chunked
  // body, read from the connection; valid until the connection's next
  // request or destruction.
  io::ReceivedBody body;
};

// kMaxRangeStop: the largest stop of a ranged GET (CLI-RANGE-1).
inline constexpr std::uint64_t kMaxRangeStop = 9999999999999999ULL;

class Connection {
 public:
  // Connection: sends and receives over transport with base_headers
  // (CLI-BASE-1) added to every request; deadline, when positive, bounds
  // each exchange (ClientOptions::deadline) over a transport that takes
  // one (io::Transport::set_deadline).
  Connection(std::unique_ptr<io::Transport> transport,
             std::vector<core::Header> base_headers,
             std::chrono::milliseconds deadline = {});

  Connection(const Connection&) = delete;  // Bodies point into it.
  Connection& operator=(const Connection&) = delete;

  // request: one exchange, as the file comment says; the response's body
  // must be consumed before the next request.  body must be none unless
  // method is PUT or POST.
  Result<Response> request(std::string_view method, std::string_view uri,
                           std::vector<core::Header> headers,
                           io::OutputBody body = io::OutputBody::none());

  Result<Response> put(std::string_view uri, std::vector<core::Header> headers,
                       io::OutputBody body);
  Result<Response> post(std::string_view uri, std::vector<core::Header> headers,
                        io::OutputBody body);
  Result<Response> get(std::string_view uri, std::vector<core::Header> headers);
  Result<Response> head(std::string_view uri, std::vector<core::Header> headers);
  Result<Response> delete_(std::string_view uri,
                           std::vector<core::Header> headers);

  // get_range: GET with `range: bytes=start-(stop-1)` (CLI-RANGE-1); a
  // `range` among headers must equal it (CLI-RANGE-2).
  Result<Response> get_range(std::string_view uri,
                             std::vector<core::Header> headers,
                             std::uint64_t start, std::uint64_t stop);

  // error_of: the Error for e, a failed read or write of this connection,
  // a response body's included: Error::from(e), or
  // Error::deadline_passed when e is a timeout and the current exchange's
  // deadline has passed.
  Error error_of(const io::Error& e) const;

  // close: closes the connection; later requests fail with
  // connection_closed.  Closing twice is harmless.  The deadline no longer
  // applies (a TLS close_notify is bound by the timeout alone).
  void close();
  bool closed() const { return transport_->closed(); }

  const std::vector<core::Header>& base_headers() const { return base_; }

 private:
  Result<Response> exchange(std::string_view method, std::string_view uri,
                            std::vector<core::Header> headers,
                            io::OutputBody& body);
  Error fail(Error e);

  std::unique_ptr<io::Transport> transport_;
  std::chrono::milliseconds deadline_;
  // ends_: when the current exchange's deadline passes; max(): none.
  std::chrono::steady_clock::time_point ends_ =
      std::chrono::steady_clock::time_point::max();
  io::Reader reader_;
  io::Writer writer_;
  std::vector<core::Header> base_;
  io::BodyHolder response_body_;
};

}  // namespace degu::client
