// address_test.cc: ADDR-UNIX-1, ADDR-INET-1..3 as text.
#include <gtest/gtest.h>

#include "degu/net/address.h"

namespace degu::net {
namespace {

TEST(Address, UnixPathMustBeAbsoluteAndNormalised) {
  auto ok = parse_address("/run/example/degu.sock");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(std::get<UnixAddress>(ok.address()).path, "/run/example/degu.sock");
  for (const char* bad : {"rel.sock", "./a.sock", "/a/../b.sock", "/a/./b",
                          "/a//b", "/a/", "/", ""}) {
    EXPECT_FALSE(parse_address(bad).ok()) << bad;
  }
  EXPECT_FALSE(parse_address("/" + std::string(200, 'a')).ok());
}

TEST(Address, Inet4) {
  auto ok = parse_address("127.0.0.1:0");
  ASSERT_TRUE(ok.ok()) << ok.error();
  const auto& a = std::get<HostPortAddress>(ok.address());
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 0);
  EXPECT_EQ(format_address(ok.address()), "127.0.0.1:0");
  for (const char* bad : {"127.0.0.1", "localhost:80", "127.0.0.1:65536",
                          "127.0.0.1:-1", "127.0.0.1:8a", "::1:80", "1.2.3:4"}) {
    EXPECT_FALSE(parse_address(bad).ok()) << bad;
  }
}

TEST(Address, Inet6WithScope) {
  auto ok = parse_address("[::1]:5984");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(format_address(ok.address()), "[::1]:5984");
  auto scoped = parse_address("[fe80::1%3]:5984");
  ASSERT_TRUE(scoped.ok()) << scoped.error();
  EXPECT_EQ(std::get<Inet6Address>(scoped.address()).scope_id, 3u);
  EXPECT_EQ(format_address(scoped.address()), "[fe80::1%3]:5984");
  for (const char* bad : {"[::1]", "[::1]5984", "[1.2.3.4]:80", "[::1:80",
                          "[fe80::1%no-such-if0]:80"}) {
    EXPECT_FALSE(parse_address(bad).ok()) << bad;
  }
}

TEST(Address, AbstractName) {  // ADDR-UNIX-2.
  auto ok = parse_address("@degu");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(std::get<AbstractAddress>(ok.address()).name, "degu");
  EXPECT_EQ(format_address(ok.address()), "@degu");
  auto empty = parse_address("@");
  ASSERT_TRUE(empty.ok()) << empty.error();
  EXPECT_EQ(std::get<AbstractAddress>(empty.address()).name, "");
  EXPECT_FALSE(parse_address("@" + std::string(200, 'a')).ok());
}

TEST(Address, ClientTwoTupleMayNameAHost) {  // ADDR-INET-1.
  auto ok = parse_address("example.com:8080", Role::client);
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(std::get<HostPortAddress>(ok.address()).host, "example.com");
  EXPECT_EQ(std::get<HostPortAddress>(ok.address()).port, 8080);
  EXPECT_FALSE(parse_address("example.com:8080", Role::server).ok());
  for (const char* bad : {"exa mple.com:80", "a_b:80", ":80", "host:"}) {
    EXPECT_FALSE(parse_address(bad, Role::client).ok()) << bad;
  }
}

}  // namespace
}  // namespace degu::net
