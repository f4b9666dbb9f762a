// socket_test.cc: listen_on and connect_to on every family (ADDR-*).
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
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

TEST(Socket, UnixPath) {  // ADDR-UNIX-1.
  char dir[] = "/tmp/degu-net-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/s.sock";
  Address bound;
  const int fd = listen_on(UnixAddress{path}, &bound);
  EXPECT_EQ(std::get<UnixAddress>(bound).path, path);
  connect_accept(fd, bound);
  ::close(fd);
  ::unlink(path.c_str());
  ::rmdir(dir);
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
