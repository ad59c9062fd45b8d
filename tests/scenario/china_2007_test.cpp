// The shipped China 2007 scenario loads and its totals match its sources
// (scenarios/china-2007/SOURCES.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

class China2007 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_ = new Scenario(load_scenario(testing::scenarios_dir() / "china-2007"));
  }
  static void TearDownTestSuite() { delete scenario_; }
  static const Scenario& s() { return *scenario_; }
  static const Region& region(const char* name) { return s().regions()[s().find_region(name)]; }

  static inline Scenario* scenario_ = nullptr;
};

TEST_F(China2007, HasThe31ProvincialLevelRegions) {
  EXPECT_EQ(s().region_count(), 31);
  EXPECT_EQ(s().provinces().size(), 31u);
  for (const char* name : {"Beijing", "Shanghai", "Guangdong", "Tibet", "Xinjiang", "Chongqing"}) {
    EXPECT_GE(s().find_region(name), 0) << name;
  }
}

// Sum of the provincial year-end 2007 figures (NBS via Chongqing YB 2008):
// 129,919 x 10,000 persons. The national 1,321.29 M also counts people
// assigned to no province, such as the armed forces.
TEST_F(China2007, ResidentsSumToTheProvincialFigures) {
  EXPECT_EQ(s().total_population(), 1'299'190'000.0);
  EXPECT_LT(s().total_population(), 1'321'290'000.0);
}

TEST_F(China2007, InterProvincialMigrantsMatchThe2005Survey) {
  EXPECT_EQ(s().total_migrants(), 47'790'000.0);
  double emigrants = 0;
  for (const auto& r : s().regions()) emigrants += r.emigrants;
  EXPECT_EQ(emigrants, 47'790'000.0);
  ASSERT_TRUE(s().has_migrant_stock());
  EXPECT_EQ(s().migrant_stock().sum(), 47'790'000.0);
}

TEST_F(China2007, BeijingIsPinnedToItsKnownSplit) {
  const Region& beijing = region("Beijing");
  EXPECT_EQ(beijing.population, 16'330'000.0);
  EXPECT_EQ(beijing.migrants, 4'190'000.0);
  EXPECT_NEAR(beijing.registered_residents(), 12'130'000.0, 15'000.0);  // reported 12.13 M
}

TEST_F(China2007, DestinationSharesMatchPublishedRanges) {
  // Chan (RBA Bulletin 2011), 2000-2005: Guangdong > 30%; Zhejiang 10-15%;
  // Beijing, Jiangsu, Shanghai, Fujian 5-10% each. The observed start (the
  // 2000 and 2005 five-year flows) is not pinned to them: all hold but
  // Fujian, whose observed share is 4.5% (it was pinned to 7.5% before).
  const double total = s().total_migrants();
  EXPECT_GT(region("Guangdong").migrants / total, 0.30);
  EXPECT_GE(region("Zhejiang").migrants / total, 0.10);
  EXPECT_LE(region("Zhejiang").migrants / total, 0.15);
  for (const char* name : {"Beijing", "Jiangsu", "Shanghai"}) {
    EXPECT_GE(region(name).migrants / total, 0.05) << name;
    EXPECT_LE(region(name).migrants / total, 0.10) << name;
  }
  EXPECT_NEAR(region("Fujian").migrants / total, 0.045, 0.002);
}

// The start's origins are observed (SOURCES.md): the large senders of the
// 2000 and 2005 tables lead, and the largest cell is Hunan -> Guangdong.
TEST_F(China2007, OriginsComeFromTheFiveYearTables) {
  std::vector<std::pair<double, std::string>> senders;
  for (const auto& r : s().regions()) senders.emplace_back(r.emigrants, r.name);
  std::sort(senders.rbegin(), senders.rend());
  std::set<std::string> top5;
  for (int k = 0; k < 5; ++k) top5.insert(senders[k].second);
  EXPECT_EQ(top5, (std::set<std::string>{"Sichuan", "Anhui", "Hunan", "Henan", "Jiangxi"}));
  const auto& m = s().migrant_stock();
  Eigen::Index i = 0, j = 0;
  m.maxCoeff(&i, &j);
  EXPECT_EQ(s().regions()[i].name, "Hunan");
  EXPECT_EQ(s().regions()[j].name, "Guangdong");
}

// The gravity start stays reachable: its sums replace the regions' migrants.
TEST_F(China2007, TheGravityStartIsAWhatIf) {
  const Scenario g =
      load_scenario(testing::scenarios_dir() / "china-2007" / "whatif" / "gravity-start.ini");
  const auto& r = g.regions()[g.find_region("Fujian")];
  EXPECT_EQ(r.migrants, 3'584'250.0);
  EXPECT_EQ(g.total_migrants(), 47'790'000.0);
  EXPECT_EQ(g.regions()[g.find_region("Beijing")].migrants, 4'190'000.0);
  EXPECT_EQ(g.migrant_stock().sum(), 47'790'000.0);
}

// Urban incomes move relative to the nation 2007-2012 (region_paths.csv);
// frozen-incomes.ini switches them off.
TEST_F(China2007, UrbanIncomesHavePaths) {
  ASSERT_EQ(s().region_paths().size(), 31u);
  for (const RegionPath& p : s().region_paths()) {
    EXPECT_EQ(p.key, PathKey::urban_income);
    ASSERT_EQ(p.points.size(), 6u);
    EXPECT_EQ(p.points.front().date, (Month{2007, 7}));
    EXPECT_EQ(p.points.back().date, (Month{2012, 7}));
    // 2007: the regions.csv value itself (the same yearbook table).
    EXPECT_EQ(p.at(0), s().regions()[p.region].urban_income) << s().regions()[p.region].name;
  }
  const RegionPath& gd = s().region_paths()[s().find_region("Guangdong")];
  EXPECT_EQ(gd.at(5 * 12 + 6), 16'964.0);  // 2012-07
  const Scenario frozen =
      load_scenario(testing::scenarios_dir() / "china-2007" / "whatif" / "frozen-incomes.ini");
  EXPECT_TRUE(frozen.region_paths().empty());
}

TEST_F(China2007, StatusQuoOfJanuary2007) {
  EXPECT_EQ(s().params().run.start, (Month{2007, 1}));
  EXPECT_TRUE(s().events().empty());
  for (const auto& r : s().regions()) {
    EXPECT_EQ(r.policy.classification, Classification::dual) << r.name;
    EXPECT_EQ(r.policy.residence_rule, ResidenceRule::closed) << r.name;
  }
}

TEST_F(China2007, LocalRevenueSumsToTheNationalFigure) {
  // CSY 2008 table 7-5: local general-budget revenue 2,357.262 bn yuan.
  double revenue = 0;
  for (const auto& r : s().regions()) revenue += r.local_revenue.value_or(0);
  EXPECT_NEAR(revenue, 2'357.262e9, 0.02e9);
  EXPECT_EQ(region("Beijing").local_revenue.value_or(0), 149'264'000'000.0);
}

TEST_F(China2007, IncomesAndSharesArePlausible) {
  for (const auto& r : s().regions()) {
    EXPECT_GT(r.urban_income, r.rural_income) << r.name;
    EXPECT_GT(r.urban_share, 0.2) << r.name;
    EXPECT_LT(r.urban_share, 0.9) << r.name;
  }
}

}  // namespace
}  // namespace migrasim
