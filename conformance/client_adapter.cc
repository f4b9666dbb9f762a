// client_adapter.cc: the client adapter of docs/VECTORS.md ("Client
// exchange vectors") for the C++ reference client.
//
//   degu-client-adapter --fd N         < {"client": ..., "actions": [...]}
//   degu-client-adapter --connect ADDR [--tls-config FILE] < {...}
//
// Creates a Connection over the inherited, connected socket N (or a new
// connection to ADDR, in the reference CLIs' address form, over TLS with
// the client configuration FILE, the host name checked against ADDR's
// host: degu-conform client --transport tls) with the base
// headers of the vector's client member, performs the actions in order,
// reads every response body completely, prints the outcomes array as one
// JSON line and closes the connection.  An action with "read_body": false
// leaves its response body unread (CLI-CONSUME-1).  The client's "timeout"
// (seconds; null: none; absent: the default) applies to every receive and
// send (CLI-TIMEOUT-1).  Exit 0 when the actions were run
// (whatever their outcomes); 2 with a message for bad input.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "degu/client/connection.h"
#include "degu/client/options.h"
#include "degu/core/hex.h"
#include "degu/io/fd_transport.h"
#include "degu/net/socket.h"
#include "degu/tls/tls_transport.h"
#include "tls_files.h"
#include "verdict.h"

namespace {

using degu::cli::Json;
namespace client = degu::client;
namespace io = degu::io;
namespace net = degu::net;

std::string unhex(const Json& text) {
  auto bytes = degu::core::from_hex(text.get<std::string>());
  if (!bytes) {
    throw std::invalid_argument("not hexadecimal: " + text.dump());
  }
  return *bytes;
}

net::Address address_of(const Json& a) {
  if (a.is_string()) {
    return net::UnixAddress{a.get<std::string>()};
  }
  if (a.is_array() && a.size() == 2) {
    return net::HostPortAddress{a[0].get<std::string>(), a[1].get<std::uint16_t>()};
  }
  if (a.is_array() && a.size() == 4) {
    return net::Inet6Address{a[0].get<std::string>(), a[1].get<std::uint16_t>(),
                             a[2].get<std::uint32_t>(), a[3].get<std::uint32_t>()};
  }
  throw std::invalid_argument("bad client address: " + a.dump());
}

std::vector<degu::core::Header> base_headers_of(const Json& c) {
  client::ClientOptions o;
  if (c.contains("host")) {
    o.host = c["host"].is_null() ? std::optional<std::string>()
                                 : std::optional<std::string>(c["host"].get<std::string>());
  }
  if (c.contains("authorization")) {
    o.authorization = c["authorization"].get<std::string>();
  }
  return client::base_headers(address_of(c.at("address")), o);
}

// timeout_of: the client's timeout (CLI-TIMEOUT-1): "timeout" in seconds,
// null for none, the library's default when absent.
std::chrono::milliseconds timeout_of(const Json& c) {
  if (!c.contains("timeout")) {
    return client::ClientOptions{}.timeout;
  }
  if (c["timeout"].is_null()) {
    return std::chrono::milliseconds(0);
  }
  const double seconds = c["timeout"].get<double>();
  if (!(seconds > 0) || seconds > 1e6) {
    throw std::invalid_argument("client timeout must be a positive number of seconds up to "
                                "1000000, or null: " + c["timeout"].dump());
  }
  // Rounded up: a timeout under 1 ms must not become 0, which means none.
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(seconds * 1000)));
}

io::OutputBody body_of(const Json& action) {
  if (!action.contains("body") || action["body"].is_null()) {
    return io::OutputBody::none();
  }
  const Json& b = action["body"];
  if (b.contains("hex")) {
    return io::OutputBody::bytes(unhex(b["hex"]));
  }
  std::vector<io::BodyChunk> chunks;
  for (const Json& c : b.at("chunks")) {
    io::BodyChunk chunk;
    if (!c.at(0).is_null()) {
      chunk.extension = degu::core::ChunkExtension{c[0].at(0).get<std::string>(),
                                                   c[0].at(1).get<std::string>()};
    }
    chunk.data = unhex(c.at(1));
    chunks.push_back(std::move(chunk));
  }
  return io::OutputBody::chunked_stream(io::chunks_source(std::move(chunks)));
}

