// basic_result.h: a value of type T or an error of type E: the one
// implementation behind core::Result (E = Failure) and io::Result (E =
// io::Error, or another layer's error).
//
// Reading the value of a failed result (or the error of a successful one)
// is a broken precondition and aborts.
#pragma once

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

namespace degu::core {

template <typename T, typename E>
class [[nodiscard]] BasicResult {
 public:
  BasicResult(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  BasicResult(E error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }

  const T& value() const& { return *checked<0>(); }
  T& value() & { return *checked<0>(); }
  T&& value() && { return std::move(*checked<0>()); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 protected:
  const E& held_error() const { return *checked<1>(); }

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

}  // namespace degu::core
