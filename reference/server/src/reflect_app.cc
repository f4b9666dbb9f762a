// reflect_app.cc: the reflect application, byte for byte as
// docs/REFLECT.md defines it (tools/reflect_app.py is the same for
// servers with the original's interface).
#include "degu/server/reflect_app.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "degu/core/hex.h"

namespace degu::server {

namespace {

using nlohmann::json;

constexpr std::string_view kContentType = "application/json";

// canonical: keys sorted (nlohmann's object is a std::map: byte order,
// which is Python's order for ASCII keys), separators "," and ":" alone,
// non-ASCII escaped as \uXXXX, no newline.
std::string canonical(const json& j) {
  return j.dump(-1, ' ', true, json::error_handler_t::strict);
}

// BodyRead: the body's reflection, or why reading it failed (the
// application then fails: the body is in error and the connection closed).
struct BodyRead {
  json reflection;
  std::optional<std::string> failure;
};

BodyRead read_length(io::LengthBody& body) {
  auto data = body.read_all();
  if (!data.ok()) {
    return {nullptr, io::describe(data.error())};
  }
  return {json{{"kind", "length"}, {"hex", core::to_hex(*data)}}, std::nullopt};
}

BodyRead read_chunked(io::ChunkedBodyReader& body) {
  json chunks = json::array();
  for (;;) {
    auto chunk = body.next_chunk();
    if (!chunk.ok()) {
      return {nullptr, io::describe(chunk.error())};
    }
    json ext = nullptr;
    if (chunk->extension) {
      ext = json::array({chunk->extension->key, chunk->extension->value});
    }
    chunks.push_back(json{{"ext", ext}, {"hex", core::to_hex(chunk->data)}});
    if (chunk->last()) {
      return {json{{"kind", "chunked"}, {"chunks", chunks}}, std::nullopt};
    }
  }
}

// read_body: reads the request body completely (docs/REFLECT.md,
// "Reading the request body").
BodyRead read_body(const io::ReceivedBody& body) {
  if (auto* length = std::get_if<io::LengthBody*>(&body)) {
    return read_length(**length);
  }
  if (auto* chunked = std::get_if<io::ChunkedBodyReader*>(&body)) {
    return read_chunked(**chunked);
  }
  return {nullptr, std::nullopt};
}

std::string reflection(const Request& request, const json& body) {
  json headers = json::object();
  for (const auto& h : request.headers().fields) {
    headers[h.name] = h.value;  // Values as on the wire (HDR-VALUE-3).
  }
  return canonical(json{
      {"body", body},
      {"headers", headers},
      {"method", request.method_name()},
      {"mount", request.mount()},
      {"path", request.path()},
      {"query", request.query() ? json(*request.query()) : json(nullptr)},
      {"uri", request.uri()},
  });
}

// percent_decode: %HH is the byte HH, every other byte stands for itself;
// nothing for a '%' without two hexadecimal digits.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) {
      return std::nullopt;
    }
    const int hi = core::hex_digit_value(text[i + 1]);
    const int lo = core::hex_digit_value(text[i + 2]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// status_route: /_status/N, N 1 to 3 decimal digits.
AppResult status_route(const Request& request) {
  const auto& path = request.path();
  const std::string digits = path.size() > 1 ? path[1] : "";
  if (digits.empty() || digits.size() > 3 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return AppFailure{"/_status needs 1 to 3 decimal digits"};
  }
  Response r;
  r.status = static_cast<unsigned>(std::stoul(digits));
  r.reason = "Reflected";
  return r;
}

// header_route: /_header?NAME=VALUE, each percent-decoded.
AppResult header_route(const Request& request) {
  const auto& query = request.query();
  const std::size_t eq = query ? query->find('=') : std::string::npos;
  if (eq == std::string::npos) {
    return AppFailure{"/_header needs a query NAME=VALUE"};
  }
  auto name = percent_decode(std::string_view(*query).substr(0, eq));
  auto value = percent_decode(std::string_view(*query).substr(eq + 1));
  if (!name || !value) {
    return AppFailure{"/_header: bad percent escape"};
  }
  Response r;
  r.headers.push_back({*name, *value});
  return r;
}

}  // namespace

AppResult reflect_app(Session& /*session*/, Request& request) {
  const auto& path = request.path();
  const std::string route = path.empty() ? "" : path[0];
  const bool head = request.method() == core::Method::head;
  if (route == "_unread") {
    return Response{};  // The body, if any, stays unread (SRV-CONSUME-1).
  }
  BodyRead body = read_body(request.body());
  if (body.failure) {
    return AppFailure{"reading the body: " + *body.failure};
  }
  if (route == "_status") {
    return status_route(request);
  }
  if (route == "_header") {
    return header_route(request);
  }
  std::string data = reflection(request, body.reflection);
  Response r;
  r.headers.push_back({"content-type", std::string(kContentType)});
  if (route == "_chunked") {
    if (head) {
      r.headers.push_back({"transfer-encoding", "chunked"});
      return r;
    }
    r.body = io::OutputBody::chunked_stream(
        io::chunks_source({{std::nullopt, std::move(data)}, {}}));
    return r;
  }
  if (head && route != "_body") {
    // The length the body would have (OUT-FRAME-3).
    r.headers.push_back({"content-length", std::to_string(data.size())});
    return r;
  }
  r.body = io::OutputBody::bytes(std::move(data));
  return r;
}

}  // namespace degu::server
