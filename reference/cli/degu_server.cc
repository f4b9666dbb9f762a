// degu-server: the reference server on the command line.
//
//   degu-server --address ADDR --app APP [--tls-config FILE]
//               [--max-requests N] [--max-connections N] [--timeout S]
//
// ADDR is /abs/path.sock, @name (abstract; "@" alone: the kernel chooses),
// IPV4:PORT or [IPV6]:PORT (port 0: the system chooses).  APP is reflect
// (docs/REFLECT.md), files:DIR (FilesApp serving DIR, an absolute,
// normalised path of an existing directory) or proxy:ADDR (ProxyApp
// forwarding to the server at ADDR, which may name a host).  FILE is a
// JSON server TLS configuration (TLS-CONFIG-1), as degu-pki writes.
// The first line of standard output is the bound address; the server then
// serves until SIGINT or SIGTERM, stops cleanly and exits 0.  Connections
// are logged to standard error, never waiting for it: when nothing drains
// it, lines are dropped and their count logged later.  Exit 2 on bad
// arguments (a files DIR that is not such a directory included) or when
// the address cannot be bound, with a message on standard error.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <variant>

#include "degu/apps/files_app.h"
#include "degu/apps/proxy_app.h"
#include "degu/client/client.h"
#include "degu/server/reflect_app.h"
#include "degu/server/server.h"
#include "line_log.h"
#include "tls_files.h"

namespace {

constexpr int kUsageError = 2;

int usage_error(const std::string& message) {
  std::cerr << "degu-server: " << message << "\n";
  return kUsageError;
}

// kFilesPrefix, kProxyPrefix: --app files:DIR, --app proxy:ADDR.
constexpr std::string_view kFilesPrefix = "files:";
constexpr std::string_view kProxyPrefix = "proxy:";

// make_app: the application --app names, or a message saying why not.
std::variant<degu::server::App, std::string> make_app(const std::string& name) {
  if (name == "reflect") {
    return degu::server::App(degu::server::reflect_app);
  }
  if (name == "files") {
    return std::string("--app files needs a directory: --app files:DIR");
  }
  if (name.rfind(kFilesPrefix, 0) == 0) {
    const std::string dir = name.substr(kFilesPrefix.size());
    try {
      return degu::server::App(degu::apps::FilesApp(dir));
    } catch (const std::exception& e) {
      return "--app " + name + ": " + e.what();
    }
  }
  if (name == "proxy") {
    return std::string("--app proxy needs an upstream address: --app proxy:ADDR");
  }
  if (name.rfind(kProxyPrefix, 0) == 0) {
    auto upstream = degu::net::parse_address(name.substr(kProxyPrefix.size()),
                                             degu::net::Role::client);
    if (!upstream.ok()) {
      return "--app " + name + ": " + upstream.error();
    }
    return degu::server::App(degu::apps::ProxyApp(
        std::make_shared<const degu::client::Client>(upstream.address())));
  }
  return "--app: unknown application '" + name + "'";
}

// connection_line: the log line of a connection event.
std::string connection_line(const degu::server::Session& s) {
  std::string line = "degu-server: ";
  line += s.peer.empty() ? "(unnamed peer)" : s.peer;
  if (s.closed == degu::server::CloseReason::open) {
    line += ": connected";
  } else {
    line += ": closed after " + std::to_string(s.requests) + " response(s): " +
            degu::server::close_reason_name(s.closed);
    if (!s.detail.empty()) {
      line += " (" + s.detail + ")";
    }
  }
  return line;
}

// wait_for_stop_signal: blocks until SIGINT or SIGTERM arrives.  The
// signals are blocked in every thread (see main), so only this sees them.
void wait_for_stop_signal(const sigset_t& set) {
  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"degu-server: the Degu reference server"};
  std::string address_text;
  std::string app_name;
  std::string tls_config;
  degu::server::ServerOptions options;
  std::uint32_t max_requests = options.max_requests;
  std::uint32_t max_connections = options.max_connections;
  double timeout = 30.0;
  cli.add_option("--address", address_text,
                 "/abs/path.sock, @name, IPV4:PORT or [IPV6]:PORT")->required();
  cli.add_option("--app", app_name, "the application: reflect, files:DIR or proxy:ADDR")
      ->required();
  cli.add_option("--max-requests", max_requests, "per connection, 1-75000");
  cli.add_option("--max-connections", max_connections, "at once, at least 1");
  cli.add_option("--timeout", timeout, "seconds per receive or send");
  cli.add_option("--tls-config", tls_config,
                 "a JSON server TLS configuration (TLS-CONFIG-1)");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(e.what());
  }
  std::shared_ptr<SSL_CTX> tls;
  if (!tls_config.empty()) {
    auto loaded = degu::cli::load_server_tls(tls_config);
    if (auto* why = std::get_if<std::string>(&loaded)) {
      return usage_error(*why);
    }
    tls = std::get<std::shared_ptr<SSL_CTX>>(loaded);
  }
  auto app = make_app(app_name);
  if (auto* why = std::get_if<std::string>(&app)) {
    return usage_error(*why);
  }
  if (!(timeout > 0.0 && timeout <= 86400.0)) {
    return usage_error("--timeout must be more than 0 and at most 86400");
  }
  options.max_requests = max_requests;
  options.max_connections = max_connections;
  options.timeout = std::chrono::milliseconds(
      std::max<long long>(1, static_cast<long long>(timeout * 1000.0)));
  if (auto why = degu::server::check_options(options)) {
    return usage_error(*why);
  }
  auto parsed = degu::net::parse_address(address_text);
  if (!parsed.ok()) {
    return usage_error("--address: " + parsed.error());
  }

  // Block the stop signals before any thread starts, so every thread
  // inherits the mask and only sigwait receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // Standard error may be a pipe nobody drains: logging never waits.
  degu::cli::LineLog log(STDERR_FILENO);
  try {
    auto chosen = std::get<degu::server::App>(std::move(app));
    degu::server::Server server(parsed.address(), std::move(chosen), options);
    server.set_log([&log](const degu::server::Session& s) {
      log.write(connection_line(s));
    });
    if (tls) {
      server.set_tls(tls);
    }
    std::cout << degu::net::format_address(server.address()) << std::endl;
    std::thread serving([&server] { server.serve(); });
    wait_for_stop_signal(stop_signals);
    log.write("degu-server: stopping");
    server.stop();
    serving.join();
  } catch (const std::exception& e) {
    log.close(degu::cli::LineLog::kCloseWait);  // Its lines first.
    return usage_error(std::string("cannot serve on ") + address_text + ": " +
                       e.what());
  }
  return 0;
}
