// Ensemble designs and their analyses on functions whose answers are known:
// a linear function's Morris effects are its coefficients, the Ishigami
// function's Sobol' indices are known in closed form (Sobol' and Levitan
// 1999; Saltelli et al. 2008, p. 179), and the quantiles of hand-made data.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <set>

#include "migrasim/analysis/design.hpp"
#include "migrasim/analysis/sensitivity.hpp"
#include "migrasim/error.hpp"

namespace migrasim {
namespace {

std::vector<Factor> unit_factors(int n) {
  std::vector<Factor> f;
  for (int i = 0; i < n; ++i) f.push_back({"x" + std::to_string(i + 1), 0.0, 1.0});
  return f;
}

TEST(Design, FactorValuesOnLinearAndLogScales) {
  const Factor lin{"a", 2, 6};
  EXPECT_DOUBLE_EQ(lin.value(0), 2);
  EXPECT_DOUBLE_EQ(lin.value(0.5), 4);
  EXPECT_DOUBLE_EQ(lin.value(1), 6);
  const Factor log{"b", 1, 100, FactorScale::log};
  EXPECT_DOUBLE_EQ(log.value(0.5), 10);
  EXPECT_DOUBLE_EQ(log.value(1), 100);
}

TEST(Design, GridHasEveryCombinationOnce) {
  const Design d = grid_design(unit_factors(3), 3);
  ASSERT_EQ(d.members(), 27u);
  std::set<std::vector<double>> seen;
  for (std::size_t m = 0; m < d.members(); ++m) {
    seen.insert({d.position(m, 0), d.position(m, 1), d.position(m, 2)});
  }
  EXPECT_EQ(seen.size(), 27u);
  EXPECT_DOUBLE_EQ(d.position(0, 2), 0.0);
  EXPECT_DOUBLE_EQ(d.position(1, 2), 0.5);  // the last factor varies fastest
  EXPECT_DOUBLE_EQ(d.position(26, 0), 1.0);
}

TEST(Design, LatinHypercubeHasOneMemberInEachStratumOfEachFactor) {
  const std::size_t k = 50;
  const Design d = lhs_design(unit_factors(4), k, 7);
  ASSERT_EQ(d.members(), k);
  for (std::size_t f = 0; f < 4; ++f) {
    std::set<int> strata;
    for (std::size_t m = 0; m < k; ++m) strata.insert(static_cast<int>(d.position(m, f) * k));
    EXPECT_EQ(strata.size(), k) << "factor " << f;
  }
  // Same seed, same design; another seed, another.
  EXPECT_EQ(lhs_design(unit_factors(4), k, 7).positions, d.positions);
  EXPECT_NE(lhs_design(unit_factors(4), k, 8).positions, d.positions);
}

TEST(Design, MorrisTrajectoriesMoveOneFactorByTheStepEachTime) {
  const Design d = morris_design(unit_factors(5), 10, 3);
  ASSERT_EQ(d.members(), 10u * 6u);
  for (std::size_t t = 0; t < 10; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t k = 0; k < 5; ++k) {
      int changes = 0;
      for (std::size_t f = 0; f < 5; ++f) {
        const double step = d.position(t * 6 + k + 1, f) - d.position(t * 6 + k, f);
        if (std::abs(step) > 1e-12) {
          ++changes;
          moved.insert(f);
          EXPECT_NEAR(std::abs(step), 2.0 / 3.0, 1e-12);
        }
      }
      EXPECT_EQ(changes, 1);
    }
    EXPECT_EQ(moved.size(), 5u);  // each factor once per trajectory
  }
}

TEST(Sensitivity, MorrisEffectsOfALinearFunctionAreItsCoefficients) {
  // y = 3 a - 2 b + 0 c with a in [0, 2], b in [0, 1], c in [5, 6]: the
  // effect per whole range is 6, -2 and 0, with no spread.
  std::vector<Factor> f = {{"a", 0, 2}, {"b", 0, 1}, {"c", 5, 6}};
  const Design d = morris_design(f, 8, 11);
  std::vector<double> y;
  for (std::size_t m = 0; m < d.members(); ++m) y.push_back(3 * d.value(m, 0) - 2 * d.value(m, 1));
  const auto e = morris_effects(d, y);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_NEAR(e[0].mu, 6, 1e-9);
  EXPECT_NEAR(e[0].mu_star, 6, 1e-9);
  EXPECT_NEAR(e[1].mu, -2, 1e-9);
  EXPECT_NEAR(e[1].mu_star, 2, 1e-9);
  EXPECT_NEAR(e[2].mu_star, 0, 1e-9);
  for (const auto& x : e) EXPECT_NEAR(x.sigma, 0, 1e-9);
}

TEST(Sensitivity, MorrisSigmaShowsAnInteraction) {
  const Design d = morris_design(unit_factors(2), 20, 5);
  std::vector<double> y;
  for (std::size_t m = 0; m < d.members(); ++m) y.push_back(d.value(m, 0) * d.value(m, 1));
  const auto e = morris_effects(d, y);
  EXPECT_GT(e[0].sigma, 0.1);
  EXPECT_GT(e[1].sigma, 0.1);
}

double ishigami(double x1, double x2, double x3) {
  return std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}

TEST(Sensitivity, SobolIndicesOfTheIshigamiFunction) {
  const double pi = std::numbers::pi;
  std::vector<Factor> f = {{"x1", -pi, pi}, {"x2", -pi, pi}, {"x3", -pi, pi}};
  const std::size_t n = 1 << 15;
  const Design d = sobol_design(f, n, 2024);
  ASSERT_EQ(d.members(), n * 5);
  std::vector<double> y;
  for (std::size_t m = 0; m < d.members(); ++m) {
    y.push_back(ishigami(d.value(m, 0), d.value(m, 1), d.value(m, 2)));
  }
  const auto s = sobol_indices(d, y);
  // a = 7, b = 0.1: S = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437.
  const double first[] = {0.3139, 0.4424, 0.0}, total[] = {0.5576, 0.4424, 0.2437};
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(s[i].first, first[i], 0.03) << s[i].key;
    EXPECT_NEAR(s[i].total, total[i], 0.03) << s[i].key;
  }
}

