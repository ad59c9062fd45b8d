// Counter-based random numbers (random.hpp): Philox4x32-10 against the
// published known answers, the keying of RandomStream and HashDraw, the
// conversions to doubles, and uniformity checks with stated tolerances.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "migrasim/model/random.hpp"

namespace migrasim {
namespace {

// Random123 (D. E. Shaw Research), tests/kat_vectors, the three
// "philox4x32 10" lines: CTR (4 words), KEY (2 words) -> EXPECTED (4 words).
struct Kat {
  PhiloxBlock ctr;
  std::array<std::uint32_t, 2> key;
  PhiloxBlock expected;
};
constexpr Kat kKats[] = {
    {{0x00000000, 0x00000000, 0x00000000, 0x00000000},
     {0x00000000, 0x00000000},
     {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

TEST(Philox, MatchesRandom123KnownAnswers) {
  for (const Kat& kat : kKats) {
    EXPECT_EQ(philox4x32_10(kat.ctr, kat.key), kat.expected)
        << std::hex << "ctr " << kat.ctr[0] << " key " << kat.key[0];
  }
}

// The bijection is constexpr: a known answer holds at compile time.
static_assert(philox4x32_10({0, 0, 0, 0}, {0, 0}) ==
              PhiloxBlock{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});

TEST(RandomStream, BlockIsPhiloxOfIdTickPurposeIndexUnderTheSeed) {
  const std::uint64_t seed = 0x0123456789abcdefull;
  const RandomStream stream(seed, 77, 5, Purpose::migration);
  EXPECT_EQ(stream.block(3),
            philox4x32_10({77, 5, static_cast<std::uint32_t>(Purpose::migration), 3},
                          {0x89abcdefu, 0x01234567u}));
}

TEST(RandomStream, SameKeySameNumbers) {
  const RandomStream a(42, 1000, 7, Purpose::demography);
  const RandomStream b(42, 1000, 7, Purpose::demography);
  for (std::uint32_t i = 0; i < 16; ++i) EXPECT_EQ(a.block(i), b.block(i));
}

// Two blocks that share no word (a changed key part reaches every output word).
bool disjoint(const PhiloxBlock& a, const PhiloxBlock& b) {
  for (auto x : a) {
    for (auto y : b) {
      if (x == y) return false;
    }
  }
  return true;
}

TEST(RandomStream, EveryKeyPartChangesEveryWord) {
  const std::uint64_t seed = 20070101;
  const PhiloxBlock base = RandomStream(seed, 10, 3, Purpose::migration).block(0);
  EXPECT_TRUE(disjoint(base, RandomStream(seed + 1, 10, 3, Purpose::migration).block(0)));
  EXPECT_TRUE(disjoint(base, RandomStream(seed | (1ull << 40), 10, 3, Purpose::migration).block(0)))
      << "the seed's high 32 bits must matter";
  EXPECT_TRUE(disjoint(base, RandomStream(seed, 11, 3, Purpose::migration).block(0)));
  EXPECT_TRUE(disjoint(base, RandomStream(seed, 10, 4, Purpose::migration).block(0)));
  EXPECT_TRUE(disjoint(base, RandomStream(seed, 10, 3, Purpose::employment).block(0)));
  EXPECT_TRUE(disjoint(base, RandomStream(seed, 10, 3, Purpose::migration).block(1)));
}

// Ids, ticks and purposes give distinct streams: the first blocks of
// 64 ids x 64 ticks x 5 purposes are all different (Philox is a bijection of
// the counter, so equal blocks would mean two keys share a counter).
TEST(RandomStream, NoTwoKeysShareABlock) {
  std::set<PhiloxBlock> seen;
  const Purpose purposes[] = {Purpose::synthesis, Purpose::demography, Purpose::migration,
                              Purpose::employment, Purpose::registration};
  for (std::uint32_t id = 0; id < 64; ++id) {
    for (std::uint32_t tick = 0; tick < 64; ++tick) {
      for (Purpose p : purposes) seen.insert(RandomStream(1, id, tick, p).block(0));
    }
  }
  EXPECT_EQ(seen.size(), 64u * 64u * 5u);
}

TEST(Uniform, Uniform32CoversZeroToJustBelowOne) {
  EXPECT_EQ(uniform32(0), 0.0);
  EXPECT_EQ(uniform32(1), std::ldexp(1.0, -32));
  EXPECT_EQ(uniform32(0x80000000u), 0.5);
  EXPECT_EQ(uniform32(0xffffffffu), 1.0 - std::ldexp(1.0, -32));
  EXPECT_LT(uniform32(0xffffffffu), 1.0);
}

TEST(Uniform, Uniform53UsesAll53BitsAndStaysBelowOne) {
  EXPECT_EQ(uniform53(0, 0), 0.0);
  EXPECT_EQ(uniform53(0xffffffffu, 0xffffffffu), 1.0 - std::ldexp(1.0, -53));
  EXPECT_LT(uniform53(0xffffffffu, 0xffffffffu), 1.0);
  // The low word's top 21 bits are the 21 low bits of the result ...
  EXPECT_EQ(uniform53(0, 1u << 11), std::ldexp(1.0, -53));
  EXPECT_EQ(uniform53(0, 0xffffffffu), std::ldexp(double((1u << 21) - 1), -53));
  // ... its 11 low bits are dropped; the high word gives the top 32 bits.
  EXPECT_EQ(uniform53(0, (1u << 11) - 1), 0.0);
  EXPECT_EQ(uniform53(1, 0), std::ldexp(1.0, -32));
  EXPECT_EQ(uniform53(0x80000000u, 0), 0.5);
}

TEST(Uniform, DrawsFromStreamsStayInTheUnitInterval) {
  for (std::uint32_t id = 0; id < 20000; ++id) {
    const auto w = RandomStream(9, id, 0, Purpose::synthesis).block(0);
    const double a = uniform32(w[0]), b = uniform53(w[1], w[2]);
    ASSERT_GE(a, 0.0);
    ASSERT_LT(a, 1.0);
    ASSERT_GE(b, 0.0);
    ASSERT_LT(b, 1.0);
  }
}

// Pearson chi-square of `values` in `bins` equal bins of [0, 1).
double chi_square(const std::vector<double>& values, int bins) {
  std::vector<double> count(bins, 0.0);
  for (double u : values) ++count[static_cast<int>(u * bins)];
  const double expected = static_cast<double>(values.size()) / bins;
  double chi2 = 0;
  for (double c : count) chi2 += (c - expected) * (c - expected) / expected;
  return chi2;
}

// Chi-square with 99 degrees of freedom has mean 99 and standard deviation
// sqrt(198) = 14.1. Tolerance: within mean +- 5 sd, i.e. (28.6, 169.4); a
// correct generator falls outside with probability below 1e-5 (the seeds
// are fixed, so the test is deterministic).
constexpr int kBins = 100;
constexpr double kChiLow = 99 - 5 * 14.07, kChiHigh = 99 + 5 * 14.07;

TEST(Uniformity, RandomStreamWordsAreUniformAcrossIds) {
  // One draw per agent id, as the tick loop uses them: word 0 of block 0.
  std::vector<double> u32, u53;
  for (std::uint32_t id = 0; id < 1'000'000; ++id) {
    const auto w = RandomStream(20070101, id, 3, Purpose::migration).block(0);
    u32.push_back(uniform32(w[0]));
    u53.push_back(uniform53(w[1], w[2]));
  }
  const double c32 = chi_square(u32, kBins), c53 = chi_square(u53, kBins);
  EXPECT_GT(c32, kChiLow);
  EXPECT_LT(c32, kChiHigh);
  EXPECT_GT(c53, kChiLow);
  EXPECT_LT(c53, kChiHigh);
  ::testing::Test::RecordProperty("chi2_uniform32", std::to_string(c32));
  ::testing::Test::RecordProperty("chi2_uniform53", std::to_string(c53));
}

TEST(Uniformity, RandomSequenceIsUniformAlongOneStream) {
  RandomSequence rng(5, 0, 0, Purpose::synthesis);
  std::vector<double> u;
  for (int i = 0; i < 1'000'000; ++i) u.push_back(rng.uniform());
  const double c = chi_square(u, kBins);
  EXPECT_GT(c, kChiLow);
  EXPECT_LT(c, kChiHigh);
}

TEST(RandomSequence, IsDeterministicAndBelowStaysInRange) {
  RandomSequence a(3, 17, 0, Purpose::synthesis), b(3, 17, 0, Purpose::synthesis);
  RandomSequence other(3, 18, 0, Purpose::synthesis);
  int same_as_other = 0;
  for (int i = 0; i < 1000; ++i) {
    const double x = a.uniform(), y = b.uniform();
    EXPECT_EQ(x, y);
    same_as_other += x == other.uniform();
  }
  EXPECT_EQ(same_as_other, 0);
  std::vector<int> hits(7, 0);
  for (int i = 0; i < 70000; ++i) {
    const std::uint32_t k = a.below(7);
    ASSERT_LT(k, 7u);
    ++hits[k];
  }
  // Each value 10,000 expected; binomial sd ~93; tolerance 5 sd.
  for (int h : hits) EXPECT_NEAR(h, 10000, 5 * 93);
}

// HashDraw, the hazard screening draw: mean of 10^6 ids within 4 standard
// errors of 1/2 (SE = sqrt(1/12 / n) = 2.9e-4), variance near 1/12, and a
// chi-square on 100 bins as above.
TEST(HashDraw, IsUniformOverAMillionIds) {
  constexpr int n = 1'000'000;
  for (const auto& [seed, tick] : {std::pair<std::uint64_t, std::uint32_t>{1, 0}, {20070101, 17}}) {
    const HashDraw draw(seed, tick, Purpose::migration);
    std::vector<double> u(n);
    double sum = 0, sum2 = 0;
    for (std::uint32_t id = 0; id < n; ++id) {
      u[id] = draw.uniform(id);
      ASSERT_GE(u[id], 0.0);
      ASSERT_LT(u[id], 1.0);
      sum += u[id];
      sum2 += u[id] * u[id];
    }
    const double mean = sum / n, var = sum2 / n - mean * mean;
    const double se = std::sqrt(1.0 / 12.0 / n);
    EXPECT_NEAR(mean, 0.5, 4 * se) << "seed " << seed;
    // Var of the sample variance of U(0,1): (1/80 - 1/144) / n -> sd 7.5e-5.
    EXPECT_NEAR(var, 1.0 / 12.0, 4 * 7.5e-5) << "seed " << seed;
    const double c = chi_square(u, kBins);
    EXPECT_GT(c, kChiLow) << "seed " << seed;
    EXPECT_LT(c, kChiHigh) << "seed " << seed;
    // The hazard compares u < h with h ~ 0.005-0.03: the low tail must be
    // right too. Count below 0.01: binomial mean 10,000, sd 99.5; 4 sd.
    int low = 0;
    for (double x : u) low += x < 0.01;
    EXPECT_NEAR(low, 10000, 4 * 99.5) << "seed " << seed;
  }
}

TEST(HashDraw, DependsOnSeedTickAndPurposeButNotOnCallOrder) {
  const HashDraw a(7, 3, Purpose::migration);
  const HashDraw same(7, 3, Purpose::migration);
  const HashDraw other_seed(8, 3, Purpose::migration);
  const HashDraw other_tick(7, 4, Purpose::migration);
  const HashDraw other_purpose(7, 3, Purpose::demography);
  int equal_seed = 0, equal_tick = 0, equal_purpose = 0;
  for (std::uint32_t id = 0; id < 10000; ++id) {
    EXPECT_EQ(a.uniform(id), same.uniform(id));
    equal_seed += a.uniform(id) == other_seed.uniform(id);
    equal_tick += a.uniform(id) == other_tick.uniform(id);
    equal_purpose += a.uniform(id) == other_purpose.uniform(id);
  }
  EXPECT_EQ(equal_seed, 0);
  EXPECT_EQ(equal_tick, 0);
  EXPECT_EQ(equal_purpose, 0);
  // Stateless: asking in reverse order gives the same numbers.
  for (std::uint32_t id = 100; id-- > 0;) EXPECT_EQ(a.uniform(id), same.uniform(id));
}

// Draws of neighbouring ids and of the same id in consecutive ticks are
// uncorrelated: sample correlation within 4 / sqrt(n) of 0.
TEST(HashDraw, NeighbouringIdsAndTicksAreUncorrelated) {
  constexpr int n = 200'000;
  const HashDraw t0(11, 0, Purpose::migration), t1(11, 1, Purpose::migration);
  double s_id = 0, s_tick = 0;
  for (std::uint32_t id = 0; id < n; ++id) {
    const double x = t0.uniform(id) - 0.5;
    s_id += x * (t0.uniform(id + 1) - 0.5);
    s_tick += x * (t1.uniform(id) - 0.5);
  }
  const double corr_id = s_id / n * 12, corr_tick = s_tick / n * 12;
  EXPECT_NEAR(corr_id, 0.0, 4 / std::sqrt(double(n)));
  EXPECT_NEAR(corr_tick, 0.0, 4 / std::sqrt(double(n)));
}

}  // namespace
}  // namespace migrasim
