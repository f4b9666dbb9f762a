// transport_test.cc: TlsTransport under the io::Transport contract: data
// both ways, short reads and writes, end of input, timeouts, closing,
// errno mapping, no SIGPIPE.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>

#include "degu/tls/tls_transport.h"
#include "test_pki.h"
#include "tls_pair.h"

namespace degu::tls {
namespace {

using namespace std::chrono_literals;
using test::shared_pki;

// Connected: a server and a client transport after a successful
// authenticated handshake.
struct Connected {
  Connected() {
    server_ctx = test::server_ctx(shared_pki().server_config());
    client_ctx = test::client_ctx(shared_pki().client_config());
    auto sides = test::handshake(server_ctx.get(), client_ctx.get());
    if (!sides.server.ok() || !sides.client.ok()) {
      ADD_FAILURE() << "handshake failed";
      return;
    }
    server.emplace(std::move(sides.server).value());
    client.emplace(std::move(sides.client).value());
  }
  SslCtxPtr server_ctx;
  SslCtxPtr client_ctx;
  std::optional<TlsTransport> server;
  std::optional<TlsTransport> client;
};

// write_all: every byte of bytes through t; the largest single write.
std::size_t write_all(io::Transport& t, std::string_view bytes) {
  std::size_t largest = 0;
  while (!bytes.empty()) {
    const auto n = t.write_some(bytes);
    if (!n.ok()) {
      ADD_FAILURE() << io::describe(n.error());
      return largest;
    }
    EXPECT_GE(*n, 1u);
    largest = std::max(largest, *n);
    bytes.remove_prefix(*n);
  }
  return largest;
}

// read_exactly: size bytes from t in reads of at most chunk bytes.
std::string read_exactly(io::Transport& t, std::size_t size,
                         std::size_t chunk) {
  std::string out;
  std::string buffer(chunk, '\0');
  while (out.size() < size) {
    const auto n = t.read_some(buffer);
    if (!n.ok() || *n == 0) {
      ADD_FAILURE() << "read ended after " << out.size() << " bytes";
      break;
    }
    EXPECT_LE(*n, chunk);
    out.append(buffer, 0, *n);
  }
  return out;
}

// pattern: size bytes that differ from one offset to the next.
std::string pattern(std::size_t size) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    s[i] = static_cast<char>((i * 7 + i / 251) & 0xff);
  }
  return s;
}

TEST(TlsTransport, DataFlowsBothWays) {
  Connected c;
  ASSERT_TRUE(c.server && c.client);
  write_all(*c.client, "hello");
  EXPECT_EQ(read_exactly(*c.server, 5, 100), "hello");
  write_all(*c.server, "world!");
  EXPECT_EQ(read_exactly(*c.client, 6, 100), "world!");
}

TEST(TlsTransport, LargeWriteArrivesThroughShortReads) {
  Connected c;
  ASSERT_TRUE(c.server && c.client);
  const std::string big = pattern(5 * 1024 * 1024 + 17);
  std::size_t largest_write = 0;
  std::thread writer([&] { largest_write = write_all(*c.server, big); });
  const std::string got = read_exactly(*c.client, big.size(), 1000);
  writer.join();
  EXPECT_TRUE(got == big) << "the bytes differ";
  // One TLS record (16 KiB) at most per write_some: a short write.
  EXPECT_LE(largest_write, 16384u);
  // And the other way, read in one-byte steps at first.
  std::thread back([&] { write_all(*c.client, big.substr(0, 100000)); });
  const std::string head = read_exactly(*c.server, 10, 1);
  const std::string rest = read_exactly(*c.server, 100000 - 10, 65536);
  back.join();
  EXPECT_TRUE(head + rest == big.substr(0, 100000));
}

TEST(TlsTransport, CloseNotifyIsEndOfInput) {
  Connected c;
  ASSERT_TRUE(c.server && c.client);
  write_all(*c.server, "last");
  c.server->close();
  EXPECT_EQ(read_exactly(*c.client, 4, 100), "last");
  std::string buffer(10, '\0');
  for (int i = 0; i < 2; ++i) {  // And it stays so.
    const auto n = c.client->read_some(buffer);
    ASSERT_TRUE(n.ok()) << io::describe(n.error());
    EXPECT_EQ(*n, 0u);
  }
}

