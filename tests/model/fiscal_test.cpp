// The fiscal module (fiscal.hpp) and the burden comparison (compare.hpp):
// the accounting identity in fen, unit costs acting category by category,
// a label-only reform leaving budgets alone, the china-2007 calibration to
// the 2007 provincial budgets, and compare() of a run with itself and of
// the beijing-open what-if.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "migrasim/analysis/compare.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/model/fiscal.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

using testing::scenarios_dir;
using testing::TempDir;

TEST(Fiscal, RevenueMinusSpendingIsTheChangeOfTheBalanceExactly) {
  const Scenario s = load_scenario(scenarios_dir() / "toy-3");
  SimulationOptions o;
  o.agents = 20000;
  Simulation sim(s, o);
  std::vector<std::int64_t> before = sim.fiscal().balances();
  bool spent = false;
  for (int t = 0; t < 36; ++t) {
    sim.step();
    for (int r = 0; r < s.region_count(); ++r) {
      const auto& f = sim.fiscal();
      EXPECT_EQ(f.balance(r) - before[r], f.total_revenue(r) - f.total_spending(r))
          << "region " << r << ", tick " << t;
      EXPECT_EQ(f.debt(r), f.balance(r) < 0 ? -f.balance(r) : 0);
      spent |= f.spending(r, Spending::pension) > 0 && f.spending(r, Spending::other) > 0;
    }
    before = sim.fiscal().balances();
  }
  EXPECT_TRUE(spent);
}

// toy-3 with benefits.csv replaced by `benefits`.
Scenario toy_with_benefits(const TempDir& dir, const std::string& name, const std::string& benefits,
                           const std::vector<Override>& overrides = {}) {
  const auto folder = dir.copy_scenario("toy-3", name);
  std::ofstream(folder / "benefits.csv") << benefits;
  return load_scenario(folder, overrides);
}

const char* const kBenefits =
    "region,scheme,category,value\n"
    "*,urban,pension,12000\n*,rural,pension,700\n*,urban,health,400\n*,rural,health,60\n"
    "*,all,education,2000\n*,urban,unemployment,4000\n*,urban,dibao,2200\n*,rural,dibao,450\n"
    "*,all,oneoff_housing,20000\n*,all,oneoff_infrastructure,30000\n*,all,school_fee,1200\n";

TEST(Fiscal, AUnitCostActsOnItsCategoryOnly) {
  TempDir dir;
  const Scenario base = toy_with_benefits(dir, "base", kBenefits);
  std::string zero = kBenefits, doubled = kBenefits;
  zero.replace(zero.find("*,urban,pension,12000"), 21, "*,urban,pension,0\n*,rural,pension,0");
  zero.erase(zero.find("*,rural,pension,700\n"), 20);
  doubled.replace(doubled.find("*,urban,health,400"), 18, "*,urban,health,800");
  doubled.replace(doubled.find("*,rural,health,60"), 17, "*,rural,health,120");
  const Scenario no_pension = toy_with_benefits(dir, "zero", zero);
  const Scenario double_health = toy_with_benefits(dir, "double", doubled);
  // The same aggregates accounted under each set of unit costs.
  SimulationOptions o;
  o.agents = 20000;
  Simulation sim(base, o);
  FiscalAccounts a, z, d;
  for (FiscalAccounts* f : {&a, &z, &d}) f->init(base.region_count());
  a.calibrate(base, sim.aggregates(), sim.fields(), sim.region_policy(), sim.scale());
  z.calibrate(no_pension, sim.aggregates(), sim.fields(), sim.region_policy(), sim.scale());
  d.calibrate(double_health, sim.aggregates(), sim.fields(), sim.region_policy(), sim.scale());
  for (int t = 0; t < 12; ++t) {
    sim.step();
    a.account(base, sim.aggregates(), sim.fields(), sim.region_policy(), sim.scale());
    z.account(no_pension, sim.aggregates(), sim.fields(), sim.region_policy(), sim.scale());
    d.account(double_health, sim.aggregates(), sim.fields(), sim.region_policy(), sim.scale());
    for (int r = 0; r < base.region_count(); ++r) {
      EXPECT_GT(a.spending(r, Spending::pension), 0);
      EXPECT_EQ(z.spending(r, Spending::pension), 0);
      EXPECT_EQ(z.spending(r, Spending::education), a.spending(r, Spending::education));
      EXPECT_NEAR(static_cast<double>(d.spending(r, Spending::health)),
                  2.0 * static_cast<double>(a.spending(r, Spending::health)), 1.0);
      EXPECT_EQ(d.spending(r, Spending::pension), a.spending(r, Spending::pension));
      EXPECT_EQ(d.revenue(r, Revenue::local_tax), a.revenue(r, Revenue::local_tax));
    }
  }
}

std::vector<std::int64_t> spending_trace(const Scenario& s, int ticks) {
  SimulationOptions o;
  o.agents = 20000;
  Simulation sim(s, o);
  std::vector<std::int64_t> out;
  for (int t = 0; t < ticks; ++t) {
    sim.step();
    for (int r = 0; r < s.region_count(); ++r) {
      for (int c = 0; c < kSpending; ++c) {
        out.push_back(sim.fiscal().spending(r, static_cast<Spending>(c)));
      }
    }
  }
  return out;
}

