// options.cc: SRV-OPTIONS-1, SRV-MAXREQ-2.
#include "degu/server/options.h"

namespace degu::server {

std::optional<std::string> check_options(const ServerOptions& o) {
  if (o.max_connections == 0) {
    return "max_connections must be positive";
  }
  if (o.max_requests < 1 || o.max_requests > kMaxRequestsLimit) {
    return "max_requests must be 1 to 75000";
  }
  if (o.timeout.count() <= 0) {
    return "timeout must be positive";
  }
  return std::nullopt;
}

}  // namespace degu::server
