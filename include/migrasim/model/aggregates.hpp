// Per-region integer counters and origin x destination matrices of one tick,
// in agents (multiply by the scenario's scale for persons). Each thread fills
// its own Aggregates; they are then summed (integers: exact, order-free).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <Eigen/Core>

namespace migrasim {

using CountMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>;

enum class Counter : int {
  residents,         // persons living in the region
  registered,        // residents registered (hukou) in the region
  migrants,          // residents registered elsewhere
  emigrants,         // registered here, living elsewhere (counted by hukou region)
  hukou_population,  // registered here, wherever they live (by hukou region)
  children,          // residents aged 0-15
  working_age,       // residents aged 16-64
  elders,            // residents aged 65+
  left_behind,       // children living apart from a working parent (at the child's location)
  urban_hukou,       // residents with non-agricultural or resident hukou
  employed,          // formal + informal
  formal,
  unemployed,
  farming,
  school_age,        // residents aged 6-15
  registered_urban,  // registered residents with non-agricultural hukou (the urban scheme)
  births,            // this tick, at the mother's location
  deaths,            // this tick, at the place of death
  moves_in,          // this tick
  moves_out,         // this tick
  // Registration (policy module), this tick, at the region registering them:
  applications,      // persons in units that applied (the applicant and its dependents)
  admissions,        // migrants admitted to registration, with their dependents
  conversions,       // local agricultural-hukou residents converted (dual classification)
  land_surrendered,  // persons among the admitted who gave up rural land
  count_
};
inline constexpr int kCounters = static_cast<int>(Counter::count_);
std::string_view counter_name(Counter c);

class Aggregates {
 public:
  Aggregates() = default;
  explicit Aggregates(int regions) { resize(regions); }

  void resize(int regions);
  void clear();  // zero everything, keep the memory
  // Zero what belongs to one tick only (births, deaths, moves, flows); the
  // stock, profiles and left-behind counts persist and change by differences.
  void clear_tick_counts();
  // Whether the persistent counts (stock, profiles, left-behind) are equal.
  bool same_state(const Aggregates& other) const;
  void add(const Aggregates& other);

  int regions() const { return regions_; }
  std::int64_t& at(int region, Counter c) {
    return counts_[region * kCounters + static_cast<int>(c)];
  }
  std::int64_t at(int region, Counter c) const {
    return counts_[region * kCounters + static_cast<int>(c)];
  }
  std::int64_t total(Counter c) const;

  // Fills residents, registered, migrants, emigrants and hukou_population
  // from the stock matrix, and the age, employment and hukou-type counters
  // from the profiles (the agent loop counts only those two).
  void derive_from_stock();

  CountMatrix flows;  // [origin][destination] moves this tick
  CountMatrix stock;  // [hukou region][location] persons at the end of the tick

  // Residents by (age group, employment, scheme, registered here) per
  // location: the agent loop makes one increment here per person, and
  // derive_from_stock() turns it into the age, employment and hukou-type
  // counters; the fiscal module reads it directly. Age groups: 0-5, 6-15,
  // 16-64, 65+; employment codes as in agent_store.hpp; scheme 1 = urban
  // (non-agricultural hukou).
  static constexpr int kAgeGroups = 4;
  static constexpr int kProfiles = kAgeGroups * 5 * 2 * 2;
  static int profile(int age_group, int employment, bool urban, bool registered) {
    return ((age_group * 5 + employment) * 2 + (urban ? 1 : 0)) * 2 + (registered ? 1 : 0);
  }
  static int age_group(int age) { return age < 6 ? 0 : age < 16 ? 1 : age < 65 ? 2 : 3; }
  std::int64_t& profile_at(int region, int p) { return profiles_[region * kProfiles + p]; }
  std::int64_t profile_count(int region, int age_group, int employment, bool urban,
                             bool registered) const {
    return profiles_[region * kProfiles + profile(age_group, employment, urban, registered)];
  }
  std::int64_t* profile_data() { return profiles_.data(); }

 private:
  int regions_ = 0;
  std::vector<std::int64_t> counts_;
  std::vector<std::int64_t> profiles_;
};

}  // namespace migrasim
