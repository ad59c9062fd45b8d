#include "migrasim/month.hpp"

#include <gtest/gtest.h>

namespace migrasim {
namespace {

TEST(Month, ParsesYearAndMonth) {
  EXPECT_EQ(parse_month("2007-03"), (Month{2007, 3}));
  EXPECT_EQ(parse_month(" 2014-7 "), (Month{2014, 7}));
}

TEST(Month, RejectsMalformedDates) {
  for (const char* text : {"", "2007", "2007/03", "2007-13", "2007-00", "07-03", "2007-03-01",
                           "March 2007", "2007-3x", "20a7-03"}) {
    EXPECT_FALSE(parse_month(text).has_value()) << text;
  }
}

TEST(Month, CountsMonthsAcrossYears) {
  const Month start{2007, 1};
  EXPECT_EQ(Month({2007, 3}).index() - start.index(), 2);
  EXPECT_EQ(Month({2010, 1}).index() - start.index(), 36);
  EXPECT_EQ(start.plus(14), (Month{2008, 3}));
  EXPECT_EQ(Month({2007, 12}).plus(1), (Month{2008, 1}));
  EXPECT_EQ(Month({2007, 3}).str(), "2007-03");
  EXPECT_LT((Month{2006, 12}), start);
}

}  // namespace
}  // namespace migrasim
