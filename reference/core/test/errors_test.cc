// errors_test.cc: the error table is complete and consistent.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "degu/core/errors.h"

namespace degu::core {
namespace {

TEST(Errors, EveryErrorHasADistinctNameAndARule) {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < kErrorCount; ++i) {
    const auto e = static_cast<Error>(i);
    EXPECT_FALSE(error_name(e).empty());
    EXPECT_FALSE(error_meaning(e).empty());
    EXPECT_TRUE(names.insert(error_name(e)).second) << error_name(e);
    const std::string rule(error_rule(e));
    EXPECT_NE(rule.find('-'), std::string::npos) << rule;
    EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(rule.back()))) << rule;
  }
}

TEST(Errors, NamesAndRulesAreTheGeneratedOnes) {
  EXPECT_EQ(error_name(Error::duplicate_header), "duplicate_header");
  EXPECT_EQ(error_rule(Error::duplicate_header), "HDR-DUP-1");
  EXPECT_EQ(error_rule(Error::preamble_too_large), "PRE-SIZE-1");
}

}  // namespace
}  // namespace degu::core
