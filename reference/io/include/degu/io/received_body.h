// received_body.h: the body of a received message (request or response) as
// its framing says: none, a length body or a chunked body, and the holder
// that owns it while the message is being handled.  Servers and clients
// use the same pieces (SRV-CONSUME-1, CLI-CONSUME-1).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "degu/core/types.h"
#include "degu/io/body.h"
#include "degu/io/reader.h"
#include "degu/io/result.h"

namespace degu::io {

// NoBody: the message has no body (FRAME-REQ-1, FRAME-RSP-1).
struct NoBody {
  friend bool operator==(NoBody, NoBody) = default;
};

// ReceivedBody: a view of the body a BodyHolder owns.
using ReceivedBody = std::variant<NoBody, LengthBody*, ChunkedBodyReader*>;

// body_consumed: whether body is none or consumed (BODY-CONSUME-1).
bool body_consumed(const ReceivedBody& body);

// read_all: every remaining byte of body (for a chunked body, the data of
// its chunks joined); no bytes for none.  Failures: the body's read_all's.
Result<std::string> read_all(const ReceivedBody& body);

// BodyHolder: owns the body of the message being handled on a connection.
class BodyHolder {
 public:
  BodyHolder() = default;
  BodyHolder(const BodyHolder&) = delete;  // Views point into it.
  BodyHolder& operator=(const BodyHolder&) = delete;

  // open: the body framing announces, read from reader (which must outlive
  // it); the previous body, if any, is dropped.
  ReceivedBody open(Reader& reader, const core::Framing& framing);

  // current: the body open() gave last, or none.
  ReceivedBody current();

  // reset: drops the body.
  void reset();

 private:
  std::optional<LengthBody> length_;
  std::optional<ChunkedBodyReader> chunked_;
};

}  // namespace degu::io
