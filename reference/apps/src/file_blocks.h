// file_blocks.h: a length stream's source over part of an open file
// (internal; APP-FILES-8).
#pragma once

#include <cstdint>
#include <memory>

#include "degu/io/output_body.h"
#include "owned_fd.h"

namespace degu::apps {

// file_blocks: the bytes [offset, offset + length) of file, in blocks of at
// most kFileBlockSize read with pread as the sender pulls them, then the
// end.  A read error gives io::Error::system(errno); a file that ends
// early ends the source early (the sender then fails with
// stream_too_short); a file that has grown gives only length bytes.
io::BlockSource file_blocks(std::shared_ptr<const OwnedFd> file,
                            std::uint64_t offset, std::uint64_t length);

}  // namespace degu::apps
