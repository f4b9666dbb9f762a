// wire_common.cc: the helpers every wire derivation shares.
#include "wire_common.h"

#include "degu/core/hex.h"
#include "wire_cases.h"

namespace degu::conform::wire {

std::optional<std::size_t> sendable_size(const Json& n, std::string* why) {
  const auto size = n.get<std::uint64_t>();
  if (size > kMaxWireBody) {
    *why = "its body (" + std::to_string(size) + " bytes) is too big to send";
    return std::nullopt;
  }
  return static_cast<std::size_t>(size);
}

Json exchange_expectation(const std::string& response, const char* ending, bool prefix) {
  Json out{{"response_hex", core::to_hex(response)}, {"ending", ending}};
  if (prefix) {
    out["prefix"] = true;
  }
  return out;
}

conformance::Vector derived_base(const conformance::Vector& v,
                                 const std::string& comment_prefix) {
  conformance::Vector d;
  d.file = v.file;
  d.kind = v.kind;
  d.id = v.id;
  d.rules = v.rules;
  d.level = v.level;
  d.flags = v.flags;
  d.raw = Json::object();
  d.raw["comment"] = comment_prefix + (v.raw.is_object() ? v.raw.value("comment", "") : "");
  return d;
}

}  // namespace degu::conform::wire
