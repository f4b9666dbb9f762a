// method_filter.cc: AllowedMethods and MethodFilter (APP-METHOD-1..2).
#include "degu/apps/method_filter.h"

#include <stdexcept>

#include "degu/apps/responses.h"

namespace degu::apps {

AllowedMethods::AllowedMethods(std::initializer_list<core::Method> methods) {
  for (core::Method m : methods) {
    add(m);
  }
}

AllowedMethods AllowedMethods::from_names(
    const std::vector<std::string>& names) {
  AllowedMethods set;
  for (const std::string& name : names) {
    auto m = core::method_from_name(name);
    if (!m) {
      throw std::invalid_argument("AllowedMethods: bad method '" + name + "'");
    }
    set.add(*m);
  }
  return set;
}

void AllowedMethods::add(core::Method m) {
  bits_ = static_cast<std::uint8_t>(bits_ | (1u << static_cast<unsigned>(m)));
}

bool AllowedMethods::allows(core::Method m) const {
  return (bits_ & (1u << static_cast<unsigned>(m))) != 0;
}

MethodFilter AllowedMethods::operator()(server::App app) const {
  return MethodFilter(std::move(app), *this);
}

MethodFilter::MethodFilter(server::App app, AllowedMethods allowed)
    : app_(std::move(app)), allowed_(allowed) {
  if (!app_) {
    throw std::invalid_argument("MethodFilter: the application is empty");
  }
}

server::AppResult MethodFilter::operator()(server::Session& session,
                                           server::Request& request) const {
  if (!allowed_.allows(request.method())) {
    return method_not_allowed();
  }
  return app_(session, request);
}

}  // namespace degu::apps
