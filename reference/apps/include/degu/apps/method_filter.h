// method_filter.h: AllowedMethods and MethodFilter (APP-METHOD-1..2).
//
//   AllowedMethods only_reads{core::Method::get, core::Method::head};
//   server::App app = only_reads(my_app);  // a MethodFilter
//
// A MethodFilter calls its application for an allowed method and answers
// any other with 405 Method Not Allowed.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "degu/core/types.h"
#include "degu/server/app.h"

namespace degu::apps {

class MethodFilter;

// AllowedMethods: a set of the five methods of REQ-METHOD-1.
class AllowedMethods {
 public:
  // AllowedMethods: the empty set, which allows nothing (as in the
  // original).
  AllowedMethods() = default;
  // AllowedMethods: the given methods; repeats are allowed (as in the
  // original).
  AllowedMethods(std::initializer_list<core::Method> methods);

  // from_names: the methods spelled exactly ("GET" ... "DELETE", upper
  // case); throws std::invalid_argument naming the first other name
  // ("get", "PATCH", "OPTIONS") (APP-METHOD-2).
  static AllowedMethods from_names(const std::vector<std::string>& names);

  // allows: whether m is in the set.
  bool allows(core::Method m) const;

  // operator(): app wrapped in a MethodFilter with this set; throws
  // std::invalid_argument when app is empty.
  MethodFilter operator()(server::App app) const;

 private:
  void add(core::Method m);

  std::uint8_t bits_ = 0;  // Bit n: the Method with value n.
};

class MethodFilter {
 public:
  // MethodFilter: throws std::invalid_argument when app is empty.
  MethodFilter(server::App app, AllowedMethods allowed);

  // operator(): app's answer for an allowed method; for any other, 405
  // Method Not Allowed with no headers and no body, without calling app
  // (APP-METHOD-1).  A request body is left unread (SRV-CONSUME-1 then
  // closes the connection without sending the 405).
  server::AppResult operator()(server::Session& session,
                               server::Request& request) const;

  const AllowedMethods& allowed() const { return allowed_; }

 private:
  server::App app_;
  AllowedMethods allowed_;
};

}  // namespace degu::apps
