// router.h: routing by path components (APP-ROUTE-1..4).
//
// A Router is built from a RouteMap: each key is a path component, or
// kPathEnd (the original's None) for the exhausted path; each value is an
// application or a nested RouteMap.  Calling the router consumes one
// component per map with Request::shift_path and calls the application it
// reaches with what remains of the path.
//
//   Router router(RouteMap{
//       {kPathEnd, home},                       // "/"
//       {"static", FilesApp("/srv/static")},    // "/static/..."
//       {"api", RouteMap{{"v1", api_v1}}},      // "/api/v1/..."
//   });
//
// Construction refuses a bad map by throwing (as Server's constructor
// does): RouterTooDeep for APP-ROUTE-3, std::invalid_argument for an empty
// application or a key given twice.  A built router never changes.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "degu/server/app.h"

namespace degu::apps {

// kRouterMaxDepth: the most maps a router nests, its top map included
// (APP-ROUTE-3); the original's ROUTER_MAX_DEPTH.
inline constexpr std::size_t kRouterMaxDepth = 10;

// RouteKey: a path component, or nothing for the exhausted path.
using RouteKey = std::optional<std::string>;

// kPathEnd: the key of the exhausted path (APP-ROUTE-1): "/" reaches it
// in the top map, "/a" in the map under "a".
inline constexpr std::nullopt_t kPathEnd = std::nullopt;

class RouteMap;

// Route: the value of a map entry: an application or a nested map.
class Route {
 public:
  // Route: an application: anything callable as an App (a function, a
  // lambda, a Router, a FilesApp ...).
  template <typename F>
  requires std::is_invocable_r_v<server::AppResult, F&, server::Session&,
                                 server::Request&>
  Route(F application)  // NOLINT: implicit, for brace initialisation.
      : target_(server::App(std::move(application))) {}
  // Route: a nested map (copied: maps form a tree, never a cycle).
  Route(RouteMap map);  // NOLINT: implicit, for brace initialisation.

  // app: the application, or nullptr when this is a map.
  const server::App* app() const { return std::get_if<server::App>(&target_); }
  // map: the nested map, or nullptr when this is an application.
  const RouteMap* map() const;

 private:
  std::variant<server::App, std::shared_ptr<const RouteMap>> target_;
};

// RouteMap: one level of routes.
class RouteMap {
 public:
  using Entry = std::pair<const RouteKey, Route>;

  RouteMap() = default;
  // RouteMap: the entries in any order; throws std::invalid_argument when
  // a key is given twice (the map would otherwise keep one silently).
  RouteMap(std::initializer_list<Entry> entries);

  // add: one more entry; throws std::invalid_argument if key is present.
  void add(RouteKey key, Route route);

  // find: the route for key, or nullptr.
  const Route* find(const RouteKey& key) const;

  const std::map<RouteKey, Route>& entries() const { return entries_; }

 private:
  std::map<RouteKey, Route> entries_;
};

// RouterTooDeep: a map nests more than kRouterMaxDepth maps (APP-ROUTE-3).
class RouterTooDeep : public std::invalid_argument {
 public:
  RouterTooDeep();
};

class Router {
 public:
  // Router: routes by map.  Throws RouterTooDeep when map nests more than
  // kRouterMaxDepth maps (an empty map counts too), std::invalid_argument
  // when a value is an empty application.
  explicit Router(RouteMap map);

  // operator(): shifts one component per map level (kPathEnd once the path
  // is exhausted) and looks it up: an application is called with the
  // request as it is then (its mount holds the consumed components, its
  // path the rest); a map is searched with the next component; no entry
  // gives 410 Gone with no headers and no body (APP-ROUTE-1, APP-ROUTE-2).
  // The request body is left to the application (SRV-CONSUME-1 closes the
  // connection when a 410 leaves one unread).
  server::AppResult operator()(server::Session& session,
                               server::Request& request) const;

  const RouteMap& map() const { return *map_; }

 private:
  std::shared_ptr<const RouteMap> map_;
};

}  // namespace degu::apps
