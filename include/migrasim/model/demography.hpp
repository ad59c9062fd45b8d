// Age schedules of the agent phase: yearly death chance, the migration
// hazard's age profile, and the ages at which roles change.
#pragma once

#include <algorithm>
#include <cmath>

#include "migrasim/scenario/parameters.hpp"

namespace migrasim {

inline constexpr int kAdultAge = 16;     // a child of 16 becomes a worker
inline constexpr int kElderAge = 65;     // workers become elders
inline constexpr int kFertileFrom = 20;  // spouses may give birth at ages 20-39
inline constexpr int kFertileTo = 39;
inline constexpr int kMaxAge = 110;

// Chance of dying within the year that starts at age `age` (completed years).
inline double yearly_death_chance(const DemographyParams& d, int age) {
  if (age <= 0) return d.infant_mortality;
  if (age >= kMaxAge) return 1.0;
  return std::min(1.0, d.mortality_a * std::exp(d.mortality_b * age));
}

// Multiplier of the monthly migration hazard by age: migration peaks in the
// early twenties (2009: 41.6% of migrant workers aged 16-25, 4.2% over 50).
inline double hazard_age_factor(int age) {
  if (age < kAdultAge || age >= kElderAge) return 0.0;
  if (age < 25) return 2.0;
  if (age < 35) return 1.4;
  if (age < 45) return 0.8;
  if (age < 55) return 0.4;
  return 0.2;
}

}  // namespace migrasim