TEST(TlsTransport, SocketClosedWithoutCloseNotifyIsEndOfInput) {
  // An "unexpected EOF": framing above decides whether input was cut.
  Connected c;
  ASSERT_TRUE(c.server && c.client);
  ASSERT_EQ(::shutdown(c.server->fd(), SHUT_RDWR), 0);
  std::string buffer(10, '\0');
  for (int i = 0; i < 2; ++i) {
    const auto n = c.client->read_some(buffer);
    ASSERT_TRUE(n.ok()) << io::describe(n.error());
    EXPECT_EQ(*n, 0u);
  }
}

TEST(TlsTransport, ReadTimeoutIsReported) {
  Connected c;
  ASSERT_TRUE(c.server && c.client);
  ASSERT_TRUE(c.client->set_timeout(100ms).ok());
  std::string buffer(10, '\0');
  const auto n = c.client->read_some(buffer);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error(), io::Error::of(io::Errc::timeout));
}

TEST(TlsTransport, ClosedTransportRefusesEverything) {
  Connected c;
  ASSERT_TRUE(c.server && c.client);
  c.client->close();
  c.client->close();  // Harmless.
  EXPECT_TRUE(c.client->closed());
  EXPECT_EQ(c.client->fd(), -1);
  std::string buffer(10, '\0');
  EXPECT_EQ(c.client->read_some(buffer).error(),
            io::Error::of(io::Errc::closed));
  EXPECT_EQ(c.client->write_some(std::string_view("x")).error(),
            io::Error::of(io::Errc::closed));
  EXPECT_EQ(c.client->set_timeout(1s).error(), io::Error::of(io::Errc::closed));
  // The handshake's facts outlive the connection.
  EXPECT_EQ(c.client->protocol_version(), "TLSv1.2");
}

TEST(TlsTransport, WritingToAVanishedPeerIsEpipeWithoutSignal) {
  // Default SIGPIPE disposition: a raised signal would end this process.
  Connected c;
  ASSERT_TRUE(c.server && c.client);
  // Gone, behind the transport's back: nothing it sends is received.
  ASSERT_EQ(::shutdown(c.client->fd(), SHUT_RDWR), 0);
  const std::string chunk(16384, 'x');
  io::Result<std::size_t> n = std::size_t{0};
  for (int i = 0; i < 100 && n.ok(); ++i) {
    n = c.server->write_some(chunk);
  }
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, io::Errc::system);
  EXPECT_TRUE(n.error().sys_errno == EPIPE || n.error().sys_errno == ECONNRESET)
      << io::describe(n.error());
}

TEST(TlsTransport, BrokenRecordIsEproto) {
  Connected c;
  ASSERT_TRUE(c.server && c.client);
  // An application-data record header with garbage instead of a sealed
  // payload, written under the client's TLS layer.
  const std::string record =
      std::string("\x17\x03\x03\x00\x20", 5) + std::string(32, 'z');
  ASSERT_EQ(::send(c.client->fd(), record.data(), record.size(), 0),
            static_cast<ssize_t>(record.size()));
  std::string buffer(100, '\0');
  const auto n = c.server->read_some(buffer);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error(), io::Error::system(EPROTO));
  EXPECT_NE(c.server->last_tls_error().find("bad record mac"),
            std::string::npos)
      << c.server->last_tls_error();
}

TEST(TlsTransport, MovedFromTransportIsClosed) {
  Connected c;
  ASSERT_TRUE(c.server && c.client);
  TlsTransport moved = std::move(*c.client);
  EXPECT_TRUE(c.client->closed());
  EXPECT_EQ(c.client->ssl(), nullptr);
  EXPECT_EQ(c.client->protocol_version(), "");
  write_all(moved, "via moved");
  EXPECT_EQ(read_exactly(*c.server, 9, 100), "via moved");
}

}  // namespace
}  // namespace degu::tls
