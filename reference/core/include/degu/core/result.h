// result.h: a value or a Failure, returned by every core function.
//
// The core never throws.  Reading the value of a failed Result (or the
// failure of a successful one) is a broken precondition and aborts (see
// BasicResult).
#pragma once

#include <cstddef>

#include "degu/core/basic_result.h"
#include "degu/core/errors.h"

namespace degu::core {

// Ok: the value of a check that has nothing else to return.
struct Ok {
  friend bool operator==(Ok, Ok) = default;
};

template <typename T>
class [[nodiscard]] Result : public BasicResult<T, Failure> {
 public:
  using BasicResult<T, Failure>::BasicResult;

  const Failure& failure() const { return this->held_error(); }
  Error error() const { return failure().error; }
};

// fail: shorthand for a Failure, converting to any Result.
inline Failure fail(Error error, std::size_t offset) {
  return Failure{error, offset};
}

// shifted: f with its offset moved by base, for a failure found in a
// sub-buffer that starts at index base of the caller's buffer.
inline Failure shifted(Failure f, std::size_t base) {
  return Failure{f.error, f.offset + base};
}

}  // namespace degu::core
