// Internal: names and conventions shared by the run-file writer and readers.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "migrasim/aggregates.hpp"
#include "migrasim/scenario.hpp"

namespace migrasim::detail {

// The per-region series, in this order (docs/hdf5-schema.md).
inline constexpr Counter kSeriesCounters[] = {
    Counter::residents,        Counter::registered,       Counter::migrants,
    Counter::emigrants,        Counter::hukou_population, Counter::children,
    Counter::working_age,      Counter::elders,           Counter::left_behind,
    Counter::urban_hukou,      Counter::employed,         Counter::formal,
    Counter::unemployed,       Counter::farming,          Counter::school_age,
    Counter::registered_urban, Counter::births,           Counter::deaths,
    Counter::moves_in,         Counter::moves_out,        Counter::applications,
    Counter::admissions,       Counter::conversions,      Counter::land_surrendered};

// Agents to persons, rounded: the unit of every count in the file.
inline std::int64_t persons(std::int64_t agents, double scale) {
  return std::llround(static_cast<double>(agents) * scale);
}

// "/snapshots/000012": zero-padded so names sort by tick.
inline std::string snapshot_name(std::int64_t tick) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%06lld", static_cast<long long>(tick));
  return buffer;
}

// The source-file name under which a what-if file given to `run` is stored.
inline std::string entry_name(const Scenario& scenario, const std::filesystem::path& given) {
  const std::string file = given.filename().string();
  for (const auto& [name, text] : scenario.source_files()) {
    if (std::filesystem::path(name).filename().string() == file && name != "scenario.ini") {
      return name;
    }
  }
  return file;
}

}  // namespace migrasim::detail
