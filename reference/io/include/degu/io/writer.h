// writer.h: writing to a Transport, whole, with short writes handled.
//
// The Writer collects small writes in one buffer and sends them together,
// so a preamble and a small body leave in one send (as in the original);
// larger writes go straight out.  flush() sends what is collected.  A
// preamble is rendered completely by the core before a byte of it is
// collected, so a refused preamble sends nothing (OUT-ATOMIC-1).
//
// Any I/O failure closes the transport (GEN-CLOSE-1) and drops what was
// collected; every later call then fails with closed.  A refused rendering
// is not an I/O failure and leaves the connection open (CLI-CLOSE-2).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "degu/core/limits.h"
#include "degu/core/types.h"
#include "degu/io/result.h"
#include "degu/io/transport.h"

namespace degu::io {

// kWriteBufferSize: the Writer's buffer; a whole rendered preamble fits
// (OUT-SIZE-1), as in the original.
inline constexpr std::size_t kWriteBufferSize = core::kMaxPreambleSize;

class Writer {
 public:
  // Writer: writes to transport, which must outlive it.
  explicit Writer(Transport& transport);

  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // write: queues bytes behind everything written before.  Bytes that fit
  // the buffer are only collected; otherwise the buffer is flushed and
  // bytes sent at once.  Failures: system, timeout or closed (the
  // connection is then closed).
  Result<Ok> write(std::string_view bytes);

  // flush: sends everything collected, however many short writes it takes.
  // Failures: as write.
  Result<Ok> flush();

  // write_request: renders a request preamble (core::render_request, with
  // the framing header of body) and queues it.  Failures: the rendering's
  // core Failure as protocol, with nothing queued and the connection left
  // open (OUT-ATOMIC-1); otherwise as write.
  Result<Ok> write_request(std::string_view method, std::string_view uri,
                           const std::vector<core::Header>& headers,
                           core::Framing body);

  // write_response: as write_request, for core::render_response.
  Result<Ok> write_response(unsigned status, std::string_view reason,
                            const std::vector<core::Header>& headers,
                            core::Framing body);

  // close: drops what was collected, unsent, and closes the transport
  // (OUT-BODY-3: after a failed body nothing more is sent).
  void close();

  // closed: whether the transport is closed.
  bool closed() const { return transport_.closed(); }

  // pending: bytes collected but not sent yet.
  std::size_t pending() const { return buffer_.size(); }

 private:
  Result<Ok> send_all(std::string_view bytes);

  Transport& transport_;
  std::string buffer_;
};

}  // namespace degu::io
