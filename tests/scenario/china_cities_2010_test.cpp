// The shipped city-level China 2010 scenario loads and its totals match what
// tools/build_china_cities_2010.py printed when it wrote it
// (scenarios/china-cities-2010/SOURCES.md). The expected figures are
// hard-coded: the test does not read ../shared/data.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

// 369 units in the source (Dong, Du & Liu 2022, leiii/census), less 11
// without a 2010 population (Sansha, ten Xinjiang Corps cities) and Hong Kong
// and Macau (outside the 31 provinces).
constexpr int kSourceUnits = 369;
constexpr int kDropped = 13;
// Sum of pop_2010 over the kept units, as printed by the script.
constexpr double kResidents = 1'328'770'402.0;
// Inter-provincial migrants, 2010 census, and the assumed intra-provincial
// inter-city part (1/3 of the 135.15 M intra-provincial floating population).
constexpr double kInterProvincial = 85'880'000.0;
constexpr double kIntraProvincial = 45'050'000.0;
// Beijing 2010 census: residents from other provinces.
constexpr double kBeijingMigrants = 7'045'000.0;

class ChinaCities2010 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cities_ = new Scenario(load_scenario(testing::scenarios_dir() / "china-cities-2010"));
    provinces_ = new Scenario(load_scenario(testing::scenarios_dir() / "china-2007"));
  }
  static void TearDownTestSuite() {
    delete cities_;
    delete provinces_;
  }
  static const Scenario& s() { return *cities_; }
  static const Region& region(const char* name) {
    const int i = s().find_region(name);
    EXPECT_GE(i, 0) << name;
    return s().regions()[std::max(i, 0)];
  }

  static inline Scenario* cities_ = nullptr;
  static inline Scenario* provinces_ = nullptr;
};

TEST_F(ChinaCities2010, HasTheKeptUnitsOfTheSource) {
  EXPECT_EQ(s().region_count(), kSourceUnits - kDropped);
  EXPECT_EQ(s().region_count(), 356);
}

TEST_F(ChinaCities2010, ResidentsSumToTheSourceFiguresOfTheKeptUnits) {
  double sum = 0;
  for (const auto& r : s().regions()) sum += r.population;
  EXPECT_EQ(sum, kResidents);
  EXPECT_EQ(s().total_population(), kResidents);
}

TEST_F(ChinaCities2010, EveryCityBelongsToOneOfThe31ProvincesOfChina2007) {
  std::set<std::string> province_names;
  for (const auto& r : provinces_->regions()) province_names.insert(r.province);
  ASSERT_EQ(province_names.size(), 31u);
  std::set<std::string> city_provinces;
  for (const auto& r : s().regions()) {
    EXPECT_TRUE(province_names.count(r.province)) << r.name << " in " << r.province;
    city_provinces.insert(r.province);
  }
  EXPECT_EQ(city_provinces, province_names);
  const auto& listed = s().provinces();
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), province_names);
}

TEST_F(ChinaCities2010, NamesAreUniqueAsciiAndNotAnotherProvince) {
  std::set<std::string> names;
  std::map<std::string, int> units_per_province;
  for (const auto& r : s().regions()) {
    EXPECT_TRUE(names.insert(r.name).second) << "duplicate " << r.name;
    EXPECT_TRUE(std::all_of(r.name.begin(), r.name.end(), [](unsigned char c) {
      return c >= 0x20 && c < 0x7f;
    })) << r.name;
    ++units_per_province[r.province];
  }
  // An event target matches names and provinces: a unit named like a
  // province must be that province's only unit (Beijing, Tianjin, ...).
  for (const auto& r : s().regions()) {
    if (units_per_province.count(r.name)) {
      EXPECT_EQ(r.province, r.name);
      EXPECT_EQ(units_per_province[r.name], 1) << r.name;
    }
  }
}

TEST_F(ChinaCities2010, BigCitiesAndCapitalsHaveTheirUsualNames) {
  const std::map<std::string, std::string> city_province = {
      {"Beijing", "Beijing"},     {"Shanghai", "Shanghai"},   {"Tianjin", "Tianjin"},
      {"Chongqing", "Chongqing"}, {"Guangzhou", "Guangdong"}, {"Shenzhen", "Guangdong"},
      {"Shijiazhuang", "Hebei"},  {"Taiyuan", "Shanxi"},      {"Hohhot", "Inner Mongolia"},
      {"Shenyang", "Liaoning"},   {"Changchun", "Jilin"},     {"Harbin", "Heilongjiang"},
      {"Nanjing", "Jiangsu"},     {"Hangzhou", "Zhejiang"},   {"Hefei", "Anhui"},
      {"Fuzhou", "Fujian"},       {"Nanchang", "Jiangxi"},    {"Jinan", "Shandong"},
      {"Zhengzhou", "Henan"},     {"Wuhan", "Hubei"},         {"Changsha", "Hunan"},
      {"Nanning", "Guangxi"},     {"Haikou", "Hainan"},       {"Chengdu", "Sichuan"},
      {"Guiyang", "Guizhou"},     {"Kunming", "Yunnan"},      {"Lhasa", "Tibet"},
      {"Xi'an", "Shaanxi"},       {"Lanzhou", "Gansu"},       {"Xining", "Qinghai"},
      {"Yinchuan", "Ningxia"},    {"Urumqi", "Xinjiang"},     {"Suzhou", "Jiangsu"},
      {"Dongguan", "Guangdong"},  {"Jilin City", "Jilin"},    {"Hainan (Qinghai)", "Qinghai"}};
  for (const auto& [name, province] : city_province) {
    EXPECT_EQ(region(name.c_str()).province, province) << name;
  }
}

