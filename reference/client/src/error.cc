// error.cc: names and rules of client failures.
#include "degu/client/error.h"

#include "degu/core/errors.h"

namespace degu::client {

std::string_view errc_name(Errc c) {
  switch (c) {
    case Errc::io: return "io";
    case Errc::connection_closed: return "connection_closed";
    case Errc::body_not_consumed: return "body_not_consumed";
    case Errc::body_not_allowed: return "body_not_allowed";
    case Errc::bad_range: return "bad_range";
    case Errc::range_mismatch: return "range_mismatch";
    case Errc::connect_failed: return "connect_failed";
    case Errc::connect_refused: return "connect_refused";
    case Errc::handshake_failed: return "handshake_failed";
  }
  return "?";
}

std::string Error::rule() const {
  switch (code) {
    case Errc::io:
      return std::string(io.code == io::Errc::protocol
                             ? core::error_rule(io.failure.error)
                             : io::errc_rule(io.code));
    case Errc::connection_closed: return "CLI-CLOSE-1";
    case Errc::body_not_consumed: return "CLI-CONSUME-1";
    case Errc::body_not_allowed: return "CLI-BODY-1";
    case Errc::bad_range: return "CLI-RANGE-1";
    case Errc::range_mismatch: return "CLI-RANGE-2";
    case Errc::connect_failed: return "";  // Not a protocol rule.
    case Errc::connect_refused: return "CLI-CONNECT-1";
    case Errc::handshake_failed: return "";  // OpenSSL's reason says which.
  }
  return "?";
}

Error Error::deadline_passed(std::chrono::milliseconds deadline) {
  return {Errc::io, io::Error::of(io::Errc::timeout),
          "the whole-exchange deadline of " + std::to_string(deadline.count()) +
              " ms passed (CLI-TIMEOUT-2)"};
}

std::string describe(const Error& e) {
  if (e.code == Errc::io) {
    return "io: " + io::describe(e.io) + (e.detail.empty() ? "" : ": " + e.detail);
  }
  std::string out(errc_name(e.code));
  if (const std::string rule = e.rule(); !rule.empty()) {
    out += " (" + rule + ")";
  }
  if (!e.detail.empty()) {
    out += ": " + e.detail;
  }
  return out;
}

}  // namespace degu::client
