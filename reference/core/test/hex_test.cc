// hex_test.cc: the hex codec shared by verdicts, vectors and the reflect
// application.
#include "degu/core/hex.h"

#include <gtest/gtest.h>

#include <string>

namespace degu::core {
namespace {

TEST(Hex, EveryByteRoundTripsInLowerCase) {
  std::string all;
  for (int b = 0; b < 256; ++b) {
    all.push_back(static_cast<char>(b));
  }
  const std::string text = to_hex(all);
  EXPECT_EQ(text.substr(0, 8), "00010203");
  EXPECT_EQ(text.substr(text.size() - 4), "feff");
  EXPECT_EQ(from_hex(text), all);
}

TEST(Hex, UpperCaseDigitsAreRead) {
  EXPECT_EQ(from_hex("0D0a"), std::string("\r\n"));
}

TEST(Hex, RejectsOddLengthAndNonDigits) {
  EXPECT_EQ(from_hex("0"), std::nullopt);
  EXPECT_EQ(from_hex("0g"), std::nullopt);
  EXPECT_EQ(from_hex(" 0"), std::nullopt);
  EXPECT_EQ(hex_digit_value('G'), -1);
  EXPECT_EQ(hex_digit_value('f'), 15);
}

}  // namespace
}  // namespace degu::core
