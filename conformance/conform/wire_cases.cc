// wire_cases.cc: placing one element in a message, and the reflect
// application's answer (docs/REFLECT.md) or the client's outcome for it.
#include "wire_cases.h"

#include <optional>

#include "degu/core/hex.h"
#include "degu/core/scan.h"
#include "render_wire.h"
#include "vector_kinds.h"
#include "wire_common.h"

namespace degu::conform {
namespace {

using conformance::Vector;
using namespace wire;  // NOLINT: the shared derivation helpers.
using nlohmann::json;  // Sorted keys: the reflection's canonical form.

constexpr std::string_view kChunkedRequest =
    "POST /wire HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n";

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

// Element: the element's bytes as a reader sees them, and whether the
// vector's input ends the stream (wire vectors that are rejected).
struct Element {
  std::string bytes;
  bool eof = false;
};

// element_of: the element of a preamble-like (preamble) or line-like vector
// as it goes on the wire: with its terminator, or for a wire vector the
// bytes it consumed (all of them, with end of input, when rejected).
std::optional<Element> element_of(const Vector& v, bool preamble, std::string* why) {
  const bool accepted = v.expected.value("ok", false);
  if (v.wire) {
    if (!accepted) {
      return Element{v.input, true};
    }
    const auto consumed = v.expected.value("consumed", std::size_t{0});
    return Element{v.input.substr(0, consumed), false};
  }
  const std::string terminator = preamble ? "\r\n\r\n" : "\r\n";
  const std::string stream = v.input + terminator;
  if (preamble && v.input.empty()) {
    return Element{stream, false};  // The empty preamble (PRE-EMPTY-1).
  }
  const auto scan = preamble ? core::scan_preamble(stream, true)
                             : core::scan_chunk_line(stream, true);
  if (!scan.ok() || scan->size != v.input.size()) {
    *why = "the element holds its own terminator, so a reader would end it earlier";
    return std::nullopt;
  }
  return Element{stream, false};
}

// header_text: a typed header value of a verdict as it was on the wire
// (Degu's values have one spelling each).
std::string header_text(const std::string& name, const Json& value) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (name == "range") {
    return "bytes=" + value["first"].dump() + "-" + value["last"].dump();
  }
  if (name == "content-range") {
    return "bytes " + value["first"].dump() + "-" + value["last"].dump() + "/" +
           value["total"].dump();
  }
  return value.dump();
}

// RequestView: a request as the reflect application sees it.
struct RequestView {
  std::string method;
  std::string uri;
  json path = json::array();
  json query;
  json headers = json::object();
  json body;
};

std::string reflection(const RequestView& r) {
  const json j = {{"body", r.body},     {"headers", r.headers}, {"method", r.method},
                  {"mount", json::array()}, {"path", r.path},   {"query", r.query},
                  {"uri", r.uri}};
  return j.dump(-1, ' ', true);
}

// reflect_answer: the default route's response to r (docs/REFLECT.md).
std::string reflect_answer(const RequestView& r) {
  const std::string body = reflection(r);
  std::string out = "HTTP/1.1 200 OK\r\ncontent-length: " + std::to_string(body.size()) +
                    "\r\ncontent-type: application/json\r\n\r\n";
  return r.method == "HEAD" ? out : out + body;
}

json chunk_json(const Json& extension, std::string_view data) {
  json ext = nullptr;
  if (extension.is_object()) {
    ext = json::array({extension["key"].get<std::string>(),
                       extension["value"].get<std::string>()});
  }
  return json{{"ext", ext}, {"hex", core::to_hex(data)}};
}

RequestView chunked_post() {
  RequestView r;
  r.method = "POST";
  r.uri = "/wire";
  r.path = json::array({"wire"});
  r.headers = json{{"transfer-encoding", "chunked"}};
  return r;
}

// Server side: what to send for the spec's verdict, and the view of the
// request for any accepting verdict.
struct ServerMessage {
  std::string send;
  bool eof = false;
};

// server_view: the reflect application's view of the request for an
// accepting verdict, and the bytes that follow the element (the body).
std::optional<std::pair<RequestView, std::string>> server_view(const Vector& v,
                                                               const Json& verdict,
                                                               std::string* why) {
  RequestView r;
  std::string after;
  if (v.kind == "request") {
    r.method = verdict["method"];
    r.uri = verdict["uri"];
    r.path = json::parse(verdict["path"].dump());
    r.query = json::parse(verdict["query"].dump());
    for (const auto& [name, value] : verdict["headers"].items()) {
      r.headers[name] = header_text(name, value);
    }
    if (!r.path.empty() && r.path[0].get<std::string>().rfind("_", 0) == 0 &&
        r.path[0] != "_probe") {
      *why = "its path names a reflect route (" + r.path[0].get<std::string>() + ")";
      return std::nullopt;
    }
    const auto& framing = verdict["framing"];
    const std::string kind = framing["kind"];
    if (kind == "length") {
      const auto n = sendable_size(framing["length"], why);
      if (!n) {
        return std::nullopt;
      }
      after = body_bytes(*n);
      r.body = json{{"hex", core::to_hex(after)}, {"kind", "length"}};
    } else if (kind == "chunked") {
      after = "0\r\n\r\n";
      r.body = json{{"chunks", json::array({chunk_json(nullptr, "")})}, {"kind", "chunked"}};
    }
    return std::make_pair(r, after);
  }
  if (v.kind == "chunk_line") {
    r = chunked_post();
    const auto n = sendable_size(verdict["size"], why);
    if (!n) {
      return std::nullopt;
    }
    json chunks = json::array({chunk_json(verdict["extension"], body_bytes(*n))});
    after = chunk_tail(*n);
    if (*n != 0) {
      chunks.push_back(chunk_json(nullptr, ""));
    }
    r.body = json{{"chunks", chunks}, {"kind", "chunked"}};
    return std::make_pair(r, after);
  }
  if (v.kind == "chunked_body") {
    r = chunked_post();
    json chunks = json::array();
    for (const auto& c : verdict["chunks"]) {
      chunks.push_back(
          chunk_json(c["extension"], *core::from_hex(c["data_hex"].get<std::string>())));
    }
    r.body = json{{"chunks", chunks}, {"kind", "chunked"}};
    return std::make_pair(r, after);
  }
  r.uri = "/wire";
  r.path = json::array({"wire"});
  if (v.kind == "content_length") {
    r.method = "PUT";
    const auto n = sendable_size(verdict["value"], why);
    if (!n) {
      return std::nullopt;
    }
    r.headers = json{{"content-length", std::to_string(*n)}};
    after = body_bytes(*n);
    r.body = json{{"hex", core::to_hex(after)}, {"kind", "length"}};
    return std::make_pair(r, after);
  }
  r.method = "GET";
  if (v.kind == "range") {
    r.headers = json{{"range", header_text("range", verdict)}};
    return std::make_pair(r, after);
  }
  // header_name
  const std::string name = verdict["name"];
  if (name == "content-length" || name == "transfer-encoding" || name == "range" ||
      name == "content-range") {
    *why = "the name is a framing or range header, which a value 'v' would break";
    return std::nullopt;
  }
  r.headers = json{{name, "v"}};
  return std::make_pair(r, after);
}

// server_placement: the element inside its request: the bytes before it,
// the element, and whether the input ends there.
std::optional<Element> server_placement(const Vector& v, std::string* why) {
  if (v.kind == "request") {
    return element_of(v, true, why);
  }
  if (v.kind == "chunk_line") {
    auto e = element_of(v, false, why);
    if (e) {
      e->bytes = std::string(kChunkedRequest) + e->bytes;
    }
    return e;
  }
  if (v.kind == "chunked_body") {
    const bool accepted = v.expected.value("ok", false);
    const std::string body =
        accepted ? v.input.substr(0, v.expected.value("consumed", std::size_t{0})) : v.input;
    return Element{std::string(kChunkedRequest) + body, !accepted};
  }
  if (has_line_break(v.input)) {
    *why = "the value holds a line break, which would split the header line";
    return std::nullopt;
  }
  if (v.kind == "header_name") {
    if (v.input.find(':') != std::string::npos) {
      *why = "the name holds ':', which would end the name inside the header line";
      return std::nullopt;
    }
    return Element{"GET /wire HTTP/1.1\r\n" + v.input + ": v\r\n\r\n", false};
  }
  const std::string name = v.kind == "content_length" ? "content-length" : "range";
  const std::string method = v.kind == "content_length" ? "PUT" : "GET";
  return Element{method + " /wire HTTP/1.1\r\n" + name + ": " + v.input + "\r\n\r\n", false};
}

}  // namespace

