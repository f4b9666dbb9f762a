// options_test.cc: default host and base headers (CLI-HOST-*, CLI-BASE-1).
#include <gtest/gtest.h>

#include "degu/client/options.h"

namespace degu::client {
namespace {

using net::HostPortAddress;
using net::Inet6Address;
using net::UnixAddress;

TEST(DefaultHost, TwoTuple) {  // CLI-HOST-1, CLI-HOST-3.
  EXPECT_EQ(default_host(HostPortAddress{"example.com", 80}, 80), "example.com");
  EXPECT_EQ(default_host(HostPortAddress{"example.com", 80}, 443), "example.com:80");
  EXPECT_EQ(default_host(HostPortAddress{"10.0.0.1", 8080}, 80), "10.0.0.1:8080");
  EXPECT_EQ(default_host(HostPortAddress{"example.com", 443}, 443), "example.com");
}

TEST(DefaultHost, Ipv6IsBracketed) {  // CLI-HOST-2.
  EXPECT_EQ(default_host(Inet6Address{"fe80::1", 5984, 0, 3}, 80), "[fe80::1]:5984");
  EXPECT_EQ(default_host(Inet6Address{"::1", 80, 0, 0}, 80), "[::1]");
  EXPECT_EQ(default_host(HostPortAddress{"::1", 8080}, 80), "[::1]:8080");
}

TEST(DefaultHost, NoneForUnix) {  // CLI-HOST-4.
  EXPECT_EQ(default_host(UnixAddress{"/run/x.sock"}, 80), std::nullopt);
  EXPECT_EQ(default_host(net::AbstractAddress{"x"}, 80), std::nullopt);
}

TEST(BaseHeaders, AuthorizationThenHost) {  // CLI-BASE-1.
  ClientOptions o;
  o.authorization = "Basic YTpi";
  const std::vector<core::Header> want = {{"authorization", "Basic YTpi"},
                                          {"host", "example.com"}};
  EXPECT_EQ(base_headers(HostPortAddress{"example.com", 80}, o), want);
}

TEST(BaseHeaders, HostOptionReplacesOrSuppresses) {  // CLI-HOST-5.
  ClientOptions replace;
  replace.host = std::optional<std::string>("other.example");
  EXPECT_EQ(base_headers(HostPortAddress{"example.com", 80}, replace),
            (std::vector<core::Header>{{"host", "other.example"}}));
  EXPECT_EQ(base_headers(UnixAddress{"/run/x.sock"}, replace),
            (std::vector<core::Header>{{"host", "other.example"}}));
  ClientOptions suppress;
  suppress.host = std::optional<std::string>();
  EXPECT_TRUE(base_headers(HostPortAddress{"example.com", 80}, suppress).empty());
  ClientOptions empty;
  empty.host = std::optional<std::string>("");
  EXPECT_TRUE(base_headers(HostPortAddress{"example.com", 80}, empty).empty());
}

}  // namespace
}  // namespace degu::client
