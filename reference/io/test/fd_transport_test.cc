// fd_transport_test.cc: FdTransport over a real AF_UNIX socketpair: short
// reads, end of input, timeouts, EINTR, errno mapping, closing.
#include "degu/io/fd_transport.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <string>
#include <thread>

#include "degu/io/body.h"
#include "degu/io/read_message.h"
#include "degu/io/send.h"
#include "test_util.h"

namespace degu::io {
namespace {

using namespace std::chrono_literals;
using test::Fails;
using test::Pattern;
using test::Succeeds;

// Pair: two connected FdTransports.
struct Pair {
  Pair() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) {
      ADD_FAILURE() << "socketpair: errno " << errno;
      return;
    }
    a = FdTransport(fds[0]);
    b = FdTransport(fds[1]);
  }
  FdTransport a{-1};
  FdTransport b{-1};
};

void SendAll(Transport& t, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = t.write_some(bytes);
    ASSERT_TRUE(Succeeds(n));
    bytes.remove_prefix(*n);
  }
}

TEST(FdTransport, ReadsWhatIsThereWithoutWaitingForMore) {
  Pair p;
  SendAll(p.a, "abc");
  std::string dst(100, '\0');
  const auto n = p.b.read_some(dst);
  ASSERT_TRUE(Succeeds(n));
  EXPECT_EQ(*n, 3u);  // A real short read.
  EXPECT_EQ(dst.substr(0, 3), "abc");
}

TEST(FdTransport, EndOfInputIsZero) {
  Pair p;
  SendAll(p.a, "x");
  ASSERT_EQ(::shutdown(p.a.fd(), SHUT_WR), 0);
  std::string dst(10, '\0');
  auto n = p.b.read_some(dst);
  ASSERT_TRUE(Succeeds(n));
  EXPECT_EQ(*n, 1u);
  n = p.b.read_some(dst);
  ASSERT_TRUE(Succeeds(n));
  EXPECT_EQ(*n, 0u);
}

TEST(FdTransport, TimeoutIsReported) {
  Pair p;
  ASSERT_TRUE(Succeeds(p.b.set_timeout(50ms)));
  std::string dst(10, '\0');
  EXPECT_TRUE(Fails(p.b.read_some(dst), Error::of(Errc::timeout)));
  Reader reader(p.b);
  SendAll(p.a, "GET / HTTP/1.1\r\n");
  EXPECT_TRUE(Fails(reader.read_preamble(), Error::of(Errc::timeout)));
  EXPECT_TRUE(p.b.closed()) << "GEN-CLOSE-1";
}

TEST(FdTransport, WriteToAVanishedPeerIsEpipeNotSigpipe) {
  Pair p;
  p.b.close();
  EXPECT_TRUE(Fails(p.a.write_some({"x", 1}), Error::system(EPIPE)));
}

TEST(FdTransport, OtherErrnoIsASystemError) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  FdTransport not_a_socket(fds[0]);
  ::close(fds[1]);
  char c;
  EXPECT_TRUE(Fails(not_a_socket.read_some({&c, 1}), Error::system(ENOTSOCK)));
}

TEST(FdTransport, CloseAndMove) {
  Pair p;
  FdTransport moved(std::move(p.a));
  EXPECT_TRUE(p.a.closed());
  EXPECT_FALSE(moved.closed());
  moved.close();
  moved.close();
  EXPECT_EQ(moved.fd(), -1);
  char c;
  EXPECT_TRUE(Fails(moved.read_some({&c, 1}), Error::of(Errc::closed)));
  EXPECT_TRUE(Fails(moved.write_some({"x", 1}), Error::of(Errc::closed)));
  EXPECT_TRUE(Fails(moved.set_timeout(1s), Error::of(Errc::closed)));
}

