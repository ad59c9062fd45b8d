// The tick as a list of phase objects, and the record phase handing each
// tick to the recorder the program set.
#include <gtest/gtest.h>

#include "migrasim/model/simulation.hpp"
#include "migrasim/model/tick_phase.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim::testing {
namespace {

TEST(TickPhases, TheTickIsTheListOfPhasesInDesignOrder) {
  const Scenario s = load_scenario(scenarios_dir() / "toy-3");
  SimulationOptions o;
  o.agents = 2'000;
  Simulation sim(s, o);
  ASSERT_EQ(sim.phases().size(), static_cast<std::size_t>(kPhases));
  for (int p = 0; p < kPhases; ++p) EXPECT_EQ(sim.phases()[p]->id(), static_cast<Phase>(p));
}

struct Collector final : Recorder {
  std::vector<int> rows, snapshots;
  std::vector<std::int64_t> births;
  void record(const Simulation& sim) override {
    rows.push_back(sim.tick());
    births.push_back(sim.aggregates().total(Counter::births));
  }
  void snapshot(const Simulation& sim) override { snapshots.push_back(sim.tick()); }
};

TEST(TickPhases, TheRecordPhaseSendsEveryTickAndTheScheduledSnapshots) {
  const Scenario s = load_scenario(scenarios_dir() / "toy-3");
  SimulationOptions o;
  o.agents = 2'000;
  Simulation sim(s, o);
  Collector c;
  sim.set_recorder(&c, SnapshotSchedule{3, 10});
  std::vector<std::int64_t> births;
  for (int t = 0; t < 10; ++t) {
    sim.step();
    births.push_back(sim.aggregates().total(Counter::births));  // what the row must hold
  }
  EXPECT_EQ(c.rows, (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(c.snapshots, (std::vector<int>{3, 6, 9}));  // not 10: the program writes the last
  EXPECT_EQ(c.births, births);                          // the recorder sees the tick's end state
  sim.set_recorder(nullptr);
  sim.step();
  EXPECT_EQ(c.rows.size(), 10u);
}

}  // namespace
}  // namespace migrasim::testing
