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

// Under legacy budgets, where every hukou-linked category is a unit cost of
// benefits.csv (functional budgets take health and education from the
// budget instead: FunctionalEducationAndHealthAreTheProvincialBudgets).
TEST(Fiscal, AUnitCostActsOnItsCategoryOnly) {
  TempDir dir;
  const std::vector<Override> legacy = {{"fiscal.budget_model", "legacy", "test"}};
  const Scenario base = toy_with_benefits(dir, "base", kBenefits, legacy);
  std::string zero = kBenefits, doubled = kBenefits;
  zero.replace(zero.find("*,urban,pension,12000"), 21, "*,urban,pension,0\n*,rural,pension,0");
  zero.erase(zero.find("*,rural,pension,700\n"), 20);
  doubled.replace(doubled.find("*,urban,health,400"), 18, "*,urban,health,800");
  doubled.replace(doubled.find("*,rural,health,60"), 17, "*,rural,health,120");
  const Scenario no_pension = toy_with_benefits(dir, "zero", zero, legacy);
  const Scenario double_health = toy_with_benefits(dir, "double", doubled, legacy);
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
      for (int c = 0; c < kRevenue; ++c) {
        const auto item = static_cast<Revenue>(c);
        if (general_revenue(item) && item != Revenue::transfers)
          revenue[r] += yuan(f.revenue(r, item));
      }
      // The general budget that the calibration balances: one-off items
      // come on top (under infrastructure_on = growth they are charged for
      // the baseline's own growth, which the 2007 budgets also financed in
      // part; docs/fiscal-burden.md section 1).
      for (int c = 0; c < kSpending; ++c) {
        const auto category = static_cast<Spending>(c);
        if (serves(category) != Serves::insurance && serves(category) != Serves::oneoff) {
          general[r] += yuan(f.spending(r, category));
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

// Issue 14: every spending category is one-off, hukou-linked,
// residence-linked or paid by the insurance funds, so the four parts of a
// region's spending add up to its total in fen, every tick (china-2007,
// functional budgets, marginal revenue, growth rule).
TEST(Fiscal, TheFourPartsOfSpendingAddUpToTheTotalInFen) {
  const Scenario s = load_scenario(scenarios_dir() / "china-2007");
  SimulationOptions o;
  o.agents = 20000;
  Simulation sim(s, o);
  ASSERT_TRUE(sim.fiscal().calibration().functional());
  bool each[4] = {};
  for (int t = 0; t < 24; ++t) {
    sim.step();
    for (int r = 0; r < s.region_count(); ++r) {
      std::int64_t parts[4] = {};
      for (int c = 0; c < kSpending; ++c) {
        const auto category = static_cast<Spending>(c);
        const std::int64_t fen = sim.fiscal().spending(r, category);
        parts[static_cast<int>(serves(category))] += fen;
        each[static_cast<int>(serves(category))] |= fen > 0;
      }
      EXPECT_EQ(parts[0] + parts[1] + parts[2] + parts[3], sim.fiscal().total_spending(r));
    }
  }
  for (int k = 0; k < 4; ++k) EXPECT_TRUE(each[k]) << "part " << k;  // all four occur
}

// The functional budget reproduces the data it is calibrated on: with no
// services for the unregistered, Beijing's education spending in a month is
// a twelfth of its 2007 education budget (budget.csv, NBS), and its health
// spending a twelfth of its health budget.
TEST(Fiscal, FunctionalEducationAndHealthAreTheProvincialBudgets) {
  const Scenario s = load_scenario(scenarios_dir() / "china-2007",
                                   {{"policy.unregistered_service_share", "0", "test"}});
  SimulationOptions o;
  o.agents = 20000;
  Simulation sim(s, o);
  const int beijing = s.find_region("Beijing");
  EXPECT_EQ(s.budgets()[beijing].get(BudgetFunction::education), 26300000000.0);  // 263.0 e8
  EXPECT_EQ(s.budgets()[beijing].get(BudgetFunction::health), 11895000000.0);     // 118.95 e8
  FiscalAccounts f;
  f.init(s.region_count());
  f.calibrate(s, sim.aggregates(), sim.fields(), sim.region_policy(), sim.scale());
  f.account(s, sim.aggregates(), sim.fields(), sim.region_policy(), sim.scale(), 0);
  EXPECT_NEAR(yuan(f.spending(beijing, Spending::education)) * 12, 26300000000.0, 12.0);
  EXPECT_NEAR(yuan(f.spending(beijing, Spending::health)) * 12, 11895000000.0, 12.0);
  EXPECT_EQ(f.spending(beijing, Spending::unregistered), 0);
  // A year later at 3% real growth, 3% more.
  const Scenario grown = load_scenario(scenarios_dir() / "china-2007",
                                       {{"policy.unregistered_service_share", "0", "test"},
                                        {"fiscal.unit_cost_growth", "0.03", "test"}});
  FiscalAccounts g;
  g.init(grown.region_count());
  g.calibrate(grown, sim.aggregates(), sim.fields(), sim.region_policy(), sim.scale());
  g.account(grown, sim.aggregates(), sim.fields(), sim.region_policy(), sim.scale(), 12);
  EXPECT_NEAR(yuan(g.spending(beijing, Spending::education)) * 12, 1.03 * 26300000000.0, 12.0);
}

// The growth rule: registering residents without moving anyone builds
// nothing; under `registration` the same tick is charged per registrant.
TEST(Fiscal, RegisteringWithoutMovingChargesNoInfrastructureUnderGrowth) {
  const auto with = [](const char* rule) {
    return load_scenario(scenarios_dir() / "china-2007",
                         {{"fiscal.infrastructure_on", rule, "test"}});
  };
  const Scenario growth = with("growth"), registration = with("registration");
  SimulationOptions o;
  o.agents = 20000;
  Simulation sim(growth, o);
  Aggregates what_if = sim.aggregates();  // the start, with everyone staying put ...
  const int beijing = growth.find_region("Beijing");
  what_if.at(beijing, Counter::admissions) = 500;  // ... and 500 agents registered
  for (const Scenario* s : {&growth, &registration}) {
    FiscalAccounts f;
    f.init(s->region_count());
    f.calibrate(*s, sim.aggregates(), sim.fields(), sim.region_policy(), sim.scale());
    f.account(*s, what_if, sim.fields(), sim.region_policy(), sim.scale(), 0);
    const std::int64_t built = f.spending(beijing, Spending::oneoff_infrastructure) +
                               f.spending(beijing, Spending::oneoff_housing);
    if (s == &growth) {
      EXPECT_EQ(built, 0);
    } else {
      const double unit =
          s->unit_costs()[beijing].get(Scheme::urban, CostCategory::oneoff_infrastructure) +
          s->unit_costs()[beijing].get(Scheme::urban, CostCategory::oneoff_housing);
      EXPECT_NEAR(yuan(built), 500 * sim.scale() * unit, 1.0);
    }
  }
  // Growth is charged: 100 more agents living in Beijing than last month.
  Aggregates grown = sim.aggregates();
  grown.at(beijing, Counter::residents) += 100;
  FiscalAccounts f;
  f.init(growth.region_count());
  f.calibrate(growth, sim.aggregates(), sim.fields(), sim.region_policy(), sim.scale());
  f.account(growth, grown, sim.fields(), sim.region_policy(), sim.scale(), 0);
  EXPECT_NEAR(yuan(f.spending(beijing, Spending::oneoff_infrastructure)),
              100 * sim.scale() * 100000.0, 1.0);
}

// Marginal revenue of one registered formal worker (docs/model.md s.6.8):
// (income_tax_rate x income_tax_local_share + consumption_share x
// consumption_tax_rate x consumption_tax_local_share) x wage a year, of which
// (1 - migrant_wage_ratio) shows as the wage premium; contributions
// social_insurance_rate x wage go to the funds.
TEST(Fiscal, MarginalRevenueOfOneRegisteredFormalWorkerIsTheFormula) {
  const Scenario s = load_scenario(scenarios_dir() / "toy-3");
  SimulationOptions o;
  o.agents = 2000;
  Simulation sim(s, o);
  FiscalAccounts f;
  f.init(s.region_count());
  f.calibrate(s, sim.aggregates(), sim.fields(), sim.region_policy(), 1.0);
  Aggregates one(s.region_count());
  const int j = 0;
  // One urban, registered, formally employed worker aged 16-64; nobody else.
  one.profile_at(j, Aggregates::profile(2, static_cast<int>(Employment::formal), true, true)) = 1;
  one.at(j, Counter::residents) = 1;
  f.account(s, one, sim.fields(), sim.region_policy(), 1.0, 0);
  const auto& p = s.params().fiscal;
  const double w = sim.fields().wage[j], ratio = s.params().migration.migrant_wage_ratio;
  const double income = p.income_tax_rate * p.income_tax_local_share;
  const double consumption =
      p.consumption_share * p.consumption_tax_rate * p.consumption_tax_local_share;
  EXPECT_EQ(f.revenue(j, Revenue::income_tax), std::llround(income * ratio * w / 12 * 100));
  EXPECT_EQ(f.revenue(j, Revenue::consumption_tax),
            std::llround(consumption * ratio * w / 12 * 100));
  EXPECT_EQ(f.revenue(j, Revenue::wage_premium),
            std::llround((income + consumption) * (1 - ratio) * w / 12 * 100));
  EXPECT_NEAR(yuan(f.revenue(j, Revenue::income_tax) + f.revenue(j, Revenue::consumption_tax) +
                   f.revenue(j, Revenue::wage_premium)),
              (income + consumption) * w / 12, 0.02);
  EXPECT_EQ(f.revenue(j, Revenue::social_insurance),
            std::llround(p.social_insurance_rate * w / 12 * 100));
  EXPECT_EQ(f.revenue(j, Revenue::local_tax), 0);  // the average model's line is off
}

// --- compare -------------------------------------------------------------------

std::filesystem::path run_to_file(const std::filesystem::path& scenario,
                                  const std::filesystem::path& out, long long agents, int ticks,
                                  std::vector<Override> overrides = {}) {
  overrides.push_back({"run.agents", std::to_string(agents), "test"});
  overrides.push_back({"run.ticks", std::to_string(ticks), "test"});
  const Scenario s = load_scenario(scenario, overrides);
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

// The decomposition's identities hold exactly in fen on every row with
// per-migrant figures: one-off + recurring + induced = gross, gross -
// revenue = net.
void expect_identities(const Burden& b) {
  const auto fen = [](double yuan) { return std::llround(yuan * 100.0); };
  int checked = 0;
  std::vector<const BurdenRow*> rows = {&b.national};
  for (const auto& r : b.rows) rows.push_back(&r);
  for (const BurdenRow* r : rows) {
    if (std::isnan(r->gross_cost_per_migrant)) continue;
    EXPECT_EQ(fen(r->oneoff_per_migrant) + fen(r->recurring_npv_per_migrant) +
                  fen(r->induced_npv_per_migrant),
              fen(r->gross_cost_per_migrant))
        << r->name;
    EXPECT_EQ(fen(r->gross_cost_per_migrant) - fen(r->revenue_npv_per_migrant),
              fen(r->net_cost_per_migrant))
        << r->name;
    ++checked;
  }
  EXPECT_GT(checked, 1);
}

const BurdenRow& row_named(const Burden& b, const std::string& name) {
  for (const auto& row : b.rows) {
    if (row.name == name) return row;
  }
  ADD_FAILURE() << "no row " << name;
  return b.national;
}

// The model before issue 14 stays reachable: its switches reproduce the
// beijing-open cost per migrant of docs/fiscal-burden.md (170,429 yuan at
// 200k agents) within 1%, as the gross cost.
TEST(Compare, LegacySwitchesReproduceTheOldBeijingOpenCost) {
  TempDir dir;
  const auto whatif = scenarios_dir() / "china-2007" / "whatif";
  const std::vector<Override> legacy = {{"fiscal.budget_model", "legacy", "test"},
                                        {"fiscal.revenue_model", "average", "test"},
                                        {"fiscal.infrastructure_on", "registration", "test"},
                                        {"fiscal.unit_cost_growth", "0", "test"}};
  const auto base =
      run_to_file(whatif / "baseline.ini", dir.path() / "base.h5", 200000, 120, legacy);
  const auto open =
      run_to_file(whatif / "beijing-open.ini", dir.path() / "open.h5", 200000, 120, legacy);
  const Burden b = compare_runs(base, open);
  EXPECT_TRUE(b.legacy_budget);
  const BurdenRow& beijing = row_named(b, "Beijing");
  EXPECT_NEAR(beijing.gross_cost_per_migrant / 170429.0, 1.0, 0.01);
  EXPECT_NEAR(beijing.gross_cost_per_migrant, beijing.cost_per_migrant, 0.05);
  expect_identities(b);
}

// docs/fiscal-burden.md states these bands for beijing-open under the new
// model (functional budgets, marginal revenue, infrastructure on growth).
TEST(Compare, BeijingOpenCostsPerMigrantWhatTheDocSays) {
  TempDir dir;
  const auto whatif = scenarios_dir() / "china-2007" / "whatif";
  const auto base = run_to_file(whatif / "baseline.ini", dir.path() / "base.h5", 200000, 120);
  const auto open = run_to_file(whatif / "beijing-open.ini", dir.path() / "open.h5", 200000, 120);
  const Burden b = compare_runs(base, open);
  EXPECT_FALSE(b.legacy_budget);
  const BurdenRow& beijing = row_named(b, "Beijing");
  EXPECT_GT(beijing.newly_registered, 4e6);
  EXPECT_GE(beijing.gross_cost_per_migrant, 90000.0);
  EXPECT_LE(beijing.gross_cost_per_migrant, 112000.0);
  EXPECT_GE(beijing.net_cost_per_migrant, 89000.0);
  EXPECT_LE(beijing.net_cost_per_migrant, 112000.0);
  expect_identities(b);
  // Rows with fewer than ten agents' worth of newly registered persons show
  // no per-migrant figures (chance would dominate them).
  const double scale = read_run_info(base).scale;
  for (const auto& row : b.rows) {
    if (row.newly_registered < 10 * scale) {
      EXPECT_TRUE(std::isnan(row.cost_per_migrant)) << row.name;
      EXPECT_TRUE(std::isnan(row.net_cost_per_migrant)) << row.name;
    } else {
      EXPECT_FALSE(std::isnan(row.cost_per_migrant)) << row.name;
      EXPECT_FALSE(std::isnan(row.gross_cost_per_migrant)) << row.name;
    }
  }
  // By province gives the same rows at province level (a province scenario).
  BurdenOptions by;
  by.by_province = true;
  EXPECT_EQ(compare_runs(base, open, by).rows.size(), b.rows.size());
}

}  // namespace
}  // namespace migrasim
