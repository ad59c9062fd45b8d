// Reads budget.csv: a region's local general-budget spending by function in
// the start year (fiscal model v2, docs/scenario-format.md s.8), yuan/year at
// the scenario's prices. Columns region, function, value; one row per region
// and function at most; functions a region lacks are NaN (the fiscal module
// then uses the national share fiscal.share_<function>).
#include <cmath>
#include <map>
#include <utility>

#include "migrasim/detail/text.hpp"
#include "scenario_readers.hpp"

namespace migrasim {

const std::vector<std::string>& budget_function_names() {
  static const std::vector<std::string> names = {"education", "health", "social_security",
                                                 "housing", "community"};
  return names;
}

namespace detail {

std::vector<FunctionBudget> read_budgets(const std::filesystem::path& file,
                                         const std::string& display,
                                         const std::vector<Region>& regions) {
  const CsvTable table = read_csv(file, display);
  const ColumnIndex columns(table, {{"region", true}, {"function", true}, {"value", true}});
  std::vector<FunctionBudget> out(regions.size());
  std::map<std::pair<int, int>, std::size_t> seen;
  const auto& names = budget_function_names();
  for (const auto& row : table.rows) {
    columns.check_width(table, row);
    const std::string& name = row.fields[columns.at("region")];
    const int region = region_index(regions, name, table.at(row.line), "column 'region'");
    const std::string& function = row.fields[columns.at("function")];
    int f = -1;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == function) f = static_cast<int>(i);
    }
    if (f < 0) {
      std::string list;
      for (const auto& c : names) list += (list.empty() ? "" : ", ") + c;
      const std::string hint = did_you_mean(function, names);
      throw_input_error(table.at(row.line),
                        "column 'function': unknown function '" + function + "'" +
                            (hint.empty() ? " (expected one of " + list + ")" : hint));
    }
    if (const auto [it, fresh] = seen.emplace(std::pair{region, f}, row.line); !fresh) {
      throw_input_error(table.at(row.line), "duplicate budget for region '" + name +
                                                "', function '" + function + "' (first on line " +
                                                std::to_string(it->second) + ")");
    }
    out[region].yuan[f] = cell_real(table, row, columns.at("value"), 0, kUnbounded);
  }
  return out;
}

}  // namespace detail
}  // namespace migrasim
