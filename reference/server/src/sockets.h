// sockets.h: the socket calls of the listener, each reporting failure as
// std::system_error (internal to degu_server).
#pragma once

#include <optional>
#include <string>

#include "degu/server/address.h"
#include "degu/server/session.h"

namespace degu::server::detail {

// listen_on: a listening socket (close-on-exec) bound to address; *bound
// receives the address the system bound (ADDR-PORT-1).  Throws
// std::system_error naming the call that failed.
int listen_on(const Address& address, Address* bound);

// peer_text: the peer of connected socket fd as text (see Session::peer).
std::string peer_text(int fd);

// peer_credentials: SO_PEERCRED of an AF_UNIX socket; nothing for other
// families or when the kernel gives none (SRV-CRED-1).
std::optional<Credentials> peer_credentials(int fd);

}  // namespace degu::server::detail
