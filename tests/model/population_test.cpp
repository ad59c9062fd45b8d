// Population synthesis (population.hpp): apportioning agents to regions, and
// the synthesized households against the scenario's targets. Statistical
// checks use fixed seeds (deterministic) and state their tolerance.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "migrasim/model/population.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

// -------------------------------------------------------------- apportion

TEST(Apportion, SumsExactlyAndStaysWithinOneOfTheQuota) {
  const std::vector<std::vector<double>> cases = {
      {1, 1, 1},      {16.33e6, 11.15e6, 69.43e6, 33.93e6, 0.5}, {0.1, 0.2, 0.3, 0.4}, {5, 0, 5},
      {1e-9, 1, 1e9},
  };
  for (const auto& weights : cases) {
    const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    for (std::int64_t total : {1, 2, 7, 100, 999'983, 300'000}) {
      const auto out = apportion(weights, total);
      ASSERT_EQ(out.size(), weights.size());
      EXPECT_EQ(std::accumulate(out.begin(), out.end(), std::int64_t{0}), total);
      for (std::size_t i = 0; i < weights.size(); ++i) {
        const double quota = static_cast<double>(total) * weights[i] / sum;
        // Largest remainder: each share is its quota rounded down or up.
        EXPECT_GE(out[i], std::floor(quota) - 1e-9) << "weight " << weights[i] << " of " << total;
        EXPECT_LE(out[i], std::ceil(quota) + 1e-9) << "weight " << weights[i] << " of " << total;
        if (weights[i] == 0) {
          EXPECT_EQ(out[i], 0);
        }
      }
    }
  }
}

TEST(Apportion, GivesLeftoversToTheLargestRemaindersThenTheLowerIndex) {
  EXPECT_EQ(apportion({1, 1, 1}, 2), (std::vector<std::int64_t>{1, 1, 0}));
  EXPECT_EQ(apportion({1, 1, 1}, 4), (std::vector<std::int64_t>{2, 1, 1}));
  // Quotas 1.4, 2.6, 1.0 (total 5): the 0.6 remainder gets the unit.
  EXPECT_EQ(apportion({1.4, 2.6, 1.0}, 5), (std::vector<std::int64_t>{1, 3, 1}));
  EXPECT_EQ(apportion({3, 1}, 100), (std::vector<std::int64_t>{75, 25}));
}

TEST(Apportion, NothingToShare) {
  EXPECT_EQ(apportion({0, 0}, 10), (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(apportion({1, 2}, 0), (std::vector<std::int64_t>{0, 0}));
  EXPECT_TRUE(apportion({}, 10).empty());
}

// ------------------------------------------------------------- synthesis

// A synthesized population with its records and per-region tallies.
struct Synthesized {
  Synthesized(const Scenario& scenario, std::uint64_t agents, std::uint64_t seed,
              std::size_t block_target = 16384, int threads = 1) {
    synthesize_population(scenario, agents, seed, store, ExecutionContext(threads), block_target);
    records = store.records();
    const int n = scenario.region_count();
    residents.assign(n, 0);
    migrants.assign(n, 0);
    stock = Eigen::MatrixXd::Zero(n, n);
    for (const auto& a : records) {
      ++residents[a.location];
      if (a.location != a.hukou_region) ++migrants[a.location];
      stock(a.hukou_region, a.location) += 1;
    }
  }
  AgentStore store;
  std::vector<AgentRecord> records;
  std::vector<std::int64_t> residents, migrants;
  Eigen::MatrixXd stock;  // [hukou][location], agents
};

class Synthesis : public ::testing::Test {
 protected:
  static constexpr std::uint64_t kChinaAgents = 300'000;
  static constexpr std::uint64_t kToyAgents = 60'000;

  static void SetUpTestSuite() {
    china_ = new Scenario(load_scenario(testing::scenarios_dir() / "china-2007"));
    toy_ = new Scenario(load_scenario(testing::scenarios_dir() / "toy-3"));
    china_pop_ = new Synthesized(*china_, kChinaAgents, 20070101);
    toy_pop_ = new Synthesized(*toy_, kToyAgents, 42);
  }
  static void TearDownTestSuite() {
    delete china_pop_;
    delete toy_pop_;
    delete china_;
    delete toy_;
  }

  static inline Scenario* china_ = nullptr;
  static inline Scenario* toy_ = nullptr;
  static inline Synthesized* china_pop_ = nullptr;
  static inline Synthesized* toy_pop_ = nullptr;

  struct Case {
    const char* name;
    const Scenario* scenario;
    const Synthesized* pop;
    std::uint64_t agents;
  };
  static std::vector<Case> cases() {
    return {{"china-2007", china_, china_pop_, kChinaAgents},
            {"toy-3", toy_, toy_pop_, kToyAgents}};
  }
};

std::vector<double> populations(const Scenario& s) {
  std::vector<double> out;
  for (const auto& r : s.regions()) out.push_back(r.population);
  return out;
}

TEST_F(Synthesis, ResidentsPerRegionAreTheApportionedPopulationExactly) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    const auto expected = apportion(populations(*c.scenario), static_cast<std::int64_t>(c.agents));
    EXPECT_EQ(c.pop->residents, expected);
    EXPECT_EQ(c.pop->records.size(), c.agents);
    EXPECT_EQ(c.pop->store.agent_count(), c.agents);
  }
}

