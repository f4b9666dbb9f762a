// test_pki.cc: shared_pki.
#include "test_pki.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace degu::tls::test {
namespace {

// TempDir: a directory made by mkdtemp, removed with its contents at exit.
struct TempDir {
  std::string path;
  ~TempDir() {
    if (!path.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  }
};

[[noreturn]] void give_up(const std::string& what, const Error& e) {
  std::cerr << "shared_pki: " << what << ": " << describe(e) << "\n";
  std::abort();
}

TestPki make_pki() {
  if (const char* dir = std::getenv("DEGU_TLS_TEST_PKI")) {
    auto opened = open_test_pki(dir);
    if (!opened.ok()) {
      give_up(std::string("cannot open the test PKI in ") + dir,
              opened.error());
    }
    return std::move(opened).value();
  }
  static TempDir temp;
  std::string pattern =
      (std::filesystem::temp_directory_path() / "degu-tls-test.XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) {
    give_up("mkdtemp", Error::system(errno, pattern));
  }
  temp.path = pattern;
  auto made = create_test_pki(temp.path, 2048);
  if (!made.ok()) {
    give_up("cannot make a test PKI", made.error());
  }
  return std::move(made).value();
}

}  // namespace

const TestPki& shared_pki() {
  static const TestPki pki = make_pki();
  return pki;
}

}  // namespace degu::tls::test
