// The run's series as CSV, one row per tick and region: tick, date (stocks
// hold at the start of that month), counted_month (the month the counters
// count; empty in row 0), region, then every series of the run file
// (migrasim/run_series.hpp) in its order, in persons (counts
// times the scale) and yuan. Written to FILE.partial and renamed to FILE only
// when the run completes, so an interrupted run never looks complete.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>

namespace migrasim {

class Simulation;

class SeriesCsvWriter {
 public:
  explicit SeriesCsvWriter(std::filesystem::path path);
  ~SeriesCsvWriter();  // an unfinished file stays as FILE.partial
  SeriesCsvWriter(const SeriesCsvWriter&) = delete;
  SeriesCsvWriter& operator=(const SeriesCsvWriter&) = delete;

  // Appends the state after the simulation's last tick and flushes.
  void write(const Simulation& sim);
  // Closes and renames FILE.partial to FILE.
  void finish();

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_, partial_;
  std::FILE* file_ = nullptr;
};

}  // namespace migrasim
