// Good paths of load_scenario(): the shipped toy scenario, what-ifs,
// overrides, optional files and tolerant file formats.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

using testing::input_error_of;
using testing::scenarios_dir;
using testing::TempDir;

TEST(ScenarioLoader, LoadsToy3WithEveryOptionalFile) {
  const Scenario s = load_scenario(scenarios_dir() / "toy-3");
  EXPECT_EQ(s.name(), "toy-3");
  ASSERT_EQ(s.region_count(), 3);
  EXPECT_EQ(s.provinces(), (std::vector<std::string>{"East", "West"}));
  EXPECT_EQ(s.total_population(), 3'000'000);
  EXPECT_EQ(s.total_migrants(), 330'000);
  EXPECT_DOUBLE_EQ(s.scale(), 100.0);  // 3 M persons / 30,000 agents
  EXPECT_EQ(s.params().run.start, (Month{2010, 1}));
  EXPECT_EQ(s.params().run.seed, 42);

  const Region& alpha = s.regions()[s.find_region("Alpha")];
  EXPECT_EQ(alpha.registered_residents(), 750'000);
  EXPECT_EQ(alpha.hukou_population(), 760'000);
  EXPECT_EQ(alpha.policy.exam_advantage, 5000);
  EXPECT_EQ(alpha.household_size, 3.0);                  // [population] default
  EXPECT_DOUBLE_EQ(alpha.urban_hukou_share, 0.6 * 0.9);  // urban_hukou_ratio x urban share
  EXPECT_EQ(s.regions()[s.find_region("Beta")].policy.residence_rule, ResidenceRule::threshold);
  EXPECT_EQ(s.find_region("Delta"), -1);

  ASSERT_TRUE(s.distances_given());
  EXPECT_EQ(s.distances_km()(0, 1), 150);
  EXPECT_EQ(s.distances_km()(2, 0), 1700);

  ASSERT_TRUE(s.has_migrant_stock());
  EXPECT_EQ(s.migrant_stock()(2, 0), 228'000);  // Gamma hukou living in Alpha
  EXPECT_EQ(s.migrant_stock().col(0).sum(), alpha.migrants);

  ASSERT_TRUE(s.has_unit_costs());
  EXPECT_EQ(s.unit_costs()[0].get(Scheme::urban, CostCategory::pension), 20'000);   // Alpha row
  EXPECT_EQ(s.unit_costs()[1].get(Scheme::urban, CostCategory::pension), 12'000);   // '*' row
  EXPECT_EQ(s.unit_costs()[2].get(Scheme::rural, CostCategory::education), 2'000);  // 'all'
  EXPECT_EQ(s.unit_costs()[2].get(Scheme::rural, CostCategory::unemployment), 0);   // not given

  EXPECT_EQ(s.source_files().size(), 6u);
  EXPECT_TRUE(s.source_files().count("events.csv"));
}

TEST(ScenarioLoader, ResolvesEventTargetsAndTicks) {
  const Scenario s = load_scenario(scenarios_dir() / "toy-3");
  const auto& e = s.events();
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].tick, 6);
  EXPECT_EQ(e[0].regions, (std::vector<int>{1}));  // Beta
  EXPECT_EQ(e[1].target, "East");
  EXPECT_EQ(e[1].regions, (std::vector<int>{0, 1}));  // the province's regions
  EXPECT_EQ(e[1].describe(), "classification=unified benefit_equalization=0.5");
  EXPECT_EQ(e[2].describe(),
            "residence_rule=points points_quota=2000 points_min_insured_months=60");
  EXPECT_EQ(e[3].regions, (std::vector<int>{0, 1, 2}));  // '*'
  EXPECT_EQ(e[3].action, "set");
  EXPECT_EQ(e[3].tick, 24);
}

TEST(ScenarioLoader, WhatIfAddsEventsAndOverridesKeys) {
  const Scenario s = load_scenario(scenarios_dir() / "toy-3-alpha-open.ini");
  EXPECT_EQ(s.name(), "toy-3-alpha-open");
  EXPECT_EQ(s.params().scenario.description,
            "toy-3 with Alpha open to residents of six months from 2011-01");
  EXPECT_EQ(s.region_count(), 3);
  ASSERT_EQ(s.events().size(), 5u);
  // Same date as a base event: the base file's event comes first.
  EXPECT_EQ(s.events()[1].target, "East");
  EXPECT_EQ(s.events()[2].describe(), "residence_rule=threshold threshold_months=6");
  EXPECT_NE(s.events()[2].origin.find("toy-3-alpha-open.ini:8"), std::string::npos);
  EXPECT_TRUE(s.source_files().count("../toy-3-alpha-open.ini"));
  EXPECT_EQ(s.params().scenario.base, "toy-3");
}

TEST(ScenarioLoader, WhatIfsChainAndOverridesComeLast) {
  TempDir dir;
  dir.copy_scenario("toy-3", "toy-3");
  dir.write("a.ini", "[scenario]\nbase = toy-3\n[migration]\nhazard = 0.004\nb_dist = 2\n");
  dir.write("b.ini", "[scenario]\nbase = a.ini\n[migration]\nhazard = 0.006\n");
  const Scenario s = load_scenario(dir.path() / "b.ini", {{"migration.b_dist", "1.25", "--set"}});
  EXPECT_EQ(s.name(), "b");
  EXPECT_EQ(s.params().migration.hazard, 0.006);  // b over a
  EXPECT_EQ(s.params().migration.b_dist, 1.25);   // --set over both
  EXPECT_EQ(s.params().migration.b_inc, 1.0);     // default untouched
}

TEST(ScenarioLoader, GreatCircleDistancesWithoutAMatrix) {
  TempDir dir;
  dir.write("s/scenario.ini", "[run]\nstart = 2007-01\n");
  dir.write("s/regions.csv",
            "name,province,lat,lon,population,urban_share,urban_income,rural_income\n"
            "Beijing,Beijing,39.904,116.407,100,0.8,20000,9000\n"
            "Shanghai,Shanghai,31.23,121.474,100,0.9,23000,10000\n");
  const Scenario s = load_scenario(dir.path() / "s");
  EXPECT_FALSE(s.distances_given());
  EXPECT_NEAR(s.distances_km()(0, 1), 1067.0, 2.0);  // Beijing-Shanghai, about 1,067 km
  EXPECT_EQ(s.distances_km()(0, 1), s.distances_km()(1, 0));
  EXPECT_EQ(s.distances_km()(1, 1), 0.0);
  EXPECT_FALSE(s.has_migrant_stock());
  EXPECT_FALSE(s.has_unit_costs());
  EXPECT_TRUE(s.events().empty());
  EXPECT_EQ(s.regions()[0].migrants, 0);
  EXPECT_EQ(s.regions()[0].policy.residence_rule, ResidenceRule::closed);
}

// Files saved on Windows (BOM, CRLF) load to the same scenario.
TEST(ScenarioLoader, AcceptsByteOrderMarksAndCrlf) {
  TempDir dir;
  const auto folder = dir.copy_scenario("toy-3", "crlf");
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = "\xEF\xBB\xBF", original = buffer.str();
    for (char c : original) {
      if (c == '\n') text += '\r';
      text += c;
    }
    std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << text;
  }
  const Scenario windows = load_scenario(folder);
  const Scenario unix_ = load_scenario(scenarios_dir() / "toy-3");
  ASSERT_EQ(windows.region_count(), unix_.region_count());
  for (int i = 0; i < windows.region_count(); ++i) {
    EXPECT_EQ(windows.regions()[i].name, unix_.regions()[i].name);
    EXPECT_EQ(windows.regions()[i].population, unix_.regions()[i].population);
    EXPECT_EQ(windows.regions()[i].policy.residence_rule, unix_.regions()[i].policy.residence_rule);
  }
  EXPECT_EQ(windows.events().size(), unix_.events().size());
  EXPECT_EQ(windows.params().scenario.description, unix_.params().scenario.description);
  EXPECT_TRUE(windows.distances_km().isApprox(unix_.distances_km()));
}

TEST(ScenarioLoader, QuotedNamesWithCommas) {
  TempDir dir;
  dir.write("s/scenario.ini", "");
  dir.write("s/regions.csv",
            "name,province,lat,lon,population,urban_share,urban_income,rural_income\n"
            "\"Xi'an, city\",Shaanxi,34.3,108.9,100,0.5,10000,3000\n");
  const Scenario s = load_scenario(dir.path() / "s");
  EXPECT_EQ(s.regions()[0].name, "Xi'an, city");
}

// fiscal.scale_* multiply benefits.csv's unit costs of their category only.
TEST(ScenarioLoader, UnitCostScalesMultiplyTheirCategory) {
  const Scenario plain = load_scenario(scenarios_dir() / "toy-3");
  const Scenario scaled = load_scenario(scenarios_dir() / "toy-3",
                                        {{"fiscal.scale_oneoff_infrastructure", "2.5", "test"},
                                         {"fiscal.scale_health", "0", "test"}});
  bool any = false;
  for (std::size_t r = 0; r < plain.unit_costs().size(); ++r) {
    for (Scheme s : {Scheme::rural, Scheme::urban}) {
      const auto& a = plain.unit_costs()[r];
      const auto& b = scaled.unit_costs()[r];
      EXPECT_EQ(b.get(s, CostCategory::oneoff_infrastructure),
                2.5 * a.get(s, CostCategory::oneoff_infrastructure));
      EXPECT_EQ(b.get(s, CostCategory::health), 0.0);
      EXPECT_EQ(b.get(s, CostCategory::pension), a.get(s, CostCategory::pension));
      any |= a.get(s, CostCategory::oneoff_infrastructure) > 0;
    }
  }
  EXPECT_TRUE(any);  // toy-3 has infrastructure costs to scale
}

}  // namespace
}  // namespace migrasim
