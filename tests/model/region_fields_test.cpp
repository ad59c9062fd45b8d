// The fields phase (region_fields.hpp): per-region wages and network terms,
// move costs, and the exact multinomial-logit destination draw. Built from a
// toy-3 Simulation; statistical checks use fixed seeds and state tolerances.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "migrasim/model/random.hpp"
#include "migrasim/model/region_fields.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

constexpr std::uint64_t kAgents = 6000;

SimulationOptions small(std::uint64_t seed = 42) {
  SimulationOptions o;
  o.agents = kAgents;
  o.seed = seed;
  o.has_seed = true;
  return o;
}

Scenario toy(const std::vector<Override>& overrides = {}) {
  return load_scenario(testing::scenarios_dir() / "toy-3", overrides);
}

// The labour supply at the start (L0 of the wage equation), per region.
std::vector<double> starting_labour(const Simulation& sim) {
  std::vector<double> labour(sim.scenario().region_count());
  for (std::size_t j = 0; j < labour.size(); ++j) {
    labour[j] = static_cast<double>(sim.aggregates().at(static_cast<int>(j), Counter::employed));
  }
  return labour;
}

// Every chooser: class x location x hukou region.
template <class F>
void for_each_chooser(int regions, F&& f) {
  for (int c = 0; c < kChooserClasses; ++c) {
    for (int location = 0; location < regions; ++location) {
      for (int hukou = 0; hukou < regions; ++hukou) f(c, location, hukou);
    }
  }
}

TEST(RegionFields, ProbabilitiesAreADistribution) {
  const Scenario s = toy();
  const Simulation sim(s, small());
  const RegionFields& f = sim.fields();
  ASSERT_EQ(f.regions, 3);
  for_each_chooser(f.regions, [&](int c, int location, int hukou) {
    const auto p = destination_probabilities(f, c, location, hukou);
    ASSERT_EQ(p.size(), 3u);
    for (double x : p) {
      EXPECT_GE(x, 0.0);
      EXPECT_LE(x, 1.0);
    }
    EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-12)
        << "class " << c << " at " << location << " hukou " << hukou;
  });
}

// The probabilities are the logit of the documented utility: for the
// chooser's hukou region the registered term, elsewhere the unregistered
// term plus the network term, minus the move cost from the location.
TEST(RegionFields, ProbabilitiesAreTheLogitOfTheUtilityTerms) {
  const Scenario s = toy();
  const Simulation sim(s, small());
  const RegionFields& f = sim.fields();
  for_each_chooser(f.regions, [&](int c, int location, int hukou) {
    std::vector<double> v(f.regions);
    for (int j = 0; j < f.regions; ++j) {
      v[j] = (j == hukou ? f.registered(c, j) : f.unregistered(c, j) + f.network(hukou, j)) -
             f.move_cost(location, j);
    }
    double total = 0;
    for (double x : v) total += std::exp(x);
    const auto p = destination_probabilities(f, c, location, hukou);
    for (int j = 0; j < f.regions; ++j) EXPECT_NEAR(p[j], std::exp(v[j]) / total, 1e-12);
  });
}

// choose_destination over 10^6 uniforms (from RandomStream) hits each region
// with its probability: counts within 4 binomial standard errors,
// SE = sqrt(n p (1 - p)).
TEST(RegionFields, DrawFrequenciesMatchTheProbabilities) {
  // A small distance weight and no fixed move cost make moving likely enough
  // that every region gets many hits (plain toy-3 keeps most choosers home).
  const Scenario s = toy({{"migration.c_move", "0", "test"}, {"migration.b_dist", "0.5", "test"}});
  const Simulation sim(s, small());
  const RegionFields& f = sim.fields();
  const int alpha = s.find_region("Alpha"), beta = s.find_region("Beta"),
            gamma = s.find_region("Gamma");
  struct Chooser {
    int c, location, hukou;
  };
  const Chooser choosers[] = {
      {chooser_class(Education::junior, false, false), gamma, gamma},
      {chooser_class(Education::college, true, true), alpha, gamma},
      {chooser_class(Education::senior, false, false), beta, alpha},
      {chooser_class(Education::primary, false, true), gamma, beta},
  };
  constexpr int n = 1'000'000;
  std::vector<double> scratch(f.regions);
  for (const Chooser& ch : choosers) {
    const auto p = destination_probabilities(f, ch.c, ch.location, ch.hukou);
    std::vector<double> hits(f.regions, 0.0);
    for (std::uint32_t i = 0; i < n; ++i) {
      const auto w =
          RandomStream(7, i, static_cast<std::uint32_t>(ch.c), Purpose::migration).block(0);
      const int j =
          choose_destination(f, ch.c, ch.location, ch.hukou, uniform53(w[1], w[2]), scratch.data());
      ASSERT_GE(j, 0);
      ASSERT_LT(j, f.regions);
      ++hits[j];
    }
    for (int j = 0; j < f.regions; ++j) {
      const double se = std::sqrt(n * p[j] * (1 - p[j]));
      EXPECT_NEAR(hits[j], n * p[j], 4 * se)
          << "class " << ch.c << " at " << ch.location << " hukou " << ch.hukou << " -> " << j
          << " (p = " << p[j] << ")";
    }
    EXPECT_GT(*std::min_element(p.begin(), p.end()), 0.01) << "every region should be in play";
  }
}

