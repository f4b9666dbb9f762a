// render_wire.cc: a rendering vector as a /_render request to a server or
// an action of a client adapter, and what must then be on the wire.
#include "render_wire.h"

#include <set>
#include <stdexcept>

#include "client_harness.h"
#include "degu/core/hex.h"
#include "wire_common.h"

namespace degu::conform {
namespace {

using conformance::Vector;
using namespace wire;  // NOLINT: the shared derivation helpers.

constexpr std::string_view kChunkedPut = "PUT / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n";
// The scripted server's answer to every request a derived client sends.
constexpr std::string_view kReply = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nhi";

// Body: what a message's body becomes on the wire: the description handed
// over (/_render's and an action's shape) and the bytes after the preamble.
struct Body {
  Json description;
  std::string after;
};

Json chunk_pair(const Json& extension, std::string_view data) {
  Json ext = extension.is_object()
                 ? Json::array({extension.at("key"), extension.at("value")})
                 : Json();
  return Json::array({ext, core::to_hex(data)});
}

// message_body: the body of a render_request or render_response message.
std::optional<Body> message_body(const Json& body, std::string* why) {
  const std::string kind = body.value("kind", "none");
  if (kind == "length") {
    const auto n = sendable_size(body.at("length"), why);
    if (!n) {
      return std::nullopt;
    }
    return Body{Json{{"hex", core::to_hex(body_bytes(*n))}}, body_bytes(*n)};
  }
  if (kind == "chunked") {
    return Body{Json{{"chunks", Json::array({chunk_pair(nullptr, body_bytes(1)),
                                             chunk_pair(nullptr, "")})}},
                "1\r\n" + body_bytes(1) + "\r\n0\r\n\r\n"};
  }
  return Body{Json(), ""};
}

// chunk_body: a chunked body whose first chunk is the render_chunk_line
// message's; after holds what follows the rendered line.
std::optional<Body> chunk_body(const Json& message, std::string* why) {
  const auto n = sendable_size(message.at("size"), why);
  if (!n) {
    return std::nullopt;
  }
  Json chunks = Json::array({chunk_pair(message.at("extension"), body_bytes(*n))});
  if (*n != 0) {  // Otherwise the chunk is the last one (OUT-CHUNK-4).
    chunks.push_back(chunk_pair(nullptr, ""));
  }
  return Body{Json{{"chunks", chunks}}, chunk_tail(*n)};
}

bool repeats_a_name(const Json& headers) {
  std::set<std::string> names;
  for (const auto& pair : headers) {
    if (!names.insert(pair.at(0).get<std::string>()).second) {
      return true;
    }
  }
  return false;
}

// kept_open: whether a sent response with this status keeps the
// connection (SRV-KEEPALIVE-1).
bool kept_open(const Json& status) {
  const auto s = status.is_number_integer() ? status.get<std::int64_t>() : 0;
  return (s >= 100 && s < 400) || s == 404 || s == 409 || s == 412;
}

std::string output_of(const Json& verdict) {
  auto bytes = core::from_hex(verdict.at("output_hex").get<std::string>());
  if (!bytes) {
    throw std::invalid_argument("output_hex is not hexadecimal");
  }
  return *bytes;
}


Json client_expectation(std::string_view sent, Json outcome, bool prefix = false) {
  Json out{{"sent_hex", core::to_hex(sent)}, {"outcomes", Json::array({std::move(outcome)})}};
  if (prefix) {
    out["prefix"] = true;
  }
  return out;
}

Json reply_outcome(bool head) {
  return Json{{"ok", true},
              {"status", 200},
              {"reason", "OK"},
              {"headers", Json{{"content-length", 2}}},
              {"body_hex", head ? Json() : Json(core::to_hex("hi"))}};
}

const char* kRepeated = "it repeats a header name, which neither an application's "
                        "response nor a client action can carry";

// announces_a_body: a response without a body that still carries framing
// (OUT-FRAME-3), which a server SHOULD send only to HEAD: /_render is a
// POST, so an accepting vector of that shape has no server wire form (a
// refused one keeps it: nothing may be sent whatever the method).
bool announces_a_body(const Json& m) {
  if (m.at("body").value("kind", "none") != "none") {
    return false;
  }
  for (const auto& pair : m.at("headers")) {
    const auto name = pair.at(0).get<std::string>();
    if (name == "transfer-encoding" || (name == "content-length" && pair.at(1) != "0")) {
      return true;
    }
  }
  return false;
}

// wire_body: the body v's message sends (a chunk line's: a chunked body
// whose first chunk it is), or nothing with why when v has no wire form.
std::optional<Body> wire_body(const Vector& v, std::string* why) {
  const Json& m = v.message;
  if (v.kind == "render_chunk_line") {
    return chunk_body(m, why);
  }
  if (repeats_a_name(m.at("headers"))) {
    *why = kRepeated;
    return std::nullopt;
  }
  return message_body(m.at("body"), why);
}

}  // namespace

std::string render_request(const Json& description) {
  const std::string text = description.dump(-1, ' ', true);
  return "POST /_render HTTP/1.1\r\ncontent-length: " + std::to_string(text.size()) +
         "\r\n\r\n" + text;
}

Derived server_render_wire(const Vector& v) {
  Derived out;
  const Json& m = v.message;
  const bool chunk = v.kind == "render_chunk_line";
  if (!chunk && v.expected.value("ok", false) && announces_a_body(m)) {
    out.why_not = "a response without a body that announces one is for HEAD only (OUT-FRAME-3), "
                  "and /_render answers a POST";
    return out;
  }
  auto body = wire_body(v, &out.why_not);
  if (!body) {
    return out;
  }
  Json description{{"status", chunk ? Json(200) : m.at("status")},
                   {"reason", chunk ? Json("OK") : m.at("reason")},
                   {"headers", chunk ? Json::array() : m.at("headers")},
                   {"body", body->description}};
  auto expectation = [&](const Json& verdict) -> std::optional<Json> {
    if (!verdict.value("ok", false)) {
      return chunk ? exchange_expectation(std::string(kChunkedResponse), "closed", true)
                   : exchange_expectation("", "closed");
    }
    const std::string preamble = chunk ? std::string(kChunkedResponse) : "";
    const bool open = chunk || kept_open(m.at("status"));
    return exchange_expectation(preamble + output_of(verdict) + body->after,
                                open ? "open" : "closed");
  };
  out.vector = derived_base(v, "Over the wire, in a response to /_render: ");
  out.vector.input = render_request(description);
  out.vector.raw["eof"] = false;
  out.vector.expected = *expectation(v.expected);
  out.vector.observed = observed_for(v, expectation);
  out.ok = true;
  return out;
}

Derived client_render_wire(const Vector& v) {
  Derived out;
  const Json& m = v.message;
  const bool chunk = v.kind == "render_chunk_line";
  auto body = wire_body(v, &out.why_not);
  if (!body) {
    return out;
  }
  Json action{{"method", chunk ? Json("PUT") : m.at("method")},
              {"uri", chunk ? Json("/") : m.at("uri")},
              {"headers", chunk ? Json::array() : m.at("headers")}};
  if (!body->description.is_null()) {
    action["body"] = body->description;
  }
  const bool head = action["method"] == "HEAD";
  auto expectation = [&](const Json& verdict) -> std::optional<Json> {
    if (!verdict.value("ok", false)) {
      return chunk ? client_expectation(kChunkedPut, Json{{"ok", false}}, true)
                   : client_expectation("", Json{{"ok", false}});
    }
    const std::string preamble = chunk ? std::string(kChunkedPut) : "";
    const std::string sent = preamble + output_of(verdict) + body->after;
    if (request_end(sent) != sent.size()) {
      // Not exactly one request the harness can frame (an erratum's
      // rendering): whether and how it answers is an accident of its
      // framing, so only what was sent is judged.
      return Json{{"sent_hex", core::to_hex(sent)}, {"outcomes", nullptr}, {"unframed", true}};
    }
    return client_expectation(sent, reply_outcome(head));
  };
  out.vector = derived_base(v, "Over the wire, sent by a client: ");
  out.vector.raw["client"] = Json{{"address", kClientAddress}};
  out.vector.raw["actions"] = Json::array({action});
  out.vector.raw["replies_hex"] = Json::array({core::to_hex(kReply)});
  out.vector.raw["close"] = true;
  out.vector.expected = *expectation(v.expected);
  out.vector.observed = observed_for(v, expectation);
  out.ok = true;
  return out;
}

}  // namespace degu::conform
