// vector_kinds.h: the kinds of vector file (docs/VECTORS.md, "Files"),
// from the one table tools/gen_tables.py generates (vector_kinds.inc;
// vectors/kinds.json for other languages).  Ask this instead of spelling
// kind names out: a new kind is added in the generator alone.
#pragma once

#include <string_view>

namespace degu::conformance {

enum class KindFamily {
  parse,            // bytes a parser judges
  render,           // a message a sender renders
  exchange,         // a connection to a server
  client_exchange,  // a connection from a client
};

struct KindInfo {
  std::string_view name;      // "chunk_line"
  std::string_view cli_name;  // degu-parse's and degu-render's KIND: "chunk-line"
  KindFamily family;
  bool to_server;  // degu-conform sends its vectors to a server (wire cases)
  bool to_client;  // ... and to a client
};

// kind_info: the kind named name, or nullptr when there is none.
const KindInfo* kind_info(std::string_view name);

// in_family: whether name is a kind of that family.
bool in_family(std::string_view name, KindFamily family);

}  // namespace degu::conformance
