// error.h: why a client operation failed.
//
// A failure while sending or receiving is the I/O layer's io::Error (which
// carries the core's Failure for a refused response or a request the core
// refuses to render); the other kinds are the client's own rules.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "degu/io/error.h"

namespace degu::client {

// Errc: the kinds of client failure.
enum class Errc : std::uint8_t {
  io,                 // Sending or receiving failed: see Error::io.
  connection_closed,  // CLI-CLOSE-1: an earlier error or close() ended it.
  body_not_consumed,  // CLI-CONSUME-1: the previous response body is unread.
  body_not_allowed,   // CLI-BODY-1: a body with a method other than PUT/POST.
  bad_range,          // CLI-RANGE-1: not 0 <= start < stop <= 9999999999999999.
  range_mismatch,     // CLI-RANGE-2: the caller's range differs.
  connect_failed,     // The socket could not connect: see Error::detail.
  connect_refused,    // CLI-CONNECT-1: the on_connect hook refused.
  handshake_failed,   // TLS-*: the TLS handshake failed: see detail.
};

// errc_name: the stable snake_case name of c ("body_not_consumed").
std::string_view errc_name(Errc c);

// Error: one failure; io is meaningful only for Errc::io.
struct Error {
  Errc code = Errc::io;
  io::Error io;
  // detail: for connect_failed, the call and errno text; for an io
  // timeout, nonempty when it was the whole-exchange deadline's.
  std::string detail;

  static Error of(Errc c, std::string detail = {}) {
    return {c, io::Error::of(io::Errc::closed), std::move(detail)};
  }
  static Error from(io::Error e) { return {Errc::io, e, {}}; }
  // deadline_passed: an io timeout because the exchange took longer than
  // deadline (CLI-TIMEOUT-2).
  static Error deadline_passed(std::chrono::milliseconds deadline);

  // rule: the SPEC rule that decides this failure ("CLI-CONSUME-1"; for io,
  // the io::Error's rule); empty for connect_failed, which breaks none.
  std::string rule() const;
};

// describe: one line for messages, e.g. "body_not_consumed (CLI-CONSUME-1)",
// "io: protocol: bad_status (RSP-STATUS-1) at 9", or for the deadline
// "io: timeout (GEN-CLOSE-1): the whole-exchange deadline of 1000 ms
// passed (CLI-TIMEOUT-2)".
std::string describe(const Error& e);

}  // namespace degu::client
