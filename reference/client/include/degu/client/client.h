// client.h: a client: an address and options, making connections.
#pragma once

#include <memory>
#include <vector>

#include "degu/client/connection.h"
#include "degu/client/options.h"
#include "degu/net/address.h"

namespace degu::client {

class Client {
 public:
  // Client: for address (ADDR-FORM-1) with options; the base headers are
  // computed once (CLI-BASE-1).
  explicit Client(net::Address address, ClientOptions options = {});

  const net::Address& address() const { return address_; }
  const ClientOptions& options() const { return options_; }
  const std::vector<core::Header>& base_headers() const { return base_; }

  // connect: a new connection to the address, with the timeout set
  // (CLI-TIMEOUT-1) and the deadline given to it (CLI-TIMEOUT-2), the TLS
  // handshake done for a TLS client (TLS-*), and the on_connect hook
  // passed (CLI-CONNECT-1).  Failures: connect_failed
  // (resolving or connecting; detail says why), handshake_failed (detail:
  // OpenSSL's reason), connect_refused (the hook said false or threw; the
  // connection is closed).
  Result<std::unique_ptr<Connection>> connect() const;

 private:
  net::Address address_;
  ClientOptions options_;
  std::vector<core::Header> base_;
};

}  // namespace degu::client
