// options.h: the server options of SRV-OPTIONS-1.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace degu::server {

// kMaxRequestsLimit: the largest configurable max_requests (SRV-MAXREQ-2).
inline constexpr std::uint32_t kMaxRequestsLimit = 75000;

// kSlotWait: how long a new connection waits for a free slot
// (SRV-MAXCONN-1).
inline constexpr std::chrono::seconds kSlotWait{2};

// kLingerTime: how long, at most, a TCP connection closed after a complete
// response keeps reading and discarding input (SRV-CLOSE-2).
inline constexpr std::chrono::milliseconds kLingerTime{1000};

struct ServerOptions {
  std::uint32_t max_connections = 50;     // SRV-MAXCONN-1.
  std::uint32_t max_requests = 1000;      // SRV-MAXREQ-1.
  std::chrono::milliseconds timeout{30000};  // SRV-TIMEOUT-1.
};

// check_options: nothing when o is valid, otherwise why not:
// max_connections and timeout must be positive, max_requests 1 to 75000.
std::optional<std::string> check_options(const ServerOptions& o);

}  // namespace degu::server