// The draw is the inverse CDF in region order: u below the first cumulative
// probability gives region 0, and so on (away from the boundaries, where
// rounding may go either way).
void expect_inverse_cumulative_draw(const Scenario& s) {
  const Simulation sim(s, small());
  const RegionFields& f = sim.fields();
  std::vector<double> scratch(f.regions);
  for_each_chooser(f.regions, [&](int c, int location, int hukou) {
    const auto p = destination_probabilities(f, c, location, hukou);
    std::vector<double> cumulative(p.size());
    std::partial_sum(p.begin(), p.end(), cumulative.begin());
    for (int k = 0; k < 1000; ++k) {
      const double u = (k + 0.5) / 1000;
      int expected = 0;
      while (expected + 1 < f.regions && u >= cumulative[expected]) ++expected;
      const bool near_boundary = std::any_of(cumulative.begin(), cumulative.end(),
                                             [&](double x) { return std::abs(x - u) < 1e-9; });
      if (near_boundary) continue;
      ASSERT_EQ(choose_destination(f, c, location, hukou, u, scratch.data()), expected)
          << "class " << c << " at " << location << " hukou " << hukou << " u " << u;
    }
    // The extremes of [0, 1).
    const int first = static_cast<int>(
        std::find_if(p.begin(), p.end(), [](double x) { return x > 0; }) - p.begin());
    EXPECT_EQ(choose_destination(f, c, location, hukou, 0.0, scratch.data()), first);
    const double top = 1.0 - std::ldexp(1.0, -53);
    const int last =
        f.regions - 1 -
        static_cast<int>(std::find_if(p.rbegin(), p.rend(), [](double x) { return x > 0; }) -
                         p.rbegin());
    EXPECT_EQ(choose_destination(f, c, location, hukou, top, scratch.data()), last);
  });
}

TEST(RegionFields, DrawIsTheInverseCumulativeDistribution) {
  expect_inverse_cumulative_draw(
      toy({{"migration.c_move", "0", "test"}, {"migration.b_dist", "0.5", "test"}}));
}

// The same with the size term, whose weights skip the chooser's location.
TEST(RegionFields, DrawIsTheInverseCumulativeDistributionWithTheSizeTerm) {
  expect_inverse_cumulative_draw(toy({{"migration.c_move", "0", "test"},
                                      {"migration.b_dist", "0.5", "test"},
                                      {"migration.b_size", "1", "test"},
                                      {"migration.size_ref", "3e7", "test"}}));
}

// b_size = 1 multiplies the odds of a third region (neither where the chooser
// lives nor where it belongs) by its residents / size_ref, and leaves the odds
// of returning home against staying alone.
TEST(RegionFields, SizeTermWeighsThirdRegionsByTheirResidents) {
  const Scenario plain = toy();
  const Scenario sized =
      toy({{"migration.b_size", "1", "test"}, {"migration.size_ref", "2e7", "test"}});
  const Simulation a(plain, small()), b(sized, small());
  const RegionFields &fa = a.fields(), &fb = b.fields();
  for (int j = 0; j < fb.regions; ++j) {
    const double persons =
        static_cast<double>(b.aggregates().at(j, Counter::residents)) * fb.persons_per_agent;
    EXPECT_NEAR(fb.size[j], std::log(persons / 2e7), 1e-12);
    EXPECT_EQ(fa.size[j], 0.0);
  }
  for_each_chooser(fb.regions, [&](int c, int location, int hukou) {
    const auto pa = destination_probabilities(fa, c, location, hukou);
    const auto pb = destination_probabilities(fb, c, location, hukou);
    for (int k = 0; k < fb.regions; ++k) {
      if (k == location) continue;
      const double factor = k == hukou ? 1.0 : std::exp(fb.size[k]);
      EXPECT_NEAR((pb[k] / pb[location]) / (pa[k] / pa[location]), factor, 1e-9 * factor)
          << "class " << c << " at " << location << " hukou " << hukou << " -> " << k;
    }
  });
}

