// The registration rules as pure functions (registration.hpp): the edge of
// every eligibility minimum, the points score, and the quota selection by
// radix selection over score histograms against a plain sort.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "migrasim/model/registration.hpp"

namespace migrasim {
namespace {

RegionRule rule_with(const std::string& name, PolicyParams p = {}) {
  p.residence_rule = parse_choice<ResidenceRule>(name).value();
  return compile_rule(p);
}

ApplicantFacts worker() {
  ApplicantFacts a;
  a.age = 30;
  a.education = Education::junior;
  a.employment = Employment::informal;
  a.months_here = 100;
  a.insured_months = 100;
  a.income = 20000;
  a.household_income = 20000;
  a.chance = 0.5;
  return a;
}

TEST(RegistrationRules, ClosedAdmitsOnlyFamilyReunionAfterAYearAtTheYearlyReview) {
  PolicyParams p;
  p.reunion_rate = 0.12;
  const RegionRule r = rule_with("closed", p);
  EXPECT_DOUBLE_EQ(r.reunion_yearly, 0.12);
  ApplicantFacts a = worker();
  a.review_month = true;
  a.chance = 0.12 * 0.999;
  EXPECT_TRUE(eligible(r, a));
  a.chance = 0.12;  // the draw must be below the chance
  EXPECT_FALSE(eligible(r, a));
  a.chance = 0;
  a.review_month = false;  // reviewed once a year only
  EXPECT_FALSE(eligible(r, a));
  a.review_month = true;
  a.months_here = 11;
  EXPECT_FALSE(eligible(r, a));
  a.months_here = 12;
  EXPECT_TRUE(eligible(r, a));
  p.reunion_rate = 0;
  EXPECT_FALSE(rule_with("closed", p).admits_anyone());
}

TEST(RegistrationRules, PointsMinimumsAtTheirEdges) {
  PolicyParams p;  // 84 insured months, age <= 59, 6 months' residence
  const RegionRule r = rule_with("points", p);
  ApplicantFacts a = worker();
  a.insured_months = 84;
  EXPECT_TRUE(eligible(r, a));
  a.insured_months = 83;
  EXPECT_FALSE(eligible(r, a));
  a = worker();
  a.age = 59;
  EXPECT_TRUE(eligible(r, a));
  a.age = 60;
  EXPECT_FALSE(eligible(r, a));
  a = worker();
  a.months_here = 6;
  EXPECT_TRUE(eligible(r, a));
  a.months_here = 5;
  EXPECT_FALSE(eligible(r, a));
}

TEST(RegistrationRules, PointsScoreAddsEveryComponentInWholeYears) {
  PolicyParams p;
  const RegionRule r = rule_with("points", p);
  ApplicantFacts a = worker();
  a.education = Education::college;  // 80
  a.insured_months = 95;             // 7 whole years x 3 = 21
  a.months_here = 120;               // 10 years x 1 = 10
  a.owns_home = true;                // 10
  a.age = 45;                        // <= 45: 20
  EXPECT_DOUBLE_EQ(points_score(r, a), 80 + 21 + 10 + 10 + 20);
  a.age = 46;
  a.owns_home = false;
  a.education = Education::junior;  // 5
  EXPECT_DOUBLE_EQ(points_score(r, a), 5 + 21 + 10);
  EXPECT_DOUBLE_EQ(points_score(rule_with("open"), a), 0.0);
}

TEST(RegistrationRules, PointsThresholdIsInclusive) {
  PolicyParams p;
  p.points_min_score = 36;
  const RegionRule r = rule_with("points", p);
  ApplicantFacts a = worker();
  a.age = 46;
  a.insured_months = 120;           // 30
  a.months_here = 12;               // 1
  a.education = Education::junior;  // 5: total 36
  EXPECT_TRUE(eligible(r, a));
  a.months_here = 11;  // 35
  EXPECT_FALSE(eligible(r, a));
}

TEST(RegistrationRules, ThresholdNeedsMonthsAJobAndMaybeAHome) {
  PolicyParams p;
  p.threshold_months = 36;
  RegionRule r = rule_with("threshold", p);
  ApplicantFacts a = worker();
  a.months_here = 36;
  EXPECT_TRUE(eligible(r, a));
  a.months_here = 35;
  EXPECT_FALSE(eligible(r, a));
  a.months_here = 36;
  for (Employment e : {Employment::unemployed, Employment::farming, Employment::not_working}) {
    a.employment = e;
    EXPECT_FALSE(eligible(r, a)) << static_cast<int>(e);
  }
  a.employment = Employment::formal;
  EXPECT_TRUE(eligible(r, a));
  p.threshold_require_home = 1;
  r = rule_with("threshold", p);
  EXPECT_FALSE(eligible(r, a));
  a.owns_home = true;
  EXPECT_TRUE(eligible(r, a));
}

TEST(RegistrationRules, TalentNeedsEducationAJobAndTheIncomeFloor) {
  PolicyParams p;
  p.talent_min_income = 30000;
  const RegionRule r = rule_with("talent", p);
  ApplicantFacts a = worker();
  a.education = Education::college;
  a.income = 30000;
  EXPECT_TRUE(eligible(r, a));
  a.income = 29999.99;
  EXPECT_FALSE(eligible(r, a));
  a.income = 30000;
  a.education = Education::senior;
  EXPECT_FALSE(eligible(r, a));
  a.education = Education::college;
  a.employment = Employment::unemployed;
  EXPECT_FALSE(eligible(r, a));
  p.talent_min_education = Education::senior;
  a.employment = Employment::formal;
  a.education = Education::senior;
  EXPECT_TRUE(eligible(rule_with("talent", p), a));
}

TEST(RegistrationRules, PurchaseBuysWhenAffordableAndTheDrawSaysSo) {
  PolicyParams p;
  p.purchase_min_price = 160000;
  p.purchase_income_years = 8;
  p.purchase_rate = 0.6;
  const RegionRule r = rule_with("purchase", p);
  ApplicantFacts a = worker();
  a.household_income = 20000;  // 8 x 20,000 = the price
  a.chance = r.purchase_monthly * 0.99;
  bool buys = false;
  EXPECT_TRUE(eligible(r, a, &buys));
  EXPECT_TRUE(buys);
  a.household_income = 19999;
  EXPECT_FALSE(eligible(r, a, &buys));
  EXPECT_FALSE(buys);
  a.household_income = 20000;
  a.chance = r.purchase_monthly;
  EXPECT_FALSE(eligible(r, a, &buys));
  a.owns_home = true;  // an owner qualifies without buying
  EXPECT_TRUE(eligible(r, a, &buys));
  EXPECT_FALSE(buys);
}

TEST(RegistrationRules, OpenWaitsTheMinimumMonths) {
  PolicyParams p;
  p.open_min_months = 6;
  const RegionRule r = rule_with("open", p);
  ApplicantFacts a = worker();
  a.employment = Employment::not_working;
  a.months_here = 6;
  EXPECT_TRUE(eligible(r, a));
  a.months_here = 5;
  EXPECT_FALSE(eligible(r, a));
}

TEST(RegistrationRules, EqualizationCountsOnlyUnderUnified) {
  PolicyParams p;
  p.benefit_equalization = 0.7;
  EXPECT_EQ(compile_rule(p).equalization, 0.0);
  p.classification = Classification::unified;
  EXPECT_EQ(compile_rule(p).equalization, 0.7);
}

TEST(RegistrationRules, AnnuityFactor) {
  EXPECT_DOUBLE_EQ(annuity_factor(0.0, 20), 20.0);
  EXPECT_NEAR(annuity_factor(0.03, 20), 14.877474860, 1e-8);
}

// --- quota selection ---------------------------------------------------------

// The admitted set by a plain sort: descending keys while the persons fit.
std::vector<bool> admitted_by_sort(const std::vector<ApplicationKey>& apps,
                                   const std::vector<std::int64_t>& allowance) {
  std::vector<std::size_t> order(apps.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return apps[a].key > apps[b].key; });
  std::vector<bool> admitted(apps.size(), false);
  std::vector<std::int64_t> left = allowance;
  std::vector<bool> stopped(allowance.size(), false);
  for (std::size_t i : order) {
    const int r = apps[i].region;
    if (stopped[r]) continue;
    if (left[r] < 0) {
      admitted[i] = true;
    } else if (apps[i].persons <= left[r]) {
      left[r] -= apps[i].persons;
      admitted[i] = true;
    } else {
      stopped[r] = true;
    }
  }
  return admitted;
}

std::vector<ApplicationKey> random_applications(int n, int regions, std::uint32_t seed) {
  std::mt19937 gen(seed);
  std::vector<ApplicationKey> apps;
  for (int i = 0; i < n; ++i) {
    ApplicationKey a;
    const double score = std::uniform_int_distribution<int>(0, 12)(gen) * 10.0;  // many ties
    a.key = application_key(score, gen(), static_cast<std::uint32_t>(i * 7 + 3));
    a.region = std::uniform_int_distribution<int>(0, regions - 1)(gen);
    a.persons = std::uniform_int_distribution<int>(1, 4)(gen);
    apps.push_back(a);
  }
  return apps;
}

TEST(QuotaSelection, MatchesASortForAnySplitOfTheLists) {
  const int regions = 4;
  const auto apps = random_applications(3000, regions, 7);
  const std::vector<std::int64_t> allowance = {0, 100, 1000000, -1};
  const auto expected = admitted_by_sort(apps, allowance);
  for (int parts : {1, 2, 4, 7}) {
    std::vector<std::vector<ApplicationKey>> lists(parts);
    for (std::size_t i = 0; i < apps.size(); ++i) lists[(i * 31 + 5) % parts].push_back(apps[i]);
    std::vector<const std::vector<ApplicationKey>*> views;
    for (const auto& l : lists) views.push_back(&l);
    const auto threshold = admission_thresholds(views, allowance, regions);
    std::vector<std::int64_t> used(regions, 0);
    for (std::size_t i = 0; i < apps.size(); ++i) {
      const bool admitted = apps[i].key >= threshold[apps[i].region];
      ASSERT_EQ(admitted, expected[i]) << "application " << i << ", " << parts << " lists";
      if (admitted) used[apps[i].region] += apps[i].persons;
    }
    EXPECT_EQ(used[0], 0);
    EXPECT_LE(used[1], 100);
    EXPECT_GT(used[1], 90);       // filled up to the first household that does not fit
    EXPECT_EQ(threshold[2], 0u);  // everyone fits
    EXPECT_EQ(threshold[3], 0u);  // no quota
  }
}

TEST(QuotaSelection, EqualScoresAreOrderedByTheHashNotTheId) {
  // Two applicants with the same score: the tie is decided by the hash bits.
  const std::uint64_t low = application_key(50, 0x0001, 9), high = application_key(50, 0xFFFF, 1);
  EXPECT_GT(high, low);
  EXPECT_GT(application_key(50.0625, 0, 0), application_key(50, 0xFFFF, 0xFFFFFFF0u));
  EXPECT_DOUBLE_EQ(key_score(application_key(87.5, 123, 4)), 87.5);
}

TEST(QuotaSelection, NoApplicationsAdmitNobodyAndNeedNoQuota) {
  std::vector<ApplicationKey> none;
  const auto threshold = admission_thresholds({&none}, {5, -1}, 2);
  EXPECT_EQ(threshold, (std::vector<std::uint64_t>{0, 0}));
}

}  // namespace
}  // namespace migrasim
