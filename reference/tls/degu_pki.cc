// degu_pki.cc: degu-pki DIR [--bits N]: makes a test PKI (TLS-PKI-3) in
// DIR and prints its identities and files.
//
// Exit status: 0 done; 1 the PKI could not be made (the reason is printed);
// 2 bad arguments, including a DIR that exists and is not an empty
// directory (nothing is ever overwritten).
#include <charconv>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "degu/tls/pki.h"

namespace {

constexpr std::string_view kUsage =
    "usage: degu-pki DIR [--bits N]\n"
    "  Makes a test PKI in DIR (created with mode 0700; an existing DIR must\n"
    "  be empty): a server CA and certificate, a client CA and certificate,\n"
    "  and the TLS configurations server.json, server-anonymous.json,\n"
    "  client.json and client-anonymous.json.\n"
    "  --bits N  RSA key size: 1024, 2048, 3072 or 4096 (default 4096)\n";

int usage_error(std::string_view message) {
  std::cerr << "degu-pki: " << message << "\n" << kUsage;
  return 2;
}

// parse_bits: text as a key size a test PKI accepts.
std::optional<int> parse_bits(std::string_view text) {
  int bits = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), bits);
  if (ec != std::errc() || end != text.data() + text.size() ||
      !degu::tls::is_valid_key_bits(bits)) {
    return std::nullopt;
  }
  return bits;
}

// dir_problem: why dir cannot receive a PKI, or nothing.
std::optional<std::string> dir_problem(const std::string& dir) {
  std::error_code ec;
  const auto status = std::filesystem::symlink_status(dir, ec);
  if (ec || status.type() == std::filesystem::file_type::not_found) {
    return std::nullopt;  // Missing: it will be created.
  }
  if (status.type() != std::filesystem::file_type::directory) {
    return dir + " exists and is not a directory";
  }
  if (!std::filesystem::is_empty(dir, ec) || ec) {
    return dir + " is not empty (degu-pki never overwrites files)";
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<std::string> dir;
  int bits = degu::tls::kDefaultKeyBits;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--bits" || arg.starts_with("--bits=")) {
      std::string_view text;
      if (arg == "--bits") {
        if (i + 1 == argc) {
          return usage_error("--bits needs a value");
        }
        text = argv[++i];
      } else {
        text = arg.substr(7);  // After "--bits=".
      }
      const auto parsed = parse_bits(text);
      if (!parsed) {
        return usage_error("--bits must be 1024, 2048, 3072 or 4096, not \"" +
                           std::string(text) + "\"");
      }
      bits = *parsed;
      continue;
    }
    if (arg.size() > 1 && arg.front() == '-') {
      return usage_error("unknown option " + std::string(arg));
    }
    if (dir) {
      return usage_error("only one DIR may be given");
    }
    dir = std::string(arg);
  }
  if (!dir || dir->empty()) {
    return usage_error("DIR is missing");
  }
  if (const auto problem = dir_problem(*dir)) {
    return usage_error(*problem);
  }
  const auto pki = degu::tls::create_test_pki(*dir, bits);
  if (!pki.ok()) {
    std::cerr << "degu-pki: " << degu::tls::describe(pki.error()) << "\n";
    return 1;
  }
  std::cout << "server_ca_id " << pki->server_ca_id << "\n"
            << "server_id " << pki->server_id << "\n"
            << "client_ca_id " << pki->client_ca_id << "\n"
            << "client_id " << pki->client_id << "\n";
  for (const auto& [name, path] : pki->files()) {
    std::cout << name << " " << path << "\n";
  }
  return 0;
}
