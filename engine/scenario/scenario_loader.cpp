// load_scenario(): reads a scenario folder or a what-if file (which names its
// base), applies overrides, validates, and builds the immutable Scenario.
//
// Order: parameters first (base INI, then each what-if on top, then
// overrides), because the region table's defaults and the events' dates
// depend on them; then the data files; then the events.
#include <algorithm>
#include <array>

#include "migrasim/detail/text.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "migrasim/scenario/scenario_limits.hpp"
#include "scenario_readers.hpp"

namespace fs = std::filesystem;

namespace migrasim {

namespace {

// fiscal.scale_*: multipliers on benefits.csv's unit costs by category.
void scale_unit_costs(std::vector<UnitCosts>& costs, const FiscalParams& f) {
  std::array<double, kCostCategories> k{};
  k[static_cast<int>(CostCategory::pension)] = f.scale_pension;
  k[static_cast<int>(CostCategory::health)] = f.scale_health;
  k[static_cast<int>(CostCategory::education)] = f.scale_education;
  k[static_cast<int>(CostCategory::unemployment)] = f.scale_unemployment;
  k[static_cast<int>(CostCategory::dibao)] = f.scale_dibao;
  k[static_cast<int>(CostCategory::oneoff_housing)] = f.scale_oneoff_housing;
  k[static_cast<int>(CostCategory::oneoff_infrastructure)] = f.scale_oneoff_infrastructure;
  k[static_cast<int>(CostCategory::school_fee)] = f.scale_school_fee;
  for (UnitCosts& region : costs) {
    for (auto& scheme : region.value) {
      for (int c = 0; c < kCostCategories; ++c) scheme[c] *= k[c];
    }
  }
}

}  // namespace

class ScenarioBuilder {
 public:
  Scenario build(const fs::path& path, const std::vector<Override>& overrides) {
    scenario_.path_ = path;
    load_layer(path, /*depth=*/0);
    for (const auto& o : overrides) apply_override(o);
    validate_parameters(scenario_.params_, {"scenario parameters", 0});
    read_data_files();
    check_population_limits(scenario_, display(data_folder_ / "regions.csv"));
    resolve_events();
    scenario_.data_folder_ = data_folder_;
    return std::move(scenario_);
  }

 private:
  // A folder (with scenario.ini) or a what-if .ini naming its base.
  void load_layer(const fs::path& path, int depth) {
    if (depth > 16)
      throw_input_error({path.string(), 0}, "what-if files nest too deeply (a cycle?)");
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      load_folder(path);
    } else if (fs::is_regular_file(path, ec)) {
      load_what_if(path, depth);
    } else {
      throw_input_error({path.string(), 0},
                        "no such scenario (expected a folder with scenario.ini, or a what-if "
                        ".ini file)");
    }
  }

  void load_folder(const fs::path& folder) {
    data_folder_ = folder;
    scenario_.params_.scenario.name = folder.filename().string();
    if (scenario_.params_.scenario.name.empty()) {
      scenario_.params_.scenario.name = folder.parent_path().filename().string();
    }
    const fs::path ini = folder / "scenario.ini";
    apply_ini(ini, display(ini), /*what_if=*/false);
  }

  void load_what_if(const fs::path& file, int depth) {
    const std::string shown = display(file);
    const auto entries = detail::read_ini(file, shown);
    const auto base = std::find_if(entries.begin(), entries.end(),
                                   [](const auto& e) { return e.key == "scenario.base"; });
    if (base == entries.end() || trim(base->value).empty()) {
      throw_input_error({shown, 0},
                        "a what-if file needs 'base' in [scenario] (the scenario it "
                        "modifies); a scenario folder needs scenario.ini");
    }
    load_layer(file.parent_path() / fs::path(std::string(trim(base->value))), depth + 1);
    scenario_.params_.scenario.name = file.stem().string();
    apply_entries(entries, shown, file, /*what_if=*/true);
  }

  void apply_ini(const fs::path& file, const std::string& shown, bool what_if) {
    apply_entries(detail::read_ini(file, shown), shown, file, what_if);
  }

  void apply_entries(const std::vector<detail::IniEntry>& entries, const std::string& shown,
                     const fs::path& file, bool what_if) {
    for (const auto& e : entries) {
      const SourceLocation at{shown, e.line};
      if (e.key == "events.add") {
        detail::EventDraft draft{at, "key 'events.add': ", {}};
        draft.fields = split_csv_line(e.value, at);
        drafts_.push_back(std::move(draft));
      } else if (e.key == "scenario.base" && !what_if) {
        throw_input_error(at,
                          "key 'scenario.base' belongs in what-if files, not in a scenario "
                          "folder's scenario.ini");
      } else {
        assign_parameter(scenario_.params_, *find_parameter(e.key), e.value, at);
      }
    }
    scenario_.source_files_[source_name(file)] = read_text_file(file, shown);
  }