// Migrant agents in r = round(residents_r x migrants_r / population_r): the
// difference is at most 1/2, plus 1 for the last household's rounding.
TEST_F(Synthesis, MigrantsPerRegionFollowTheRegionTable) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    for (int r = 0; r < c.scenario->region_count(); ++r) {
      const Region& region = c.scenario->regions()[r];
      const double expected =
          static_cast<double>(c.pop->residents[r]) * region.migrants / region.population;
      EXPECT_NEAR(static_cast<double>(c.pop->migrants[r]), expected, 1.5) << region.name;
    }
  }
}

// Migrants in r by hukou region follow migrant_stock.csv's column r. Each
// origin's count is within 4 binomial standard errors of its share
// (SE = sqrt(m p (1 - p)), m = migrant agents in r); the present synthesis
// apportions them, so the error is in fact below 1.
TEST_F(Synthesis, MigrantOriginsFollowTheMigrantStockFile) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    const Eigen::MatrixXd& target = c.scenario->migrant_stock();
    ASSERT_TRUE(c.scenario->has_migrant_stock());
    double worst = 0;
    for (int r = 0; r < c.scenario->region_count(); ++r) {
      const double m = static_cast<double>(c.pop->migrants[r]);
      const double column = target.col(r).sum();
      for (int h = 0; h < c.scenario->region_count(); ++h) {
        if (h == r) continue;
        const double p = column > 0 ? target(h, r) / column : 0.0;
        const double se = std::sqrt(m * p * (1 - p));
        const double got = c.pop->stock(h, r);
        EXPECT_NEAR(got, m * p, std::max(4 * se, 1.0))
            << c.scenario->regions()[h].name << " -> " << c.scenario->regions()[r].name;
        worst = std::max(worst, std::abs(got - m * p));
      }
    }
    ::testing::Test::RecordProperty(std::string(c.name) + "_worst_origin_error_agents",
                                    std::to_string(worst));
  }
}

// National shares of ages 0-14 and 65+ against [population]. Tolerance: 4
// binomial standard errors, SE = sqrt(p (1 - p) / n). Persons are clustered
// in households, so the binomial SE understates the true one; the design
// aims at the target in expectation (see the report for the measured bias).
TEST_F(Synthesis, AgeSharesMatchThePopulationParameters) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    const auto& p = c.scenario->params().population;
    const double n = static_cast<double>(c.pop->records.size());
    double young = 0, old = 0;
    for (const auto& a : c.pop->records) {
      young += a.age <= 14;
      old += a.age >= 65;
    }
    const double se_young = std::sqrt(p.age_0_14 * (1 - p.age_0_14) / n);
    const double se_old = std::sqrt(p.age_65_plus * (1 - p.age_65_plus) / n);
    std::printf("[ %s ] share 0-14 %.5f (target %.5f, %.2f SE); 65+ %.5f (target %.5f, %.2f SE)\n",
                c.name, young / n, p.age_0_14, (young / n - p.age_0_14) / se_young, old / n,
                p.age_65_plus, (old / n - p.age_65_plus) / se_old);
    EXPECT_NEAR(young / n, p.age_0_14, 4 * se_young);
    EXPECT_NEAR(old / n, p.age_65_plus, 4 * se_old);
  }
}

