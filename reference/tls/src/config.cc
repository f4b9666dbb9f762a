// config.cc: the rules a TLS configuration must obey once its values have
// the right types (TLS-PATH-1, TLS-SERVER-1, TLS-CLIENT-1,
// TLS-CLIENTAUTH-2, TLS-CLIENTAUTH-3, TLS-VERIFY-2).
#include "degu/tls/config.h"

#include <optional>
#include <string>
#include <string_view>

namespace degu::tls {
namespace {

// quoted: value in double quotes, for messages.
std::string quoted(std::string_view value) {
  return "\"" + std::string(value) + "\"";
}

// path_problem: why value is not an absolute, normalised path, or nothing.
std::optional<std::string_view> path_problem(std::string_view value) {
  if (value.empty()) {
    return "it is empty";
  }
  if (value.find('\0') != std::string_view::npos) {
    return "it contains a NUL byte";  // No file can have that name.
  }
  if (value.front() != '/') {
    return "it is relative";
  }
  if (value == "/") {
    return std::nullopt;
  }
  if (value.back() == '/') {
    return "it ends with \"/\"";
  }
  // Even a leading "//" is refused: POSIX leaves its meaning open.
  if (value.find("//") != std::string_view::npos) {
    return "it contains \"//\"";
  }
  std::string_view rest = value.substr(1);
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto component = rest.substr(0, slash);
    if (component == ".") {
      return "it has a \".\" component";
    }
    if (component == "..") {
      return "it has a \"..\" component";
    }
    if (slash == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(slash + 1);
  }
  return std::nullopt;
}

// check_optional_path: check_path for a key that may be absent.
std::optional<Error> check_optional_path(
    std::string_view key, const std::optional<std::string>& value) {
  if (!value) {
    return std::nullopt;
  }
  return check_path(key, *value);
}

}  // namespace

std::optional<Error> check_path(std::string_view key, std::string_view value) {
  const auto problem = path_problem(value);
  if (!problem) {
    return std::nullopt;
  }
  return Error::config("TLS-PATH-1", key,
                       std::string(key) +
                           " is not an absolute, normalised path: " +
                           quoted(value) + " (" + std::string(*problem) + ")");
}

std::optional<Error> check_server_config(const ServerTlsConfig& c) {
  // TLS-PATH-1, in the order the original checks the keys.
  for (const auto& [key, value] :
       {std::pair<std::string_view, const std::optional<std::string>&>{
            "cert_file", c.cert_file},
        {"key_file", c.key_file},
        {"ca_file", c.ca_file},
        {"ca_path", c.ca_path}}) {
    if (auto e = check_optional_path(key, value)) {
      return e;
    }
  }
  // TLS-SERVER-1: a server always presents a certificate and its key.
  if (!c.cert_file) {
    return Error::config("TLS-SERVER-1", "cert_file",
                         "a server TLS configuration needs cert_file");
  }
  if (!c.key_file) {
    return Error::config("TLS-SERVER-1", "key_file",
                         "a server TLS configuration needs key_file");
  }
  if (c.allow_unauthenticated_clients) {
    // TLS-CLIENTAUTH-2: a CA next to the flag would suggest that clients
    // are verified when they are not.
    for (const auto& [key, value] :
         {std::pair<std::string_view, const std::optional<std::string>&>{
              "ca_file", c.ca_file},
          {"ca_path", c.ca_path}}) {
      if (value) {
        return Error::config(
            "TLS-CLIENTAUTH-2", key,
            "allow_unauthenticated_clients cannot be combined with " +
                std::string(key));
      }
    }
    return std::nullopt;
  }
  // TLS-CLIENTAUTH-3: leaving out the CA never silently turns client
  // authentication off.
  if (!c.ca_file && !c.ca_path) {
    return Error::config("TLS-CLIENTAUTH-3", "",
                         "a server TLS configuration needs ca_file or "
                         "ca_path, or allow_unauthenticated_clients: true");
  }
  return std::nullopt;
}

std::optional<Error> check_client_config(const ClientTlsConfig& c) {
  // TLS-CLIENT-1: a key alone cannot authenticate; cert_file alone may
  // hold the key too.
  if (c.key_file && !c.cert_file) {
    return Error::config("TLS-CLIENT-1", "key_file",
                         "key_file is given without cert_file");
  }
  for (const auto& [key, value] :
       {std::pair<std::string_view, const std::optional<std::string>&>{
            "ca_file", c.ca_file},
        {"ca_path", c.ca_path},
        {"cert_file", c.cert_file},
        {"key_file", c.key_file}}) {
    if (auto e = check_optional_path(key, value)) {
      return e;
    }
  }
  // TLS-VERIFY-2: the system trust store vouches for names, so without a
  // hostname check it would accept any server it knows of.
  if (!c.ca_file && !c.ca_path && !c.check_hostname) {
    return Error::config("TLS-VERIFY-2", "check_hostname",
                         "check_hostname must be true when neither ca_file "
                         "nor ca_path is given (the system trust store is "
                         "used)");
  }
  return std::nullopt;
}

}  // namespace degu::tls
