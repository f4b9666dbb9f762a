// vector_kinds.cc: the generated kind table, looked up by name.
#include "vector_kinds.h"

namespace degu::conformance {
namespace {

constexpr KindInfo kKinds[] = {
#define DEGU_VECTOR_KIND(kind, cli, family, to_server, to_client) \
  {#kind, cli, KindFamily::family, to_server, to_client},
#include "vector_kinds.inc"
#undef DEGU_VECTOR_KIND
};

}  // namespace

const KindInfo* kind_info(std::string_view name) {
  for (const KindInfo& k : kKinds) {
    if (k.name == name) {
      return &k;
    }
  }
  return nullptr;
}

bool in_family(std::string_view name, KindFamily family) {
  const KindInfo* k = kind_info(name);
  return k != nullptr && k->family == family;
}

}  // namespace degu::conformance
