// verdict.cc: runs one core function and shapes its result as JSON.
#include "verdict.h"

#include <cstdlib>

#include "degu/core/hex.h"
#include "degu/core/parse.h"
#include "degu/core/scan.h"

namespace degu::cli {
namespace {

using core::Failure;
using core::Result;

Json range_json(const core::ByteRange& r) {
  return Json{{"first", r.first}, {"last", r.last}};
}

Json content_range_json(const core::ContentRange& r) {
  return Json{{"first", r.first}, {"last", r.last}, {"total", r.total}};
}

Json extension_json(const core::ChunkLine& line) {
  if (!line.extension) {
    return nullptr;
  }
  return Json{{"key", line.extension->key}, {"value", line.extension->value}};
}

Json framing_json(const core::Framing& framing) {
  switch (framing.kind) {
    case core::Framing::Kind::length:
      return Json{{"kind", "length"}, {"length", framing.length}};
    case core::Framing::Kind::chunked:
      return Json{{"kind", "chunked"}};
    case core::Framing::Kind::none:
      break;
  }
  return Json{{"kind", "none"}};
}

Json element_verdict(std::string_view input, const Options& options) {
  switch (options.kind) {
    case Kind::request: {
      auto r = core::parse_request(input);
      if (!r.ok()) {
        return rejected(r.failure());
      }
      Json path = Json::array();
      for (const auto& component : r->path) {
        path.push_back(component);
      }
      return Json{{"ok", true},
                  {"method", core::method_name(r->method)},
                  {"uri", r->uri},
                  {"path", path},
                  {"query", r->query ? Json(*r->query) : Json(nullptr)},
                  {"headers", headers_json(r->headers)},
                  {"framing", framing_json(r->framing)}};
    }
    case Kind::response: {
      auto r = core::parse_response(input, options.request_method);
      if (!r.ok()) {
        return rejected(r.failure());
      }
      return Json{{"ok", true},
                  {"status", r->status},
                  {"reason", r->reason},
                  {"headers", headers_json(r->headers)},
                  {"framing", framing_json(r->framing)}};
    }
    case Kind::chunk_line: {
      auto r = core::parse_chunk_line(input);
      if (!r.ok()) {
        return rejected(r.failure());
      }
      return Json{{"ok", true},
                  {"size", r->size},
                  {"extension", extension_json(*r)}};
    }
    case Kind::content_length: {
      auto r = core::parse_content_length(input);
      return r.ok() ? Json{{"ok", true}, {"value", *r}}
                    : rejected(r.failure());
    }
    case Kind::range: {
      auto r = core::parse_range(input);
      if (!r.ok()) {
        return rejected(r.failure());
      }
      Json out{{"ok", true}};
      out.update(range_json(*r));
      return out;
    }
    case Kind::content_range: {
      auto r = core::parse_content_range(input);
      if (!r.ok()) {
        return rejected(r.failure());
      }
      Json out{{"ok", true}};
      out.update(content_range_json(*r));
      return out;
    }
    case Kind::chunked_body: {
      auto r = core::parse_chunked_body(input);
      if (!r.ok()) {
        return rejected(r.failure());
      }
      Json chunks = Json::array();
      for (const core::Chunk& c : r->chunks) {
        chunks.push_back(Json{{"size", c.line.size},
                              {"extension", extension_json(c.line)},
                              {"data_hex", core::to_hex(c.data)}});
      }
      return Json{{"ok", true}, {"chunks", chunks}, {"consumed", r->consumed}};
    }
    case Kind::header_name: {
      auto r = core::parse_header_name(input);
      return r.ok() ? Json{{"ok", true}, {"name", *r}}
                    : rejected(r.failure());
    }
  }
  std::abort();  // Every Kind is handled above.
}

}  // namespace

Json rejected(const Failure& f) {
  return Json{{"ok", false},
              {"error", core::error_name(f.error)},
              {"rule", core::error_rule(f.error)},
              {"offset", f.offset}};
}

std::string escaped(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (b >= 0x20 && b <= 0x7e) {
      out += c;
    } else {
      out += "\\x";
      out += core::to_hex(std::string_view(&c, 1));
    }
  }
  return out;
}

std::optional<Kind> kind_from_name(std::string_view name) {
  static constexpr std::pair<std::string_view, Kind> kNames[] = {
      {"request", Kind::request},
      {"response", Kind::response},
      {"chunk-line", Kind::chunk_line},
      {"content-length", Kind::content_length},
      {"range", Kind::range},
      {"content-range", Kind::content_range},
      {"header-name", Kind::header_name},
      {"chunked-body", Kind::chunked_body},
  };
  for (const auto& [n, kind] : kNames) {
    if (n == name) {
      return kind;
    }
  }
  return std::nullopt;
}

Json verdict(std::string_view input, const Options& options) {
  const bool framed =
      options.kind == Kind::request || options.kind == Kind::response ||
      options.kind == Kind::chunk_line;
  if (!options.wire || !framed) {
    return element_verdict(input, options);
  }
  // As the reader would: all of input is buffered and nothing follows it.
  const Result<core::Scan> scan = options.kind == Kind::chunk_line
                                      ? core::scan_chunk_line(input, true)
                                      : core::scan_preamble(input, true);
  if (!scan.ok()) {
    return rejected(scan.failure());
  }
  Json out = element_verdict(input.substr(0, scan->size), options);
  if (out["ok"] == true) {
    out["consumed"] = scan->consumed;  // Rejections keep their one shape.
  }
  return out;
}

Json headers_json(const core::Headers& headers) {
  Json out = Json::object();
  for (const core::Header& h : headers.fields) {
    if (h.name == "content-length" && headers.content_length) {
      out[h.name] = *headers.content_length;
    } else if (h.name == "range" && headers.range) {
      out[h.name] = range_json(*headers.range);
    } else if (h.name == "content-range" && headers.content_range) {
      out[h.name] = content_range_json(*headers.content_range);
    } else {
      out[h.name] = h.value;
    }
  }
  return out;
}

}  // namespace degu::cli
