// The running counts (kept by differences each tick) equal a full recount,
// every tick, in quiet and in busy runs and after resuming from a snapshot.
#include "migrasim/model/aggregates.hpp"

#include <gtest/gtest.h>

#include "migrasim/exec/context.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

using testing::scenarios_dir;

void expect_counts_match_every_tick(const Scenario& scenario, std::uint64_t agents, int ticks) {
  SimulationOptions options;
  options.agents = agents;
  options.threads = 2;
  Simulation sim(scenario, options);
  ASSERT_TRUE(sim.verify_aggregates()) << "at the start";
  for (int t = 0; t < ticks; ++t) {
    sim.step();
    ASSERT_TRUE(sim.verify_aggregates()) << "after tick " << sim.tick();
  }
}

TEST(RunningCounts, MatchARecountEveryTickOnToy3) {
  expect_counts_match_every_tick(load_scenario(scenarios_dir() / "toy-3"), 20'000, 30);
}

// Many moves, births and deaths: the eventful path runs for most households.
TEST(RunningCounts, MatchARecountInABusyRun) {
  const Scenario s =
      load_scenario(scenarios_dir() / "toy-3", {{"migration.hazard", "0.2", "test"},
                                                {"demography.fertility", "0.5", "test"},
                                                {"demography.mortality_a", "0.002", "test"}});
  expect_counts_match_every_tick(s, 20'000, 24);
}

TEST(RunningCounts, MatchARecountOnChina2007) {
  expect_counts_match_every_tick(load_scenario(scenarios_dir() / "china-2007"), 50'000, 13);
}

TEST(RunningCounts, MatchARecountAfterResumingFromASnapshot) {
  const Scenario s = load_scenario(scenarios_dir() / "toy-3");
  SimulationOptions options;
  options.agents = 10'000;
  Simulation first(s, options);
  for (int t = 0; t < 7; ++t) first.step();
  Simulation resumed(s, first.snapshot());
  ASSERT_TRUE(resumed.verify_aggregates());
  for (int t = 0; t < 7; ++t) {
    first.step();
    resumed.step();
    ASSERT_TRUE(resumed.verify_aggregates()) << "after tick " << resumed.tick();
    for (int r = 0; r < s.region_count(); ++r) {
      for (int c = 0; c < kCounters; ++c) {
        ASSERT_EQ(first.aggregates().at(r, static_cast<Counter>(c)),
                  resumed.aggregates().at(r, static_cast<Counter>(c)))
            << counter_name(static_cast<Counter>(c)) << " region " << r << " tick "
            << resumed.tick();
      }
    }
  }
}

}  // namespace
}  // namespace migrasim
