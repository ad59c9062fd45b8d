// Internal: names and conventions shared by the run-file writer and readers.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include <string_view>
#include <vector>

#include "migrasim/io/run_series.hpp"
#include "migrasim/model/aggregates.hpp"
#include "migrasim/scenario/scenario.hpp"

namespace migrasim {
class Simulation;
}

namespace migrasim::detail {

// The run file's groups and dataset paths. The per-region series themselves
// are listed once, as data, in migrasim/run_series.hpp (kRunSeries).
inline constexpr const char* kSeriesGroup = "series";
inline constexpr const char* kFlowsGroup = "flows";
inline constexpr const char* kFlowsMoves = "flows/moves";  // [row][origin][destination]
inline constexpr const char* kFlowsStock = "flows/stock";  // [row][hukou region][location]
// Census tables: /census/<YYYY-MM>/{hukou_stock, five_year_od, ...}
// (docs/hdf5-schema.md section 8); snapshots keep the open five-year
// windows under /snapshots/<tick>/census/<YYYY-MM>.
inline constexpr const char* kCensusGroup = "census";
inline std::string series_path(std::string_view name) {
  return std::string(kSeriesGroup) + "/" + std::string(name);
}

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

// Row sim.tick() of series `s`, one value per region: `ints` for an int64
// series (counts in persons), `reals` for a float64 one; the other is
// emptied (engine/io/run_series.cpp).
void series_row(const Simulation& sim, const SeriesSpec& s, std::vector<std::int64_t>& ints,
                std::vector<double>& reals);

}  // namespace migrasim::detail
