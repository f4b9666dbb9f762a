// files_app.cc: FilesApp (APP-FILES-1..8).
#include "degu/apps/files_app.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <vector>

#include "degu/apps/content_type.h"
#include "degu/apps/responses.h"
#include "file_blocks.h"
#include "owned_fd.h"

namespace degu::apps {

struct FilesApp::Directory {
  OwnedFd fd;
};

namespace {

// is_normal_absolute: APP-FILES-2's path form.  The original compares the
// path with Python's os.path.abspath of it, which also lets "//x" through
// (POSIX gives a leading "//" its own meaning); refused here.
bool is_normal_absolute(std::string_view dir) {
  if (dir.empty() || dir.front() != '/' ||
      dir.find('\0') != std::string_view::npos) {
    return false;
  }
  if (dir == "/") {
    return true;
  }
  std::size_t start = 1;
  for (;;) {
    const std::size_t end = dir.find('/', start);
    const std::string_view part = dir.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") {
      return false;
    }
    if (end == std::string_view::npos) {
      return true;
    }
    start = end + 1;
  }
}

// refused_path: APP-FILES-3.  The original refuses only "..", the one bad
// component a request line can carry (URI-PATH-4); a Request built
// directly could also carry '/', NUL or an empty component before the
// last, which would name something outside the directory, so those are
// refused the same way.
bool refused_path(const std::vector<std::string>& path) {
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& c = path[i];
    if (c == ".." ||
        c.find_first_of(std::string_view("/\0", 2)) != std::string::npos) {
      return true;
    }
    if (c.empty() && i + 1 < path.size()) {
      return true;
    }
  }
  return false;
}

std::string file_name(const std::vector<std::string>& path) {
  if (path.empty()) {
    return kIndexName;
  }
  std::string name;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) {
      name += '/';
    }
    name += path[i];
  }
  return name;
}

server::AppFailure failure(const std::string& name, int error) {
  return {"FilesApp: '" + name + "': " + std::strerror(error)};
}

// OpenFile: the file opened for reading and its size, or why not.
struct OpenFile {
  std::shared_ptr<const OwnedFd> fd;
  std::uint64_t size = 0;
  int error = 0;  // errno, when fd is null.
};

// open_file: opens name below dir, as GET needs it; HEAD does the same so
// that it answers what GET would (APP-FILES-4): a directory is EISDIR, as
// Python's open reports it.
OpenFile open_file(int dir, const std::string& name) {
  const int fd = ::openat(dir, name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return {nullptr, 0, errno};
  }
  auto owned = std::make_shared<const OwnedFd>(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    return {nullptr, 0, errno};
  }
  if (S_ISDIR(st.st_mode)) {
    return {nullptr, 0, EISDIR};
  }
  return {std::move(owned), static_cast<std::uint64_t>(st.st_size), 0};
}

}  // namespace

FilesApp::FilesApp(std::string dir) : dir_(std::move(dir)) {
  if (!is_normal_absolute(dir_)) {
    throw std::invalid_argument("FilesApp: '" + dir_ +
                                "' is not an absolute, normalised path");
  }
  const int fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    throw std::system_error(errno, std::generic_category(),
                            "FilesApp: cannot open directory '" + dir_ + "'");
  }
  directory_ = std::make_shared<const Directory>(Directory{OwnedFd(fd)});
}

server::AppResult FilesApp::operator()(server::Session& /*session*/,
                                       server::Request& request) const {
  const core::Method method = request.method();
  if (method != core::Method::get && method != core::Method::head) {
    return method_not_allowed();
  }
  if (refused_path(request.path())) {
    return bad_request();
  }
  const std::string name = file_name(request.path());
  OpenFile file = open_file(directory_->fd.get(), name);
  if (file.fd == nullptr) {
    if (file.error == ENOENT) {
      return not_found();
    }
    return failure(name, file.error);  // As the original: it raises.
  }

  server::Response r;
  std::uint64_t first = 0;
  std::uint64_t length = file.size;
  if (const auto& range = request.headers().range) {
    if (range->last >= file.size) {
      return range_not_satisfiable();
    }
    first = range->first;
    length = range->last - range->first + 1;
    r.status = 206;
    r.reason = "Partial Content";
    r.headers.push_back({"content-range", "bytes " + std::to_string(first) +
                                              "-" +
                                              std::to_string(range->last) +
                                              "/" + std::to_string(file.size)});
  }
  r.headers.push_back({"content-length", std::to_string(length)});
  if (auto type = content_type_for(name)) {
    r.headers.push_back({"content-type", std::string(*type)});
  }
  if (method == core::Method::get) {
    r.body = io::OutputBody::length_stream(
        length, file_blocks(std::move(file.fd), first, length));
  }
  return r;
}

}  // namespace degu::apps
