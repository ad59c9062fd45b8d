// The census tables (census.hpp): the five-year table equals where each
// agent alive at both dates lived 60 months before, counted by brute force
// from the full agent state; the hukou stock equals a count of everyone; a
// window opening before the start is declared unavailable; the results do
// not depend on the thread count, and a simulation resumed mid-window from
// a snapshot gives the same tables.
#include <gtest/gtest.h>

#include <unordered_map>
#include <vector>

#include "migrasim/model/census.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/month.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"
#include "thread_counts.hpp"

namespace migrasim {
namespace {

using testing::scenarios_dir;

// china-2007 starts 2007-01: a census at 2008-01 (tick 12, window before the
// start) and one at 2013-01 (tick 72, window open from tick 12).
Scenario small_china(const std::string& dates = "2008-01,2013-01") {
  return load_scenario(scenarios_dir() / "china-2007",
                       {{"run.agents", "20000", "--agents"}, {"run.census_dates", dates, "--set"}});
}

SimulationOptions with_threads(int threads) {
  SimulationOptions o;
  o.threads = threads;
  return o;
}

// Steps `sim` to tick `to`, keeping the tables every census took on the way.
void step_to(Simulation& sim, int to, std::vector<CensusTables>& tables) {
  while (sim.tick() < to) {
    sim.step();
    for (const CensusTables& t : sim.census().taken()) tables.push_back(t);
  }
}

class CensusTest : public testing::ThreadCountTest {};
MIGRASIM_AT_THREAD_COUNTS(CensusTest);

TEST_P(CensusTest, FiveYearTableIsWhereEachAgentLivedSixtyMonthsBefore) {
  const Scenario scenario = small_china();
  Simulation sim(scenario, with_threads(threads()));
  std::vector<CensusTables> tables;
  step_to(sim, 12, tables);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].date, (Month{2008, 1}));
  EXPECT_FALSE(tables[0].five_year_available);
  EXPECT_EQ(tables[0].five_year_note, "the earlier date 2003-01 precedes the run's start 2007-01");
  // Where everyone alive at the opening lives then.
  std::unordered_map<std::uint32_t, int> then;
  for (const AgentRecord& a : sim.snapshot().agents) then[a.id] = a.location;
  step_to(sim, 72, tables);
  ASSERT_EQ(tables.size(), 2u);
  const CensusTables& t = tables[1];
  EXPECT_EQ(t.date, (Month{2013, 1}));
  EXPECT_EQ(t.tick, 72);
  EXPECT_EQ(t.earlier, (Month{2008, 1}));
  ASSERT_TRUE(t.five_year_available) << t.five_year_note;
  const int n = scenario.region_count();
  CountMatrix five = CountMatrix::Zero(n, n), hukou = CountMatrix::Zero(n, n);
  std::int64_t moved = 0;
  for (const AgentRecord& a : sim.snapshot().agents) {
    ++hukou(a.hukou_region, a.location);
    const auto it = then.find(a.id);
    if (it == then.end() || a.age < kCensusMinAge) continue;
    ++five(it->second, a.location);
    moved += it->second != a.location;
  }
  EXPECT_EQ(t.five_year, five);
  EXPECT_EQ(t.hukou_stock, hukou);
  EXPECT_GT(moved, 0);
  // Sparse: one entry per agent who moved in the window (returners too),
  // far fewer than the agents.
  EXPECT_GE(t.earlier_locations, moved);
  EXPECT_LT(t.earlier_locations, static_cast<std::int64_t>(sim.agents().agent_count()) / 4);
  if (is_reference()) return;
  Simulation one(scenario, with_threads(1));
  std::vector<CensusTables> reference;
  step_to(one, 72, reference);
  ASSERT_EQ(reference.size(), 2u);
  EXPECT_EQ(reference[1].five_year, t.five_year);
  EXPECT_EQ(reference[1].earlier_locations, t.earlier_locations);
}

