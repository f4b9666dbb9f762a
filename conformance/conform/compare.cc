// compare.cc: reading JSON reports back for the HTML pages.
#include "compare.h"

#include <fstream>
#include <iterator>

#include "report_html.h"

namespace degu::conform {

nlohmann::ordered_json read_report(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw CompareError{path + ": cannot open"};
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto doc = nlohmann::ordered_json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    throw CompareError{path + ": not JSON"};
  }
  if (const std::string why = html_error(doc); !why.empty()) {
    throw CompareError{path + ": " + why};
  }
  return doc;
}

std::string html_for_json(const std::string& json_text) {
  return html_report({nlohmann::ordered_json::parse(json_text)});
}

std::string compare_page(const std::vector<std::string>& paths) {
  std::vector<nlohmann::ordered_json> docs;
  docs.reserve(paths.size());
  for (const std::string& p : paths) {
    docs.push_back(read_report(p));
  }
  return html_report(docs);
}

}  // namespace degu::conform
