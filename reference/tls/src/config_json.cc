// config_json.cc: reading a TLS configuration from JSON (TLS-CONFIG-1 and
// the value types of TLS-PATH-1, TLS-CLIENTAUTH-2, TLS-HOSTNAME-1).
#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "degu/tls/config.h"

namespace degu::tls {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 4> kPathKeys = {"cert_file", "key_file",
                                                       "ca_file", "ca_path"};
constexpr std::string_view kServerFlag = "allow_unauthenticated_clients";
constexpr std::string_view kClientFlag = "check_hostname";

// shown: a JSON value as it appears in a message, cut to 60 characters.
std::string shown(const json& value) {
  std::string text = value.dump();
  if (text.size() > 60) {
    text = text.substr(0, 57) + "...";
  }
  return std::string(value.type_name()) + " " + text;
}

// check_keys: TLS-CONFIG-1: j is an object whose keys are the path keys
// and flag.  side is "server" or "client", for messages.
std::optional<Error> check_keys(const json& j, std::string_view side,
                                std::string_view flag) {
  if (!j.is_object()) {
    return Error::config("TLS-CONFIG-1", "",
                         "a " + std::string(side) +
                             " TLS configuration must be a JSON object, got " +
                             std::string(j.type_name()));
  }
  for (const auto& item : j.items()) {
    const std::string& key = item.key();
    bool known = key == flag;
    for (const auto path_key : kPathKeys) {
      known = known || key == path_key;
    }
    // A misspelt key would otherwise be ignored without a word.
    if (!known) {
      return Error::config(
          "TLS-CONFIG-1", key,
          "unknown key \"" + key + "\" in a " + std::string(side) +
              " TLS configuration (allowed: cert_file, key_file, ca_file, "
              "ca_path, " +
              std::string(flag) + ")");
    }
  }
  return std::nullopt;
}

// read_path: the string at j[key], nothing when absent, or the TLS-PATH-1
// refusal of a value that is not a string.
Result<std::optional<std::string>> read_path(const json& j,
                                             std::string_view key) {
  const auto it = j.find(key);
  if (it == j.end()) {
    return std::optional<std::string>{};
  }
  if (!it->is_string()) {
    return Error::config(
        "TLS-PATH-1", key,
        std::string(key) + " must be a string holding an absolute path, got " +
            shown(*it));
  }
  return std::optional<std::string>{it->get<std::string>()};
}

// read_paths: the four path keys of j into the optionals of c.
template <typename Config>
std::optional<Error> read_paths(const json& j, Config& c) {
  std::optional<std::string>* fields[] = {&c.cert_file, &c.key_file, &c.ca_file,
                                          &c.ca_path};
  for (std::size_t i = 0; i < kPathKeys.size(); ++i) {
    auto value = read_path(j, kPathKeys[i]);
    if (!value.ok()) {
      return value.error();
    }
    *fields[i] = std::move(value).value();
  }
  return std::nullopt;
}

// parse_object: the JSON value of text; the text must be JSON and no
// object of its top level may repeat a key (TLS-CONFIG-1: a repeated key
// would silently lose one of its values).
Result<json> parse_object(std::string_view text) {
  std::set<std::string> seen;
  std::optional<std::string> repeated;
  const json::parser_callback_t note_keys =
      [&](int depth, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::key && depth == 1 &&
            !seen.insert(parsed.get<std::string>()).second && !repeated) {
          repeated = parsed.get<std::string>();
        }
        return true;
      };
  json j;
  try {
    j = json::parse(text.begin(), text.end(), note_keys);
  } catch (const json::exception& e) {
    return Error::config("TLS-CONFIG-1", "",
                         std::string("the TLS configuration is not valid "
                                     "JSON: ") +
                             e.what());
  }
  if (repeated) {
    return Error::config(
        "TLS-CONFIG-1", *repeated,
        "key \"" + *repeated + "\" appears twice in the TLS configuration");
  }
  return j;
}

}  // namespace

Result<ServerTlsConfig> server_config_from_json(const json& j) {
  if (auto e = check_keys(j, "server", kServerFlag)) {
    return *e;
  }
  ServerTlsConfig c;
  if (auto e = read_paths(j, c)) {
    return *e;
  }
  if (const auto it = j.find(kServerFlag); it != j.end()) {
    // TLS-CLIENTAUTH-2: only the literal true; 1, "yes" and false are
    // refused so that no truthy accident turns authentication off.
    if (!it->is_boolean() || !it->get<bool>()) {
      return Error::config("TLS-CLIENTAUTH-2", kServerFlag,
                           "allow_unauthenticated_clients must be exactly "
                           "true, got " +
                               shown(*it));
    }
    c.allow_unauthenticated_clients = true;
  }
  if (auto e = check_server_config(c)) {
    return *e;
  }
  return c;
}

Result<ClientTlsConfig> client_config_from_json(const json& j) {
  if (auto e = check_keys(j, "client", kClientFlag)) {
    return *e;
  }
  ClientTlsConfig c;
  if (const auto it = j.find(kClientFlag); it != j.end()) {
    // TLS-HOSTNAME-1: a boolean, not something that merely looks true.
    if (!it->is_boolean()) {
      return Error::config(
          "TLS-HOSTNAME-1", kClientFlag,
          "check_hostname must be a boolean, got " + shown(*it));
    }
    c.check_hostname = it->get<bool>();
  }
  if (auto e = read_paths(j, c)) {
    return *e;
  }
  if (auto e = check_client_config(c)) {
    return *e;
  }
  return c;
}

Result<ServerTlsConfig> parse_server_config(std::string_view json_text) {
  auto j = parse_object(json_text);
  if (!j.ok()) {
    return j.error();
  }
  return server_config_from_json(*j);
}

Result<ClientTlsConfig> parse_client_config(std::string_view json_text) {
  auto j = parse_object(json_text);
  if (!j.ok()) {
    return j.error();
  }
  return client_config_from_json(*j);
}

namespace {

// put_paths: the present path keys of c into j.
template <typename Config>
void put_paths(const Config& c, json& j) {
  const std::optional<std::string>* fields[] = {&c.cert_file, &c.key_file,
                                                &c.ca_file, &c.ca_path};
  for (std::size_t i = 0; i < kPathKeys.size(); ++i) {
    if (*fields[i]) {
      j[std::string(kPathKeys[i])] = **fields[i];
    }
  }
}

}  // namespace

json to_json(const ServerTlsConfig& c) {
  json j = json::object();
  put_paths(c, j);
  if (c.allow_unauthenticated_clients) {
    j[std::string(kServerFlag)] = true;
  }
  return j;
}

json to_json(const ClientTlsConfig& c) {
  json j = json::object();
  put_paths(c, j);
  if (!c.check_hostname) {
    j[std::string(kClientFlag)] = false;
  }
  return j;
}

}  // namespace degu::tls
