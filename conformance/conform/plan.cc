// plan.cc: the cases of each role, from the vectors.
#include "runner.h"

namespace degu::conform {
namespace {

// Vector kinds by what runs them (docs/VECTORS.md, "Files").
bool is_parse_kind(const std::string& kind) {
  for (const char* k : {"request", "response", "chunk_line", "chunked_body",
                        "content_length", "range", "content_range",
                        "header_name"}) {
    if (kind == k) {
      return true;
    }
  }
  return false;
}

bool is_render_kind(const std::string& kind) {
  return kind.rfind("render_", 0) == 0;
}

// client_transports: a client adapter given an inherited socket ({fd}, the
// default) has one transport; one given {address} connects over each.
std::vector<std::string> client_transports(const Config& config) {
  if (config.exec_template.find("{address}") == std::string::npos) {
    return {"socketpair"};
  }
  return config.transports;
}

}  // namespace

const std::vector<std::string>& known_transports() {
  static const std::vector<std::string> names = {"unix", "abstract", "v4", "v6"};
  return names;
}

std::string options_key(const conformance::Vector& v) {
  if (!v.raw.is_object() || !v.raw.contains("options")) {
    return "{}";
  }
  return nlohmann::json::parse(v.raw["options"].dump()).dump();  // Sorted keys.
}

std::vector<Planned> plan(const Config& config,
                          const std::vector<conformance::Vector>& vectors) {
  std::vector<Planned> out;
  std::vector<std::string> transports;
  if (config.role == Role::server) {
    if (config.targets.empty()) {
      transports = config.transports;
    } else {
      for (const Target& t : config.targets) {
        const auto& a = t.address;
        const std::string name = std::holds_alternative<net::UnixAddress>(a)       ? "unix"
                                 : std::holds_alternative<net::AbstractAddress>(a) ? "abstract"
                                 : std::holds_alternative<net::Inet6Address>(a)    ? "v6"
                                                                                    : "v4";
        if (std::find(transports.begin(), transports.end(), name) == transports.end()) {
          transports.push_back(name);
        }
      }
    }
  } else if (config.role == Role::client) {
    transports = client_transports(config);
  }
  for (const auto& v : vectors) {
    if (config.role == Role::parser) {
      if (is_parse_kind(v.kind)) {
        out.push_back({v.id, &v, Section::parse, ""});
      } else if (is_render_kind(v.kind)) {
        out.push_back({v.id, &v, Section::render, ""});
      }
      continue;
    }
    const char* kind = config.role == Role::server ? "exchange" : "client_exchange";
    if (v.kind != kind) {
      continue;
    }
    for (const std::string& t : transports) {
      out.push_back({v.id + "." + t, &v,
                     config.role == Role::server ? Section::server : Section::client, t});
    }
  }
  return out;
}

CaseResult new_result(const Planned& p) {
  CaseResult r;
  r.id = p.id;
  r.vector_id = p.vector->id;
  r.file = p.vector->file;
  r.section = p.section;
  r.transport = p.transport;
  r.kind = p.vector->kind;
  r.rules = p.vector->rules;
  r.level = p.vector->level;
  r.comment = p.vector->raw.is_object() ? p.vector->raw.value("comment", "") : "";
  return r;
}

}  // namespace degu::conform
