// plan.cc: the cases of each role, from the vectors.
#include "runner.h"

#include "vector_kinds.h"

#include "client_runtime_cases.h"
#include "robustness_cases.h"
#include "runtime_cases.h"
#include "server_exec.h"
#include "wire_cases.h"

namespace degu::conform {
namespace {

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
  static const std::vector<std::string> names = {"unix", "abstract", "v4", "v6", "tls"};
  return names;
}

std::string options_key(const conformance::Vector& v) {
  if (!v.raw.is_object() || !v.raw.contains("options")) {
    return "{}";
  }
  return nlohmann::json::parse(v.raw["options"].dump()).dump();  // Sorted keys.
}

// role_transports: the transports a server or client run goes over.
static std::vector<std::string> role_transports(const Config& config) {
  if (config.role == Role::client) {
    return client_transports(config);
  }
  if (config.targets.empty()) {
    return config.transports;
  }
  std::vector<std::string> out;
  for (const Target& t : config.targets) {
    const std::string name = transport_of(t);
    if (std::find(out.begin(), out.end(), name) == out.end()) {
      out.push_back(name);
    }
  }
  return out;
}

Plan plan(const Config& config, const std::vector<conformance::Vector>& vectors) {
  Plan out;
  if (config.role == Role::parser) {
    for (const auto& v : vectors) {
      if (conformance::in_family(v.kind, conformance::KindFamily::parse)) {
        out.cases.push_back({v.id, &v, Section::parse, "", ""});
      } else if (conformance::in_family(v.kind, conformance::KindFamily::render)) {
        out.cases.push_back({v.id, &v, Section::render, "", ""});
      }
    }
    return out;
  }
  const bool server = config.role == Role::server;
  const Section section = server ? Section::server : Section::client;
  const std::vector<std::string> transports = role_transports(config);
  const char* kind = server ? "exchange" : "client_exchange";
  for (const auto& v : vectors) {
    if (v.kind != kind) {
      continue;
    }
    for (const std::string& t : transports) {
      for (DeliveryMode m : config.deliveries) {
        const std::string suffix =
            m == DeliveryMode::once ? "" : "." + std::string(delivery_name(m));
        out.cases.push_back({v.id + "." + t + suffix, &v, section, t, "", m});
      }
    }
  }
  for (const auto& v : vectors) {
    if (!(server ? is_server_wire_kind(v.kind) : is_client_wire_kind(v.kind))) {
      continue;
    }
    Derived d;
    try {
      d = server ? server_wire(v) : client_wire(v);
    } catch (const std::exception& e) {  // A vector of an unexpected shape.
      throw SetupError("malformed vector " + v.file + ": " + v.id + ": " + e.what());
    }
    const conformance::Vector* source = &v;
    if (d.ok) {
      out.derived.push_back(std::move(d.vector));
      source = &out.derived.back();
    }
    for (const std::string& t : transports) {
      out.cases.push_back({v.id + ".wire." + t, source, section, t,
                           d.ok ? "" : "no wire form: " + d.why_not});
    }
  }
  // The runtime and robustness sections: a server's scenarios say where
  // they can run ("transports", runtime_cases.h); a client's run everywhere.
  auto add_scenarios = [&](std::deque<conformance::Vector> scenarios, Section scenario_section) {
    for (auto& v : scenarios) {
      out.derived.push_back(std::move(v));
      const std::string where = out.derived.back().raw.value("transports", "any");
      for (const std::string& t : transports) {
        if ((where == "plain" && t == "tls") || (where == "tcp" && t != "v4" && t != "v6") ||
            (where == "tls" && t != "tls")) {
          continue;  // The case cannot show its rule there.
        }
        out.cases.push_back(
            {out.derived.back().id + "." + t, &out.derived.back(), scenario_section, t, ""});
      }
    }
  };
  add_scenarios(server ? runtime_vectors() : client_runtime_vectors(), Section::runtime);
  if (server) {
    add_scenarios(robustness_vectors(), Section::robustness);
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
  if (!p.skip_reason.empty()) {
    r.verdict = Verdict::skipped;
    r.reason = p.skip_reason;
  }
  return r;
}

}  // namespace degu::conform