TEST(RegionFields, MoveCostIsZeroOnTheDiagonalAndFollowsDistance) {
  const Scenario s = toy();
  const Simulation sim(s, small());
  const RegionFields& f = sim.fields();
  const auto& m = s.params().migration;
  for (int i = 0; i < f.regions; ++i) {
    EXPECT_EQ(f.move_cost(i, i), 0.0);
    EXPECT_EQ(f.network(i, i), 0.0);
    for (int j = 0; j < f.regions; ++j) {
      if (i == j) continue;
      EXPECT_NEAR(f.move_cost(i, j),
                  m.b_dist * std::log(1 + s.distances_km()(i, j) / m.d0_km) + m.c_move, 1e-12);
      EXPECT_EQ(f.move_cost(i, j), f.move_cost(j, i)) << "toy-3 distances are symmetric";
    }
  }
  // Alpha-Beta (150 km) is the cheapest move.
  EXPECT_LT(f.move_cost(0, 1), f.move_cost(0, 2));
  EXPECT_LT(f.move_cost(0, 1), f.move_cost(1, 2));
}

// With a huge distance weight nobody would leave: staying has probability
// 1 (to double precision) for every chooser.
TEST(RegionFields, HugeDistanceWeightMeansEveryoneStays) {
  const Scenario s = toy({{"migration.b_dist", "1000", "test"}});
  const Simulation sim(s, small());
  const RegionFields& f = sim.fields();
  for_each_chooser(f.regions, [&](int c, int location, int hukou) {
    const auto p = destination_probabilities(f, c, location, hukou);
    EXPECT_GT(p[location], 1.0 - 1e-12)
        << "class " << c << " at " << location << " hukou " << hukou;
  });
  std::vector<double> scratch(f.regions);
  for (int location = 0; location < f.regions; ++location) {
    EXPECT_EQ(choose_destination(f, 0, location, 2, 0.999999, scratch.data()), location);
    EXPECT_EQ(choose_destination(f, 0, location, 2, 0.0, scratch.data()), location);
  }
}

// At the start labour is at its initial level, so each wage is the region's
// urban income; the network term follows the stock of the aggregates.
TEST(RegionFields, StartingWagesAndNetworks) {
  const Scenario s = toy();
  const Simulation sim(s, small());
  const RegionFields& f = sim.fields();
  const Aggregates& a = sim.aggregates();
  const auto& m = s.params().migration;
  for (int j = 0; j < f.regions; ++j) {
    EXPECT_DOUBLE_EQ(f.wage[j], s.regions()[j].urban_income);
    const double employed = static_cast<double>(a.at(j, Counter::employed));
    const double seeking = employed + static_cast<double>(a.at(j, Counter::unemployed));
    EXPECT_DOUBLE_EQ(f.employment_rate[j], employed / seeking);
    for (int h = 0; h < f.regions; ++h) {
      if (h == j) continue;
      const double expected =
          m.b_net * std::log1p(m.net_k * static_cast<double>(a.stock(h, j)) /
                               static_cast<double>(a.at(j, Counter::residents)));
      EXPECT_NEAR(f.network(h, j), expected, 1e-12) << h << " -> " << j;
      EXPECT_GT(f.network(h, j), 0.0) << "toy-3 has migrants on every pair";
    }
  }
}

// w_j = w0_j (L_j / L0_j)^(-eta): doubling a region's employed lowers its
// wage by 2^-eta and leaves the others alone.
TEST(RegionFields, WagesFallWithLabourSupply) {
  const Scenario s = toy();
  const Simulation sim(s, small());
  const std::vector<double> initial_labour = starting_labour(sim);
  Aggregates more = sim.aggregates();
  more.at(1, Counter::employed) *= 2;
  RegionFields f = sim.fields();
  update_region_fields(f, s, sim.region_policy(), more, initial_labour);
  const double eta = s.params().migration.wage_elasticity;
  EXPECT_NEAR(f.wage[1], s.regions()[1].urban_income * std::pow(2.0, -eta), 1e-9);
  EXPECT_DOUBLE_EQ(f.wage[0], s.regions()[0].urban_income);
  EXPECT_DOUBLE_EQ(f.wage[2], s.regions()[2].urban_income);
  // A lower wage makes Beta less attractive to an unregistered urban worker.
  const int c = chooser_class(Education::senior, true, false);
  EXPECT_LT(f.unregistered(c, 1), sim.fields().unregistered(c, 1));
}

