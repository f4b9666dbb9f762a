// result.h: a value or an io::Error, returned by every I/O-layer function
// (and, with another error type E, by the layers above).
//
// Like core::Result, but the failure is an io::Error (which can carry a
// core::Failure).  Nothing in the I/O layer throws for a protocol, I/O or
// usage failure; reading the wrong alternative of a Result is a program bug
// and aborts.
#pragma once

#include <type_traits>

#include "degu/core/basic_result.h"
#include "degu/core/result.h"
#include "degu/io/error.h"

namespace degu::io {

using core::Ok;

template <typename T, typename E = Error>
class [[nodiscard]] Result : public core::BasicResult<T, E> {
 public:
  using core::BasicResult<T, E>::BasicResult;
  // A core Failure becomes a protocol Error.
  Result(core::Failure failure)
    requires std::is_same_v<E, Error>
      : core::BasicResult<T, E>(Error::protocol(failure)) {}

  const E& error() const { return this->held_error(); }
};

}  // namespace degu::io
