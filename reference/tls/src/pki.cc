// pki.cc: making and opening a test PKI on disk (TLS-PKI-3): the
// directory, the files and their modes, the JSON configurations.
#include "degu/tls/pki.h"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "openssl_error.h"
#include "x509_build.h"

namespace degu::tls {
namespace {

// layout: the paths of the PKI in dir (an absolute, normalised path).
TestPki layout(const std::string& dir) {
  TestPki p;
  p.dir = dir;
  const std::string base = dir == "/" ? dir : dir + "/";
  p.server_ca_key = base + "server-ca.key";
  p.server_ca_cert = base + "server-ca.ca";
  p.server_key = base + "server.key";
  p.server_cert = base + "server.cert";
  p.client_ca_key = base + "client-ca.key";
  p.client_ca_cert = base + "client-ca.ca";
  p.client_key = base + "client.key";
  p.client_cert = base + "client.cert";
  p.server_json = base + "server.json";
  p.server_anonymous_json = base + "server-anonymous.json";
  p.client_json = base + "client.json";
  p.client_anonymous_json = base + "client-anonymous.json";
  return p;
}

// absolute_dir: dir made absolute and normalised (TLS-PATH-1), or why not.
Result<std::string> absolute_dir(const std::string& dir) {
  if (dir.empty()) {
    return Error::of(Errc::pki, "the PKI directory name is empty");
  }
  std::error_code ec;
  std::string path = std::filesystem::absolute(dir, ec).lexically_normal();
  if (ec) {
    return Error::system(ec.value(), "cannot make " + dir + " absolute");
  }
  while (path.size() > 1 && path.back() == '/') {
    path.pop_back();
  }
  if (auto e = check_path("dir", path)) {
    return Error::of(Errc::pki, e->message);
  }
  return path;
}

// is_empty_dir: whether path names a directory without entries.
Result<bool> is_empty_dir(const std::string& path) {
  DIR* d = ::opendir(path.c_str());
  if (d == nullptr) {
    return Error::system(errno, "cannot open the directory " + path);
  }
  bool empty = true;
  while (const dirent* entry = ::readdir(d)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") {
      empty = false;
      break;
    }
  }
  ::closedir(d);
  return empty;
}

// prepare_dir: path as an empty directory of mode 0700 (see
// create_test_pki).
std::optional<Error> prepare_dir(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) {
      return Error::system(errno, "cannot stat " + path);
    }
    if (::mkdir(path.c_str(), 0700) != 0) {
      return Error::system(errno, "cannot create the directory " + path);
    }
  } else {
    if (!S_ISDIR(st.st_mode)) {
      return Error::of(Errc::pki, path + " exists and is not a directory");
    }
    auto empty = is_empty_dir(path);
    if (!empty.ok()) {
      return empty.error();
    }
    if (!*empty) {
      return Error::of(Errc::pki, path +
                                      " is not empty: a test PKI is never "
                                      "written over existing files");
    }
  }
  // mkdir's mode went through the umask; the keys need exactly 0700.
  if (::chmod(path.c_str(), 0700) != 0) {
    return Error::system(errno, "cannot chmod 0700 " + path);
  }
  return std::nullopt;
}

// write_new_file: a new file at path (never an existing one, never through
// a symbolic link) with mode 0600 holding data.
std::optional<Error> write_new_file(const std::string& path,
                                    std::string_view data) {
  const int fd = ::open(
      path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error::system(errno, "cannot create " + path);
  }
  std::optional<Error> error;
  if (::fchmod(fd, 0600) != 0) {
    error = Error::system(errno, "cannot chmod 0600 " + path);
  }
  while (!error && !data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      error = Error::system(errno, "cannot write " + path);
      break;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::close(fd) != 0 && !error) {
    error = Error::system(errno, "cannot close " + path);
  }
  return error;
}

// Party: a key and its identity.
struct Party {
  EvpPkeyPtr key;
  std::string id;
};

Result<Party> new_party(int bits) {
  auto key = detail::generate_rsa_key(bits);
  if (!key.ok()) {
    return key.error();
  }
  auto id = key_identity(key->get());
  if (!id.ok()) {
    return id.error();
  }
  return Party{std::move(key).value(), std::move(id).value()};
}

// Writer: writes PEM and JSON files, keeping the first failure.
struct Writer {
  std::optional<Error> error;

  void text(const std::string& path, const Result<std::string>& data) {
    if (error) {
      return;
    }
    if (!data.ok()) {
      error = data.error();
      return;
    }
    error = write_new_file(path, *data);
  }

  void json(const std::string& path, const nlohmann::json& j) {
    text(path, j.dump(2) + "\n");
  }
};

// read_cert_identity: the identity of the key of the certificate at path,
// checked against its CN.
Result<std::string> read_cert_identity(const std::string& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)
                   : nullptr);
  if (!cert) {
    return Error::of(Errc::pki, detail::with_reason("cannot read the "
                                                    "certificate " +
                                                    path));
  }
  auto id = key_identity(X509_get0_pubkey(cert.get()));
  if (!id.ok()) {
    return id.error();
  }
  char cn[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName,
                            cn, sizeof cn);
  if (*id != cn) {
    return Error::of(Errc::pki, "the CN of " + path + " (" + cn +
                                    ") is not its key's identity " + *id);
  }
  return id;
}

}  // namespace

