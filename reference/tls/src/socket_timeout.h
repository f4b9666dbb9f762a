// socket_timeout.h: a socket's receive and send timeout (internal to
// degu_tls).
#pragma once

#include <chrono>

namespace degu::tls::detail {

// set_socket_timeout: SO_RCVTIMEO and SO_SNDTIMEO of fd to t (zero or
// less: no timeout).  0 on success, otherwise the errno of setsockopt.
int set_socket_timeout(int fd, std::chrono::milliseconds t);

}  // namespace degu::tls::detail
