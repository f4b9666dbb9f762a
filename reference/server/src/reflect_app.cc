// reflect_app.cc: the reflect application, byte for byte as
// docs/REFLECT.md defines it (tools/reflect_app.py is the same for
// servers with the original's interface).
#include "degu/server/reflect_app.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <optional>
#include <stdexcept>
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

// kReflectionRoom: more than a reflection holds besides its body: the
// members of a request preamble of at most 32 KiB, escaped.
constexpr std::size_t kReflectionRoom = 80 * 1024;

// BodyRead: the body's reflection, or why reading it failed (the
// application then fails: the body is in error and the connection closed).
// A chunked body's reflection is kept as canonical text (chunked_text), as
// a JSON tree of up to 262,144 chunks would cost several times more.
struct BodyRead {
  json reflection;
  std::optional<std::string> failure;
  std::string chunked_text;
};

BodyRead read_length(io::LengthBody& body) {
  auto data = body.read_all();
  if (!data.ok()) {
    return {nullptr, io::describe(data.error()), {}};
  }
  return {json{{"kind", "length"}, {"hex", core::to_hex(*data)}}, std::nullopt, {}};
}

// read_chunked: a whole read that keeps the chunks, so bounded in data
// (BODY-CHUNKED-2) and in what the chunks cost to keep (docs/REFLECT.md).
BodyRead read_chunked(io::ChunkedBodyReader& body) {
  auto got = body.read_all_chunks();
  if (!got.ok()) {
    return {nullptr, io::describe(got.error()), {}};
  }
  // Canonical form by hand: keys "chunks" < "kind", and "ext" < "hex".
  // Reserved whole, with room for what reflection() adds around it, so the
  // text is never copied while it grows.
  std::size_t size = kReflectionRoom;
  for (const io::BodyChunk& chunk : *got) {
    size += 2 * chunk.data.size() + 32 +
            (chunk.extension ? 2 * (chunk.extension->key.size() +
                                    chunk.extension->value.size())
                             : 0);
  }
  std::string text;
  text.reserve(size);
  text += R"({"chunks":[)";
  for (io::BodyChunk& chunk : *got) {
    text += text.back() == '[' ? R"({"ext":)" : R"(,{"ext":)";
    if (chunk.extension) {
      text += canonical(
          json::array({chunk.extension->key, chunk.extension->value}));
    } else {
      text += "null";
    }
    text += R"(,"hex":")";
    text += core::to_hex(chunk.data);
    text += "\"}";
    chunk.data = std::string();  // Held twice no longer than needed.
  }
  text += R"(],"kind":"chunked"})";
  return {json{{"kind", "chunked"}}, std::nullopt, std::move(text)};
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
  return {nullptr, std::nullopt, {}};
}

std::string reflection(const Request& request, BodyRead& body) {
  json headers = json::object();
  for (const auto& h : request.headers().fields) {
    headers[h.name] = h.value;  // Values as on the wire (HDR-VALUE-3).
  }
  if (!body.chunked_text.empty()) {
    // "body" sorts first, so the canonical text starts {"body":null and
    // the chunked body's text goes in its place.
    BodyRead none{};
    const std::string rest = reflection(request, none);
    constexpr std::string_view kNullBody = R"({"body":null)";
    std::string& out = body.chunked_text;
    out.insert(0, R"({"body":)");
    out.append(rest, kNullBody.size());
    return std::move(out);
  }
  return canonical(json{
      {"body", body.reflection},
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

// RenderFailure: why a /_render description cannot be handed over.
struct RenderFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json& member(const json& object, const char* name, json::value_t type) {
  if (!object.is_object() || !object.contains(name) || object[name].type() != type) {
    throw RenderFailure(std::string("/_render needs a member ") + name + " of its type");
  }
  return object[name];
}

std::string text(const json& j) {
  if (!j.is_string()) {
    throw RenderFailure("/_render: a string was expected");
  }
  return j.get<std::string>();
}

std::string data_of(const json& hex) {
  auto data = core::from_hex(text(hex));
  if (!data) {
    throw RenderFailure("/_render: bad hexadecimal data");
  }
  return *data;
}

io::BodyChunk chunk_of(const json& pair) {
  if (!pair.is_array() || pair.size() != 2) {
    throw RenderFailure("/_render: a chunk is [EXT, HEX]");
  }
  io::BodyChunk chunk;
  if (!pair[0].is_null()) {
    if (!pair[0].is_array() || pair[0].size() != 2) {
      throw RenderFailure("/_render: an extension is [key, value]");
    }
    chunk.extension = core::ChunkExtension{text(pair[0][0]), text(pair[0][1])};
  }
  chunk.data = data_of(pair[1]);
  return chunk;
}

io::OutputBody body_of(const json& body) {
  if (body.is_null()) {
    return io::OutputBody::none();
  }
  if (body.is_object() && body.contains("hex")) {
    return io::OutputBody::bytes(data_of(body["hex"]));
  }
  std::vector<io::BodyChunk> chunks;
  for (const json& pair : member(body, "chunks", json::value_t::array)) {
    chunks.push_back(chunk_of(pair));
  }
  return io::OutputBody::chunked_stream(io::chunks_source(std::move(chunks)));
}

// render_route: /_render, the response its body describes (docs/REFLECT.md,
// "The render route"), handed to the server unchecked: refusing a bad one
// is the server's job (SRV-RESPONSE-1).
AppResult render_route(const json& body) {
  if (!body.is_object() || body.value("kind", "") != "length") {
    return AppFailure{"/_render needs a body of known length"};
  }
  try {
    const json d = json::parse(*core::from_hex(body["hex"].get<std::string>()));
    const json& status = d.contains("status") ? d["status"] : json();
    if (!status.is_number_unsigned() ||
        status.get<std::uint64_t>() > std::numeric_limits<unsigned>::max()) {
      throw RenderFailure("/_render needs a status the interface can carry");
    }
    Response r;
    r.status = status.get<unsigned>();
    r.reason = text(member(d, "reason", json::value_t::string));
    for (const json& pair : member(d, "headers", json::value_t::array)) {
      if (!pair.is_array() || pair.size() != 2) {
        throw RenderFailure("/_render: a header is [name, value]");
      }
      r.headers.push_back({text(pair[0]), text(pair[1])});
    }
    if (!d.contains("body")) {
      throw RenderFailure("/_render needs a member body");
    }
    r.body = body_of(d["body"]);
    return r;
  } catch (const std::exception& e) {  // Bad JSON, members or hex.
    return AppFailure{e.what()};
  }
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
  if (route == "_render") {
    return render_route(body.reflection);
  }
  std::string data = reflection(request, body);
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
