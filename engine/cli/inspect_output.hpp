// What `migrasim inspect` prints (engine/cli/command_inspect.cpp parses the
// options): the run at a glance, one series, the table by province and the
// largest flows. Every number is labelled with the month it describes:
// stocks with the month at whose start they hold (the row's date), counters
// with the month they count (the month before the row's date).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "migrasim/io/h5.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/io/run_series.hpp"
#include "migrasim/scenario/region_groups.hpp"

namespace migrasim::cli {

// A run file opened for inspect, with its regions grouped by region or by
// province and the dates of its rows.
struct InspectedRun {
  std::string path;
  h5::File file;
  RunInfo info;
  std::vector<std::string> regions;
  bool by_province = false;
  RegionGroups groups;
  std::vector<std::int64_t> ticks;
  std::vector<Month> dates;  // row t's date: run.start + t months

  std::string group_noun() const { return by_province ? "province" : "region"; }
  std::vector<int> members_of(int group) const;
  // The series of kRunSeries this file holds (older files lack the budgets).
  std::vector<std::string> series_held() const;
};

InspectedRun open_inspected_run(const std::string& path, bool by_province);

// The series `name` (an InputError naming the series it accepts otherwise).
const SeriesSpec& series_named(const InspectedRun& run, const std::string& name);
// The group named `name` (region or province), or an InputError.
int group_named(const InspectedRun& run, const std::string& name);

// One series over the rows, national (group -1) or of one group, as a table
// or as CSV (tick,date,counted_month,NAME).
void print_series(const InspectedRun& run, const SeriesSpec& s, int group, bool csv);

// What the run was, then national stocks, counts and budgets every 12 months.
void print_overview(const InspectedRun& run);
// One row per group (province) at the end of the run.
void print_by_group(const InspectedRun& run);
// The ten largest flows between groups over the run.
void print_largest_flows(const InspectedRun& run);

}  // namespace migrasim::cli
