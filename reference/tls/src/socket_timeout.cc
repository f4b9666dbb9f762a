// socket_timeout.cc: set_socket_timeout.
#include "socket_timeout.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>

namespace degu::tls::detail {

int set_socket_timeout(int fd, std::chrono::milliseconds t) {
  const auto ms = t.count() < 0 ? 0 : t.count();
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms % 1000) * 1000);
  for (const int option : {SO_RCVTIMEO, SO_SNDTIMEO}) {
    if (::setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv) != 0) {
      return errno;
    }
  }
  return 0;
}

}  // namespace degu::tls::detail
