// writer.cc: collecting, flushing and whole writes (OUT-ATOMIC-1).
#include "degu/io/writer.h"

#include "degu/core/render.h"

namespace degu::io {

Writer::Writer(Transport& transport) : transport_(transport) {
  buffer_.reserve(kWriteBufferSize);
}

void Writer::close() {
  buffer_.clear();
  transport_.close();
}

Result<Ok> Writer::send_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto sent = transport_.write_some(bytes);
    if (!sent.ok()) {
      close();
      return sent.error();
    }
    if (*sent == 0 || *sent > bytes.size()) {
      close();  // A transport that breaks its contract cannot be trusted.
      return Error::of(Errc::closed);
    }
    bytes.remove_prefix(*sent);
  }
  return Ok{};
}

Result<Ok> Writer::flush() {
  if (transport_.closed()) {
    return Error::of(Errc::closed);
  }
  const auto sent = send_all(buffer_);
  buffer_.clear();
  return sent;
}

Result<Ok> Writer::write(std::string_view bytes) {
  if (transport_.closed()) {
    return Error::of(Errc::closed);
  }
  if (buffer_.size() + bytes.size() <= kWriteBufferSize) {
    buffer_.append(bytes);
    return Ok{};
  }
  if (auto flushed = flush(); !flushed.ok()) {
    return flushed;
  }
  if (bytes.size() <= kWriteBufferSize) {
    buffer_.append(bytes);
    return Ok{};
  }
  return send_all(bytes);
}

Result<Ok> Writer::write_request(std::string_view method, std::string_view uri,
                                 const std::vector<core::Header>& headers,
                                 core::Framing body) {
  if (transport_.closed()) {
    return Error::of(Errc::closed);
  }
  const auto preamble = core::render_request(method, uri, headers, body);
  if (!preamble.ok()) {
    return preamble.failure();  // Nothing queued (OUT-ATOMIC-1).
  }
  return write(*preamble);
}

Result<Ok> Writer::write_response(unsigned status, std::string_view reason,
                                  const std::vector<core::Header>& headers,
                                  core::Framing body) {
  if (transport_.closed()) {
    return Error::of(Errc::closed);
  }
  const auto preamble = core::render_response(status, reason, headers, body);
  if (!preamble.ok()) {
    return preamble.failure();  // Nothing queued (OUT-ATOMIC-1).
  }
  return write(*preamble);
}

}  // namespace degu::io
