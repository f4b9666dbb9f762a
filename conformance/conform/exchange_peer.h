// exchange_peer.h: the client's part of one exchange vector against a
// server running the reflect application (docs/VECTORS.md, "Exchange
// vectors"), over any connected stream socket.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace degu::conform {

// The probe and the reflect application's exact answer to it
// (docs/REFLECT.md, "The probe").
inline constexpr std::string_view kProbe = "GET /_probe HTTP/1.1\r\n\r\n";
inline constexpr std::string_view kProbeResponse =
    "HTTP/1.1 200 OK\r\ncontent-length: 99\r\ncontent-type: "
    "application/json\r\n\r\n"
    "{\"body\":null,\"headers\":{},\"method\":\"GET\",\"mount\":[],"
    "\"path\":[\"_probe\"],\"query\":null,\"uri\":\"/_probe\"}";

// PeerResult: every byte received before the probe's answer, and the
// connection's fate: "open" (it answered the probe), "closed" (end of
// input), "reset" (ECONNRESET) or "hung" (the limit passed first).
struct PeerResult {
  std::string received;
  std::string fate;
};

// run_exchange: plays one exchange on fd, a connected socket the caller
// owns (it is made non-blocking here).  Sends all of send while reading;
// with eof, then shuts the sending side and reads to the end of input.
// Otherwise, once response_len bytes have arrived and send is out, sends
// the probe and reads until the end of input or the probe's answer.
// Judging waits for bytes, never for time: limit only turns a server that
// never answers into "hung".  send goes out in pieces cut at cuts
// (delivery.h; none: at once).
PeerResult run_exchange(int fd, std::string_view send, bool eof,
                        std::size_t response_len,
                        std::chrono::milliseconds limit,
                        const std::vector<std::size_t>& cuts = {});

}  // namespace degu::conform
