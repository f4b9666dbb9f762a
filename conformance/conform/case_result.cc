// case_result.cc: names of verdicts and sections, and the byte helpers
// every report shares.
#include "case_result.h"

#include <algorithm>

#include "escape.h"

namespace degu::conform {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void append_hex(std::string& out, char c) {
  const auto b = static_cast<unsigned char>(c);
  out += kHexDigits[b >> 4];
  out += kHexDigits[b & 0x0f];
}

}  // namespace

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::ok:
      return "OK";
    case Verdict::failed:
      return "FAILED";
    case Verdict::non_strict:
      return "NON-STRICT";
    case Verdict::unimplemented:
      return "UNIMPLEMENTED";
    case Verdict::skipped:
      break;
  }
  return "SKIPPED";
}

std::string_view section_name(Section s) {
  switch (s) {
    case Section::parse:
      return "parse";
    case Section::render:
      return "render";
    case Section::server:
      return "server";
    case Section::runtime:
      return "runtime";
    case Section::client:
      break;
  }
  return "client";
}

std::optional<std::size_t> first_difference(std::string_view a,
                                            std::string_view b) {
  const std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (a[i] != b[i]) {
      return i;
    }
  }
  if (a.size() == b.size()) {
    return std::nullopt;
  }
  return common;
}

std::string escape_bytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (b >= 0x20 && b <= 0x7e) {
      out += c;
    } else {
      out += "\\x";
      append_hex(out, c);
    }
  }
  return out;
}

std::string hex_bytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    append_hex(out, c);
  }
  return out;
}

bool fails_run(const CaseResult& r, bool strict) {
  if (!r.unexpected_pass.empty()) {
    return true;
  }
  const bool failing =
      r.verdict == Verdict::failed || (strict && r.verdict == Verdict::non_strict);
  return failing && r.known_failure.empty();
}

}  // namespace degu::conform
