// test_util.h: driving applications in the application library's tests.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "degu/core/types.h"
#include "degu/io/memory_transport.h"
#include "degu/server/connection.h"

namespace degu::apps::test {

// Exchange: what a connection served by an application sent, and why it
// ended.
struct Exchange {
  std::string written;
  server::CloseReason closed = server::CloseReason::open;
  std::uint32_t responses = 0;
};

// serve: serves input (raw request bytes, possibly several pipelined
// requests) with app over a scripted peer, through the whole server loop
// (serve_connection), so the response bytes are checked as sent.
inline Exchange serve(const server::App& app, std::string input) {
  io::MemoryTransport t({std::move(input)});
  server::Session session;
  server::serve_connection(t, session, app);
  EXPECT_TRUE(t.closed());
  return {t.written(), session.closed, session.requests};
}

// request: a Request built directly, for calling an application without
// the wire: path as given, no query, no body.
inline server::Request request(core::Method method,
                               std::vector<std::string> path,
                               std::optional<core::ByteRange> range = {}) {
  core::Request parsed;
  parsed.method = method;
  parsed.path = std::move(path);
  parsed.uri = "/";
  for (std::size_t i = 0; i < parsed.path.size(); ++i) {
    parsed.uri += (i > 0 ? "/" : "") + parsed.path[i];
  }
  parsed.headers.range = range;
  return server::Request(std::move(parsed), io::NoBody{});
}

// response: the Response in result; fails the test if it is an AppFailure.
inline server::Response response(server::AppResult result) {
  auto* r = std::get_if<server::Response>(&result);
  if (r == nullptr) {
    ADD_FAILURE() << "AppFailure: " << std::get<server::AppFailure>(result).why;
    return {};
  }
  return std::move(*r);
}

// TempDir: a fresh directory (mkdtemp), removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "degu-apps-test-XXXXXX")
            .string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp failed for " << tmpl;
    }
    path_ = tmpl;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  // write: creates or replaces the file name (relative) holding data.
  void write(const std::string& name, const std::string& data) const {
    std::ofstream out(path_ + "/" + name, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    ASSERT_TRUE(out.good()) << name;
  }

  // mkdir: creates the directory name (relative).
  void mkdir(const std::string& name) const {
    std::filesystem::create_directory(path_ + "/" + name);
  }

 private:
  std::string path_;
};

}  // namespace degu::apps::test
