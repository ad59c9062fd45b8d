// The Scenario: an immutable, validated description of a run's inputs
// (parameters, regions, distances, initial migrant stock, unit costs,
// events). Load it with load_scenario(); the engine never mutates it.
#pragma once

#include <array>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "migrasim/month.hpp"
#include "migrasim/scenario/parameter_table.hpp"
#include "migrasim/scenario/parameters.hpp"

namespace migrasim {

// One region (province or city): the unit of registration. Persons and yuan.
struct Region {
  std::string name;
  std::string province;                 // parent province (== name in a province scenario)
  double lat = 0, lon = 0;              // degrees
  double population = 0;                // residents at the start, persons
  double migrants = 0;                  // residents whose hukou is in another region
  double emigrants = 0;                 // this region's hukou holders living elsewhere
  double urban_share = 0;               // share of residents living in urban areas
  double urban_hukou_share = 0;         // share of registered residents with non-agricultural hukou
  double urban_income = 0;              // yuan/person/year, urban disposable income
  double rural_income = 0;              // yuan/person/year, rural net income
  double cost_of_living = 1;            // price index relative to the national level
  double household_size = 0;            // persons per household
  std::optional<double> local_revenue;  // yuan/year, general-budget revenue
  std::optional<double> local_expenditure;  // yuan/year
  double central_transfers = 0;             // yuan/year received from the centre
  // Utility every chooser adds to the region (staying there included): what
  // draws people to it beyond income, services, distance, network and size;
  // a constant fitted to the region's observed growth (0 when not given).
  double attraction = 0;
  PolicyParams policy;  // registration regime at the start

  double registered_residents() const { return population - migrants; }
  double hukou_population() const { return population - migrants + emigrants; }
};

// Unit costs of hukou-linked services (benefits.csv), yuan per person per year
// (one-off categories: yuan per newly registered migrant).
enum class Scheme { rural = 0, urban = 1 };
enum class CostCategory {
  pension,                // per registered elder
  health,                 // per registered resident
  education,              // per registered child aged 6-15
  unemployment,           // per registered unemployed worker
  dibao,                  // per minimum-living-allowance recipient
  oneoff_housing,         // per newly registered migrant, once
  oneoff_infrastructure,  // per newly registered migrant, once
  school_fee,             // paid by an unregistered household per pupil (revenue)
};
inline constexpr int kCostCategories = 8;
const std::vector<std::string>& cost_category_names();

struct UnitCosts {
  // [scheme][category] in yuan; 0 where the scenario gives nothing.
  std::array<std::array<double, kCostCategories>, 2> value{};
  double get(Scheme s, CostCategory c) const {
    return value[static_cast<int>(s)][static_cast<int>(c)];
  }
};

// A region's general-budget spending by function in the start year
// (budget.csv), yuan/year at the scenario's prices; NaN where the file gives
// none (the fiscal module then uses fiscal.share_* of the region's budget).
enum class BudgetFunction { education, health, social_security, housing, community };
inline constexpr int kBudgetFunctions = 5;
const std::vector<std::string>& budget_function_names();
struct FunctionBudget {
  std::array<double, kBudgetFunctions> yuan;
  FunctionBudget() { yuan.fill(std::numeric_limits<double>::quiet_NaN()); }
  double get(BudgetFunction f) const { return yuan[static_cast<int>(f)]; }
};

// One policy change: at `date`, assign policy keys in the target regions.
struct Event {
  Month date;
  int tick = 0;              // months after the scenario start
  std::string target;        // region, province, "*" or a size tier "urban:1-3M"
  std::vector<int> regions;  // resolved region indices, ascending (a tier: every region)
  // A size-tier target: regions whose urban residents, when the event is
  // applied, are in [urban_min, urban_max) persons. Negative min: no tier.
  double urban_min = -1, urban_max = -1;
  bool by_size() const { return urban_min >= 0; }
  std::string action;  // classification | residence_rule | set
  std::vector<std::pair<std::string, std::string>> assignments;  // policy key -> value
  std::string origin;                                            // "events.csv:3" or "whatif.ini:7"

