// openssl_error.cc: rendering OpenSSL's per-thread error queue.
#include "openssl_error.h"

#include <openssl/err.h>

#include <array>
#include <utility>

namespace degu::tls::detail {

std::string take_openssl_errors() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    if (!out.empty()) {
      out += "; ";
    }
    out += text.data();
  }
  return out;
}

std::string with_reason(std::string what) {
  const std::string reason = take_openssl_errors();
  if (reason.empty()) {
    return what;
  }
  return std::move(what) + ": " + reason;
}

}  // namespace degu::tls::detail
