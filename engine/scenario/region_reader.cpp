// Reads regions.csv: one row per region with its static data and, in
// optional columns named after policy keys, its initial registration regime.
#include <cmath>
#include <map>

#include "migrasim/detail/text.hpp"
#include "migrasim/scenario/scenario_limits.hpp"
#include "scenario_readers.hpp"

namespace migrasim::detail {

namespace {

std::vector<ColumnSpec> region_columns() {
  std::vector<ColumnSpec> columns = {
      {"name", true},
      {"province", true},
      {"lat", true},
      {"lon", true},
      {"population", true},
      {"migrants", false},
      {"emigrants", false},
      {"urban_share", true},
      {"urban_hukou_share", false},
      {"urban_income", true},
      {"rural_income", true},
      {"cost_of_living", false},
      {"household_size", false},
      {"local_revenue", false},
      {"central_transfers", false},
      {"local_expenditure", false},
      {"attraction", false},
  };
  for (const auto& spec : parameter_specs()) {
    if (spec.section() == "policy") columns.push_back({std::string(spec.name()), false});
  }
  return columns;
}

}  // namespace

std::vector<Region> read_regions(const std::filesystem::path& file, const std::string& display,
                                 const Parameters& params) {
  const CsvTable table = read_csv(file, display);
  const ColumnIndex columns(table, region_columns());
  if (table.rows.empty()) {
    throw_input_error({display, 0}, "no regions (the file has a header but no rows)");
  }

  const auto real = [&](const CsvRow& row, const char* name, double min, double max) {
    return cell_real(table, row, columns.at(name), min, max);
  };
  // Optional numeric column: absent or blank gives nullopt.
  const auto optional_real = [&](const CsvRow& row, const char* name, double min,
                                 double max) -> std::optional<double> {
    const auto col = columns.find(name);
    if (!col || row.fields[*col].empty()) return std::nullopt;
    return cell_real(table, row, *col, min, max);
  };

  std::vector<Region> regions;
  std::map<std::string, std::size_t> first_line;
  for (const auto& row : table.rows) {
    columns.check_width(table, row);
    Region r;
    r.name = cell_text(table, row, columns.at("name"));
    if (const auto [it, fresh] = first_line.emplace(r.name, row.line); !fresh) {
      throw_input_error(table.at(row.line), "column 'name': duplicate region '" + r.name +
                                                "' (first on line " + std::to_string(it->second) +
                                                ")");
    }
    r.province = cell_text(table, row, columns.at("province"));
    r.lat = real(row, "lat", -90, 90);
    r.lon = real(row, "lon", -180, 180);
    // At least one person (a region of nobody has no budget to calibrate),
    // at most the limit of a whole scenario (docs/scenario-format.md).
    r.population = real(row, "population", 0, kUnbounded);
    if (r.population < 1 || r.population > kMaxTotalPersons) {
      throw_input_error(table.at(row.line),
                        "column 'population': expected 1 to " +
                            group_thousands(static_cast<long long>(kMaxTotalPersons)) +
                            " persons, got '" + row.fields[columns.at("population")] + "'");
    }
    r.migrants = optional_real(row, "migrants", 0, kUnbounded).value_or(0);
    if (r.migrants > r.population) {
      throw_input_error(table.at(row.line), "column 'migrants': " + format_number(r.migrants) +
                                                " exceeds the region's population " +
                                                format_number(r.population));
    }
    r.emigrants = optional_real(row, "emigrants", 0, kUnbounded).value_or(0);
    r.urban_share = real(row, "urban_share", 0, 1);
    r.urban_hukou_share =
        optional_real(row, "urban_hukou_share", 0, 1)
            .value_or(std::min(1.0, params.population.urban_hukou_ratio * r.urban_share));
    r.urban_income = real(row, "urban_income", kPositive, kUnbounded);
    r.rural_income = real(row, "rural_income", kPositive, kUnbounded);
    r.cost_of_living = optional_real(row, "cost_of_living", kPositive, kUnbounded).value_or(1.0);
    r.household_size =
        optional_real(row, "household_size", 1, 20).value_or(params.population.household_size);
    r.local_revenue = optional_real(row, "local_revenue", 0, kUnbounded);
    r.local_expenditure = optional_real(row, "local_expenditure", 0, kUnbounded);
    r.central_transfers = optional_real(row, "central_transfers", 0, kUnbounded).value_or(0.0);
    r.attraction = optional_real(row, "attraction", -20, 20).value_or(0.0);

    // Policy columns override the [policy] defaults for this region.
    Parameters scratch = params;
    for (const auto& spec : parameter_specs()) {
      if (spec.section() != "policy") continue;
      const auto col = columns.find(spec.name());
      if (!col || row.fields[*col].empty()) continue;
      assign_parameter(scratch, spec, row.fields[*col], table.at(row.line), "column", spec.name());
    }
    r.policy = scratch.policy;
    regions.push_back(std::move(r));
  }

  // Every migrant has a hukou region somewhere in the scenario.
  double migrants = 0, emigrants = 0;
  for (const auto& r : regions) {
    migrants += r.migrants;
    emigrants += r.emigrants;
  }
  if (std::abs(migrants - emigrants) > 0.005 * std::max(migrants, emigrants) + 1.0) {
    throw_input_error({display, 0},
                      "columns 'migrants' and 'emigrants' must have equal totals (within 0.5%), "
                      "got " +
                          format_number(migrants) + " and " + format_number(emigrants));
  }
  double total = 0;
  for (const auto& r : regions) total += r.population;
  if (total <= 0) throw_input_error({display, 0}, "total population is 0");
  return regions;
}

}  // namespace migrasim::detail