bool is_server_wire_kind(const std::string& kind) {
  const auto* k = conformance::kind_info(kind);
  return k != nullptr && k->to_server;
}

bool is_client_wire_kind(const std::string& kind) {
  const auto* k = conformance::kind_info(kind);
  return k != nullptr && k->to_client;
}

Derived server_wire(const Vector& v) {
  if (conformance::in_family(v.kind, conformance::KindFamily::render)) {
    return server_render_wire(v);
  }
  Derived out;
  auto placed = server_placement(v, &out.why_not);
  if (!placed) {
    return out;
  }
  // expectation: the answer to the bytes sent for a verdict, or nothing
  // when that verdict needs other bytes (a body the spec's verdict did
  // not send).
  std::string after_spec;
  auto expectation = [&](const Json& verdict, std::string* why) -> std::optional<Json> {
    if (!verdict.value("ok", false)) {
      return exchange_expectation("", "closed");
    }
    auto view = server_view(v, verdict, why);
    if (!view) {
      return std::nullopt;
    }
    if (view->second != after_spec) {
      return std::nullopt;
    }
    return exchange_expectation(reflect_answer(view->first), "open");
  };
  if (v.expected.value("ok", false)) {
    auto view = server_view(v, v.expected, &out.why_not);
    if (!view) {
      return out;
    }
    after_spec = view->second;
  } else if (v.observed.is_object()) {
    // The spec's rejection happens at the element, so what follows it
    // changes nothing for the spec; send the body the first accepting
    // recorded outcome needs, so that the Degu 0.19 oracle carries over.
    for (const auto& [backend, seen] : v.observed.items()) {
      std::string ignored;
      if (seen.is_object() && seen.contains("outcome") &&
          seen["outcome"].value("ok", false)) {
        if (auto view = server_view(v, seen["outcome"], &ignored)) {
          after_spec = view->second;
          break;
        }
      }
    }
  }
  auto expected = expectation(v.expected, &out.why_not);
  if (!expected) {
    return out;
  }
  out.vector = derived_base(v, "Over the wire, in a request: ");
  out.vector.input = placed->bytes + after_spec;
  out.vector.raw["eof"] = placed->eof;
  out.vector.expected = *expected;
  std::string ignored;
  out.vector.observed =
      observed_for(v, [&](const Json& o) { return expectation(o, &ignored); });
  out.ok = true;
  return out;
}

