#include "migrasim/model/aggregates.hpp"

#include <algorithm>
#include <iterator>

namespace migrasim {

std::string_view counter_name(Counter c) {
  static constexpr std::string_view names[] = {
      "residents",        "registered",  "migrants",    "emigrants",       "hukou_population",
      "children",         "working_age", "elders",      "left_behind",     "urban_hukou",
      "employed",         "formal",      "unemployed",  "farming",         "school_age",
      "registered_urban", "births",      "deaths",      "moves_in",        "moves_out",
      "applications",     "admissions",  "conversions", "land_surrendered"};
  static_assert(std::size(names) == kCounters, "one name per counter");
  return names[static_cast<int>(c)];
}

void Aggregates::resize(int regions) {
  regions_ = regions;
  counts_.assign(static_cast<std::size_t>(regions) * kCounters, 0);
  profiles_.assign(static_cast<std::size_t>(regions) * kProfiles, 0);
  flows = CountMatrix::Zero(regions, regions);
  stock = CountMatrix::Zero(regions, regions);
}

void Aggregates::clear() {
  std::fill(counts_.begin(), counts_.end(), 0);
  std::fill(profiles_.begin(), profiles_.end(), 0);
  flows.setZero();
  stock.setZero();
}

void Aggregates::clear_tick_counts() {
  for (int r = 0; r < regions_; ++r) {
    for (Counter c : {Counter::births, Counter::deaths, Counter::moves_in, Counter::moves_out,
                      Counter::applications, Counter::admissions, Counter::conversions,
                      Counter::land_surrendered}) {
      at(r, c) = 0;
    }
  }
  flows.setZero();
}

bool Aggregates::same_state(const Aggregates& other) const {
  if (regions_ != other.regions_ || stock != other.stock || profiles_ != other.profiles_) {
    return false;
  }
  for (int r = 0; r < regions_; ++r) {
    if (at(r, Counter::left_behind) != other.at(r, Counter::left_behind)) return false;
  }
  return true;
}

void Aggregates::add(const Aggregates& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  for (std::size_t i = 0; i < profiles_.size(); ++i) profiles_[i] += other.profiles_[i];
  flows += other.flows;
  stock += other.stock;
}

void Aggregates::derive_from_stock() {
  for (int r = 0; r < regions_; ++r) {
    const std::int64_t residents = stock.col(r).sum();
    const std::int64_t hukou = stock.row(r).sum();
    const std::int64_t registered = stock(r, r);
    at(r, Counter::residents) = residents;
    at(r, Counter::registered) = registered;
    at(r, Counter::migrants) = residents - registered;
    at(r, Counter::hukou_population) = hukou;
    at(r, Counter::emigrants) = hukou - registered;
    for (Counter c : {Counter::children, Counter::school_age, Counter::working_age, Counter::elders,
                      Counter::urban_hukou, Counter::registered_urban, Counter::employed,
                      Counter::formal, Counter::unemployed, Counter::farming}) {
      at(r, c) = 0;
    }
    for (int age = 0; age < kAgeGroups; ++age) {
      for (int job = 0; job < 5; ++job) {
        for (int urban = 0; urban < 2; ++urban) {
          for (int registered = 0; registered < 2; ++registered) {
            const std::int64_t n = profiles_[r * kProfiles + profile(age, job, urban, registered)];
            at(r, age < 2    ? Counter::children
                  : age == 2 ? Counter::working_age
                             : Counter::elders) += n;
            if (age == 1) at(r, Counter::school_age) += n;
            if (urban) at(r, Counter::urban_hukou) += n;
            if (urban && registered) at(r, Counter::registered_urban) += n;
            // Employment codes as in agent_store.hpp: formal, informal, unemployed, farming.
            if (job == 0 || job == 1) at(r, Counter::employed) += n;
            if (job == 0) at(r, Counter::formal) += n;
            if (job == 2) at(r, Counter::unemployed) += n;
            if (job == 3) at(r, Counter::farming) += n;
          }
        }
      }
    }
  }
}

std::int64_t Aggregates::total(Counter c) const {
  std::int64_t sum = 0;
  for (int r = 0; r < regions_; ++r) sum += at(r, c);
  return sum;
}

}  // namespace migrasim
