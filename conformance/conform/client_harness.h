// client_harness.h: the scripted server of client exchange vectors
// (docs/VECTORS.md, "Client exchange vectors").
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace degu::conform {

// request_end: the length of the complete request at the start of data
// (preamble to CRLFCRLF, then the body that content-length or
// transfer-encoding: chunked frames), or nothing while it is incomplete.
// It only counts requests, it judges nothing: the bytes are judged whole
// against the vector's `sent`.
std::optional<std::size_t> request_end(std::string_view data);

// HarnessResult: every byte the client sent, and how the connection ended:
// "closed" (the client closed it) or "hung" (the limit passed first).
struct HarnessResult {
  std::string sent;
  std::string ending;
  std::string trouble;  // Why no exchange took place (a failed handshake).
  // From the first complete request to the end of the exchange; negative
  // when no request was complete.
  double seconds_after_request = -1;
};

// serve_client: plays the server on fd (a connected socket it closes when
// done): reads what the client sends; when the k-th request is complete it
// sends the k-th reply piece; after the last piece, with close, it shuts
// its sending side; it reads on until the client closes.  A reply never
// goes out before the request it answers has arrived, so nothing depends
// on timing.  Reply k goes out in pieces cut at cuts[k] (delivery.h; none
// when cuts has no entry k).
HarnessResult serve_client(int fd, const std::vector<std::string>& replies,
                           bool close, std::chrono::milliseconds limit,
                           const std::vector<std::vector<std::size_t>>& cuts = {});

}  // namespace degu::conform
