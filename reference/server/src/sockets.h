// sockets.h: what the server learns about a connected peer (internal to
// degu_server).
#pragma once

#include <optional>
#include <string>

#include "degu/server/session.h"

namespace degu::server::detail {

// peer_text: the peer of connected socket fd as text (see Session::peer).
std::string peer_text(int fd);

// peer_credentials: SO_PEERCRED of an AF_UNIX socket; nothing for other
// families or when the kernel gives none (SRV-CRED-1).
std::optional<Credentials> peer_credentials(int fd);

}  // namespace degu::server::detail
