// client.cc: connecting (CLI-TIMEOUT-1, CLI-TIMEOUT-2, CLI-CONNECT-1).
#include "degu/client/client.h"

#include <exception>
#include <system_error>
#include <utility>

#include "degu/io/fd_transport.h"
#include "degu/net/socket.h"
#include "degu/tls/tls_transport.h"

namespace degu::client {

namespace {

// hook_accepts: on_connect's answer; an exception is a refusal.
bool hook_accepts(const ClientOptions& options, Connection& connection) {
  if (!options.on_connect) {
    return true;
  }
  try {
    return options.on_connect(connection);
  } catch (...) {
    return false;
  }
}

}  // namespace

Client::Client(net::Address address, ClientOptions options)
    : address_(std::move(address)),
      options_(std::move(options)),
      base_(client::base_headers(address_, options_)) {}

Result<std::unique_ptr<Connection>> Client::connect() const {
  int fd = -1;
  try {
    fd = net::connect_to(address_, options_.timeout);
  } catch (const std::exception& e) {
    return Error::of(Errc::connect_failed, e.what());
  }
  std::unique_ptr<io::Transport> transport;
  if (options_.tls) {
    const std::optional<std::string> host =
        options_.ssl_host ? *options_.ssl_host : default_ssl_host(address_);
    auto made = tls::connect_tls(options_.tls->context.get(), fd, host,
                                 options_.tls->check_hostname, options_.timeout);
    if (!made.ok()) {  // connect_tls closed fd.
      return Error::of(Errc::handshake_failed, tls::describe(made.error()));
    }
    transport = std::make_unique<tls::TlsTransport>(std::move(made).value());
  } else {
    transport = std::make_unique<io::FdTransport>(fd);
  }
  auto connection = std::make_unique<Connection>(std::move(transport), base_,
                                                 options_.deadline);
  if (!hook_accepts(options_, *connection)) {
    connection->close();
    return Error::of(Errc::connect_refused);
  }
  return connection;
}

}  // namespace degu::client
