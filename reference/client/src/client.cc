// client.cc: connecting (CLI-TIMEOUT-1, CLI-CONNECT-1).
#include "degu/client/client.h"

#include <exception>
#include <system_error>
#include <utility>

#include "degu/io/fd_transport.h"
#include "degu/net/socket.h"

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
  auto connection = std::make_unique<Connection>(
      std::make_unique<io::FdTransport>(fd), base_);
  if (!hook_accepts(options_, *connection)) {
    connection->close();
    return Error::of(Errc::connect_refused);
  }
  return connection;
}

}  // namespace degu::client
