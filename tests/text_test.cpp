#include "migrasim/detail/text.hpp"

#include <gtest/gtest.h>

namespace migrasim {
namespace {

TEST(ParseReal, AcceptsDecimalAndExponentForms) {
  EXPECT_EQ(parse_real("3"), 3.0);
  EXPECT_EQ(parse_real(" -2.5 "), -2.5);
  EXPECT_EQ(parse_real("+1e6"), 1e6);
  EXPECT_EQ(parse_real("0.0769"), 0.0769);
}

TEST(ParseReal, RejectsAnythingElse) {
  for (const char* text : {"", " ", "abc", "1,5", "1.5x", "nan", "inf", "--1", "1 2"}) {
    EXPECT_FALSE(parse_real(text).has_value()) << text;
  }
}

TEST(ParseInteger, RejectsFractionsAndExponents) {
  EXPECT_EQ(parse_integer("42"), 42);
  EXPECT_EQ(parse_integer("-7"), -7);
  EXPECT_FALSE(parse_integer("1.0").has_value());
  EXPECT_FALSE(parse_integer("1e3").has_value());
  EXPECT_FALSE(parse_integer("").has_value());
}

TEST(DescribeRange, WordsTheCommonCases) {
  EXPECT_EQ(describe_range(false, 0, kUnbounded), "a non-negative number");
  EXPECT_EQ(describe_range(false, kPositive, kUnbounded), "a positive number");
  EXPECT_EQ(describe_range(true, 1, kUnbounded), "a positive integer");
  EXPECT_EQ(describe_range(false, 0, 1), "a number in [0, 1]");
  EXPECT_EQ(describe_range(true, 1, 12000), "an integer in [1, 12000]");
  EXPECT_EQ(describe_range(false, kPositive, 1), "a number in (0, 1]");
  EXPECT_EQ(describe_range(false, 1, kUnbounded), "a number >= 1");
}

TEST(DidYouMean, SuggestsCloseWordsOnly) {
  const std::vector<std::string> words = {"population", "province", "migrants"};
  EXPECT_EQ(did_you_mean("populaton", words), " (did you mean 'population'?)");
  EXPECT_EQ(did_you_mean("Province", words), " (did you mean 'province'?)");
  EXPECT_EQ(did_you_mean("budget", words), "");
}

TEST(GroupThousands, InsertsCommas) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1000), "1,000");
  EXPECT_EQ(group_thousands(1299190000), "1,299,190,000");
  EXPECT_EQ(group_thousands(-1234567), "-1,234,567");
}

}  // namespace
}  // namespace migrasim
