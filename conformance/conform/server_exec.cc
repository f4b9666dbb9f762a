// server_exec.cc: starting, checking and stopping servers under test.
#include "server_exec.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "degu/net/socket.h"

namespace degu::conform {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kStartLimit = std::chrono::seconds(20);
constexpr auto kStopLimit = std::chrono::seconds(10);


std::string log_tail(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  std::string out;
  for (std::size_t i = lines.size() > 15 ? lines.size() - 15 : 0; i < lines.size(); ++i) {
    out += "\n    " + lines[i];
  }
  return out.empty() ? " (the log is empty)" : out;
}

// free_port: a loopback port the system hands out and is free right now.
std::uint16_t free_port(int family) {
  const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw SetupError("socket: cannot find a free port");
  }
  sockaddr_storage ss{};
  socklen_t len;
  if (family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_loopback;
    len = sizeof *a;
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
    ::close(fd);
    throw SetupError(family == AF_INET ? "no IPv4 loopback (127.0.0.1) to test over"
                                       : "no IPv6 loopback (::1) to test over");
  }
  ::close(fd);
  const in_port_t port = family == AF_INET ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                                           : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port;
  return ntohs(port);
}

}  // namespace

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos;
       pos += to.size()) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

std::string transport_of(const Target& t) {
  return t.tls ? "tls" : transport_of(t.address);
}

std::string transport_of(const net::Address& a) {
  if (std::holds_alternative<net::UnixAddress>(a)) {
    return "unix";
  }
  if (std::holds_alternative<net::AbstractAddress>(a)) {
    return "abstract";
  }
  return std::holds_alternative<net::Inet6Address>(a) ? "v6" : "v4";
}

std::vector<std::string> placeholders(const std::string& command) {
  std::vector<std::string> out;
  for (std::size_t pos = 0; (pos = command.find('{', pos)) != std::string::npos;) {
    const std::size_t end = command.find('}', pos);
    if (end == std::string::npos) {
      out.push_back(command.substr(pos));
      break;
    }
    out.push_back(command.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return out;
}

ExecPlan exec_arguments(const std::string& command, const std::string& options) {
  ExecPlan plan;
  const auto wanted = nlohmann::json::parse(options);
  const nlohmann::json defaults = {
      {"max_connections", 50}, {"max_requests", 1000}, {"timeout", 30}};
  std::string error;
  auto words = split_command(command, &error);
  if (!words) {
    plan.reason = "the --exec command has " + error;
    return plan;
  }
  for (const auto& [key, value] : wanted.items()) {
    if (command.find("{" + key + "}") == std::string::npos) {
      plan.reason = "needs a server started with options " + options +
                    ", and the --exec command has no {" + key + "}";
      return plan;
    }
  }
  for (std::string& w : *words) {
    for (const auto& [key, value] : defaults.items()) {
      const auto& v = wanted.contains(key) ? wanted[key] : value;
      w = replace_all(w, "{" + key + "}", v.dump());
    }
  }
  plan.words = *words;
  return plan;
}

net::Address fresh_address(const std::string& transport,
                           const std::filesystem::path& work_dir, int serial) {
  const std::string name = "degu-conform-" + std::to_string(::getpid()) + "-" +
                           std::to_string(serial);
  if (transport == "unix") {
    return net::UnixAddress{(work_dir / ("s" + std::to_string(serial) + ".sock")).string()};
  }
  if (transport == "abstract") {
    return net::AbstractAddress{name};
  }
  if (transport == "v6") {
    return net::Inet6Address{"::1", free_port(AF_INET6), 0, 0};
  }
  return net::HostPortAddress{"127.0.0.1", free_port(AF_INET)};  // v4, tls.
}

ExecServer::ExecServer(const Config& config, const std::string& transport,
                       const ExecPlan& plan, int serial)
    : address_(fresh_address(transport, config.work_dir, serial)),
      log_path_((config.work_dir / ("server-" + std::to_string(serial) + ".log")).string()) {
  const std::string text = net::format_address(address_);
  for (const std::string& w : plan.words) {
    words_.push_back(replace_all(w, "{address}", text));
  }
  start();
}

void ExecServer::start() {
  if (const auto* unix_path = std::get_if<net::UnixAddress>(&address_)) {
    std::filesystem::remove(unix_path->path);  // A crashed server's leftover.
  }
  std::string error;
  process_ = Spawned::start(words_, log_path_, &error);
  if (!process_) {
    throw SetupError("cannot start the server: " + error);
  }
  std::string command;
  for (const auto& w : words_) {
    command += (command.empty() ? "" : " ") + w;
  }
  const auto deadline = Clock::now() + kStartLimit;
  while (true) {
    if (!process_->running()) {
      throw SetupError("the server " + process_->ended() + " before accepting connections: " +
                       command + "\n  its output:" + log_tail(log_path_));
    }
    try {
      ::close(net::connect_to(address_, std::chrono::seconds(1)));
      return;
    } catch (const std::exception&) {
    }
    if (Clock::now() > deadline) {
      process_->stop(kStopLimit);
      throw SetupError("the server accepted no connection on " +
                       net::format_address(address_) + " within 20 s: " + command +
                       "\n  its output:" + log_tail(log_path_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

bool ExecServer::ensure_running(std::vector<std::string>* notes,
                                const std::string& before_case) {
  if (process_ && process_->running()) {
    return true;
  }
  notes->push_back("the server on " + net::format_address(address_) + " had " +
                   (process_ ? process_->ended() : std::string("stopped")) +
                   " before case " + before_case + "; it was started again");
  try {
    start();
  } catch (const SetupError& e) {
    notes->push_back(e.what());
    return false;
  }
  return true;
}

void ExecServer::stop(std::vector<std::string>* notes) {
  if (!process_) {
    return;
  }
  const std::string how = process_->stop(kStopLimit);
  if (how.find("did not stop") != std::string::npos) {
    notes->push_back("the server on " + net::format_address(address_) + " " + how);
  }
  process_.reset();
}

}  // namespace degu::conform
