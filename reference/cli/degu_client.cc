// degu-client: the reference client on the command line.
//
//   degu-client ADDR METHOD URI [-H 'name: value']... [--data TEXT|@FILE |
//               --chunked TEXT|@FILE] [--range A-B] [--repeat N]
//               [--timeout S] [--deadline S] [--host HOST | --no-host]
//               [--authorization VALUE] [--tls-config FILE]
//               [--ssl-host NAME] [--json]
//
// ADDR is /abs/path.sock, @abstract, HOST:PORT or [IPV6]:PORT.  Sends the
// request N times (default 1) on one connection and prints each response:
// the status line, the header lines, an empty line, then the body; a
// chunked body is printed chunk by chunk, each chunk introduced by a line
// "# chunk SIZE" or "# chunk SIZE;KEY=VALUE" (its extension) and followed
// by a newline.  With --json each response is one JSON line instead:
// {"status", "reason", "headers", "body_hex", "chunks"} (chunks: null, or
// [{"extension": null|[KEY, VALUE], "data_hex"}...]).  The body is then
// read whole: over 16 MiB of data fails (BODY-READ-1, BODY-CHUNKED-2), and
// so does a chunked body whose chunks cost more than 16 MiB to keep (64
// bytes each plus their extensions: 262,144 chunks without extensions).
//
// --tls-config FILE makes a TLS client from a JSON client configuration
// (TLS-CONFIG-1, as degu-pki writes); --ssl-host replaces the server name
// sent and checked (TLS-SNI-1; default: the address's host).
//
// --timeout S bounds every wait for the server, connecting included
// (CLI-TIMEOUT-1; default 65, 0: none).  --deadline S, off by default,
// also bounds each whole exchange, however steadily the server sends
// (CLI-TIMEOUT-2): sending the request, reading the response and its body
// must take at most S seconds, or the request fails (exit 1) with a
// message naming the deadline.
//
// --range A-B asks for bytes A to B inclusive (a ranged GET, CLI-RANGE-1).
// --chunked sends the body as a chunked stream: the file in chunks of at
// most 1 MiB, then the empty chunk.
//
// Exit status: 0 when every response was received (whatever its status);
// 1 when connecting, sending or receiving failed (a message on standard
// error names the error and its SPEC rule); 2 for bad arguments.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "degu/client/client.h"
#include "degu/core/hex.h"
#include "tls_files.h"
#include "verdict.h"

namespace {

namespace client = degu::client;
namespace core = degu::core;
namespace io = degu::io;
using degu::cli::Json;

constexpr int kFailed = 1;
constexpr int kUsageError = 2;
constexpr std::size_t kBlockSize = 1 << 20;

struct UsageError {
  std::string message;
};

int usage_error(const std::string& message) {
  std::cerr << "degu-client: " << message << "\n";
  return kUsageError;
}

core::Header parse_header(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) {
    throw UsageError{"-H: '" + text + "' is not 'name: value'"};
  }
  std::string value = text.substr(colon + 1);
  value.erase(0, value.find_first_not_of(' '));
  return {text.substr(0, colon), value};
}

// BodySpec: --data or --chunked: literal text, or @FILE.
struct BodySpec {
  std::string text;
  bool chunked = false;
};

// open_file: the regular file @PATH names, or nothing for literal text.
std::shared_ptr<std::ifstream> open_file(const std::string& spec) {
  if (spec.empty() || spec[0] != '@') {
    return nullptr;
  }
  const std::string path = spec.substr(1);
  std::error_code ec;
  auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
  if (!std::filesystem::is_regular_file(path, ec) || !*in) {
    throw UsageError{"cannot read '" + path + "' (not a readable file)"};
  }
  return in;
}

// next_block: up to 1 MiB of in, or nothing at its end.
std::optional<std::string> next_block(std::ifstream& in) {
  std::string block(kBlockSize, '\0');
  in.read(block.data(), static_cast<std::streamsize>(block.size()));
  block.resize(static_cast<std::size_t>(in.gcount()));
  if (block.empty()) {
    return std::nullopt;
  }
  return block;
}

// make_body: the body spec asks for, read from its file as it is sent
// (one body per request: --repeat opens the file again).
io::OutputBody make_body(const std::optional<BodySpec>& spec) {
  if (!spec) {
    return io::OutputBody::none();
  }
  auto file = open_file(spec->text);
  if (!spec->chunked) {
    if (!file) {
      return io::OutputBody::bytes(spec->text);
    }
    file->seekg(0, std::ios::end);
    const auto size = static_cast<std::uint64_t>(file->tellg());
    file->seekg(0);
    return io::OutputBody::length_stream(
        size, [file]() -> io::Result<std::optional<std::string>> {
          return next_block(*file);
        });
  }
  if (!file) {
    std::vector<io::BodyChunk> chunks;
    if (!spec->text.empty()) {
      chunks.push_back({std::nullopt, spec->text});
    }
    chunks.push_back({std::nullopt, ""});
    return io::OutputBody::chunked_stream(io::chunks_source(std::move(chunks)));
  }
  auto ended = std::make_shared<bool>(false);
  return io::OutputBody::chunked_stream(
      [file, ended]() -> io::Result<std::optional<io::BodyChunk>> {
        if (*ended) {
          return std::optional<io::BodyChunk>();
        }
        auto block = next_block(*file);
        if (!block) {
          *ended = true;
          return std::optional<io::BodyChunk>(io::BodyChunk{std::nullopt, ""});
        }
        return std::optional<io::BodyChunk>(io::BodyChunk{std::nullopt, *block});
      });
}