// read_body: the whole body (for a chunked body the data of all chunks), or
// nothing when the read failed.
std::optional<Json> read_body(const io::ReceivedBody& body) {
  if (std::holds_alternative<io::NoBody>(body)) {
    return Json(nullptr);
  }
  auto data = io::read_all(body);
  if (!data.ok()) {
    return std::nullopt;
  }
  return Json(degu::core::to_hex(*data));
}

Json perform(client::Connection& conn, const Json& action) {
  std::vector<degu::core::Header> headers;
  for (const Json& h : action.at("headers")) {
    headers.push_back({h.at(0).get<std::string>(), h.at(1).get<std::string>()});
  }
  const std::string uri = action.at("uri").get<std::string>();
  auto r = action.contains("range")
               ? conn.get_range(uri, std::move(headers),
                                action["range"].at(0).get<std::uint64_t>(),
                                action["range"].at(1).get<std::uint64_t>())
               : conn.request(action.at("method").get<std::string>(), uri,
                              std::move(headers), body_of(action));
  if (!r.ok()) {
    std::cerr << "degu-client-adapter: " << client::describe(r.error()) << "\n";
    return Json{{"ok", false}};
  }
  auto body = action.value("read_body", true) ? read_body(r->body)
                                              : std::optional<Json>(Json(nullptr));
  if (!body) {
    return Json{{"ok", false}};
  }
  return Json{{"ok", true}, {"status", r->status}, {"reason", r->reason},
              {"headers", degu::cli::headers_json(r->headers)},
              {"body_hex", *body}};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Runs a client exchange vector's actions with the C++ reference client"};
  int fd = -1;
  std::string connect;
  auto* fd_option = app.add_option("--fd", fd, "inherited connected socket");
  std::string tls_config;
  auto* connect_option =
      app.add_option("--connect", connect, "connect to ADDR instead")->excludes(fd_option);
  app.add_option("--tls-config", tls_config, "with --connect: over TLS, this client configuration")
      ->needs(connect_option);
  CLI11_PARSE(app, argc, argv);
  if (fd < 0 && connect.empty()) {
    std::cerr << "degu-client-adapter: give --fd N or --connect ADDR\n";
    return 2;
  }
  try {
    const Json request = Json::parse(std::cin);
    if (!connect.empty()) {
      const auto address = net::parse_address(connect, net::Role::client);
      if (!address.ok()) {
        std::cerr << "degu-client-adapter: --connect: " << address.error() << "\n";
        return 2;
      }
      fd = net::connect_to(address.address(), std::chrono::seconds(10));
    }
    const auto timeout = timeout_of(request.at("client"));
    if (const int err = io::set_socket_timeout(fd, timeout)) {
      std::cerr << "degu-client-adapter: setting the timeout: " << std::strerror(err) << "\n";
      return 2;
    }
    std::unique_ptr<io::Transport> transport;
    if (tls_config.empty()) {
      transport = std::make_unique<io::FdTransport>(fd);
    } else {
      auto loaded = degu::cli::load_client_tls(tls_config);
      if (const auto* why = std::get_if<std::string>(&loaded)) {
        std::cerr << "degu-client-adapter: --tls-config: " << *why << "\n";
        return 2;
      }
      const auto& tls = std::get<client::ClientTls>(loaded);
      // The host name checked: ADDR's host ("127.0.0.1", "::1").
      const bool v6 = connect.front() == '[';
      const std::string host = v6 ? connect.substr(1, connect.rfind("]:") - 1)
                                  : connect.substr(0, connect.rfind(':'));
      auto made = degu::tls::connect_tls(tls.context.get(), fd, host, tls.check_hostname,
                                         timeout);  // As the client's connect does.
      if (!made.ok()) {
        std::cerr << "degu-client-adapter: TLS: " << degu::tls::describe(made.error()) << "\n";
        return 1;
      }
      transport = std::make_unique<degu::tls::TlsTransport>(std::move(made).value());
    }
    client::Connection conn(std::move(transport), base_headers_of(request.at("client")));
    Json outcomes = Json::array();
    for (const Json& action : request.at("actions")) {
      outcomes.push_back(perform(conn, action));
    }
    conn.close();
    std::cout << outcomes.dump() << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "degu-client-adapter: bad input: " << e.what() << "\n";
    return 2;
  }
}
