// incremental_reader.cc: the reference reader (reference/io) over a
// scripted transport that delivers the input in the given pieces.
#include "incremental_reader.h"

#include "degu/core/hex.h"
#include "degu/io/body.h"
#include "degu/io/memory_transport.h"
#include "degu/io/reader.h"

namespace degu::conformance {
namespace {

using cli::Json;

// failure_json: a reader failure as a verdict.  Only protocol failures can
// happen here: the scripted transport has no I/O errors.
Json failure_json(const io::Error& e) {
  if (e.code != io::Errc::protocol) {
    return Json{{"ok", false}, {"error", io::describe(e)}};
  }
  return cli::rejected(e.failure);
}

Json read_chunked_body(io::Reader& reader) {
  io::ChunkedBodyReader body(reader);
  Json chunks = Json::array();
  while (true) {
    auto chunk = body.next_chunk();
    if (!chunk.ok()) {
      return failure_json(chunk.error());
    }
    Json extension = nullptr;
    if (chunk->extension) {
      extension = Json{{"key", chunk->extension->key},
                       {"value", chunk->extension->value}};
    }
    chunks.push_back(Json{{"size", chunk->data.size()},
                          {"extension", extension},
                          {"data_hex", core::to_hex(chunk->data)}});
    if (chunk->last()) {
      return Json{{"ok", true}, {"chunks", chunks}, {"consumed", body.offset()}};
    }
  }
}

}  // namespace

Json read_in_pieces(std::string_view stream, const Cuts& cuts,
                    const cli::Options& options) {
  io::MemoryTransport transport(io::split_at(stream, cuts));
  io::Reader reader(transport);
  if (options.kind == cli::Kind::chunked_body) {
    return read_chunked_body(reader);
  }
  auto element = options.kind == cli::Kind::chunk_line
                     ? reader.read_chunk_line()
                     : reader.read_preamble();
  if (!element.ok()) {
    return failure_json(element.error());
  }
  cli::Options whole = options;
  whole.wire = false;
  Json out = cli::verdict(*element, whole);
  if (options.wire && out["ok"] == true) {
    // What the reader took: everything delivered but not left over.
    out["consumed"] =
        stream.size() - transport.unread() - reader.buffered().size();
  }
  return out;
}

}  // namespace degu::conformance
