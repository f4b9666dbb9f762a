// tls_files.cc: reading TLS configuration files.
#include "tls_files.h"

#include <fstream>
#include <sstream>

#include "degu/tls/config.h"
#include "degu/tls/context.h"

namespace degu::cli {

namespace {

// read_text: the file's bytes, or nothing when it cannot be read.
std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string problem(const std::string& path, const tls::Error& e) {
  return "--tls-config " + path + ": " + tls::describe(e);
}

std::shared_ptr<SSL_CTX> shared(tls::SslCtxPtr ctx) {
  return std::shared_ptr<SSL_CTX>(ctx.release(), SSL_CTX_free);
}

}  // namespace

std::variant<std::shared_ptr<SSL_CTX>, std::string> load_server_tls(
    const std::string& path) {
  auto text = read_text(path);
  if (!text) {
    return "--tls-config " + path + ": cannot read the file";
  }
  auto config = tls::parse_server_config(*text);
  if (!config.ok()) {
    return problem(path, config.error());
  }
  auto ctx = tls::make_server_context(*config);
  if (!ctx.ok()) {
    return problem(path, ctx.error());
  }
  return shared(std::move(ctx).value());
}

std::variant<client::ClientTls, std::string> load_client_tls(
    const std::string& path) {
  auto text = read_text(path);
  if (!text) {
    return "--tls-config " + path + ": cannot read the file";
  }
  auto config = tls::parse_client_config(*text);
  if (!config.ok()) {
    return problem(path, config.error());
  }
  auto ctx = tls::make_client_context(*config);
  if (!ctx.ok()) {
    return problem(path, ctx.error());
  }
  return client::ClientTls{shared(std::move(ctx).value()), config->check_hostname};
}

}  // namespace degu::cli
