// socket.h: stream sockets for an Address: listening (servers) and
// connecting (clients).  Both return a close-on-exec descriptor the caller
// owns, and throw std::system_error naming the call that failed (or
// std::invalid_argument for an address the role cannot use), leaking
// nothing.
#pragma once

#include <chrono>

#include "degu/net/address.h"

namespace degu::net {

// listen_on: a listening socket bound to address; *bound receives the
// address the system bound: the port it chose for port 0 (ADDR-PORT-1), the
// name it chose for an empty abstract name (ADDR-UNIX-2).  A 2-tuple binds
// AF_INET (ADDR-INET-1), a 4-tuple AF_INET6 only; TCP sockets get
// SO_REUSEADDR, so a restarted server can bind its port again at once.
int listen_on(const Address& address, Address* bound);

// connect_to: a socket connected to address, with timeout (zero: none) on
// every later receive and send and on connecting (CLI-TIMEOUT-1).  A
// 2-tuple's host is resolved (ADDR-INET-1) and each result tried in order;
// a 4-tuple keeps its flowinfo and scope (ADDR-INET-3); an AF_UNIX socket
// enables credential passing before connecting (ADDR-UNIX-3).  A name that
// does not resolve throws std::system_error with EHOSTUNREACH and the
// resolver's message.
int connect_to(const Address& address, std::chrono::milliseconds timeout);

// set_timeouts: SO_RCVTIMEO and SO_SNDTIMEO of fd (zero: none).
void set_timeouts(int fd, std::chrono::milliseconds timeout);

}  // namespace degu::net
