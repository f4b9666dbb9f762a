// memory_transport_test.cc: the scripted peer does what the tests rely on.
#include "degu/io/memory_transport.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

#include "test_util.h"

namespace degu::io {
namespace {

using test::Fails;
using test::Succeeds;

std::string ReadOnce(MemoryTransport& t, std::size_t max) {
  std::string dst(max, '\0');
  const auto n = t.read_some(dst);
  EXPECT_TRUE(Succeeds(n));
  return dst.substr(0, n.ok() ? *n : 0);
}

TEST(MemoryTransport, OnePiecePerReadThenEndOfInput) {
  MemoryTransport t({"ab", "", "cde"});
  EXPECT_EQ(t.unread(), 5u);
  EXPECT_EQ(ReadOnce(t, 10), "ab");
  EXPECT_EQ(ReadOnce(t, 2), "cd");  // A piece larger than dst is split.
  EXPECT_EQ(ReadOnce(t, 10), "e");
  EXPECT_EQ(ReadOnce(t, 10), "");
  EXPECT_EQ(ReadOnce(t, 10), "");
  EXPECT_EQ(t.read_calls(), 5u);
}

TEST(MemoryTransport, EndWithAnError) {
  MemoryTransport t({"a"});
  t.end_with(Error::system(ECONNRESET));
  EXPECT_EQ(ReadOnce(t, 10), "a");
  char c;
  EXPECT_TRUE(Fails(t.read_some({&c, 1}), Error::system(ECONNRESET)));
}

TEST(MemoryTransport, ShortAndFailingWrites) {
  MemoryTransport t;
  t.limit_writes(3);
  t.fail_writes_after(7, Error::of(Errc::timeout));
  const std::string src = "abcdefghij";
  auto n = t.write_some(src);
  ASSERT_TRUE(Succeeds(n));
  EXPECT_EQ(*n, 3u);
  n = t.write_some(std::string_view(src).substr(3));
  EXPECT_EQ(*n, 3u);
  n = t.write_some(std::string_view(src).substr(6));
  EXPECT_EQ(*n, 1u);  // Cut at the failure point.
  EXPECT_TRUE(Fails(t.write_some(std::string_view(src).substr(7)),
                    Error::of(Errc::timeout)));
  EXPECT_EQ(t.written(), "abcdefg");
}

TEST(MemoryTransport, ClosedRefusesEverything) {
  MemoryTransport t({"abc"});
  t.close();
  t.close();
  EXPECT_TRUE(t.closed());
  char c;
  EXPECT_TRUE(Fails(t.read_some({&c, 1}), Error::of(Errc::closed)));
  EXPECT_TRUE(Fails(t.write_some({"x", 1}), Error::of(Errc::closed)));
}

TEST(MemoryTransport, SplitHelpers) {
  const std::size_t cuts[] = {0, 2, 2, 1, 4, 9};
  EXPECT_EQ(split_at("abcdef", cuts),
            (std::vector<std::string>{"ab", "cd", "ef"}));
  EXPECT_EQ(split_at("", {}), (std::vector<std::string>{""}));
  EXPECT_EQ(split_every("abcde", 2),
            (std::vector<std::string>{"ab", "cd", "e"}));
}

}  // namespace
}  // namespace degu::io