TEST(Fiscal, ALabelOnlyReformLeavesSpendingUnchangedAndEqualizationDoesNot) {
  TempDir dir;
  const auto base = dir.copy_scenario("toy-3", "toy");
  std::ofstream(base / "events.csv") << "date,target,action,value,parameters\n";
  const auto whatif = [&](const std::string& name, const std::string& equalization) {
    return load_scenario(dir.write(name + ".ini",
                                   "[scenario]\nbase = toy\n[events]\nadd = 2010-03, *, "
                                   "classification, unified, benefit_equalization=" +
                                       equalization + "\n"));
  };
  const auto plain = spending_trace(load_scenario(base), 12);
  EXPECT_EQ(spending_trace(whatif("label", "0"), 12), plain);
  EXPECT_NE(spending_trace(whatif("equal", "1"), 12), plain);
}

TEST(Fiscal, China2007RevenueMatchesThe2007BudgetsAndBeijingSpendsAbout157Bn) {
  const Scenario s = load_scenario(scenarios_dir() / "china-2007");
  SimulationOptions o;
  o.agents = 1000000;
  Simulation sim(s, o);
  std::vector<double> revenue(s.region_count(), 0.0), general(s.region_count(), 0.0);
  for (int t = 0; t < 12; ++t) {
    sim.step();
    for (int r = 0; r < s.region_count(); ++r) {
      const auto& f = sim.fiscal();
      revenue[r] += yuan(f.revenue(r, Revenue::local_tax) + f.revenue(r, Revenue::fees));
      for (int c = 0; c < kSpending; ++c) {
        if (!social_insurance_financed(static_cast<Spending>(c))) {
          general[r] += yuan(f.spending(r, static_cast<Spending>(c)));
        }
      }
    }
  }
  for (int r = 0; r < s.region_count(); ++r) {
    const double published = s.regions()[r].local_revenue.value();
    EXPECT_NEAR(revenue[r] / published, 1.0, 0.10) << s.regions()[r].name;
  }
  const int beijing = s.find_region("Beijing");
  EXPECT_NEAR(general[beijing] / 157e9, 1.0, 0.05) << general[beijing];
}

// --- compare -------------------------------------------------------------------

std::filesystem::path run_to_file(const std::filesystem::path& scenario,
                                  const std::filesystem::path& out, long long agents, int ticks) {
  const Scenario s = load_scenario(scenario, {{"run.agents", std::to_string(agents), "test"},
                                              {"run.ticks", std::to_string(ticks), "test"}});
  Simulation sim(s);
  RunWriter w = RunWriter::create(out, s, sim, {"test", 1, scenario, {}});
  for (int t = 0; t < ticks; ++t) {
    sim.step();
    w.record(sim);
  }
  w.finish(sim, true);
  return out;
}

TEST(Compare, ARunAgainstItselfDiffersInNothing) {
  TempDir dir;
  const auto whatif = scenarios_dir() / "china-2007" / "whatif";
  const auto a = run_to_file(whatif / "beijing-open.ini", dir.path() / "a.h5", 50000, 24);
  const auto b = run_to_file(whatif / "beijing-open.ini", dir.path() / "b.h5", 50000, 24);
  for (const auto& other : {a, b}) {
    const Burden x = compare_runs(a, other);
    EXPECT_EQ(x.months, 24);
    for (const BurdenRow* row : {&x.national, &x.rows.front(), &x.rows.back()}) {
      EXPECT_EQ(row->delta_spending_total, 0.0) << row->name;
      EXPECT_EQ(row->newly_registered, 0.0) << row->name;
      EXPECT_EQ(row->delta_revenue_total, 0.0) << row->name;
      EXPECT_TRUE(std::isnan(row->cost_per_migrant)) << row->name;
      for (double d : row->delta_spending) EXPECT_EQ(d, 0.0);
    }
    EXPECT_GT(x.national.base_spending_total, 0.0);
  }
}

// docs/fiscal-burden.md states this band for the cost per newly registered
// migrant of beijing-open (one-off + NPV of 20 years at 3%).
TEST(Compare, BeijingOpenCostsPerMigrantWhatTheDocSays) {
  TempDir dir;
  const auto whatif = scenarios_dir() / "china-2007" / "whatif";
  const auto base = run_to_file(whatif / "baseline.ini", dir.path() / "base.h5", 200000, 120);
  const auto open = run_to_file(whatif / "beijing-open.ini", dir.path() / "open.h5", 200000, 120);
  const Burden b = compare_runs(base, open);
  const BurdenRow* beijing = nullptr;
  for (const auto& row : b.rows) {
    if (row.name == "Beijing") beijing = &row;
  }
  ASSERT_NE(beijing, nullptr);
  EXPECT_GT(beijing->newly_registered, 4e6);
  EXPECT_GE(beijing->cost_per_migrant, 150000.0);
  EXPECT_LE(beijing->cost_per_migrant, 190000.0);
  // Rows with fewer than ten agents' worth of newly registered persons show
  // no per-migrant figures (chance would dominate them).
  const double scale = read_run_info(base).scale;
  for (const auto& row : b.rows) {
    if (row.newly_registered < 10 * scale) {
      EXPECT_TRUE(std::isnan(row.cost_per_migrant)) << row.name;
    } else {
      EXPECT_FALSE(std::isnan(row.cost_per_migrant)) << row.name;
    }
  }
  // By province gives the same rows at province level (a province scenario).
  BurdenOptions by;
  by.by_province = true;
  EXPECT_EQ(compare_runs(base, open, by).rows.size(), b.rows.size());
}

}  // namespace
}  // namespace migrasim
