// config.h: the server and client TLS configurations (SPEC 14,
// TLS-CONFIG-1) and their validation.
//
// A configuration arrives as a JSON object (text or nlohmann::json) and is
// checked before any file is opened.  The checks run in this order and the
// first refusal is returned; each names its SPEC rule and key:
//   server: TLS-CONFIG-1 (an object, no unknown or duplicate key), the type
//     of each value (TLS-PATH-1: paths are strings; TLS-CLIENTAUTH-2: the
//     flag is exactly true), then check_server_config: TLS-PATH-1 for
//     cert_file, key_file, ca_file, ca_path; TLS-SERVER-1;
//     TLS-CLIENTAUTH-2 (no CA with the flag); TLS-CLIENTAUTH-3.
//   client: TLS-CONFIG-1, the type of each value (TLS-HOSTNAME-1:
//     check_hostname is a boolean; TLS-PATH-1), then
//     check_client_config: TLS-CLIENT-1; TLS-PATH-1 for ca_file, ca_path,
//     cert_file, key_file; TLS-VERIFY-2.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "degu/tls/result.h"

namespace degu::tls {

// ServerTlsConfig: TLS-CONFIG-1 for a server.  A missing key is nullopt;
// allow_unauthenticated_clients false means the key is absent.
struct ServerTlsConfig {
  std::optional<std::string> cert_file;
  std::optional<std::string> key_file;
  std::optional<std::string> ca_file;
  std::optional<std::string> ca_path;
  bool allow_unauthenticated_clients = false;

  friend bool operator==(const ServerTlsConfig&,
                         const ServerTlsConfig&) = default;
};

// ClientTlsConfig: TLS-CONFIG-1 for a client.
struct ClientTlsConfig {
  std::optional<std::string> cert_file;
  std::optional<std::string> key_file;
  std::optional<std::string> ca_file;
  std::optional<std::string> ca_path;
  bool check_hostname = true;  // TLS-HOSTNAME-1: the default is true.

  friend bool operator==(const ClientTlsConfig&,
                         const ClientTlsConfig&) = default;
};

// check_path: nothing when value is an absolute, normalised path
// (TLS-PATH-1), otherwise the config Error naming key and why: empty,
// relative, containing "//", a "." or ".." component, a trailing "/", or
// a NUL byte.  "/" itself is allowed.
std::optional<Error> check_path(std::string_view key, std::string_view value);

// check_server_config: nothing when c obeys TLS-PATH-1, TLS-SERVER-1,
// TLS-CLIENTAUTH-2 and TLS-CLIENTAUTH-3, otherwise the first refusal.
std::optional<Error> check_server_config(const ServerTlsConfig& c);

// check_client_config: nothing when c obeys TLS-CLIENT-1, TLS-PATH-1 and
// TLS-VERIFY-2, otherwise the first refusal.
std::optional<Error> check_client_config(const ClientTlsConfig& c);

// server_config_from_json: the configuration j holds, or the first
// refusal (see the order above).
Result<ServerTlsConfig> server_config_from_json(const nlohmann::json& j);

// client_config_from_json: the configuration j holds, or the first
// refusal.
Result<ClientTlsConfig> client_config_from_json(const nlohmann::json& j);

// parse_server_config: server_config_from_json over JSON text.  Text that
// is not JSON, or repeats a key of the object, is refused (TLS-CONFIG-1).
Result<ServerTlsConfig> parse_server_config(std::string_view json_text);

// parse_client_config: client_config_from_json over JSON text.
Result<ClientTlsConfig> parse_client_config(std::string_view json_text);

// to_json: c as the JSON object that parses back to c: absent keys are
// left out, and check_hostname is written only when false (true is the
// default).
nlohmann::json to_json(const ServerTlsConfig& c);
nlohmann::json to_json(const ClientTlsConfig& c);

}  // namespace degu::tls
