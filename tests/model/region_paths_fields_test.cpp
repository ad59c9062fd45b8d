// A region path changes the income the migration choice uses, at the dates
// it names: the fields phase reads the path at the current tick.
#include <gtest/gtest.h>

#include <cmath>

#include "migrasim/model/region_fields.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

SimulationOptions small() {
  SimulationOptions o;
  o.agents = 6000;
  o.seed = 7;
  o.has_seed = true;
  return o;
}

class PathFields : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.copy_scenario("toy-3", "s");  // starts 2010-01; Beta's urban income 16,000
    dir_.write("s/region_paths.csv",
               "region,date,key,value\n"
               "Beta,2010-01,urban_income,16000\n"
               "Beta,2011-01,urban_income,32000\n"
               "Gamma,2010-07,rural_income,7000\n");
  }
  Scenario load() const { return load_scenario(dir_.path() / "s"); }
  testing::TempDir dir_;
};

TEST_F(PathFields, IncomesFollowThePathAtEachTick) {
  const Scenario s = load();
  RegionFields f;
  init_region_fields(f, s);
  EXPECT_EQ(f.urban_income[1], 16000.0);  // regions.csv until a path is applied
  EXPECT_EQ(f.rural_income[2], 3500.0);
  apply_region_paths(f, s, 0);
  EXPECT_EQ(f.urban_income[1], 16000.0);
  EXPECT_EQ(f.rural_income[2], 7000.0);   // flat before its only date
  EXPECT_EQ(f.urban_income[0], 24000.0);  // no path: regions.csv
  apply_region_paths(f, s, 6);
  EXPECT_DOUBLE_EQ(f.urban_income[1], 24000.0);
  apply_region_paths(f, s, 40);
  EXPECT_EQ(f.urban_income[1], 32000.0);  // flat after the last date
}

TEST_F(PathFields, TheChoiceUsesThePathsIncome) {
  const Scenario s = load();
  const Simulation sim(s, small());
  std::vector<double> labour(s.region_count());
  for (int j = 0; j < s.region_count(); ++j) {
    labour[j] = static_cast<double>(sim.aggregates().at(j, Counter::employed));
  }
  RegionFields f = sim.fields();
  EXPECT_EQ(f.wage[1], 16000.0);  // tick 0, labour at its start
  apply_region_paths(f, s, 12);
  update_region_fields(f, s, sim.region_policy(), sim.aggregates(), labour);
  EXPECT_EQ(f.wage[1], 32000.0);
  EXPECT_EQ(f.wage[0], 24000.0);
  // Doubling the wage adds b_inc ln 2 to every urban class's terms for Beta.
  const double b_inc = s.params().migration.b_inc;
  const int c = chooser_class(Education::senior, true, false);
  EXPECT_NEAR(f.unregistered(c, 1) - sim.fields().unregistered(c, 1), b_inc * std::log(2.0), 1e-9);
  EXPECT_NEAR(f.registered(c, 1) - sim.fields().registered(c, 1), b_inc * std::log(2.0), 1e-9);
  EXPECT_EQ(f.unregistered(c, 0), sim.fields().unregistered(c, 0));
}

TEST_F(PathFields, TheSimulationAppliesThePathAtTheCurrentTick) {
  const Scenario s = load();
  Simulation sim(s, small());
  EXPECT_EQ(sim.fields().urban_income[1], 16000.0);
  for (int k = 0; k < 7; ++k) sim.step();  // ticks 0..6; the last fields phase ran at tick 6
  EXPECT_DOUBLE_EQ(sim.fields().urban_income[1], 24000.0);
  EXPECT_EQ(sim.fields().rural_income[2], 7000.0);
}

// A resumed run reads the path at the same ticks as a straight one, and the
// thread count changes nothing.
TEST_F(PathFields, ResumeAndThreadsGiveTheSameRun) {
  const Scenario s = load();
  SimulationOptions o = small();
  o.threads = 1;
  Simulation straight(s, o);
  for (int t = 0; t < 5; ++t) straight.step();
  const SimulationSnapshot snap = straight.snapshot();
  for (int t = 0; t < 5; ++t) straight.step();
  Simulation resumed(s, snap, o);
  EXPECT_DOUBLE_EQ(resumed.fields().urban_income[1], 16000.0 + 16000.0 * 5 / 12);
  for (int t = 0; t < 5; ++t) resumed.step();
  EXPECT_TRUE(resumed.aggregates().same_state(straight.aggregates()));
  EXPECT_EQ(resumed.fields().urban_income, straight.fields().urban_income);
  SimulationOptions two = small();
  two.threads = 2;
  Simulation parallel(s, two);
  for (int t = 0; t < 10; ++t) parallel.step();
  EXPECT_TRUE(parallel.aggregates().same_state(straight.aggregates()));
}

}  // namespace
}  // namespace migrasim
