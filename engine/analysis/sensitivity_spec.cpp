#include "migrasim/analysis/sensitivity_spec.hpp"

#include <cmath>
#include <limits>
#include <set>

#include "migrasim/scenario/detail/csv.hpp"

namespace migrasim {

std::vector<SensitivityInput> read_sensitivity_spec(const std::filesystem::path& file) {
  const std::string display = file.string();
  const CsvTable table = read_csv(file, display);
  const ColumnIndex columns(table,
                            {{"key"}, {"low"}, {"high"}, {"distribution"}, {"reason", false}});
  const double big = std::numeric_limits<double>::max();
  std::vector<SensitivityInput> out;
  std::set<std::string> seen;
  for (const CsvRow& row : table.rows) {
    columns.check_width(table, row);
    SensitivityInput in;
    in.line = row.line;
    in.factor.key = cell_text(table, row, columns.at("key"));
    const std::string where = display + ":" + std::to_string(row.line) + ": column ";
    if (in.factor.key.empty()) throw InputError(where + "'key': expected a scenario key, got ''");
    if (!seen.insert(in.factor.key).second) {
      throw InputError(where + "'key': '" + in.factor.key + "' is given twice");
    }
    in.factor.low = cell_real(table, row, columns.at("low"), -big, big);
    in.factor.high = cell_real(table, row, columns.at("high"), -big, big);
    const std::string& dist = cell_text(table, row, columns.at("distribution"));
    if (dist == "uniform") {
      in.factor.scale = FactorScale::linear;
    } else if (dist == "loguniform") {
      in.factor.scale = FactorScale::log;
      if (!(in.factor.low > 0)) {
        throw InputError(where + "'low': a loguniform range must be above 0, got '" +
                         cell_text(table, row, columns.at("low")) + "'");
      }
    } else {
      throw InputError(where + "'distribution': expected 'uniform' or 'loguniform', got '" + dist +
                       "'");
    }
    if (!(in.factor.high > in.factor.low)) {
      throw InputError(where + "'high': expected a value above low (" +
                       cell_text(table, row, columns.at("low")) + "), got '" +
                       cell_text(table, row, columns.at("high")) + "'");
    }
    if (const auto r = columns.find("reason")) in.reason = cell_text(table, row, *r);
    out.push_back(std::move(in));
  }
  if (out.empty()) throw InputError(display + ": no inputs (expected one row per key)");
  return out;
}

}  // namespace migrasim
