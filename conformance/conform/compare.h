// compare.h: `degu-conform compare`: the HTML page over several JSON
// reports (every client against every server, every parser), and the
// single-report page a run writes with --html.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace degu::conform {

// CompareError: a report that cannot be read or is not one (the message
// names the file and what is wrong); main prints it and exits 2.
struct CompareError {
  std::string message;
};

// read_report: the JSON report document in the file at path.  Throws
// CompareError when it cannot be read, is not JSON, or is not a report
// this version of degu-conform writes.
nlohmann::ordered_json read_report(const std::string& path);

// html_for_json: the single-report page for a report json_report wrote.
std::string html_for_json(const std::string& json_text);

// compare_page: the page over the reports in paths, in that order.
std::string compare_page(const std::vector<std::string>& paths);

}  // namespace degu::conform
