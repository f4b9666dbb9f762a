// server_exec.h: servers under test that the runner starts itself
// (`degu-conform server --exec 'CMD {address} ...'`).
//
// Placeholders in the command: {address} (a fresh address of the
// transport, in the reference CLIs' text form), {max_connections},
// {max_requests} and {timeout} (the server options a case needs, or the
// defaults 50, 1000 and 30 of SRV-MAXCONN-1, SRV-MAXREQ-1 and
// SRV-TIMEOUT-1).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "degu/net/address.h"
#include "process.h"
#include "runner.h"

namespace degu::conform {

// transport_of: "unix", "abstract", "v4" or "v6" for an address; for a
// target, "tls" when it speaks TLS.
std::string transport_of(const net::Address& address);
std::string transport_of(const Target& target);

// replace_all: text with every from replaced by to (placeholders).
std::string replace_all(std::string text, const std::string& from, const std::string& to);

// placeholders: the {names} in a command template, in order.
std::vector<std::string> placeholders(const std::string& command);

// ExecPlan: the command's words with the server options filled in ({address}
// is left for the start), or why the options cannot be given to it.
struct ExecPlan {
  std::vector<std::string> words;
  std::string reason;
};

// exec_arguments: the plan for a server with options (canonical JSON).  A
// vector option whose placeholder the command lacks cannot be run.
ExecPlan exec_arguments(const std::string& command, const std::string& options);

// fresh_address: an unused address of transport: a socket path under
// work_dir, an abstract name, or a loopback port the system just handed
// out.
net::Address fresh_address(const std::string& transport,
                           const std::filesystem::path& work_dir, int serial);

// ExecServer: one started server, ready to accept connections.
class ExecServer {
 public:
  // ExecServer: starts the plan's command on a fresh address and waits
  // until a connection succeeds.  Throws SetupError, with the tail of the
  // server's log, when it cannot be executed or exits first or is not
  // ready within 20 s.
  ExecServer(const Config& config, const std::string& transport, const ExecPlan& plan,
             int serial);
  const net::Address& address() const { return address_; }
  // pid: the server's process (the command itself, not a shell: the
  // runner executes the words directly), 0 when it is not running.
  int pid() const { return process_ ? static_cast<int>(process_->pid()) : 0; }
  // ensure_running: true when the server is running, starting it again
  // (with a note naming the case) when it has exited.
  bool ensure_running(std::vector<std::string>* notes, const std::string& before_case);
  // stop: SIGTERM by its PID; a note when it had to be killed.
  void stop(std::vector<std::string>* notes);

 private:
  void start();
  std::vector<std::string> words_;
  net::Address address_;
  std::string log_path_;
  std::optional<Spawned> process_;
};

}  // namespace degu::conform
