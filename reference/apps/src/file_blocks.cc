// file_blocks.cc: file_blocks.
#include "file_blocks.h"

#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>

#include "degu/apps/files_app.h"

namespace degu::apps {

namespace {

struct Cursor {
  std::shared_ptr<const OwnedFd> file;
  std::uint64_t offset;
  std::uint64_t remaining;
};

using Block = std::optional<std::string>;

io::Result<Block> next_block(Cursor& c) {
  if (c.remaining == 0) {
    return Block();
  }
  const auto n = static_cast<std::size_t>(
      std::min<std::uint64_t>(c.remaining, kFileBlockSize));
  std::string block(n, '\0');
  ssize_t got = -1;
  do {
    got = ::pread(c.file->get(), block.data(), n, static_cast<off_t>(c.offset));
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    return io::Error::system(errno);
  }
  if (got == 0) {
    return Block();  // The file is shorter than it was.
  }
  block.resize(static_cast<std::size_t>(got));
  c.offset += static_cast<std::uint64_t>(got);
  c.remaining -= static_cast<std::uint64_t>(got);
  return Block(std::move(block));
}

}  // namespace

io::BlockSource file_blocks(std::shared_ptr<const OwnedFd> file,
                            std::uint64_t offset, std::uint64_t length) {
  auto cursor =
      std::make_shared<Cursor>(Cursor{std::move(file), offset, length});
  return [cursor]() { return next_block(*cursor); };
}

}  // namespace degu::apps
