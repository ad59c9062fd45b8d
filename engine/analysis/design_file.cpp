// Design files (design.hpp): values, not positions, one row per point.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "migrasim/analysis/design.hpp"
#include "migrasim/error.hpp"
#include "migrasim/scenario/detail/csv.hpp"

namespace migrasim {

Design design_from_file(const std::filesystem::path& file) {
  const std::string display = file.string();
  const CsvTable table = read_csv(file, display);
  std::set<std::string> seen;
  std::vector<ColumnSpec> specs;
  for (const auto& key : table.header) {
    if (key.empty()) {
      throw InputError(display + ":" + std::to_string(table.header_line) +
                       ": an empty column name (expected scenario keys)");
    }
    if (!seen.insert(key).second) {
      throw InputError(display + ":" + std::to_string(table.header_line) + ": column '" + key +
                       "' is given twice");
    }
    specs.push_back({key});
  }
  const ColumnIndex columns(table, specs);
  if (table.rows.empty()) throw InputError(display + ": no rows (expected one per design point)");
  Design d;
  d.kind = DesignKind::file;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double big = std::numeric_limits<double>::max();
  for (const auto& key : table.header) {
    Factor f;
    f.key = key;
    f.low = nan;
    f.high = nan;
    d.factors.push_back(f);
  }
  for (const CsvRow& row : table.rows) {
    columns.check_width(table, row);
    for (std::size_t c = 0; c < table.header.size(); ++c) {
      if (row.fields[c].empty()) {
        d.values.push_back(nan);
        continue;
      }
      const double v = cell_real(table, row, c, -big, big);
      d.values.push_back(v);
      Factor& f = d.factors[c];
      f.low = std::isnan(f.low) ? v : std::min(f.low, v);
      f.high = std::isnan(f.high) ? v : std::max(f.high, v);
    }
  }
  d.positions.assign(d.values.size(), nan);
  return d;
}

}  // namespace migrasim
