// router.cc: Route, RouteMap and Router (APP-ROUTE-1..4).
#include "degu/apps/router.h"

#include "degu/apps/responses.h"

namespace degu::apps {

Route::Route(RouteMap map)
    : target_(std::make_shared<const RouteMap>(std::move(map))) {}

const RouteMap* Route::map() const {
  auto* nested = std::get_if<std::shared_ptr<const RouteMap>>(&target_);
  return nested == nullptr ? nullptr : nested->get();
}

RouteMap::RouteMap(std::initializer_list<Entry> entries) {
  for (const auto& [key, route] : entries) {
    add(key, route);
  }
}

void RouteMap::add(RouteKey key, Route route) {
  const std::string shown = key ? "'" + *key + "'" : "kPathEnd";
  if (!entries_.emplace(std::move(key), std::move(route)).second) {
    throw std::invalid_argument("RouteMap: key " + shown + " given twice");
  }
}

const Route* RouteMap::find(const RouteKey& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

RouterTooDeep::RouterTooDeep()
    : std::invalid_argument("Router: maps nest more than " +
                            std::to_string(kRouterMaxDepth) +
                            " deep (APP-ROUTE-3)") {}

namespace {

// check_map: APP-ROUTE-3 and APP-ROUTE-4 for map, which sits at depth
// (the top map at 0); the depth is checked before the entries, as the
// original does, so an empty map too deep is refused.
void check_map(const RouteMap& map, std::size_t depth) {
  if (depth >= kRouterMaxDepth) {
    throw RouterTooDeep();
  }
  for (const auto& [key, route] : map.entries()) {
    if (const RouteMap* nested = route.map()) {
      check_map(*nested, depth + 1);
    } else if (!*route.app()) {
      throw std::invalid_argument(
          "Router: the application for " +
          (key ? "'" + *key + "'" : std::string("kPathEnd")) + " is empty");
    }
  }
}

}  // namespace

Router::Router(RouteMap map)
    : map_(std::make_shared<const RouteMap>(std::move(map))) {
  check_map(*map_, 0);
}

server::AppResult Router::operator()(server::Session& session,
                                     server::Request& request) const {
  // Terminates: maps form a finite tree (Route copies its map), at most
  // kRouterMaxDepth deep, and every level consumes a key.
  const RouteMap* map = map_.get();
  for (;;) {
    const Route* route = map->find(request.shift_path());
    if (route == nullptr) {
      return gone();
    }
    if (const server::App* app = route->app()) {
      return (*app)(session, request);
    }
    map = route->map();
  }
}

}  // namespace degu::apps
