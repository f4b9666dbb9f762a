// length_body.cc: a content-length body (BODY-STATE-*, BODY-SHORT-1,
// BODY-BUFFER-1, BODY-BLOCK-1, BODY-READ-1, BODY-READ-2, BODY-CONSUME-1,
// BODY-ZERO-1, BODY-ERROR-1).
#include <algorithm>
#include <cstdlib>

#include "degu/core/limits.h"
#include "degu/io/body.h"

namespace degu::io {

using core::kIoBlockSize;
using core::kMaxIoSize;

std::string_view body_state_name(BodyState s) {
  switch (s) {
    case BodyState::ready:
      return "ready";
    case BodyState::started:
      return "started";
    case BodyState::consumed:
      return "consumed";
    case BodyState::error:
      return "error";
  }
  std::abort();  // Not a BodyState: a program bug.
}

Error LengthBody::failed(Error e) {
  state_ = BodyState::error;
  reader_.close();  // BODY-ERROR-1: no further message on this connection.
  return e;
}

// read_into: n more body bytes into out, or the failure that stopped them.
Result<Ok> LengthBody::read_into(std::string& out, std::size_t n) {
  out.resize(n);
  const auto got = reader_.read_exact(out);
  if (!got.ok()) {
    return got.error();
  }
  if (*got < n) {
    return Error::of(Errc::body_incomplete);  // Never delivered as complete.
  }
  remaining_ -= n;
  return Ok{};
}

Result<std::string> LengthBody::read_all() {
  if (state_ != BodyState::ready && state_ != BodyState::started) {
    return Error::of(Errc::body_state);
  }
  if (remaining_ > kMaxIoSize) {
    return Error::of(Errc::read_too_large);  // Before any I/O; no change.
  }
  state_ = BodyState::started;
  std::string out;
  if (auto r = read_into(out, static_cast<std::size_t>(remaining_)); !r.ok()) {
    return failed(r.error());
  }
  state_ = BodyState::consumed;
  return out;
}

Result<std::string> LengthBody::read(std::size_t max) {
  if (state_ != BodyState::ready && state_ != BodyState::started) {
    return Error::of(Errc::body_state);
  }
  if (max > kMaxIoSize) {
    return Error::of(Errc::read_too_large);  // Before any I/O; no change.
  }
  if (remaining_ == 0) {
    // BODY-CONSUME-1: only a read that finds nothing left observes the end.
    state_ = BodyState::consumed;
    return std::string();
  }
  state_ = BodyState::started;
  const std::size_t n =
      static_cast<std::size_t>(std::min<std::uint64_t>(max, remaining_));
  std::string out;
  if (auto r = read_into(out, n); !r.ok()) {
    return failed(r.error());
  }
  return out;
}

Result<std::uint64_t> LengthBody::stream(const BlockSink& sink) {
  if (state_ != BodyState::ready) {
    return Error::of(Errc::body_state);  // BODY-STATE-3: streams from ready.
  }
  state_ = BodyState::started;
  std::string block;
  while (remaining_ > 0) {
    const std::size_t n = static_cast<std::size_t>(
        std::min<std::uint64_t>(remaining_, kIoBlockSize));
    if (auto r = read_into(block, n); !r.ok()) {
      return failed(r.error());
    }
    if (auto r = sink(block); !r.ok()) {
      return failed(r.error());  // The body is left half read.
    }
  }
  state_ = BodyState::consumed;
  return length_;
}

}  // namespace degu::io
