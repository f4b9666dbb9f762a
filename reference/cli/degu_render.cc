// degu-render: the Degu core's renderer on the command line.
//
//   degu-render KIND [FILE]     one message (JSON) → one verdict
//   degu-render KIND --jsonl    one message per stdin line → one verdict each
//
// KIND is request, response or chunk-line; the message shapes are in
// render_verdict.h.  Exit 0 after printing verdicts (rendered or refused),
// 2 on a usage error or a malformed message, with a message on stderr.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "render_verdict.h"

namespace {

constexpr int kUsageError = 2;

degu::cli::Json parse_message(const std::string& text,
                              const std::string& where) {
  try {
    return degu::cli::Json::parse(text);
  } catch (const std::exception& e) {
    throw degu::cli::MessageError{where + ": not JSON: " + e.what()};
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Render Degu messages with the reference core and print one "
               "JSON verdict per message."};
  app.require_subcommand(1, 1);
  std::string file;
  bool jsonl = false;
  const std::pair<const char*, degu::cli::RenderKind> kinds[] = {
      {"request", degu::cli::RenderKind::request},
      {"response", degu::cli::RenderKind::response},
      {"chunk-line", degu::cli::RenderKind::chunk_line},
  };
  for (const auto& [name, kind] : kinds) {
    CLI::App* sub = app.add_subcommand(name, std::string("Render a ") + name);
    sub->add_option("file", file, "Message file (default: standard input)");
    sub->add_flag("--jsonl", jsonl, "One JSON message per stdin line");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsageError;
  }
  const std::string name = app.get_subcommands().front()->get_name();
  degu::cli::RenderKind kind = degu::cli::RenderKind::request;
  for (const auto& [n, k] : kinds) {
    if (name == n) {
      kind = k;
    }
  }
  try {
    if (jsonl) {
      std::string line;
      std::size_t number = 0;
      while (std::getline(std::cin, line)) {
        ++number;
        const auto message =
            parse_message(line, "line " + std::to_string(number));
        std::cout << degu::cli::render_verdict(message, kind).dump() << '\n';
      }
      return 0;
    }
    std::string text;
    if (file.empty() || file == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::cerr << "degu-render: cannot open '" << file << "'\n";
        return kUsageError;
      }
      text.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::cout << degu::cli::render_verdict(parse_message(text, "message"), kind)
                     .dump()
              << '\n';
    return 0;
  } catch (const degu::cli::MessageError& e) {
    std::cerr << "degu-render: " << e.what << '\n';
    return kUsageError;
  } catch (const std::exception& e) {
    std::cerr << "degu-render: " << e.what() << '\n';
    return kUsageError;
  }
}
