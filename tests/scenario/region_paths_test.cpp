// region_paths.csv: dated values of region incomes. Loader errors name file,
// line, column and value; dates become ticks; RegionPath::at interpolates
// linearly in months, flat before the first and after the last date. Also
// scenario.migrant_stock, which names another stock file whose sums replace
// the regions' migrants and emigrants.
#include <gtest/gtest.h>

#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

using testing::input_error_of;
using testing::TempDir;

const std::string kHeader = "region,date,key,value\n";

class RegionPaths : public ::testing::Test {
 protected:
  void SetUp() override { dir_.copy_scenario("toy-3", "s"); }  // toy-3 starts 2010-01
  void write(const std::string& text) const { dir_.write("s/region_paths.csv", text); }
  std::string file() const { return dir_.str() + "/s/region_paths.csv"; }
  std::string error(const std::vector<Override>& overrides = {}) const {
    return input_error_of([&] { load_scenario(dir_.path() / "s", overrides); });
  }
  Scenario load() const { return load_scenario(dir_.path() / "s"); }
  TempDir dir_;
};

TEST_F(RegionPaths, WithoutTheFileThereAreNoPaths) {
  EXPECT_TRUE(load().region_paths().empty());
}

TEST_F(RegionPaths, LoaderErrorsNameFileLineColumnAndValue) {
  write(kHeader + "Beta,2011-01,urban_income,20000\nBetta,2011-01,urban_income,20000\n");
  EXPECT_EQ(error(), file() + ":3: column 'region': unknown region 'Betta' (did you mean 'Beta'?)");
  write(kHeader + "Beta,2011-13,urban_income,20000\n");
  EXPECT_EQ(error(), file() + ":2: column 'date': expected a date YYYY-MM, got '2011-13'");
  write(kHeader + "Beta,2011,urban_income,20000\n");
  EXPECT_EQ(error(), file() + ":2: column 'date': expected a date YYYY-MM, got '2011'");
  write(kHeader + "Beta,2011-01,urban_incme,20000\n");
  EXPECT_EQ(error(),
            file() + ":2: column 'key': unknown key 'urban_incme' (did you mean 'urban_income'?)");
  write(kHeader + "Beta,2011-01,gdp,20000\n");
  EXPECT_EQ(error(), file() +
                         ":2: column 'key': unknown key 'gdp' (expected urban_income or "
                         "rural_income)");
  write("region,date,value\nBeta,2011-01,20000\n");
  EXPECT_EQ(error(), file() + ":1: missing required column 'key'");
  for (const std::string bad : {"inf", "nan", "-5", "0", "lots"}) {
    write(kHeader + "Beta,2011-01,urban_income," + bad + "\n");
    EXPECT_EQ(error().rfind(file() + ":2: column 'value': expected a number", 0), 0u)
        << bad << ": " << error();
    EXPECT_NE(error().find("got '" + bad + "'"), std::string::npos) << error();
  }
  write(kHeader + "Beta,2011-01,urban_income,20000\nBeta,2011-1,urban_income,21000\n");
  EXPECT_EQ(error(), file() +
                         ":3: duplicate value of 'urban_income' for 'Beta' at 2011-01 (first "
                         "on line 2)");
  write(kHeader + "Beta,2011-01,urban_income\n");
  EXPECT_NE(error().find(file() + ":2:"), std::string::npos) << error();
}

TEST_F(RegionPaths, DatesBecomeTicksInDateOrder) {
  write(kHeader +
        "# Beta's urban income doubles in 2010; Gamma's rural income is one value\n"
        "Beta,2011-01,urban_income,32000\n"
        "Beta,2010-01,urban_income,16000\n"
        "Gamma,2012-07,rural_income,5000\n");
  const Scenario s = load();
  ASSERT_EQ(s.region_paths().size(), 2u);
  const RegionPath& beta = s.region_paths()[0];
  EXPECT_EQ(beta.region, s.find_region("Beta"));
  EXPECT_EQ(beta.key, PathKey::urban_income);
  ASSERT_EQ(beta.points.size(), 2u);
  EXPECT_EQ(beta.points[0].tick, 0);
  EXPECT_EQ(beta.points[1].tick, 12);
  EXPECT_EQ(beta.points[1].date, (Month{2011, 1}));
  const RegionPath& gamma = s.region_paths()[1];
  EXPECT_EQ(gamma.key, PathKey::rural_income);
  EXPECT_EQ(gamma.points[0].tick, 30);
}

TEST(RegionPath, LinearBetweenDatesFlatOutside) {
  RegionPath p;
  p.points = {{Month{2010, 7}, 6, 100.0}, {Month{2011, 7}, 18, 220.0}, {Month{2012, 7}, 30, 160.0}};
  EXPECT_EQ(p.at(-3), 100.0);  // before the first date: the first value
  EXPECT_EQ(p.at(0), 100.0);
  EXPECT_EQ(p.at(6), 100.0);
  EXPECT_DOUBLE_EQ(p.at(9), 130.0);  // a quarter of the way: 100 + 120 / 4
  EXPECT_DOUBLE_EQ(p.at(12), 160.0);
  EXPECT_EQ(p.at(18), 220.0);
  EXPECT_DOUBLE_EQ(p.at(24), 190.0);  // falling again
  EXPECT_EQ(p.at(30), 160.0);
  EXPECT_EQ(p.at(500), 160.0);  // after the last date: the last value
  RegionPath one;
  one.points = {{Month{2010, 1}, 0, 42.0}};
  EXPECT_EQ(one.at(-1), 42.0);
  EXPECT_EQ(one.at(100), 42.0);
}

// scenario.migrant_stock names another stock file: its sums replace the
// regions' migrants and emigrants; a missing file is an error.
TEST_F(RegionPaths, ANamedStockFileReplacesTheRegionsMigrants) {
  dir_.write("s/other_stock.csv",
             "origin,destination,migrants\nBeta,Alpha,1000\nGamma,Alpha,2000\nAlpha,Gamma,300\n");
  const Scenario s =
      load_scenario(dir_.path() / "s", {{"scenario.migrant_stock", "other_stock.csv", "--set"}});
  EXPECT_EQ(s.regions()[0].migrants, 3000.0);
  EXPECT_EQ(s.regions()[0].emigrants, 300.0);
  EXPECT_EQ(s.regions()[1].migrants, 0.0);
  EXPECT_EQ(s.regions()[1].emigrants, 1000.0);
  EXPECT_EQ(s.regions()[2].migrants, 300.0);
  EXPECT_EQ(s.regions()[2].emigrants, 2000.0);
  EXPECT_EQ(s.migrant_stock()(2, 0), 2000.0);
  EXPECT_EQ(
      error({{"scenario.migrant_stock", "nope.csv", "--set"}}),
      "scenario parameters: key 'scenario.migrant_stock': no file '" + dir_.str() + "/s/nope.csv'");
}

}  // namespace
}  // namespace migrasim
