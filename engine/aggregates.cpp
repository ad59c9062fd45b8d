#include "migrasim/aggregates.hpp"

#include <algorithm>

namespace migrasim {

std::string_view counter_name(Counter c) {
  static constexpr std::string_view names[kCounters] = {
      "residents", "registered", "migrants", "emigrants",   "hukou_population", "children",
      "working_age", "elders",   "left_behind", "urban_hukou", "employed",       "formal",
      "unemployed", "farming",   "births",    "deaths",      "moves_in",         "moves_out"};
  return names[static_cast<int>(c)];
}

void Aggregates::resize(int regions) {
  regions_ = regions;
  counts_.assign(static_cast<std::size_t>(regions) * kCounters, 0);
  flows = CountMatrix::Zero(regions, regions);
  stock = CountMatrix::Zero(regions, regions);
}

void Aggregates::clear() {
  std::fill(counts_.begin(), counts_.end(), 0);
  flows.setZero();
  stock.setZero();
}

void Aggregates::add(const Aggregates& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
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
  }
}

std::int64_t Aggregates::total(Counter c) const {
  std::int64_t sum = 0;
  for (int r = 0; r < regions_; ++r) sum += at(r, c);
  return sum;
}

}  // namespace migrasim
