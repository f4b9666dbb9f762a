// result.h: a value or a Failure, returned by every core function.
//
// The core never throws.  Reading the value of a failed Result (or the
// failure of a successful one) is a broken precondition and aborts.
#pragma once

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

#include "degu/core/errors.h"

namespace degu::core {

// Ok: the value of a check that has nothing else to return.
struct Ok {
  friend bool operator==(Ok, Ok) = default;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Failure failure) : state_(std::in_place_index<1>, failure) {}

  bool ok() const { return state_.index() == 0; }

  const T& value() const& { return *checked<0>(); }
  T& value() & { return *checked<0>(); }
  T&& value() && { return std::move(*checked<0>()); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  const Failure& failure() const { return *checked<1>(); }
  Error error() const { return failure().error; }

 private:
  template <std::size_t I>
  auto* checked() const {
    auto* p = std::get_if<I>(&state_);
    if (p == nullptr) {
      std::abort();  // A caller read the wrong alternative: a program bug.
    }
    return const_cast<std::variant_alternative_t<I, decltype(state_)>*>(p);
  }

  std::variant<T, Failure> state_;
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
