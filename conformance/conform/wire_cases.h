// wire_cases.h: byte vectors over a live connection.
//
// A parse vector tells how one element is judged; placed inside a message
// it tells what a server or a client must do with that message.  This
// derives, from each byte vector, an exchange vector (a request that
// carries the element, and the reflect application's exact answer or a
// closed connection with nothing) or a client exchange vector (a response
// that carries it, and the outcome the client must report).  The
// expectation comes from the vector's `expected` verdict, and the Degu 0.19
// expectation from each `observed` outcome, so both oracles carry over.
//
//   request-side kinds (to a server): request, chunk_line, chunked_body,
//     content_length, range, header_name
//   response-side kinds (to a client): response, content_range,
//     chunk_line, chunked_body
//
// Rendering vectors go over the wire too (render_wire.h); server_wire and
// client_wire hand them on.
//
// A vector whose element cannot be placed alone in a message (it holds a
// line break a message would split on, its body is too big to send, it
// names a reflect route) has no wire form; the reason says why.
#pragma once

#include <string>

#include "vector_file.h"

namespace degu::conform {

// Derived: the derived vector (kind and ID those of its source; for a
// server, `input` is the bytes to send and raw holds "eof"; for a client,
// raw holds "client", "actions", "replies_hex" and "close"), or why there
// is none.
struct Derived {
  bool ok = false;
  conformance::Vector vector;
  std::string why_not;
};

// is_server_wire_kind, is_client_wire_kind: whether a kind goes to that side.
bool is_server_wire_kind(const std::string& kind);
bool is_client_wire_kind(const std::string& kind);

// server_wire: the exchange form of v.
Derived server_wire(const conformance::Vector& v);

// client_wire: the client exchange form of v.
Derived client_wire(const conformance::Vector& v);

// kMaxWireBody: the largest body or chunk a derived case sends (bigger
// ones, such as content-length 9999999999999999, are judged by the parse
// vectors alone).
inline constexpr std::size_t kMaxWireBody = 1 << 20;

}  // namespace degu::conform
