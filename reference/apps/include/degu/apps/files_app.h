// files_app.h: FilesApp, which serves the files under one directory
// (APP-FILES-1..8).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "degu/server/app.h"

namespace degu::apps {

// kFileBlockSize: the most bytes FilesApp reads from a file at once while
// sending it; a body is never held in memory whole (APP-FILES-8).
inline constexpr std::size_t kFileBlockSize = 1048576;

// kIndexName: the file that answers the empty path "/" (APP-FILES-4).
inline constexpr const char* kIndexName = "index.html";

class FilesApp {
 public:
  // FilesApp: serves dir, which must be an absolute, normalised path (one
  // leading '/', no empty, "." or ".." component, no trailing '/' except
  // for "/" itself) of an existing directory, opened here once: later
  // renames of dir do not change what is served (APP-FILES-2).  Throws
  // std::invalid_argument for a path that is not so, std::system_error
  // when it cannot be opened as a directory.
  explicit FilesApp(std::string dir);

  // dir: the directory as given.
  const std::string& dir() const { return dir_; }

  // operator(): one request, decided in this order:
  //   1. a method other than GET and HEAD: 405 Method Not Allowed
  //      (APP-FILES-1);
  //   2. a ".." component: 400 Bad Request (APP-FILES-3);
  //   3. the file: the components joined by '/', or index.html for the
  //      empty path, opened below dir (symbolic links followed); missing:
  //      404 Not Found; a directory or any other failure: AppFailure, so
  //      the connection closes unanswered (APP-FILES-4);
  //   4. no range: 200 OK, content-length: the file's size (APP-FILES-5);
  //   5. range FIRST-LAST with LAST at or beyond the size: 416 Range Not
  //      Satisfiable; otherwise 206 Partial Content, content-length:
  //      LAST - FIRST + 1, content-range: bytes FIRST-LAST/SIZE
  //      (APP-FILES-6);
  //   6. a 200 or 206 also has content-type when content_type_for(the
  //      file name) names one (APP-FILES-7); its body, for GET only, is
  //      those bytes of the file, read in blocks as it is sent
  //      (APP-FILES-8).  Answers 400 to 416 have no headers and no body.
  server::AppResult operator()(server::Session& session,
                               server::Request& request) const;

 private:
  struct Directory;  // The open directory, shared by copies.

  std::string dir_;
  std::shared_ptr<const Directory> directory_;
};

}  // namespace degu::apps
