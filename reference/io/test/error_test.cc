// error_test.cc: the names, rules and descriptions of io::Error.
#include "degu/io/error.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <set>
#include <string>

namespace degu::io {
namespace {

TEST(Error, EveryErrcHasAUniqueNameAndARule) {
  std::set<std::string_view> names;
  for (int i = 0; i <= static_cast<int>(Errc::body_already_sent); ++i) {
    const auto c = static_cast<Errc>(i);
    EXPECT_TRUE(names.insert(errc_name(c)).second) << errc_name(c);
    if (c != Errc::protocol) {
      EXPECT_FALSE(errc_rule(c).empty()) << errc_name(c);
    }
  }
}

TEST(Error, DescribeNamesTheRuleOrErrno) {
  EXPECT_EQ(describe(Error::protocol({core::Error::preamble_too_large, 32768})),
            "protocol: preamble_too_large (PRE-SIZE-1) at 32768");
  EXPECT_EQ(describe(Error::of(Errc::body_incomplete)),
            "body_incomplete (BODY-SHORT-1)");
  EXPECT_NE(describe(Error::system(ECONNRESET)).find("errno 104"),
            std::string::npos);
}

TEST(Error, IsMatchesOnlyProtocolErrors) {
  EXPECT_TRUE(Error::protocol({core::Error::preamble_empty, 0})
                  .is(core::Error::preamble_empty));
  EXPECT_FALSE(Error::of(Errc::closed).is(core::Error::preamble_empty));
}

}  // namespace
}  // namespace degu::io
