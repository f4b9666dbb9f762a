// degu-parse: the Degu core on the command line.
//
//   degu-parse KIND [--wire] [--method M] [FILE]      one verdict
//   degu-parse KIND --jsonl [--wire] [--method M]     one verdict per line
//
// KIND is request, response, chunk-line, content-length, range,
// content-range, header-name or chunked-body.  FILE (default: stdin) holds the bytes;
// with --jsonl every stdin line is one input in hex and every output line
// is its verdict.  Exit 0 after printing verdicts (accepting or rejecting),
// 2 on a usage or input error, with a message on stderr.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "degu/core/hex.h"
#include "verdict.h"

namespace {

constexpr int kUsageError = 2;

// UsageError: bad arguments or unreadable input; main prints it and exits 2.
struct UsageError {
  std::string message;
};

std::string read_all(std::istream& in, const std::string& what) {
  std::string data{std::istreambuf_iterator<char>(in),
                   std::istreambuf_iterator<char>()};
  if (in.bad()) {
    throw UsageError{"cannot read " + what};
  }
  return data;
}

std::string read_input(const std::string& file) {
  if (file.empty() || file == "-") {
    return read_all(std::cin, "standard input");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw UsageError{"cannot open input file '" + file + "'"};
  }
  return read_all(in, "'" + file + "'");
}

std::string decode_hex(const std::string& line, std::size_t number) {
  if (line.size() % 2 != 0) {
    throw UsageError{"line " + std::to_string(number) +
                     ": odd number of hex digits"};
  }
  std::string out;
  out.reserve(line.size() / 2);
  for (std::size_t i = 0; i < line.size(); i += 2) {
    const int hi = degu::core::hex_digit_value(line[i]);
    const int lo = degu::core::hex_digit_value(line[i + 1]);
    if (hi < 0 || lo < 0) {
      throw UsageError{"line " + std::to_string(number) +
                       ": not hex at column " + std::to_string(i + 1)};
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

int run_jsonl(const degu::cli::Options& options) {
  std::string line;
  std::size_t number = 0;
  while (std::getline(std::cin, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    std::cout << degu::cli::verdict(decode_hex(line, number), options).dump()
              << '\n';
  }
  if (std::cin.bad()) {
    throw UsageError{"cannot read standard input"};
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Parse Degu protocol elements with the reference core and "
               "print one JSON verdict per input."};
  app.require_subcommand(1, 1);
  app.set_help_all_flag("--help-all", "Help for every subcommand");

  degu::cli::Options options;
  std::string file;
  bool jsonl = false;
  std::string method = "GET";

  const std::pair<const char*, const char*> kinds[] = {
      {"request", "a request preamble, without its CRLFCRLF"},
      {"response", "a response preamble, without its CRLFCRLF"},
      {"chunk-line", "a chunk-size line, without its CRLF"},
      {"content-length", "a content-length header value"},
      {"range", "a range header value"},
      {"content-range", "a content-range header value"},
      {"header-name", "a received header name"},
      {"chunked-body", "a whole chunked body; its end is the end of input"},
  };
  for (const auto& [name, help] : kinds) {
    CLI::App* sub = app.add_subcommand(name, std::string("Parse ") + help);
    sub->add_option("file", file, "Input file (default: standard input)");
    sub->add_flag("--jsonl", jsonl,
                  "Read one hex-encoded input per stdin line; print one "
                  "verdict per line");
    if (std::string_view(name) == "request" ||
        std::string_view(name) == "response" ||
        std::string_view(name) == "chunk-line") {
      sub->add_flag("--wire", options.wire,
                    "Input is bytes as on the wire: the element ends at its "
                    "terminator, and the verdict reports bytes consumed");
    }
    if (std::string_view(name) == "response") {
      sub->add_option("--method", method,
                      "Method of the request this response answers")
          ->check(CLI::IsMember({"GET", "PUT", "POST", "HEAD", "DELETE"}));
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (argc > 1 && argv[1][0] != '-' &&
        !degu::cli::kind_from_name(argv[1])) {
      std::cerr << "degu-parse: unknown kind '" << argv[1]
                << "'; expected one of:";
      for (const auto& [name, help] : kinds) {
        std::cerr << ' ' << name;
      }
      std::cerr << '\n';
      return kUsageError;
    }
    app.exit(e);
    return kUsageError;
  }

  try {
    const std::string kind_name = app.get_subcommands().front()->get_name();
    options.kind = *degu::cli::kind_from_name(kind_name);
    options.request_method = *degu::core::method_from_name(method);
    if (jsonl) {
      if (!file.empty()) {
        throw UsageError{"--jsonl reads standard input; do not name a file"};
      }
      return run_jsonl(options);
    }
    std::cout << degu::cli::verdict(read_input(file), options).dump() << '\n';
    return 0;
  } catch (const UsageError& e) {
    std::cerr << "degu-parse: " << e.message << '\n';
    return kUsageError;
  } catch (const std::exception& e) {
    // Unreadable input the checks above did not foresee (a directory, an
    // I/O error): still a usage error with a message, never an abort.
    std::cerr << "degu-parse: cannot read input: " << e.what() << '\n';
    return kUsageError;
  }
}