  std::string describe() const;  // "classification=unified benefit_equalization=0"
};

// A region field that changes over time (region_paths.csv): the incomes the
// migration choice reads, yuan/person/year at scenario.price_year.
enum class PathKey { urban_income = 0, rural_income = 1 };
inline constexpr int kPathKeys = 2;
const std::vector<std::string>& path_key_names();  // "urban_income", "rural_income"

// One dated value of a path.
struct PathPoint {
  Month date;
  int tick = 0;  // months after the scenario start (negative: before it)
  double value = 0;
};

// The time path of one field of one region: points in ascending date order.
// It replaces the region's regions.csv value at every tick: the first value
// before the first date, linear in months between dates, the last value
// after the last date (docs/scenario-format.md section 6a).
struct RegionPath {
  int region = 0;
  PathKey key = PathKey::urban_income;
  std::vector<PathPoint> points;
  double at(int tick) const;
};

// An override given on the command line or by a what-if file.
struct Override {
  std::string key;     // "migration.hazard"
  std::string value;   // text as given
  std::string origin;  // "--set", "--agents", ...
};

class Scenario {
 public:
  const std::string& name() const { return params_.scenario.name; }
  const Parameters& params() const { return params_; }
  const std::vector<Region>& regions() const { return regions_; }
  int region_count() const { return static_cast<int>(regions_.size()); }
  // Index of a region by exact name, or -1.
  int find_region(const std::string& name) const;
  // Provinces in order of first appearance.
  const std::vector<std::string>& provinces() const { return provinces_; }

  // Great-circle or given distances between regions, km.
  const Eigen::MatrixXd& distances_km() const { return distances_km_; }
  bool distances_given() const { return distances_given_; }

  // Initial inter-region migrant stock [hukou region][location], persons,
  // when the scenario ships one (migrant_stock.csv); empty otherwise.
  const Eigen::MatrixXd& migrant_stock() const { return migrant_stock_; }
  bool has_migrant_stock() const { return migrant_stock_.size() > 0; }

  const std::vector<UnitCosts>& unit_costs() const { return unit_costs_; }
  bool has_unit_costs() const { return has_unit_costs_; }
  // Spending by function per region (budget.csv); all NaN without the file.
  const std::vector<FunctionBudget>& budgets() const { return budgets_; }

  // Events sorted by date (stable: file order within a date).
  const std::vector<Event>& events() const { return events_; }

  // Time paths of region fields (region_paths.csv), by region then key; empty
  // when the scenario has none.
  const std::vector<RegionPath>& region_paths() const { return region_paths_; }

  // Totals over regions, persons.
  double total_population() const;
  double total_migrants() const;

  // Persons one agent represents at params().run.agents agents.
  double scale() const;

  // The input files as read (name -> text), so a run file can reproduce the run.
  const std::map<std::string, std::string>& source_files() const { return source_files_; }
  // Where it was loaded from, and the folder holding its data files.
  const std::filesystem::path& path() const { return path_; }
  const std::filesystem::path& data_folder() const { return data_folder_; }

 private:
  friend class ScenarioBuilder;
  Scenario() = default;

  Parameters params_;
  std::vector<Region> regions_;
  std::vector<std::string> provinces_;
  Eigen::MatrixXd distances_km_;
  bool distances_given_ = false;
  Eigen::MatrixXd migrant_stock_;
  std::vector<UnitCosts> unit_costs_;
  bool has_unit_costs_ = false;
  std::vector<FunctionBudget> budgets_;
  std::vector<Event> events_;
  std::vector<RegionPath> region_paths_;
  std::map<std::string, std::string> source_files_;
  std::filesystem::path path_;
  std::filesystem::path data_folder_;
};

// Loads a scenario folder (with scenario.ini) or a what-if .ini file, applies
// `overrides` (e.g. from --set) last, validates everything and returns the
// immutable result. Throws InputError with file, line, field and value.
Scenario load_scenario(const std::filesystem::path& path,
                       const std::vector<Override>& overrides = {});

// Whether `urban_residents` falls in the size tier [min, max) (persons).
inline bool in_size_tier(double urban_residents, double min, double max) {
  return urban_residents >= min && urban_residents < max;
}

// Great-circle distance in km between two points in degrees (haversine,
// Earth radius 6371.0 km).
double great_circle_km(double lat1, double lon1, double lat2, double lon2);

}  // namespace migrasim