TEST(Sensitivity, TornadoFromAOneAtATimeDesign) {
  std::vector<Factor> f = {{"small", 0, 1}, {"large", 10, 20}};
  const Design d = oat_design(f);
  ASSERT_EQ(d.members(), 5u);
  EXPECT_TRUE(std::isnan(d.value(0, 0)) && std::isnan(d.value(0, 1)));
  EXPECT_DOUBLE_EQ(d.value(3, 1), 10);
  EXPECT_TRUE(std::isnan(d.value(3, 0)));
  // Output: 100 + (small or 0.5) + 3 (large or 15).
  std::vector<double> y;
  for (std::size_t m = 0; m < d.members(); ++m) {
    const double a = std::isnan(d.value(m, 0)) ? 0.5 : d.value(m, 0);
    const double b = std::isnan(d.value(m, 1)) ? 15 : d.value(m, 1);
    y.push_back(100 + a + 3 * b);
  }
  const Tornado t = tornado(d, y);
  EXPECT_DOUBLE_EQ(t.at_default, 145.5);
  ASSERT_EQ(t.bars.size(), 2u);
  EXPECT_EQ(t.bars[0].key, "large");  // the larger swing first
  EXPECT_DOUBLE_EQ(t.bars[0].at_low, 130.5);
  EXPECT_DOUBLE_EQ(t.bars[0].at_high, 160.5);
  EXPECT_DOUBLE_EQ(t.bars[1].swing(), 1.0);
}

TEST(Sensitivity, QuantilesByLinearInterpolation) {
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4, 5}, 0.5), 3);
  EXPECT_DOUBLE_EQ(quantile({5, 1, 4, 2, 3}, 0.05), 1.2);  // (n-1) q = 0.2
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4, 5}, 0.95), 4.8);
  EXPECT_DOUBLE_EQ(quantile({7}, 0.05), 7);
  EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
  const Quantiles q = summarize({1, 2, 3, 4});
  EXPECT_DOUBLE_EQ(q.mean, 2.5);
  EXPECT_DOUBLE_EQ(q.p50, 2.5);
}

TEST(Design, ParsesVaryAndDesignOptionsAndNamesWhatIsWrong) {
  const Factor f = parse_factor("fiscal.housing_share=0.1:0.4");
  EXPECT_EQ(f.key, "fiscal.housing_share");
  EXPECT_DOUBLE_EQ(f.low, 0.1);
  EXPECT_EQ(parse_factor("migration.hazard=0.001:0.01:log").scale, FactorScale::log);
  const auto message = [](auto&& call) {
    try {
      call();
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([] { parse_factor("a=1"); }).find("key=low:high"), std::string::npos);
  EXPECT_NE(message([] { parse_factor("a=x:2"); }).find("low 'x' is not a number"),
            std::string::npos);
  EXPECT_NE(message([] { parse_factor("a=2:1"); }).find("below high"), std::string::npos);
  EXPECT_NE(message([] { parse_factor("a=0:1:log"); }).find("low > 0"), std::string::npos);
  EXPECT_EQ(make_design("lhs:12", unit_factors(2), 1).members(), 12u);
  EXPECT_EQ(make_design("morris:3", unit_factors(2), 1).members(), 9u);
  EXPECT_EQ(make_design("sobol:4", unit_factors(2), 1).members(), 16u);
  EXPECT_EQ(make_design("oat", unit_factors(2), 1).members(), 5u);
  EXPECT_NE(message([] { make_design("lsh:4", unit_factors(2), 1); }).find("did you mean 'lhs'"),
            std::string::npos);
  EXPECT_NE(message([] { make_design("grid:0", unit_factors(2), 1); }).find("positive"),
            std::string::npos);
  EXPECT_NE(message([] { grid_design(unit_factors(30), 10); }).find("at most 1e6"),
            std::string::npos);
}

}  // namespace
}  // namespace migrasim