// A region where no one is employed (a small run's noise: its few non-farm
// workers all unemployed) offers no wage income: its unregistered terms are
// -inf, it is never chosen by those not registered there, and no term or
// probability is NaN. Before, 0/0 in the fee term made every chooser's draw
// NaN and sent everyone to the last region (a 50k-agent city run moved 9 M
// people into Altay in its first month).
TEST(RegionFields, ARegionWithNoOneEmployedIsNotChosenAndNothingIsNaN) {
  const Scenario s = toy();
  const Simulation sim(s, small());
  const int regions = s.region_count();
  const std::vector<double> initial_labour = starting_labour(sim);
  Aggregates none = sim.aggregates();
  none.at(1, Counter::unemployed) += none.at(1, Counter::employed);
  none.at(1, Counter::employed) = 0;
  RegionFields f = sim.fields();
  update_region_fields(f, s, sim.region_policy(), none, initial_labour);
  EXPECT_EQ(f.employment_rate[1], 0.0);
  std::vector<double> scratch(f.regions);
  for_each_chooser(f.regions, [&](int c, int location, int hukou) {
    EXPECT_FALSE(std::isnan(f.unregistered(c, 1))) << c;
    EXPECT_EQ(f.unregistered(c, 1), -INFINITY) << c;
    const auto p = destination_probabilities(f, c, location, hukou);
    for (double x : p) ASSERT_FALSE(std::isnan(x)) << c << " " << location << " " << hukou;
    EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-12);
    if (hukou != 1) {
      EXPECT_EQ(p[1], 0.0) << c << " " << location << " " << hukou;
    }
    for (int k = 0; k < 100; ++k) {
      const int j = choose_destination(f, c, location, hukou, (k + 0.5) / 100, scratch.data());
      if (hukou != 1) {
        ASSERT_NE(j, 1) << c << " " << location << " " << hukou;
      }
    }
  });
  // No one employed anywhere: an urban-hukou chooser has no income to go
  // to (every term -inf) and stays where it is.
  for (int j = 0; j < regions; ++j) {
    none.at(j, Counter::unemployed) += none.at(j, Counter::employed);
    none.at(j, Counter::employed) = 0;
  }
  update_region_fields(f, s, sim.region_policy(), none, initial_labour);
  const int urban = chooser_class(Education::senior, true, false);
  for (int location = 0; location < regions; ++location) {
    for (int hukou = 0; hukou < regions; ++hukou) {
      EXPECT_EQ(choose_destination(f, urban, location, hukou, 0.5, scratch.data()), location);
      EXPECT_EQ(destination_probabilities(f, urban, location, hukou)[location], 1.0);
    }
  }
}

// Unregistered income is the wage times migrant_wage_ratio: for classes
// without children (no fees) the unregistered term moves by
// b_inc ln(ratio' / ratio); registered terms do not move.
TEST(RegionFields, MigrantWageRatioEntersTheUnregisteredTerm) {
  const Scenario base = toy();
  const Scenario lower = toy({{"migration.migrant_wage_ratio", "0.5", "test"}});
  const Simulation a(base, small()), b(lower, small());
  const double shift = base.params().migration.b_inc * std::log(0.5 / 0.8);
  for (int e = 0; e < kEducationLevels; ++e) {
    for (bool urban : {false, true}) {
      const int c = chooser_class(static_cast<Education>(e), urban, false);
      for (int j = 0; j < 3; ++j) {
        EXPECT_NEAR(b.fields().unregistered(c, j) - a.fields().unregistered(c, j), shift, 1e-9);
        EXPECT_NEAR(b.fields().registered(c, j), a.fields().registered(c, j), 1e-12);
      }
    }
  }
}

TEST(RegionFields, ChooserClassesAreDistinctAndInRange) {
  std::vector<int> seen(kChooserClasses, 0);
  for (int e = 0; e < kEducationLevels; ++e) {
    for (bool urban : {false, true}) {
      for (bool kids : {false, true}) {
        const int c = chooser_class(static_cast<Education>(e), urban, kids);
        ASSERT_GE(c, 0);
        ASSERT_LT(c, kChooserClasses);
        ++seen[c];
      }
    }
  }
  for (int n : seen) EXPECT_EQ(n, 1);
}

}  // namespace
}  // namespace migrasim
