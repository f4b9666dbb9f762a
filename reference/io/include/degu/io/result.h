// result.h: a value or an io::Error, returned by every I/O-layer function
// (and, with another error type E, by the layers above).
//
// Like core::Result, but the failure is an io::Error (which can carry a
// core::Failure).  Nothing in the I/O layer throws for a protocol, I/O or
// usage failure; reading the wrong alternative of a Result is a program bug
// and aborts.
#pragma once

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

#include "degu/core/result.h"
#include "degu/io/error.h"

namespace degu::io {

using core::Ok;

template <typename T, typename E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(E error) : state_(std::in_place_index<1>, std::move(error)) {}
  // A core Failure becomes a protocol Error.
  Result(core::Failure failure)
    requires std::is_same_v<E, Error>
      : state_(std::in_place_index<1>, Error::protocol(failure)) {}

  bool ok() const { return state_.index() == 0; }

  const T& value() const& { return *checked<0>(); }
  T& value() & { return *checked<0>(); }
  T&& value() && { return std::move(*checked<0>()); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const E& error() const { return *checked<1>(); }

 private:
  template <std::size_t I>
  auto* checked() const {
    auto* p = std::get_if<I>(&state_);
    if (p == nullptr) {
      std::abort();  // A caller read the wrong alternative: a program bug.
    }
    return const_cast<std::variant_alternative_t<I, decltype(state_)>*>(p);
  }

  std::variant<T, E> state_;
};

}  // namespace degu::io
