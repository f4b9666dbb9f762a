// error.cc: names of the TLS failures and their one-line description.
#include "degu/tls/error.h"

#include <cstdlib>
#include <system_error>
#include <utility>

namespace degu::tls {

std::string_view errc_name(Errc c) {
  switch (c) {
    case Errc::config:
      return "config";
    case Errc::load:
      return "load";
    case Errc::context:
      return "context";
    case Errc::handshake:
      return "handshake";
    case Errc::timeout:
      return "timeout";
    case Errc::system:
      return "system";
    case Errc::pki:
      return "pki";
  }
  std::abort();  // Not an Errc: a program bug.
}

Error Error::config(std::string_view rule, std::string_view key,
                    std::string message) {
  return {Errc::config, std::string(rule), std::string(key), std::move(message),
          0};
}

Error Error::load(std::string_view key, std::string message) {
  return {Errc::load, {}, std::string(key), std::move(message), 0};
}

Error Error::of(Errc c, std::string message) {
  return {c, {}, {}, std::move(message), 0};
}

Error Error::system(int e, std::string_view what) {
  return {Errc::system,
          {},
          {},
          std::string(what) + ": " + std::generic_category().message(e) +
              " (errno " + std::to_string(e) + ")",
          e};
}

std::string describe(const Error& e) {
  std::string out(errc_name(e.code));
  if (!e.rule.empty()) {
    out += " (" + e.rule + ")";
  }
  out += ": " + e.message;
  return out;
}

}  // namespace degu::tls