// decimal: text as a number when it is 1 to 16 decimal digits.
std::optional<std::uint64_t> decimal(std::string_view text) {
  std::uint64_t value = 0;
  if (text.empty() || text.size() > 16) {
    return std::nullopt;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// parse_range: "FIRST-LAST" -> [FIRST, LAST+1), checked against
// CLI-RANGE-1 before anything is sent: FIRST <= LAST and LAST+1 at most
// 9999999999999999.
std::pair<std::uint64_t, std::uint64_t> parse_range(const std::string& text) {
  const auto dash = text.find('-');
  const auto first = dash == std::string::npos ? std::nullopt
                                               : decimal(std::string_view(text).substr(0, dash));
  const auto last = dash == std::string::npos ? std::nullopt
                                              : decimal(std::string_view(text).substr(dash + 1));
  if (!first || !last) {
    throw UsageError{"--range: '" + text + "' is not FIRST-LAST (decimal digits)"};
  }
  if (*first > *last || *last + 1 > client::kMaxRangeStop) {
    throw UsageError{"--range: '" + text + "' needs FIRST <= LAST <= " +
                     std::to_string(client::kMaxRangeStop - 1) + " (CLI-RANGE-1)"};
  }
  return {*first, *last + 1};
}

void write_out(std::string_view bytes) {
  std::fwrite(bytes.data(), 1, bytes.size(), stdout);
}

// print_response: the response in text form, reading its body as it goes.
io::Result<io::Ok> print_response(client::Response& r) {
  std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " + r.reason + "\n";
  for (const core::Header& h : r.headers.fields) {
    head += h.name + ": " + h.value + "\n";
  }
  write_out(head + "\n");
  if (auto** length = std::get_if<io::LengthBody*>(&r.body)) {
    auto n = (*length)->stream([](std::string_view block) -> io::Result<io::Ok> {
      write_out(block);
      return io::Ok{};
    });
    if (!n.ok()) {
      return n.error();
    }
  } else if (auto** chunked = std::get_if<io::ChunkedBodyReader*>(&r.body)) {
    auto n = (*chunked)->stream([](const io::BodyChunk& c) -> io::Result<io::Ok> {
      std::string line = "# chunk " + std::to_string(c.data.size());
      if (c.extension) {
        line += ";" + c.extension->key + "=" + c.extension->value;
      }
      write_out(line + "\n");
      write_out(c.data);
      write_out("\n");
      return io::Ok{};
    });
    if (!n.ok()) {
      return n.error();
    }
  }
  std::fflush(stdout);
  return io::Ok{};
}

// json_response: the response as one JSON object, body read whole.
io::Result<Json> json_response(client::Response& r) {
  Json out{{"status", r.status}, {"reason", r.reason},
           {"headers", degu::cli::headers_json(r.headers)},
           {"body_hex", nullptr}, {"chunks", nullptr}};
  if (auto** length = std::get_if<io::LengthBody*>(&r.body)) {
    auto data = (*length)->read_all();
    if (!data.ok()) {
      return data.error();
    }
    out["body_hex"] = core::to_hex(*data);
  } else if (auto** chunked = std::get_if<io::ChunkedBodyReader*>(&r.body)) {
    // A whole read (BODY-CHUNKED-2) that keeps the chunks, bounded in their
    // count as well as their data.
    auto got = (*chunked)->read_all_chunks();
    if (!got.ok()) {
      return got.error();
    }
    std::string all;
    Json chunks = Json::array();
    for (const io::BodyChunk& c : *got) {
      Json ext = c.extension ? Json::array({c.extension->key, c.extension->value})
                             : Json(nullptr);
      chunks.push_back({{"extension", ext}, {"data_hex", core::to_hex(c.data)}});
      all += c.data;
    }
    out["body_hex"] = core::to_hex(all);
    out["chunks"] = chunks;
  }
  return out;
}

int failed(const std::string& what) {
  std::cerr << "degu-client: " << what << "\n";
  return kFailed;
}

// body_failed: exit status 1 for e, a failure reading a response body on
// conn; the message names the deadline when it was that (CLI-TIMEOUT-2).
int body_failed(const client::Connection& conn, const io::Error& e) {
  const std::string detail = conn.error_of(e).detail;
  return failed("response body failed: " + io::describe(e) +
                (detail.empty() ? "" : ": " + detail));
}

// milliseconds: seconds as a duration; any positive value is at least
// 1 ms, as 0 would mean none.
std::chrono::milliseconds milliseconds(double seconds) {
  return std::chrono::milliseconds(
      seconds > 0.0 ? std::max<long long>(1, static_cast<long long>(seconds * 1000.0))
                    : 0);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"degu-client: the Degu reference client"};
  std::string address_text, method, uri, data, chunked, range, host, authorization;
  std::vector<std::string> header_texts;
  unsigned repeat = 1;
  double timeout = 65.0;
  double deadline = 0.0;
  bool no_host = false, json = false;
  std::string tls_config, ssl_host;
  cli.add_option("address", address_text, "/abs/path.sock, @name, HOST:PORT or [IPV6]:PORT")
      ->required();
  cli.add_option("method", method, "GET, HEAD, DELETE, PUT or POST")->required();
  cli.add_option("uri", uri, "the request URI, starting with /")->required();
  cli.add_option("-H,--header", header_texts, "a request header 'name: value'");
  auto* data_opt = cli.add_option("--data", data, "body TEXT, or @FILE");
  auto* chunked_opt = cli.add_option("--chunked", chunked, "chunked body TEXT, or @FILE");
  data_opt->excludes(chunked_opt);
  cli.add_option("--range", range, "bytes FIRST-LAST (inclusive): a ranged GET");
  cli.add_option("--repeat", repeat, "requests on one connection (default 1)")
      ->check(CLI::Range(1u, 1000000u));
  cli.add_option("--timeout", timeout, "seconds per receive or send; 0: none");
  auto* deadline_opt = cli.add_option(
      "--deadline", deadline, "seconds for each whole exchange (default: none)");
  auto* host_opt = cli.add_option("--host", host, "the host header value");
  cli.add_flag("--no-host", no_host, "send no host header")->excludes(host_opt);
  cli.add_option("--authorization", authorization, "the authorization header value");
  cli.add_flag("--json", json, "one JSON line per response");
  cli.add_option("--tls-config", tls_config,
                 "a JSON client TLS configuration (TLS-CONFIG-1)");
  cli.add_option("--ssl-host", ssl_host, "the TLS server name (TLS-SNI-1)");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(e.what());
  }
  std::optional<client::ClientTls> tls;
  if (!tls_config.empty()) {
    auto loaded = degu::cli::load_client_tls(tls_config);
    if (auto* why = std::get_if<std::string>(&loaded)) {
      return usage_error(*why);
    }
    tls = std::get<client::ClientTls>(loaded);
  } else if (!ssl_host.empty()) {
    return usage_error("--ssl-host needs --tls-config");
  }
  if (!(timeout >= 0.0 && timeout <= 86400.0)) {
    return usage_error("--timeout must be 0 to 86400");
  }
  if (*deadline_opt && !(deadline > 0.0 && deadline <= 86400.0)) {
    return usage_error("--deadline must be more than 0 and at most 86400");
  }
  auto parsed = degu::net::parse_address(address_text, degu::net::Role::client);
  if (!parsed.ok()) {
    return usage_error("address: " + parsed.error());
  }
  try {
    std::vector<core::Header> headers;
    for (const auto& text : header_texts) {
      headers.push_back(parse_header(text));
    }
    std::optional<BodySpec> body;
    if (*data_opt) {
      body = BodySpec{data, false};
    } else if (*chunked_opt) {
      body = BodySpec{chunked, true};
    }
    if (body) {
      open_file(body->text);  // A @FILE must be readable before connecting.
    }
    std::optional<std::pair<std::uint64_t, std::uint64_t>> span;
    if (!range.empty()) {
      if (method != "GET" || body) {
        throw UsageError{"--range makes a GET without a body"};
      }
      span = parse_range(range);
    }

    client::ClientOptions options;
    options.timeout = milliseconds(timeout);
    options.deadline = milliseconds(deadline);
    if (no_host) {
      options.host = std::optional<std::string>();
    } else if (!host.empty()) {
      options.host = std::optional<std::string>(host);
    }
    if (!authorization.empty()) {
      options.authorization = authorization;
    }
    options.tls = tls;
    if (!ssl_host.empty()) {
      options.ssl_host = std::optional<std::string>(ssl_host);
    }
    client::Client c(parsed.address(), options);
    auto conn = c.connect();
    if (!conn.ok()) {
      return failed("cannot connect to " + address_text + ": " +
                    client::describe(conn.error()));
    }
    for (unsigned i = 0; i < repeat; ++i) {
      auto r = span ? (*conn)->get_range(uri, headers, span->first, span->second)
                    : (*conn)->request(method, uri, headers, make_body(body));
      if (!r.ok()) {
        return failed("request " + std::to_string(i + 1) + " failed: " +
                      client::describe(r.error()));
      }
      if (json) {
        auto out = json_response(*r);
        if (!out.ok()) {
          return body_failed(**conn, out.error());
        }
        std::cout << out->dump() << std::endl;
      } else if (auto printed = print_response(*r); !printed.ok()) {
        return body_failed(**conn, printed.error());
      }
    }
    (*conn)->close();
  } catch (const UsageError& e) {
    return usage_error(e.message);
  }
  return 0;
}
