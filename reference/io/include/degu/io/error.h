// error.h: why an operation of the I/O layer failed.
//
// A failure is one of a closed set (Errc).  When the bytes of the peer broke
// a SPEC rule that the core decides, the Error carries the core's Failure
// (the rule's Error and its byte offset); when a system call failed, it
// carries errno.  Every other kind is decided here and names its SPEC rule.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "degu/core/errors.h"

namespace degu::io {

// Errc: the kinds of failure of the I/O layer.
enum class Errc : std::uint8_t {
  protocol,                // The input broke a core rule: see Error::failure.
  system,                  // A system call failed: see Error::sys_errno.
  timeout,                 // The transport's timeout expired (GEN-CLOSE-1).
  closed,                  // The connection was already closed (GEN-CLOSE-1).
  body_incomplete,         // BODY-SHORT-1: input ended inside a length body.
  body_state,              // BODY-STATE-3: not allowed in the body's state.
  read_too_large,          // BODY-READ-1, BODY-READ-2: over 16 MiB at once.
  chunked_read_too_large,  // BODY-CHUNKED-2: chunks total over 16 MiB.
  bytes_body_too_large,    // BODY-OUT-2: a bytes body over 16 MiB.
  stream_too_long,         // OUT-BODY-2: a length stream gave more than N.
  stream_too_short,        // OUT-BODY-3: a length stream gave fewer than N.
  chunk_after_last,        // BODY-OUT-4: a chunk after the empty one.
  last_chunk_missing,      // BODY-OUT-4: a chunked stream ended without it.
  body_already_sent,       // BODY-OUT-6: a body to send was used already.
};

// errc_name: the stable snake_case name of c ("body_incomplete").
std::string_view errc_name(Errc c);

// errc_rule: the SPEC rule that decides c ("BODY-SHORT-1"); for protocol,
// the rule is the core Failure's (see core::error_rule).
std::string_view errc_rule(Errc c);

// Error: one failure.  Compare whole Errors in tests: the code and, for
// protocol and system, the detail that goes with it.
struct Error {
  Errc code = Errc::closed;
  core::Failure failure{core::Error::preamble_empty, 0};  // protocol only.
  int sys_errno = 0;                                      // system only.

  // protocol: the peer's bytes broke the core rule of f.
  static Error protocol(core::Failure f) { return {Errc::protocol, f, 0}; }
  // system: a system call failed with errno e.
  static Error system(int e) {
    return {Errc::system, {core::Error::preamble_empty, 0}, e};
  }
  // of: a failure without detail.  Precondition: c is neither protocol nor
  // system.
  static Error of(Errc c) { return {c, {core::Error::preamble_empty, 0}, 0}; }

  // is: this is a protocol failure with core error e.
  bool is(core::Error e) const {
    return code == Errc::protocol && failure.error == e;
  }

  friend bool operator==(const Error&, const Error&) = default;
};

// describe: one line for logs and test messages, e.g.
// "protocol: preamble_too_large (PRE-SIZE-1) at 32768" or
// "system (GEN-CLOSE-1): Connection reset by peer (errno 104)".
std::string describe(const Error& e);

}  // namespace degu::io