TEST(FdTransport, SendTimeoutRunsFromTheLastProgress) {
  // A peer that never reads: the socket takes what its buffers hold at
  // once, then nothing.  The send must fail one timeout after that, not
  // after a timeout spent waiting for room and then one more (a blocking
  // send with SO_SNDTIMEO returns a partial count when it expires).  The
  // bound is generous: 1.5 timeouts.
  Pair p;
  constexpr auto kTimeout = 1000ms;
  ASSERT_TRUE(Succeeds(p.a.set_timeout(kTimeout)));
  const std::string block(1 << 20, 'x');
  const auto start = std::chrono::steady_clock::now();
  Result<std::size_t> sent = std::size_t{0};
  std::size_t total = 0;
  while (sent.ok() && total < (64u << 20)) {
    sent = p.a.write_some(block);
    total += sent.ok() ? *sent : 0;
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(Fails(sent, Error::of(Errc::timeout)));
  EXPECT_GE(took, kTimeout);
  EXPECT_LT(took, kTimeout * 3 / 2)
      << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
      << " ms after " << total << " bytes";
}

TEST(FdTransport, BeforeCloseRunsOnceWhileTheSocketIsOpen) {
  Pair p;
  const int fd = p.a.fd();
  int runs = 0;
  bool open_then = false;
  p.a.set_before_close([&] {
    ++runs;
    open_then = ::fcntl(fd, F_GETFD) != -1;
  });
  FdTransport moved(std::move(p.a));  // The hook moves with the socket.
  p.a.close();
  EXPECT_EQ(runs, 0);
  moved.close_after_response(0ms);
  moved.close();
  EXPECT_EQ(runs, 1);
  EXPECT_TRUE(open_then);
}

std::atomic<int> g_signals{0};
void CountSignal(int) { ++g_signals; }

TEST(FdTransport, InterruptedReadIsRetried) {
  struct sigaction action {};
  action.sa_handler = CountSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // No SA_RESTART: recv returns EINTR.
  struct sigaction old {};
  ASSERT_EQ(::sigaction(SIGUSR1, &action, &old), 0);
  Pair p;
  const pthread_t reader_thread = ::pthread_self();
  std::thread peer([&] {
    std::this_thread::sleep_for(100ms);
    ::pthread_kill(reader_thread, SIGUSR1);
    std::this_thread::sleep_for(100ms);
    SendAll(p.a, "late");
  });
  std::string dst(10, '\0');
  const auto n = p.b.read_some(dst);
  peer.join();
  ::sigaction(SIGUSR1, &old, nullptr);
  ASSERT_TRUE(Succeeds(n));
  EXPECT_EQ(dst.substr(0, *n), "late");
  EXPECT_EQ(g_signals.load(), 1);
}

TEST(FdTransport, MessagesAcrossARealSocket) {
  // A peer thread sends pipelined requests in small writes with pauses, so
  // the reader meets real short reads; the server side reads them back.
  Pair p;
  const std::string body = Pattern(3 * 1024 * 1024 + 17);
  std::thread peer([&] {
    Writer writer(p.a);
    OutputBody first = OutputBody::length_stream(
        body.size(),
        [&,
         at = std::size_t{0}]() mutable -> Result<std::optional<std::string>> {
          if (at == body.size()) {
            return std::optional<std::string>();
          }
          const std::size_t n = std::min<std::size_t>(65521, body.size() - at);
          std::string block = body.substr(at, n);
          at += n;
          return std::optional<std::string>(std::move(block));
        });
    EXPECT_TRUE(Succeeds(send_request(writer, "PUT", "/big", {}, first)));
    for (const std::string_view piece :
         {"POST /c HTTP/1.1\r\ntransfer-en", "coding: chunked\r\n\r\n3;a=b\r",
          "\nxyz\r\n0\r\n", "\r\nGET /end HTTP/1.1\r\n\r\n"}) {
      std::this_thread::sleep_for(5ms);
      SendAll(p.a, piece);
    }
    p.a.close();
  });
  Reader reader(p.b);
  auto request = read_request(reader);
  ASSERT_TRUE(Succeeds(request));
  LengthBody big(reader, request->framing.length);
  std::string got;
  std::size_t blocks = 0;
  ASSERT_TRUE(Succeeds(big.stream([&](std::string_view block) -> Result<Ok> {
    EXPECT_LE(block.size(), core::kIoBlockSize);
    ++blocks;
    got += block;
    return Ok{};
  })));
  EXPECT_EQ(blocks, 4u);
  EXPECT_TRUE(got == body);
  request = read_request(reader);
  ASSERT_TRUE(Succeeds(request));
  ChunkedBodyReader chunked(reader);
  const auto chunk = chunked.next_chunk();
  ASSERT_TRUE(Succeeds(chunk));
  EXPECT_EQ(chunk->data, "xyz");
  EXPECT_EQ(chunk->extension->value, "b");
  ASSERT_TRUE(Succeeds(chunked.next_chunk()));
  request = read_request(reader);
  ASSERT_TRUE(Succeeds(request));
  EXPECT_EQ(request->uri, "/end");
  EXPECT_TRUE(read_request(reader).error().is(core::Error::preamble_empty));
  peer.join();
}

}  // namespace
}  // namespace degu::io