  // A stock file named by scenario.migrant_stock: its sums become the regions'
  // migrants (column sums) and emigrants (row sums).
  void read_named_stock(const fs::path& stock) {
    auto& s = scenario_;
    std::error_code ec;
    if (!fs::is_regular_file(stock, ec)) {
      throw_input_error({"scenario parameters", 0},
                        "key 'scenario.migrant_stock': no file '" + display(stock) + "'");
    }
    s.migrant_stock_ = detail::read_migrant_stock(stock, display(stock), s.regions_, false);
    for (std::size_t i = 0; i < s.regions_.size(); ++i) {
      Region& r = s.regions_[i];
      const auto k = static_cast<Eigen::Index>(i);
      r.migrants = s.migrant_stock_.col(k).sum();
      r.emigrants = s.migrant_stock_.row(k).sum();
      if (r.migrants > r.population) {
        throw_input_error({display(stock), 0}, "migrants living in '" + r.name + "' sum to " +
                                                   format_number(r.migrants) +
                                                   ", more than its population " +
                                                   format_number(r.population));
      }
    }
    remember(stock);
  }

  void apply_override(const Override& o) {
    if (o.key == "scenario.base") {
      throw_input_error({o.origin, 0}, "key 'scenario.base' can only be set in a what-if file");
    }
    const ParameterSpec* spec = find_parameter(o.key);
    if (!spec) {
      throw_input_error({o.origin, 0},
                        "unknown key '" + o.key + "'" + did_you_mean(o.key, parameter_keys()));
    }
    assign_parameter(scenario_.params_, *spec, o.value, {o.origin, 0});
  }

  void read_data_files() {
    auto& s = scenario_;
    const fs::path regions = data_folder_ / "regions.csv";
    s.regions_ = detail::read_regions(regions, display(regions), s.params_);
    remember(regions);
    for (const auto& r : s.regions_) {
      if (std::find(s.provinces_.begin(), s.provinces_.end(), r.province) == s.provinces_.end()) {
        s.provinces_.push_back(r.province);
      }
    }

    const fs::path distances = data_folder_ / "distances.csv";
    if (fs::exists(distances)) {
      s.distances_km_ = detail::read_distances(distances, display(distances), s.regions_);
      s.distances_given_ = true;
      remember(distances);
    } else {
      s.distances_km_ = detail::great_circle_matrix(s.regions_);
    }

    const std::string& named = s.params_.scenario.migrant_stock;
    const fs::path stock = data_folder_ / (named.empty() ? "migrant_stock.csv" : named);
    if (!named.empty()) {
      read_named_stock(stock);
    } else if (fs::exists(stock)) {
      s.migrant_stock_ = detail::read_migrant_stock(stock, display(stock), s.regions_);
      remember(stock);
    }

    const fs::path benefits = data_folder_ / "benefits.csv";
    if (fs::exists(benefits)) {
      s.unit_costs_ = detail::read_unit_costs(benefits, display(benefits), s.regions_);
      s.has_unit_costs_ = true;
      scale_unit_costs(s.unit_costs_, s.params_.fiscal);
      remember(benefits);
    } else {
      s.unit_costs_.assign(s.regions_.size(), UnitCosts{});
    }

    const std::string& path_file = s.params_.scenario.region_paths;
    const fs::path paths = data_folder_ / (path_file.empty() ? "region_paths.csv" : path_file);
    std::error_code ec;
    if (!path_file.empty() && path_file != "none" && !fs::is_regular_file(paths, ec)) {
      throw_input_error({"scenario parameters", 0},
                        "key 'scenario.region_paths': no file '" + display(paths) + "'");
    }
    if (path_file != "none" && fs::exists(paths)) {
      s.region_paths_ =
          detail::read_region_paths(paths, display(paths), s.regions_, s.params_.run.start);
      remember(paths);
    }

    // Spending by function in the start year (fiscal model v2), optional.
    const fs::path budget = data_folder_ / "budget.csv";
    s.budgets_.assign(s.regions_.size(), FunctionBudget{});
    if (fs::exists(budget)) {
      s.budgets_ = detail::read_budgets(budget, display(budget), s.regions_);
      remember(budget);
    }

    const fs::path events = data_folder_ / "events.csv";
    if (fs::exists(events)) {
      auto from_file = detail::read_event_drafts(events, display(events));
      // File events come before what-if additions.
      drafts_.insert(drafts_.begin(), from_file.begin(), from_file.end());
      remember(events);
    }
  }

  void resolve_events() {
    auto& s = scenario_;
    for (const auto& draft : drafts_) {
      s.events_.push_back(detail::parse_event(draft, s.params_, s.regions_, s.provinces_));
    }
    std::stable_sort(s.events_.begin(), s.events_.end(),
                     [](const Event& a, const Event& b) { return a.date < b.date; });
  }

  void remember(const fs::path& file) {
    scenario_.source_files_[source_name(file)] = read_text_file(file, display(file));
  }

  // Files of the base folder by their own name; what-if files by their path
  // relative to that folder ("../beijing-open.ini"), so a chain keeps every
  // file apart.
  std::string source_name(const fs::path& file) const {
    if (data_folder_.empty() || file.parent_path() == data_folder_) {
      return file.filename().string();
    }
    return file.lexically_normal().lexically_relative(data_folder_.lexically_normal()).string();
  }

  static std::string display(const fs::path& file) { return file.lexically_normal().string(); }

  Scenario scenario_;
  fs::path data_folder_;
  std::vector<detail::EventDraft> drafts_;
};

Scenario load_scenario(const fs::path& path, const std::vector<Override>& overrides) {
  return ScenarioBuilder().build(path, overrides);
}

}  // namespace migrasim
