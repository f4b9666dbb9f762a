// socket_test.cc: listen_on and connect_to on every family (ADDR-*).
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>

#include <gtest/gtest.h>

#include "degu/net/socket.h"

namespace degu::net {
namespace {

using std::chrono::milliseconds;

// connect_accept: connects to bound and accepts on listener; both ends
// connected means the address worked.
void connect_accept(int listener, const Address& bound) {
  const int client = connect_to(bound, milliseconds(2000));
  ASSERT_GE(client, 0);
  const int server = ::accept(listener, nullptr, nullptr);
  ASSERT_GE(server, 0);
  ASSERT_EQ(::send(client, "x", 1, MSG_NOSIGNAL), 1);
  char c = 0;
  ASSERT_EQ(::recv(server, &c, 1, 0), 1);
  EXPECT_EQ(c, 'x');
  ::close(client);
  ::close(server);
}

TEST(Socket, Inet4PortZeroIsReplaced) {  // ADDR-PORT-1.
  Address bound;
  const int fd = listen_on(HostPortAddress{"127.0.0.1", 0}, &bound);
  const auto& hp = std::get<HostPortAddress>(bound);
  EXPECT_EQ(hp.host, "127.0.0.1");
  EXPECT_NE(hp.port, 0);
  connect_accept(fd, bound);
  ::close(fd);
}

TEST(Socket, ClientResolvesNames) {  // ADDR-INET-1.
  Address bound;
  const int fd = listen_on(HostPortAddress{"127.0.0.1", 0}, &bound);
  connect_accept(fd, HostPortAddress{"localhost", std::get<HostPortAddress>(bound).port});
  ::close(fd);
  EXPECT_THROW(connect_to(HostPortAddress{"no-such-host.invalid", 80}, milliseconds(2000)),
               std::system_error);
}

TEST(Socket, ServerRefusesNamesInTwoTuple) {  // ADDR-INET-1.
  Address bound;
  EXPECT_THROW(listen_on(HostPortAddress{"localhost", 0}, &bound), std::invalid_argument);
  EXPECT_THROW(listen_on(HostPortAddress{"::1", 0}, &bound), std::invalid_argument);
}

TEST(Socket, Inet6) {  // ADDR-INET-2.
  Address bound;
  int fd = -1;
  try {
    fd = listen_on(Inet6Address{"::1", 0, 0, 0}, &bound);
  } catch (const std::system_error& e) {
    GTEST_SKIP() << "no IPv6 loopback here: " << e.what();
  }
  EXPECT_NE(std::get<Inet6Address>(bound).port, 0);
  connect_accept(fd, bound);
  ::close(fd);
}

// link_local: a link-local IPv6 address of this machine with its
// interface index, or nothing (read with getifaddrs).
std::optional<Inet6Address> link_local() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) {
    return std::nullopt;
  }
  std::optional<Inet6Address> found;
  for (ifaddrs* p = list; p != nullptr && !found; p = p->ifa_next) {
    if (p->ifa_addr == nullptr || p->ifa_addr->sa_family != AF_INET6) {
      continue;
    }
    const auto* sa = reinterpret_cast<const sockaddr_in6*>(p->ifa_addr);
    if (!IN6_IS_ADDR_LINKLOCAL(&sa->sin6_addr)) {
      continue;
    }
    char text[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET6, &sa->sin6_addr, text, sizeof text);
    found = Inet6Address{text, 0, 0, ::if_nametoindex(p->ifa_name)};
  }
  ::freeifaddrs(list);
  return found;
}

TEST(Socket, Ipv6LinkLocalWithScope) {  // ADDR-INET-3.
  const auto local = link_local();
  if (!local) {
    GTEST_SKIP() << "no link-local IPv6 address on any interface here";
  }
  Address bound;
  int fd = -1;
  try {
    fd = listen_on(*local, &bound);
  } catch (const std::system_error& e) {
    GTEST_SKIP() << "cannot bind " << local->host << "%" << local->scope_id
                 << ": " << e.what();
  }
  const auto& b = std::get<Inet6Address>(bound);
  EXPECT_EQ(b.scope_id, local->scope_id);
  EXPECT_NE(b.port, 0);
  connect_accept(fd, bound);
  // Through its text form too: [fe80::...%N]:PORT.
  auto parsed = parse_address(format_address(bound));
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  connect_accept(fd, parsed.address());
  ::close(fd);
}

TEST(Socket, UnixPath) {  // ADDR-UNIX-1.
  std::string dir =
      (std::filesystem::temp_directory_path() / "degu-net-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  const std::string path = dir + "/s.sock";
  Address bound;
  const int fd = listen_on(UnixAddress{path}, &bound);
  EXPECT_EQ(std::get<UnixAddress>(bound).path, path);
  connect_accept(fd, bound);
  ::close(fd);
  ::unlink(path.c_str());
  ::rmdir(dir.c_str());
}

TEST(Socket, AbstractNameChosenByKernel) {  // ADDR-UNIX-2.
  Address bound;
  const int fd = listen_on(AbstractAddress{""}, &bound);
  EXPECT_FALSE(std::get<AbstractAddress>(bound).name.empty());
  connect_accept(fd, bound);
  ::close(fd);
}

TEST(Socket, AbstractNameGiven) {  // ADDR-UNIX-2.
  const std::string name = "degu-net-test-" + std::to_string(::getpid());
  Address bound;
  const int fd = listen_on(AbstractAddress{name}, &bound);
  EXPECT_EQ(std::get<AbstractAddress>(bound).name, name);
  connect_accept(fd, bound);
  ::close(fd);
}

TEST(Socket, RefusedConnectionThrows) {
  Address bound;
  const int fd = listen_on(HostPortAddress{"127.0.0.1", 0}, &bound);
  ::close(fd);  // Nothing listens on the port any more.
  try {
    connect_to(bound, milliseconds(2000));
    FAIL() << "connected to a closed port";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), ECONNREFUSED);
  }
}

}  // namespace
}  // namespace degu::net