ServerTlsConfig TestPki::server_config() const {
  return {server_cert, server_key, client_ca_cert, std::nullopt, false};
}

ServerTlsConfig TestPki::anonymous_server_config() const {
  return {server_cert, server_key, std::nullopt, std::nullopt, true};
}

ClientTlsConfig TestPki::client_config() const {
  return {client_cert, client_key, server_ca_cert, std::nullopt, true};
}

ClientTlsConfig TestPki::anonymous_client_config() const {
  return {std::nullopt, std::nullopt, server_ca_cert, std::nullopt, true};
}

std::vector<std::pair<std::string, std::string>> TestPki::files() const {
  return {{"server_ca_key", server_ca_key},
          {"server_ca_cert", server_ca_cert},
          {"server_key", server_key},
          {"server_cert", server_cert},
          {"client_ca_key", client_ca_key},
          {"client_ca_cert", client_ca_cert},
          {"client_key", client_key},
          {"client_cert", client_cert},
          {"server_json", server_json},
          {"server_anonymous_json", server_anonymous_json},
          {"client_json", client_json},
          {"client_anonymous_json", client_anonymous_json}};
}

Result<TestPki> create_test_pki(const std::string& dir, int bits) {
  if (!is_valid_key_bits(bits)) {
    return Error::of(Errc::pki, "RSA key size " + std::to_string(bits) +
                                    " is not 1024, 2048, 3072 or 4096");
  }
  auto path = absolute_dir(dir);
  if (!path.ok()) {
    return path.error();
  }
  if (auto e = prepare_dir(*path)) {
    return *e;
  }
  TestPki p = layout(*path);

  Party parties[4];  // server CA, server, client CA, client.
  for (auto& party : parties) {
    auto made = new_party(bits);
    if (!made.ok()) {
      return made.error();
    }
    party = std::move(made).value();
  }
  auto& [server_ca, server, client_ca, client] = parties;
  p.server_ca_id = server_ca.id;
  p.server_id = server.id;
  p.client_ca_id = client_ca.id;
  p.client_id = client.id;

  detail::SubjectAltNames server_names;
  server_names.dns.push_back(server.id);
  for (const auto name : kServerHostNames) {
    server_names.dns.emplace_back(name);
  }
  for (const auto address : kServerAddresses) {
    server_names.ip.emplace_back(address);
  }
  auto server_ca_cert = detail::make_ca(server_ca.key.get(), server_ca.id);
  auto client_ca_cert = detail::make_ca(client_ca.key.get(), client_ca.id);
  if (!server_ca_cert.ok()) {
    return server_ca_cert.error();
  }
  if (!client_ca_cert.ok()) {
    return client_ca_cert.error();
  }
  auto server_cert = detail::issue_certificate(
      server.key.get(), server.id, server_ca_cert->get(), server_ca.key.get(),
      server_names);
  auto client_cert =
      detail::issue_certificate(client.key.get(), client.id,
                                client_ca_cert->get(), client_ca.key.get(), {});
  if (!server_cert.ok()) {
    return server_cert.error();
  }
  if (!client_cert.ok()) {
    return client_cert.error();
  }

  Writer w;
  w.text(p.server_ca_key, detail::private_key_pem(server_ca.key.get()));
  w.text(p.server_ca_cert, detail::certificate_pem(server_ca_cert->get()));
  w.text(p.server_key, detail::private_key_pem(server.key.get()));
  w.text(p.server_cert, detail::certificate_pem(server_cert->get()));
  w.text(p.client_ca_key, detail::private_key_pem(client_ca.key.get()));
  w.text(p.client_ca_cert, detail::certificate_pem(client_ca_cert->get()));
  w.text(p.client_key, detail::private_key_pem(client.key.get()));
  w.text(p.client_cert, detail::certificate_pem(client_cert->get()));
  w.json(p.server_json, to_json(p.server_config()));
  w.json(p.server_anonymous_json, to_json(p.anonymous_server_config()));
  w.json(p.client_json, to_json(p.client_config()));
  w.json(p.client_anonymous_json, to_json(p.anonymous_client_config()));
  if (w.error) {
    return *w.error;
  }
  return p;
}

Result<TestPki> open_test_pki(const std::string& dir) {
  auto path = absolute_dir(dir);
  if (!path.ok()) {
    return path.error();
  }
  TestPki p = layout(*path);
  for (const auto& [name, file] : p.files()) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      return Error::of(Errc::pki,
                       "the test PKI in " + p.dir + " has no " + file);
    }
  }
  std::string* ids[] = {&p.server_ca_id, &p.server_id, &p.client_ca_id,
                        &p.client_id};
  const std::string* certs[] = {&p.server_ca_cert, &p.server_cert,
                                &p.client_ca_cert, &p.client_cert};
  for (std::size_t i = 0; i < 4; ++i) {
    auto id = read_cert_identity(*certs[i]);
    if (!id.ok()) {
      return id.error();
    }
    *ids[i] = std::move(id).value();
  }
  return p;
}

}  // namespace degu::tls
