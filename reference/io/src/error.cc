// error.cc: names and rules of the I/O layer's failures.
#include "degu/io/error.h"

#include <cstdlib>
#include <system_error>

namespace degu::io {
namespace {

struct ErrcInfo {
  std::string_view name;
  std::string_view rule;
};

ErrcInfo info(Errc c) {
  switch (c) {
    case Errc::protocol:
      return {"protocol", ""};
    case Errc::system:
      return {"system", "GEN-CLOSE-1"};
    case Errc::timeout:
      return {"timeout", "GEN-CLOSE-1"};
    case Errc::closed:
      return {"closed", "GEN-CLOSE-1"};
    case Errc::body_incomplete:
      return {"body_incomplete", "BODY-SHORT-1"};
    case Errc::body_state:
      return {"body_state", "BODY-STATE-3"};
    case Errc::read_too_large:
      return {"read_too_large", "BODY-READ-1"};
    case Errc::chunked_read_too_large:
      return {"chunked_read_too_large", "BODY-CHUNKED-2"};
    case Errc::bytes_body_too_large:
      return {"bytes_body_too_large", "BODY-OUT-2"};
    case Errc::stream_too_long:
      return {"stream_too_long", "OUT-BODY-2"};
    case Errc::stream_too_short:
      return {"stream_too_short", "OUT-BODY-3"};
    case Errc::chunk_after_last:
      return {"chunk_after_last", "BODY-OUT-4"};
    case Errc::last_chunk_missing:
      return {"last_chunk_missing", "BODY-OUT-4"};
    case Errc::body_already_sent:
      return {"body_already_sent", "BODY-OUT-6"};
  }
  std::abort();  // Not an Errc: a program bug.
}

}  // namespace

std::string_view errc_name(Errc c) { return info(c).name; }

std::string_view errc_rule(Errc c) { return info(c).rule; }

std::string describe(const Error& e) {
  std::string out(errc_name(e.code));
  if (e.code == Errc::protocol) {
    out += ": ";
    out += core::error_name(e.failure.error);
    out += " (";
    out += core::error_rule(e.failure.error);
    out += ") at ";
    out += std::to_string(e.failure.offset);
    return out;
  }
  if (e.code == Errc::system) {
    out += " (";
    out += errc_rule(e.code);
    out += "): " + std::generic_category().message(e.sys_errno) + " (errno " +
           std::to_string(e.sys_errno) + ")";
    return out;
  }
  out += " (";
  out += errc_rule(e.code);
  out += ")";
  return out;
}

}  // namespace degu::io
