// parse_messages.cc: whole request and response preambles (PRE-LINES-1,
// FRAME-ORDER-1, FRAME-REQ-1, FRAME-RSP-1..3).
#include "degu/core/parse.h"
#include "internal.h"

namespace degu::core {
namespace {

// Preamble: a preamble split into its start line and header section.
struct Preamble {
  std::string_view start_line;
  std::optional<std::string_view> section;  // Absent: no CRLF at all.
  std::size_t section_at = 0;
};

// split_preamble: PRE-LINES-1.  A CRLF at the very end leaves an empty
// section, which is one empty (and so too short) header line.
Preamble split_preamble(std::string_view preamble) {
  const std::size_t crlf = preamble.find("\r\n");
  if (crlf == std::string_view::npos) {
    return Preamble{preamble, std::nullopt, 0};
  }
  return Preamble{preamble.substr(0, crlf), preamble.substr(crlf + 2),
                  crlf + 2};
}

// parse_section_of: the headers of p (none without a section) with the
// combination rules for the direction.
Result<internal::Section> parse_section_of(const Preamble& p,
                                           bool is_response) {
  if (!p.section) {
    return internal::Section{};
  }
  auto section = internal::parse_section(*p.section, p.section_at);
  if (!section.ok()) {
    return section.failure();
  }
  if (auto combined =
          internal::check_combinations(section->lines, is_response);
      !combined.ok()) {
    return combined.failure();
  }
  return section;
}

// framing_of: the body framing that valid headers announce.
Framing framing_of(const Headers& headers) {
  if (headers.content_length) {
    return Framing::of_length(*headers.content_length);
  }
  if (headers.chunked) {
    return Framing::chunked();
  }
  return Framing::none();  // No 411, no read to end of input.
}

}  // namespace

Result<Request> parse_request(std::string_view preamble) {
  if (preamble.empty()) {
    return fail(Error::preamble_empty, 0);
  }
  const Preamble p = split_preamble(preamble);
  auto line = parse_request_line(p.start_line);
  if (!line.ok()) {
    return line.failure();
  }
  auto section = parse_section_of(p, false);
  if (!section.ok()) {
    return section.failure();
  }
  if (auto allowed =
          internal::check_method_framing(line->method, section->lines);
      !allowed.ok()) {
    return allowed.failure();
  }
  Request out;
  out.method = line->method;
  out.uri = std::move(line.value().uri);
  out.path = std::move(line.value().path);
  out.query = std::move(line.value().query);
  out.headers = std::move(section.value().headers);
  out.framing = framing_of(out.headers);
  return out;
}

Result<Response> parse_response(std::string_view preamble,
                                Method request_method) {
  if (preamble.empty()) {
    return fail(Error::preamble_empty, 0);
  }
  const Preamble p = split_preamble(preamble);
  auto line = parse_response_line(p.start_line);
  if (!line.ok()) {
    return line.failure();
  }
  auto section = parse_section_of(p, true);
  if (!section.ok()) {
    return section.failure();
  }
  Response out;
  out.status = line->status;
  out.reason = std::move(line.value().reason);
  out.headers = std::move(section.value().headers);
  // FRAME-RSP-1: the answer to HEAD never has a body, whatever it says.
  out.framing = request_method == Method::head ? Framing::none()
                                               : framing_of(out.headers);
  return out;
}

}  // namespace degu::core
