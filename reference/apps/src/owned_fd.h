// owned_fd.h: a file descriptor closed with its owner (internal).
#pragma once

#include <unistd.h>

namespace degu::apps {

class OwnedFd {
 public:
  explicit OwnedFd(int fd) : fd_(fd) {}
  ~OwnedFd() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  OwnedFd(OwnedFd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  OwnedFd& operator=(OwnedFd&&) = delete;

  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace degu::apps