// Resumed from a snapshot at tick 40 (inside the window), the tables are
// those of the straight run; the open window's list is the same bytes at any
// thread count.
TEST_P(CensusTest, ResumedMidWindowGivesTheSameTables) {
  const Scenario scenario = small_china();
  Simulation straight(scenario, with_threads(1));
  std::vector<CensusTables> expected;
  step_to(straight, 40, expected);
  const SimulationSnapshot at40 = straight.snapshot();
  ASSERT_EQ(at40.census.size(), 1u);
  EXPECT_EQ(at40.census[0].census_tick, 72);
  EXPECT_EQ(at40.census[0].start_tick, 12);
  EXPECT_GT(at40.census[0].moved.size(), 0u);
  step_to(straight, 72, expected);

  Simulation here(scenario, with_threads(threads()));
  std::vector<CensusTables> ignored;
  step_to(here, 40, ignored);
  const SimulationSnapshot snap = here.snapshot();
  ASSERT_EQ(snap.census.size(), 1u);
  const auto& a = snap.census[0].moved;
  const auto& b = at40.census[0].moved;
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    // Copies: the entries are packed (6 bytes), so no reference to a field.
    const std::uint32_t id_a = a[i].id, id_b = b[i].id;
    const auto region_a = a[i].region, region_b = b[i].region;
    ASSERT_EQ(id_a, id_b) << i;
    ASSERT_EQ(region_a, region_b) << i;
  }
  Simulation resumed(scenario, snap, with_threads(threads()));
  std::vector<CensusTables> got;
  step_to(resumed, 72, got);
  ASSERT_EQ(got.size(), 1u);
  ASSERT_EQ(expected.size(), 2u);
  ASSERT_TRUE(got[0].five_year_available);
  EXPECT_EQ(got[0].five_year, expected[1].five_year);
  EXPECT_EQ(got[0].hukou_stock, expected[1].hukou_stock);
}

// A snapshot without the window's list (a file from before the census
// tables) cannot give the five-year table: the resumed run says so.
TEST(Census, ResumedWithoutTheListDeclaresTheTableUnavailable) {
  const Scenario scenario = small_china();
  Simulation sim(scenario);
  std::vector<CensusTables> tables;
  step_to(sim, 40, tables);
  SimulationSnapshot snap = sim.snapshot();
  snap.census.clear();
  Simulation resumed(scenario, snap);
  std::vector<CensusTables> got;
  step_to(resumed, 72, got);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].five_year_available);
  EXPECT_EQ(got[0].five_year_note,
            "the run was resumed from a snapshot that does not carry the earlier locations of "
            "this window");
  EXPECT_EQ(got[0].hukou_stock.sum(), static_cast<std::int64_t>(resumed.agents().agent_count()));
}

// The census observes and never changes an agent: with and without census
// dates the agents are the same, field by field, after 80 ticks.
TEST(Census, ObservesWithoutChangingTheRun) {
  const Scenario dated = small_china(), undated = small_china("");
  Simulation with(dated);
  Simulation without(undated);
  std::vector<CensusTables> tables;
  step_to(with, 80, tables);
  step_to(without, 80, tables);
  ASSERT_EQ(tables.size(), 2u);
  const auto a = with.snapshot().agents, b = without.snapshot().agents;
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].id, b[i].id) << i;
    ASSERT_EQ(a[i].location, b[i].location) << i;
    ASSERT_EQ(a[i].hukou_region, b[i].hukou_region) << i;
    ASSERT_EQ(a[i].months_at_location, b[i].months_at_location) << i;
    ASSERT_EQ(a[i].traits.bits, b[i].traits.bits) << i;
  }
}

// No census dates: no tables, no windows, nothing noted.
TEST(Census, NoDatesNoTables) {
  const Scenario scenario = small_china("");
  Simulation sim(scenario);
  std::vector<CensusTables> tables;
  step_to(sim, 24, tables);
  EXPECT_TRUE(tables.empty());
  EXPECT_TRUE(sim.snapshot().census.empty());
  EXPECT_EQ(sim.census().bytes(), 0u);
}

TEST(Census, DatesMustBeAscendingMonths) {
  EXPECT_EQ(parse_month_list("2010-11, 2015-11,2020-11"),
            (std::vector<Month>{{2010, 11}, {2015, 11}, {2020, 11}}));
  EXPECT_EQ(parse_month_list(" "), std::vector<Month>{});
  EXPECT_FALSE(parse_month_list("2015-11,2010-11").has_value());
  EXPECT_FALSE(parse_month_list("2015-11,2015-11").has_value());
  EXPECT_FALSE(parse_month_list("2015-11,").has_value());
  EXPECT_FALSE(parse_month_list("2015/11").has_value());
  const std::string message = testing::input_error_of([] { small_china("2015-11,2010-11"); });
  EXPECT_NE(message.find("run.census_dates '2015-11,2010-11': expected ascending YYYY-MM dates "
                         "separated by commas"),
            std::string::npos)
      << message;
}

}  // namespace
}  // namespace migrasim
