// tls_files.h: TLS configurations (TLS-CONFIG-1) read from JSON files for
// the command-line tools, made into contexts with the original's profile.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include <openssl/ssl.h>

#include "degu/client/options.h"

namespace degu::cli {

// load_server_tls: the server context the JSON file at path configures, or
// a message naming the file and the problem (unreadable, not JSON, a
// refused configuration with its SPEC rule, a file that does not load).
std::variant<std::shared_ptr<SSL_CTX>, std::string> load_server_tls(
    const std::string& path);

// load_client_tls: as load_server_tls, for a client configuration.
std::variant<client::ClientTls, std::string> load_client_tls(
    const std::string& path);

}  // namespace degu::cli
