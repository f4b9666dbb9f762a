// render_wire.h: rendering vectors over a live connection.
//
// A rendering vector tells what a sender must put on the wire for a
// message, or that it must refuse it.  Handed to a server through the
// reflect application's /_render route (docs/REFLECT.md), or to a client
// adapter as an action, it tells what the server or client must send:
//
//   render_response   → a server answers /_render with that response;
//   render_request    → a client performs that request;
//   render_chunk_line → a server's chunked response, and a client's
//                       chunked PUT, whose first chunk is that chunk.
//
// A refused preamble must leave nothing on the wire (OUT-ATOMIC-1); a
// refused chunk may follow its preamble (a body is a stream), so there any
// prefix of the preamble agrees (OUT-BODY-3).  Where the original renders
// bytes that are not one request a reader can frame (E-4, E-8), whether the
// harness answers them is an accident of its framing, so the Degu 0.19
// expectation judges the bytes sent alone ("unframed").  Messages with repeated
// header names, and bodies above kMaxWireBody, have no wire form: neither
// an application's response nor a client action can carry them.
#pragma once

#include "wire_cases.h"

namespace degu::conform {

// render_request: the request that asks the reflect application's /_render
// route (docs/REFLECT.md) for the response description describes.
std::string render_request(const cli::Json& description);

// server_render_wire, client_render_wire: the exchange or client exchange
// form of a rendering vector (kind render_response or render_chunk_line for
// a server, render_request or render_chunk_line for a client).
Derived server_render_wire(const conformance::Vector& v);
Derived client_render_wire(const conformance::Vector& v);

}  // namespace degu::conform