Derived client_wire(const Vector& v) {
  if (conformance::in_family(v.kind, conformance::KindFamily::render)) {
    return client_render_wire(v);
  }
  Derived out;
  std::string method = v.method.value_or("GET");
  std::string reply;
  if (v.kind == "response") {
    auto e = element_of(v, true, &out.why_not);
    if (!e) {
      return out;
    }
    reply = e->bytes;
  } else if (v.kind == "content_range") {
    if (has_line_break(v.input)) {
      out.why_not = "the value holds a line break, which would split the header line";
      return out;
    }
    reply = "HTTP/1.1 206 Partial Content\r\ncontent-range: " + v.input + "\r\n\r\n";
  } else if (v.kind == "chunk_line") {
    auto e = element_of(v, false, &out.why_not);
    if (!e) {
      return out;
    }
    reply = std::string(kChunkedResponse) + e->bytes;
  } else {
    const bool accepted = v.expected.value("ok", false);
    reply = std::string(kChunkedResponse) +
            (accepted ? v.input.substr(0, v.expected.value("consumed", std::size_t{0}))
                      : v.input);
  }
  // The bytes after the element and the body the client must report, for
  // an accepting verdict.
  auto body_for = [&](const Json& verdict, std::string* reason)
      -> std::optional<std::pair<std::string, Json>> {
    if (v.kind == "response") {
      const std::string kind = verdict["framing"]["kind"];
      if (kind == "length") {
        const auto n = sendable_size(verdict["framing"]["length"], reason);
        if (!n) {
          return std::nullopt;
        }
        return std::make_pair(body_bytes(*n), Json(core::to_hex(body_bytes(*n))));
      }
      if (kind == "chunked") {
        return std::make_pair(std::string("0\r\n\r\n"), Json(""));
      }
      return std::make_pair(std::string(), Json());
    }
    if (v.kind == "content_range") {
      return std::make_pair(std::string(), Json());
    }
    if (v.kind == "chunk_line") {
      const auto n = sendable_size(verdict["size"], reason);
      if (!n) {
        return std::nullopt;
      }
      return std::make_pair(chunk_tail(*n), Json(core::to_hex(body_bytes(*n))));
    }
    std::string data;
    for (const auto& c : verdict["chunks"]) {
      data += *core::from_hex(c["data_hex"].get<std::string>());
    }
    return std::make_pair(std::string(), Json(core::to_hex(data)));
  };
  std::string after_spec;
  if (v.expected.value("ok", false)) {
    auto body = body_for(v.expected, &out.why_not);
    if (!body) {
      return out;
    }
    after_spec = body->first;
  }
  const std::string sent = method + " / HTTP/1.1\r\n\r\n";
  auto expectation = [&](const Json& verdict) -> std::optional<Json> {
    Json outcome = Json{{"ok", false}};
    if (verdict.value("ok", false)) {
      std::string reason;
      auto body = body_for(verdict, &reason);
      if (!body || body->first != after_spec) {
        return std::nullopt;
      }
      Json headers = v.kind == "response" ? verdict["headers"] : Json::object();
      if (v.kind == "content_range") {
        headers["content-range"] = Json{{"first", verdict["first"]},
                                        {"last", verdict["last"]},
                                        {"total", verdict["total"]}};
      } else if (v.kind != "response") {
        headers["transfer-encoding"] = "chunked";
      }
      const bool head = method == "HEAD";
      outcome = Json{{"ok", true},
                     {"status", v.kind == "response" ? verdict["status"] : Json(v.kind == "content_range" ? 206 : 200)},
                     {"reason", v.kind == "response" ? verdict["reason"]
                                                     : Json(v.kind == "content_range"
                                                                ? "Partial Content"
                                                                : "OK")},
                     {"headers", headers},
                     {"body_hex", head ? Json() : body->second}};
    }
    return Json{{"sent_hex", core::to_hex(sent)}, {"outcomes", Json::array({outcome})}};
  };
  const auto expected = expectation(v.expected);
  if (!expected) {
    out.why_not = "no expectation could be derived";
    return out;
  }
  out.vector = derived_base(v, "Over the wire, in a response: ");
  out.vector.raw["client"] = Json{{"address", kClientAddress}};
  out.vector.raw["actions"] =
      Json::array({Json{{"method", method}, {"uri", "/"}, {"headers", Json::array()}}});
  out.vector.raw["replies_hex"] = Json::array({core::to_hex(reply + after_spec)});
  // The harness ends its side after the reply, so a client still waiting
  // for an element the reply never completes sees the end of input.
  out.vector.raw["close"] = true;
  out.vector.expected = *expected;
  out.vector.observed = observed_for(v, expectation);
  out.ok = true;
  return out;
}

}  // namespace degu::conform