// Households: for each head, the index range of its members.
struct Household {
  std::size_t begin, end;
};
std::vector<Household> households(const std::vector<AgentRecord>& records) {
  std::vector<Household> out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].traits.household_start())
      out.push_back({i, i + 1});
    else if (!out.empty())
      out.back().end = i + 1;
  }
  return out;
}

// Migrant heads: worker, household start, living outside their hukou region.
// The share living with a spouse or child (same location) against
// population.family_migration_share.
TEST_F(Synthesis, FamilyMigrationShareOfMigrantHeads) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    const auto& recs = c.pop->records;
    const double target = c.scenario->params().population.family_migration_share;
    double heads = 0, with_family = 0, heads_having_family = 0;
    for (const Household& h : households(recs)) {
      const AgentRecord& head = recs[h.begin];
      if (head.traits.role() != Role::worker || head.location == head.hukou_region) continue;
      bool has = false, with = false;
      for (std::size_t i = h.begin + 1; i < h.end; ++i) {
        const Role role = recs[i].traits.role();
        if (role != Role::spouse && role != Role::child) continue;
        has = true;
        with |= recs[i].location == head.location;
      }
      heads += 1;
      with_family += with;
      heads_having_family += has;
    }
    const double share = with_family / heads;
    const double share_of_those_with_family = with_family / heads_having_family;
    std::printf(
        "[ %s ] migrant heads %.0f: with spouse/child %.4f; of the %.4f who have a "
        "spouse or child, %.4f live with them (target %.2f)\n",
        c.name, heads, share, heads_having_family / heads, share_of_those_with_family, target);
    // Over all migrant heads (those living alone included), the share living
    // with spouse or child is the parameter: 4 binomial SE. (Synthesis raises
    // the chance of heads who have family to make up for those who have none.)
    const double se = std::sqrt(target * (1 - target) / heads);
    EXPECT_NEAR(share, target, 4 * se);
    EXPECT_GT(share_of_those_with_family, share);
  }
}

// Local households (head living at its hukou region) hold non-agricultural
// hukou with the region's urban_hukou_share. One draw per household, so the
// test counts heads: per region within 4 binomial SE, SE = sqrt(p(1-p)/h).
TEST_F(Synthesis, UrbanHukouShareOfLocalHouseholds) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    const int n = c.scenario->region_count();
    std::vector<double> heads(n, 0), urban(n, 0);
    for (const auto& a : c.pop->records) {
      if (!a.traits.household_start() || a.location != a.hukou_region) continue;
      heads[a.location] += 1;
      urban[a.location] += a.traits.hukou_type() == HukouType::non_agricultural;
    }
    double expected = 0, variance = 0, total = 0;
    for (int r = 0; r < n; ++r) {
      const double p = c.scenario->regions()[r].urban_hukou_share;
      ASSERT_GT(heads[r], 0) << c.scenario->regions()[r].name;
      EXPECT_NEAR(urban[r] / heads[r], p, 4 * std::sqrt(p * (1 - p) / heads[r]))
          << c.scenario->regions()[r].name;
      expected += heads[r] * p;
      variance += heads[r] * p * (1 - p);
      total += urban[r];
    }
    EXPECT_NEAR(total, expected, 4 * std::sqrt(variance));
  }
}

TEST_F(Synthesis, IdsAreUniqueAndDense) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    std::vector<std::uint32_t> ids;
    for (const auto& a : c.pop->records) ids.push_back(a.id);
    std::sort(ids.begin(), ids.end());
    for (std::size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(ids[i], i);
    EXPECT_EQ(c.pop->store.next_id, c.agents);
  }
}

