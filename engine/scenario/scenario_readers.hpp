// Internal: readers of the scenario's files. Each returns validated data or
// throws InputError naming file, line, column and value. Used only by
// load_scenario() (scenario_loader.cpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "migrasim/scenario/detail/csv.hpp"
#include "migrasim/scenario/scenario.hpp"

namespace migrasim::detail {

// One `key = value` of an INI file, in file order.
struct IniEntry {
  std::string key;  // "section.name"
  std::string value;
  std::size_t line = 0;
};

// Reads an INI file with Boost.Program_options' config-file parser. Keys must
// be known parameters or `events.add` (repeatable); anything else is an
// "unknown key" error with a did-you-mean suggestion.
std::vector<IniEntry> read_ini(const std::filesystem::path& file, const std::string& display);

// Region names in order, and the index of `name` (else "<what>: unknown
// region 'x' (did you mean 'y'?)" at `where`).
std::vector<std::string> region_names(const std::vector<Region>& regions);
int region_index(const std::vector<Region>& regions, const std::string& name,
                 const SourceLocation& where, const std::string& what);

// regions.csv -> regions with defaults filled from `params`.
std::vector<Region> read_regions(const std::filesystem::path& file, const std::string& display,
                                 const Parameters& params);

// distances.csv (square matrix, km) in region order.
Eigen::MatrixXd read_distances(const std::filesystem::path& file, const std::string& display,
                               const std::vector<Region>& regions);

// Great-circle distances between region centroids.
Eigen::MatrixXd great_circle_matrix(const std::vector<Region>& regions);

// migrant_stock.csv -> [hukou region][location] persons; checks its sums
// against the regions' migrants and emigrants unless `check_sums` is false
// (a stock file named by scenario.migrant_stock, whose sums replace them).
Eigen::MatrixXd read_migrant_stock(const std::filesystem::path& file, const std::string& display,
                                   const std::vector<Region>& regions, bool check_sums = true);

// benefits.csv -> unit costs per region.
std::vector<UnitCosts> read_unit_costs(const std::filesystem::path& file,
                                       const std::string& display,
                                       const std::vector<Region>& regions);

// region_paths.csv -> one path per (region, key), points in date order;
// dates become ticks after `start`.
std::vector<RegionPath> read_region_paths(const std::filesystem::path& file,
                                          const std::string& display,
                                          const std::vector<Region>& regions, Month start);

// budget.csv -> spending by function per region (NaN where not given).
std::vector<FunctionBudget> read_budgets(const std::filesystem::path& file,
                                         const std::string& display,
                                         const std::vector<Region>& regions);

// An event as written: the row's fields and where it came from.
struct EventDraft {
  SourceLocation where;
  std::string prefix;               // "" for events.csv, "key 'events.add': " for INI lines
  std::vector<std::string> fields;  // date, target, action, value, parameters...
};

// events.csv -> drafts (header checked here; fields parsed by parse_event).
std::vector<EventDraft> read_event_drafts(const std::filesystem::path& file,
                                          const std::string& display);

// Parses and validates one event against the final parameters and regions.
Event parse_event(const EventDraft& draft, const Parameters& params,
                  const std::vector<Region>& regions, const std::vector<std::string>& provinces);

}  // namespace migrasim::detail
