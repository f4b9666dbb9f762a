// connection.cc: the connection loop (SRV-LOOP-1).
#include "degu/server/connection.h"

#include <exception>
#include <optional>
#include <utility>

#include "degu/io/read_message.h"
#include "degu/io/reader.h"
#include "degu/io/send.h"
#include "degu/io/writer.h"
#include "degu/server/options.h"

namespace degu::server {

namespace {

// Ending: a connection ends with a reason and a detail for logs.
struct Ending {
  CloseReason reason;
  std::string detail;
};

// call_app: app's answer; an exception is an AppFailure (SRV-ERROR-1).
AppResult call_app(const App& app, Session& session, Request& request) {
  try {
    return app(session, request);
  } catch (const std::exception& e) {
    return AppFailure{std::string("exception: ") + e.what()};
  } catch (...) {
    return AppFailure{"exception"};
  }
}

// serve_one: one round of SRV-LOOP-1 for a request already read.  Nothing
// when the connection may go on, otherwise why it ends.
std::optional<Ending> serve_one(io::Reader& reader, io::Writer& writer,
                                Session& session, const App& app,
                                core::Request parsed) {
  // The body lives on this frame until the response has been sent.
  io::BodyHolder holder;
  const io::ReceivedBody body = holder.open(reader, parsed.framing);
  const bool head = parsed.method == core::Method::head;
  Request request(std::move(parsed), body);

  AppResult result = call_app(app, session, request);
  if (auto* failure = std::get_if<AppFailure>(&result)) {
    return Ending{CloseReason::app_failed, failure->why};
  }
  Response& response = std::get<Response>(result);
  // A body that failed while the application read it has closed the
  // connection (BODY-ERROR-1); it is not consumed either.
  if (!io::body_consumed(request.body())) {
    return Ending{CloseReason::body_not_consumed, ""};
  }
  if (head && response.body.framing().kind != core::Framing::Kind::none) {
    return Ending{CloseReason::head_with_body, ""};
  }
  const bool was_open = !writer.closed();
  auto sent = io::send_response(writer, response.status, response.reason,
                                response.headers, response.body);
  if (!sent.ok()) {
    // A refusal decided before sending leaves the writer open
    // (OUT-ATOMIC-1); anything later has closed it (OUT-BODY-3).
    const CloseReason why = was_open && !writer.closed()
                                ? CloseReason::response_refused
                                : CloseReason::send_failed;
    return Ending{why, io::describe(sent.error())};
  }
  session.requests += 1;
  if (!keeps_alive(response.status)) {
    return Ending{CloseReason::status, std::to_string(response.status)};
  }
  const std::uint32_t limit = session.max_requests == 0 ? 1 : session.max_requests;
  if (session.requests >= limit) {
    return Ending{CloseReason::max_requests, ""};
  }
  return std::nullopt;
}

// read_within: the next request, its preamble bounded by preamble_time
// from now (SRV-TIMEOUT-2; zero: no bound) on top of each wait's timeout.
io::Result<core::Request> read_within(io::Transport& transport, io::Reader& reader,
                                          std::chrono::milliseconds preamble_time,
                                          bool* deadline_passed) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + preamble_time;
  const bool bounded = preamble_time.count() > 0 && transport.set_deadline(deadline);
  auto parsed = io::read_request(reader);
  if (bounded) {
    transport.set_deadline(Clock::time_point::max());
    *deadline_passed = !parsed.ok() && Clock::now() >= deadline;
  }
  return parsed;
}

// serve_all: rounds until one ends the connection.
Ending serve_all(io::Transport& transport, io::Reader& reader, io::Writer& writer,
                 Session& session, const App& app, std::chrono::milliseconds preamble_time) {
  for (;;) {
    bool deadline_passed = false;
    auto parsed = read_within(transport, reader, preamble_time, &deadline_passed);
    if (!parsed.ok()) {
      if (parsed.error().is(core::Error::preamble_empty)) {
        return {CloseReason::eof, ""};  // SRV-EOF-1.
      }
      if (deadline_passed) {
        return {CloseReason::request_error,
                "timeout: no complete request preamble within " +
                    std::to_string(preamble_time.count()) + " ms (SRV-TIMEOUT-2)"};
      }
      return {CloseReason::request_error, io::describe(parsed.error())};
    }
    auto ending = serve_one(reader, writer, session, app,
                            std::move(parsed).value());
    if (ending) {
      return std::move(*ending);
    }
  }
}

}  // namespace

bool keeps_alive(unsigned status) {
  return status < 400 || status == 404 || status == 409 || status == 412;
}

void serve_connection(io::Transport& transport, Session& session,
                      const App& app, std::chrono::milliseconds preamble_time) {
  io::Reader reader(transport);
  io::Writer writer(transport);
  Ending ending = serve_all(transport, reader, writer, session, app, preamble_time);
  session.closed = ending.reason;
  session.detail = std::move(ending.detail);
  // Unsent and unread bytes are dropped (SRV-CLOSE-1); after a complete
  // response the transport may linger so that it arrives (SRV-CLOSE-2).
  if (session.closed == CloseReason::status ||
      session.closed == CloseReason::max_requests) {
    transport.close_after_response(kLingerTime);
  } else {
    transport.close();
  }
}

}  // namespace degu::server