// Households are contiguous: each starts with exactly one head (a worker),
// its members share the head's hukou region, there is at most one spouse,
// and every block begins with a head.
TEST_F(Synthesis, HouseholdsAreContiguousWithOneHeadFirst) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    const auto& recs = c.pop->records;
    ASSERT_FALSE(recs.empty());
    EXPECT_TRUE(recs.front().traits.household_start());
    for (const Household& h : households(recs)) {
      const AgentRecord& head = recs[h.begin];
      EXPECT_EQ(head.traits.role(), Role::worker) << "id " << head.id;
      int spouses = 0;
      for (std::size_t i = h.begin + 1; i < h.end; ++i) {
        EXPECT_FALSE(recs[i].traits.household_start());
        EXPECT_EQ(recs[i].hukou_region, head.hukou_region) << "id " << recs[i].id;
        EXPECT_EQ(recs[i].traits.hukou_type(), head.traits.hukou_type()) << "id " << recs[i].id;
        spouses += recs[i].traits.role() == Role::spouse;
      }
      EXPECT_LE(spouses, 1) << "household of id " << head.id;
      EXPECT_LE(h.end - h.begin, 10u);
    }
    const AgentStore& s = c.pop->store;
    for (std::size_t b = 0; b < s.block_count(); ++b) {
      EXPECT_TRUE(s.traits[s.block_begin(b)].household_start()) << "block " << b;
    }
  }
}

// Plausible persons: ages by role, employment only for working ages,
// insured months within months at the location, land with agricultural
// hukou.
TEST_F(Synthesis, EveryAgentIsPlausible) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    for (const auto& a : c.pop->records) {
      ASSERT_LT(a.location, c.scenario->region_count());
      ASSERT_LT(a.hukou_region, c.scenario->region_count());
      ASSERT_LT(a.birth_month, 12);
      ASSERT_LE(a.insured_months, a.months_at_location) << "id " << a.id;
      ASSERT_EQ(a.traits.holds_land(), a.traits.hukou_type() == HukouType::agricultural);
      switch (a.traits.role()) {
        case Role::child:
          ASSERT_LT(a.age, 16) << "id " << a.id;
          break;
        case Role::elder:
          ASSERT_GE(a.age, 65) << "id " << a.id;
          break;
        case Role::worker:
        case Role::spouse:
          ASSERT_GE(a.age, 16) << "id " << a.id;
          ASSERT_LT(a.age, 65) << "id " << a.id;
          ASSERT_NE(a.traits.employment(), Employment::not_working) << "id " << a.id;
          break;
      }
      if (a.traits.employment() == Employment::farming) {
        ASSERT_EQ(a.location, a.hukou_region) << "id " << a.id;
      }
    }
  }
}

bool same_records(const std::vector<AgentRecord>& a, const std::vector<AgentRecord>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].id != b[i].id || a[i].hukou_region != b[i].hukou_region ||
        a[i].location != b[i].location || a[i].age != b[i].age ||
        a[i].birth_month != b[i].birth_month ||
        a[i].months_at_location != b[i].months_at_location ||
        a[i].insured_months != b[i].insured_months || a[i].traits.bits != b[i].traits.bits) {
      return false;
    }
  }
  return true;
}

TEST_F(Synthesis, SameSeedSameAgentsAnyBlockSize) {
  const Synthesized again(*toy_, kToyAgents, 42);
  EXPECT_TRUE(same_records(again.records, toy_pop_->records));
  const Synthesized small_blocks(*toy_, kToyAgents, 42, /*block_target=*/200);
  EXPECT_TRUE(same_records(small_blocks.records, toy_pop_->records));
  EXPECT_GT(small_blocks.store.block_count(), toy_pop_->store.block_count());
}

// The households are drawn in parallel through the execution context: the
// agents, their order and their ids do not depend on the thread count (the
// china population has jobs of migrant and local households in many regions).
TEST_F(Synthesis, SameAgentsAnyThreadCount) {
  for (int threads : {2, 3, 4}) {
    const Synthesized toy(*toy_, kToyAgents, 42, 16384, threads);
    EXPECT_TRUE(same_records(toy.records, toy_pop_->records)) << threads << " threads";
    const Synthesized china(*china_, kChinaAgents, 20070101, 16384, threads);
    EXPECT_TRUE(same_records(china.records, china_pop_->records)) << threads << " threads";
  }
}

TEST_F(Synthesis, DifferentSeedDifferentAgents) {
  const Synthesized other(*toy_, kToyAgents, 43);
  EXPECT_FALSE(same_records(other.records, toy_pop_->records));
  // Region totals do not depend on the seed.
  EXPECT_EQ(other.residents, toy_pop_->residents);
  EXPECT_EQ(other.migrants, toy_pop_->migrants);
}

}  // namespace
}  // namespace migrasim