TEST_F(ChinaCities2010, BeijingHoldsItsCensusMigrantsFromOtherProvinces) {
  const Region& beijing = region("Beijing");
  EXPECT_EQ(beijing.population, 19'612'368.0);
  EXPECT_EQ(beijing.migrants, kBeijingMigrants);
}

TEST_F(ChinaCities2010, StockSplitsIntoInterAndIntraProvincialTargets) {
  ASSERT_TRUE(s().has_migrant_stock());
  const auto& stock = s().migrant_stock();
  double inter = 0, intra = 0, emigrants = 0;
  for (int o = 0; o < s().region_count(); ++o) {
    emigrants += s().regions()[o].emigrants;
    for (int d = 0; d < s().region_count(); ++d) {
      EXPECT_GE(stock(o, d), 0.0);
      (s().regions()[o].province == s().regions()[d].province ? intra : inter) += stock(o, d);
    }
  }
  EXPECT_EQ(inter, kInterProvincial);
  EXPECT_EQ(intra, kIntraProvincial);
  EXPECT_EQ(s().total_migrants(), kInterProvincial + kIntraProvincial);
  EXPECT_EQ(emigrants, kInterProvincial + kIntraProvincial);
  // Beijing is one unit: all its migrants come from other provinces.
  const int b = s().find_region("Beijing");
  EXPECT_EQ(stock.col(b).sum(), kBeijingMigrants);
}

TEST_F(ChinaCities2010, MigrantsArePlausiblePerCity) {
  for (const auto& r : s().regions()) {
    EXPECT_LE(r.migrants, 0.75 * r.population) << r.name;
    EXPECT_GT(r.hukou_population(), 0.0) << r.name;
    EXPECT_GT(r.urban_income, r.rural_income) << r.name;
    EXPECT_GT(r.household_size, 1.0) << r.name;
  }
  // The big coastal destinations hold more migrants than the inland senders.
  EXPECT_GT(region("Shenzhen").migrants, region("Zhoukou").migrants);
  EXPECT_GT(region("Zhoukou").emigrants, region("Shenzhen").emigrants);
}

TEST_F(ChinaCities2010, ProvinceFiguresAreSplitOverTheirCities) {
  // Local revenue: the provinces' 2007 figures (23,572.63 x 100 M yuan) at 2010
  // prices (x 1.086289), split by population.
  double revenue = 0;
  for (const auto& r : s().regions()) revenue += r.local_revenue.value_or(0);
  EXPECT_NEAR(revenue, 2'357.263e9 * 1.086289, 0.05e9);
  EXPECT_EQ(region("Beijing").local_revenue.value_or(0), 162'143'896'673.0);
  EXPECT_EQ(region("Guangzhou").urban_income, region("Shenzhen").urban_income);
}

TEST_F(ChinaCities2010, StatusQuoOfJanuary2010) {
  EXPECT_EQ(s().params().run.start, (Month{2010, 1}));
  EXPECT_EQ(s().params().run.ticks, 120);
  EXPECT_EQ(s().params().run.agents, 1'000'000);
  EXPECT_EQ(s().params().scenario.price_year, 2010);
  EXPECT_TRUE(s().events().empty());
  ASSERT_TRUE(s().has_unit_costs());
  for (const auto& r : s().regions()) {
    EXPECT_EQ(r.policy.classification, Classification::dual) << r.name;
    EXPECT_EQ(r.policy.residence_rule, ResidenceRule::closed) << r.name;
    EXPECT_EQ(r.policy.exam_advantage, r.name == "Beijing" || r.name == "Shanghai" ? 10'000.0 : 0.0)
        << r.name;
  }
}

// The migration model at city level (docs/cities.md section 2): the size
// term on, the refitted parameters, and a fitted constant for every city,
// centred on 0 (population-weighted) and inside the fit's bounds.
TEST_F(ChinaCities2010, CityLevelMigrationParameters) {
  const auto& m = s().params().migration;
  EXPECT_EQ(m.b_size, 1.0);
  EXPECT_EQ(m.b_home, 5.2);
  EXPECT_EQ(m.b_province, 2.45);
  EXPECT_EQ(m.c_move, 0.2);
  double weighted = 0, population = 0;
  int nonzero = 0;
  for (const auto& r : s().regions()) {
    EXPECT_GE(r.attraction, -5.0) << r.name;
    EXPECT_LE(r.attraction, 5.0) << r.name;
    weighted += r.attraction * r.population;
    population += r.population;
    nonzero += r.attraction != 0;
  }
  EXPECT_EQ(nonzero, s().region_count());
  EXPECT_NEAR(weighted / population, 0.0, 0.05);
  EXPECT_GT(region("Shenzhen").attraction, region("Meizhou").attraction);
}

}  // namespace
}  // namespace migrasim
