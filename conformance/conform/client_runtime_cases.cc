// client_runtime_cases.cc: the client timeout cases and their table.
#include "client_runtime_cases.h"

#include "degu/core/hex.h"
#include "runtime_cases.h"
#include "wire_common.h"

namespace degu::conform {
namespace {

using wire::Json;

struct Entry {
  const char* id;
  const char* reply;  // What the server sends before it stops.
  const char* comment;
};

constexpr Entry kCases[] = {
    {"runtime-cli-timeout-1-silent", "",
     "A server that accepts the request and never answers: a client with a 1 s timeout "
     "fails the request and closes the connection."},
    {"runtime-cli-timeout-1-half-preamble", "HTTP/1.1 200 OK\r\n",
     "A server that stops in the middle of the response preamble: a client with a 1 s "
     "timeout fails the request and closes the connection."},
    {"runtime-cli-timeout-1-half-body", "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc",
     "A server that stops in the middle of a response body of 10 bytes: a client with a 1 s "
     "timeout fails reading it and closes the connection."},
};

constexpr std::string_view kRequest = "GET / HTTP/1.1\r\n\r\n";
constexpr double kEarliestGiveUp = 0.5;  // Half the client's 1 s timeout.

}  // namespace

std::deque<conformance::Vector> client_runtime_vectors() {
  std::deque<conformance::Vector> out;
  for (const Entry& e : kCases) {
    conformance::Vector v = runtime_vector(e.id, {"CLI-TIMEOUT-1", "CLI-CLOSE-1"}, "MUST");
    const std::string reply = e.reply;
    v.raw = Json{{"comment", e.comment},
                 {"client", Json{{"address", wire::kClientAddress}, {"timeout", 1}}},
                 {"actions", Json::array({Json{{"method", "GET"}, {"uri", "/"},
                                               {"headers", Json::array()}}})},
                 {"replies_hex", reply.empty() ? Json::array()
                                               : Json::array({core::to_hex(reply)})},
                 {"close", false},
                 {"min_seconds", kEarliestGiveUp}};
    v.expected = Json{{"sent_hex", core::to_hex(kRequest)},
                      {"outcomes", Json::array({Json{{"ok", false}}})}};
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace degu::conform
