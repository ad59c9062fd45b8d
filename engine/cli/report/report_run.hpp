// What the HTML report reads from a run file (docs/hdf5-schema.md): the root
// attributes, the regions with their centroids, the events, every /series
// dataset of shape [row][region] whatever its name (so new series, such as
// new budget categories, appear without a change here) and the moves summed
// over the run. Read once; the page is built from this.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "migrasim/io/run_file.hpp"
#include "migrasim/month.hpp"

namespace migrasim::report {

struct RegionSeries {
  std::string units;           // the dataset's `units` attribute ("" if none)
  std::vector<double> values;  // [row][region], row-major
};

struct EventRow {
  std::int64_t tick = 0;
  std::string date, target, action, change;
};

struct ReportRun {
  std::string path;
  RunInfo info;
  std::int64_t version = 0;
  std::vector<std::pair<std::string, std::string>> attributes;  // every root attribute, as text
  std::vector<std::string> overrides;                           // section.key=value
  std::string entry;        // the what-if file, if any, relative to the base folder
  std::string base_folder;  // the base scenario's folder name ("china-2007")
  std::vector<std::string> names, provinces;
  std::vector<double> lat, lon;
  std::vector<Month> dates;  // row t: run.start + t months
  std::map<std::string, RegionSeries> series;
  std::vector<EventRow> events;
  std::vector<double> moves;  // [origin][destination], persons moved over the whole run

  std::size_t rows() const { return dates.size(); }
  std::size_t regions() const { return names.size(); }
  bool has(const std::string& name) const { return series.count(name) > 0; }
  // The series' value of `region` at `row` (NaN if the series is missing).
  double at(const std::string& name, std::size_t row, std::size_t region) const;
  // Summed over the regions in each row (NaNs skipped); empty if missing.
  std::vector<double> national(const std::string& name) const;
  // The names of the series that start with `prefix`, in name order.
  std::vector<std::string> names_with_prefix(const std::string& prefix) const;
};

// Throws InputError for a missing, foreign, truncated or damaged file.
ReportRun read_report_run(const std::string& path);

}  // namespace migrasim::report
