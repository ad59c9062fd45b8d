#include "migrasim/model/registration.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "registration_step.hpp"

namespace migrasim {

RegionRule compile_rule(const PolicyParams& p) {
  RegionRule r;
  r.rule = p.residence_rule;
  r.unified = p.classification == Classification::unified;
  r.local_conversion = p.local_conversion != 0;
  r.equalization = effective_equalization(p);
  r.unregistered_share = p.unregistered_service_share;
  r.land = p.land_on_transfer;
  r.land_compensation = p.land_compensation;
  r.exam_advantage = p.exam_advantage;
  // A yearly chance as the equivalent monthly one.
  const auto monthly = [](double yearly) {
    return yearly >= 1 ? 1.0 : 1.0 - std::pow(1.0 - yearly, 1.0 / 12.0);
  };
  r.reunion_yearly = r.rule == ResidenceRule::open || r.rule == ResidenceRule::purchase
                         ? 0.0
                         : std::min(1.0, p.reunion_rate);
  r.quota = p.points_quota;
  r.min_insured_months = static_cast<int>(p.points_min_insured_months);
  r.max_age = static_cast<int>(p.points_max_age);
  r.min_residence_months = static_cast<int>(p.points_min_residence_months);
  r.min_score = p.points_min_score;
  r.edu_points[0] = p.points_edu_primary;
  r.edu_points[1] = p.points_edu_junior;
  r.edu_points[2] = p.points_edu_senior;
  r.edu_points[3] = p.points_edu_college;
  r.per_insured_year = p.points_per_insured_year;
  r.per_residence_year = p.points_per_residence_year;
  r.home_points = p.points_home;
  r.young_age = static_cast<int>(p.points_young_age);
  r.young_bonus = p.points_young_bonus;
  r.threshold_months = static_cast<int>(p.threshold_months);
  r.threshold_home = p.threshold_require_home != 0;
  r.talent_education = p.talent_min_education;
  r.talent_income = p.talent_min_income;
  r.purchase_price = p.purchase_min_price;
  r.purchase_monthly = monthly(p.purchase_rate);
  r.purchase_income_years = p.purchase_income_years;
  r.open_min_months = static_cast<int>(p.open_min_months);
  return r;
}

namespace {
bool employed(Employment e) {
  return e == Employment::formal || e == Employment::informal;
}
}  // namespace

double points_score(const RegionRule& r, const ApplicantFacts& a) {
  if (r.rule != ResidenceRule::points) return 0.0;
  // Whole years count, as the published tables do.
  return r.edu_points[static_cast<int>(a.education)] +
         r.per_insured_year * static_cast<double>(a.insured_months / 12) +
         r.per_residence_year * static_cast<double>(a.months_here / 12) +
         (a.owns_home ? r.home_points : 0.0) + (a.age <= r.young_age ? r.young_bonus : 0.0);
}

bool family_reunion(const RegionRule& r, const ApplicantFacts& a) {
  return a.review_month && a.months_here >= 12 && a.chance < r.reunion_yearly;
}

bool eligible(const RegionRule& r, const ApplicantFacts& a, bool* buys_home) {
  if (buys_home) *buys_home = false;
  switch (r.rule) {
    case ResidenceRule::closed:  // family reunion only (never a local conversion)
      return family_reunion(r, a);
    case ResidenceRule::points:
      return a.insured_months >= r.min_insured_months && a.age <= r.max_age &&
             a.months_here >= r.min_residence_months && points_score(r, a) >= r.min_score;
    case ResidenceRule::threshold:
      return a.months_here >= r.threshold_months && employed(a.employment) &&
             (!r.threshold_home || a.owns_home);
    case ResidenceRule::talent:
      return a.education >= r.talent_education && employed(a.employment) &&
             a.income >= r.talent_income;
    case ResidenceRule::purchase: {
      if (a.owns_home) return true;
      const bool able = employed(a.employment) &&
                        a.household_income * r.purchase_income_years >= r.purchase_price;
      const bool buys = able && a.chance < r.purchase_monthly;
      if (buys_home) *buys_home = buys;
      return buys;
    }
    case ResidenceRule::open:
      return a.months_here >= r.open_min_months;
  }
  return false;
}

double annuity_factor(double rate, int years) {
  if (rate <= 0) return years;
  return (1.0 - std::pow(1.0 + rate, -years)) / rate;
}

// Key layout, high to low: score x 16 (16 bits), hash (16 bits), id (32 bits).
std::uint64_t application_key(double score, std::uint64_t hash_bits, std::uint32_t id) {
  const double fixed = std::clamp(std::floor(score * 16.0), 0.0, 65535.0);
  return (static_cast<std::uint64_t>(fixed) << 48) | ((hash_bits & 0xFFFFu) << 32) | id;
}

double key_score(std::uint64_t key) {
  return static_cast<double>(key >> 48) / 16.0;
}

std::vector<std::uint64_t> admission_thresholds(
    const std::vector<const std::vector<ApplicationKey>*>& lists,
    const std::vector<std::int64_t>& allowance, int regions) {
  detail::SelectionScratch scratch;
  std::vector<std::uint64_t> threshold;
  detail::admission_thresholds(lists, allowance, regions, ExecutionContext(1), scratch, threshold);
  return threshold;
}

namespace detail {

void admission_thresholds(const std::vector<const std::vector<ApplicationKey>*>& lists,
                          const std::vector<std::int64_t>& allowance, int regions,
                          const ExecutionContext& context, SelectionScratch& scratch,
                          std::vector<std::uint64_t>& threshold) {
  threshold.assign(regions, 0);  // 0 = admit every application
  std::int64_t applications = 0;
  for (const auto* list : lists) applications += static_cast<std::int64_t>(list->size());
  context.sum_over_ranks({&applications, 1});
  if (applications == 0) return;  // nobody to select
  // Per region: the prefix of the cut-off key fixed so far (bits above
  // `shift + 8`), the allowance still to fill within that prefix, and
  // whether the region is still open (not everyone left fits, and the key
  // of the first that does not is not found yet).
  auto& prefix = scratch.prefix;
  auto& remaining = scratch.remaining;
  auto& open = scratch.open;
  auto& histogram = scratch.histogram;
  prefix.assign(regions, 0);
  remaining.assign(allowance.begin(), allowance.end());
  open.assign(regions, 0);
  histogram.resize(regions);
  bool any_open = false;
  for (int r = 0; r < regions; ++r) any_open |= (open[r] = allowance[r] >= 0) != 0;
  for (int shift = 56; shift >= 0 && any_open; shift -= 8) {
    for (int r = 0; r < regions; ++r) {
      if (open[r]) histogram[r].fill(0);
    }
    // The mask selects the bits fixed by earlier passes.
    const std::uint64_t mask = shift == 56 ? 0 : ~std::uint64_t{0} << (shift + 8);
    for (const auto* list : lists) {  // per list, then summed: any split gives the same sums
      for (const ApplicationKey& a : *list) {
        if (!open[a.region] || (a.key & mask) != prefix[a.region]) continue;
        histogram[a.region][(a.key >> shift) & 0xFFu] += a.persons;
      }
    }
    // The threads' lists are summed above; the ranks' histograms here.
    context.sum_over_ranks({histogram.front().data(), histogram.size() * 256});
    any_open = false;
    for (int r = 0; r < regions; ++r) {
      if (!open[r]) continue;
      // Walk the bins from the highest key down; a bin that fits is admitted
      // whole, the first that does not holds the cut-off.
      std::int64_t taken = 0;
      int bin = 255;
      for (; bin >= 0; --bin) {
        if (taken + histogram[r][bin] > remaining[r]) break;
        taken += histogram[r][bin];
      }
      if (bin < 0) {  // everything within the prefix fits
        open[r] = 0;
        // Admit from the prefix's lowest possible key up (the keys above
        // the prefix were admitted whole by earlier passes).
        threshold[r] = prefix[r];
        continue;
      }
      remaining[r] -= taken;
      prefix[r] |= static_cast<std::uint64_t>(bin) << shift;
      if (shift == 0) {                // the full key of the first application that does not fit
        threshold[r] = prefix[r] + 1;  // keys are unique: admit those above it
        open[r] = 0;
      }
      any_open |= open[r] != 0;
    }
  }
}

}  // namespace detail

}  // namespace migrasim
