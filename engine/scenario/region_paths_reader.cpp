// Reads region_paths.csv: dated values of region fields (region, date, key,
// value), so that incomes can change during a run. The path of a (region,
// key) replaces its regions.csv value at every tick (RegionPath::at).
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "migrasim/detail/text.hpp"
#include "scenario_readers.hpp"

namespace migrasim {

const std::vector<std::string>& path_key_names() {
  static const std::vector<std::string> names = {"urban_income", "rural_income"};
  return names;
}

double RegionPath::at(int tick) const {
  // Flat before the first and after the last date; linear in months between.
  if (tick <= points.front().tick) return points.front().value;
  if (tick >= points.back().tick) return points.back().value;
  const auto next = std::upper_bound(points.begin(), points.end(), tick,
                                     [](int t, const PathPoint& p) { return t < p.tick; });
  const PathPoint& b = *next;
  const PathPoint& a = *(next - 1);
  const double w = static_cast<double>(tick - a.tick) / static_cast<double>(b.tick - a.tick);
  return a.value + w * (b.value - a.value);
}

namespace detail {

std::vector<RegionPath> read_region_paths(const std::filesystem::path& file,
                                          const std::string& display,
                                          const std::vector<Region>& regions, Month start) {
  const CsvTable table = read_csv(file, display);
  const ColumnIndex columns(table,
                            {{"region", true}, {"date", true}, {"key", true}, {"value", true}});
  const auto& keys = path_key_names();
  // (region, key) -> path, in region then key order.
  std::map<std::pair<int, int>, RegionPath> paths;
  std::map<std::tuple<int, int, int>, std::size_t> seen;  // (region, key, month) -> line
  for (const auto& row : table.rows) {
    columns.check_width(table, row);
    const SourceLocation at = table.at(row.line);
    const int r = region_index(regions, row.fields[columns.at("region")], at, "column 'region'");
    const std::string& date_text = row.fields[columns.at("date")];
    const auto date = parse_month(date_text);
    if (!date)
      throw_input_error(at, "column 'date': expected a date YYYY-MM, got '" + date_text + "'");
    const std::string& key_text = row.fields[columns.at("key")];
    const auto k = std::find(keys.begin(), keys.end(), key_text);
    if (k == keys.end()) {
      const std::string hint = did_you_mean(key_text, keys);
      throw_input_error(at, "column 'key': unknown key '" + key_text + "'" +
                                (hint.empty() ? " (expected urban_income or rural_income)" : hint));
    }
    const int key = static_cast<int>(k - keys.begin());
    const double value = cell_real(table, row, columns.at("value"), 1e-9, kUnbounded);
    if (const auto [it, fresh] = seen.emplace(std::tuple{r, key, date->index()}, row.line);
        !fresh) {
      throw_input_error(at, "duplicate value of '" + key_text + "' for '" + regions[r].name +
                                "' at " + date->str() + " (first on line " +
                                std::to_string(it->second) + ")");
    }
    RegionPath& path = paths[{r, key}];
    path.region = r;
    path.key = static_cast<PathKey>(key);
    path.points.push_back({*date, date->index() - start.index(), value});
  }
  std::vector<RegionPath> out;
  for (auto& [_, path] : paths) {
    std::stable_sort(path.points.begin(), path.points.end(),
                     [](const PathPoint& a, const PathPoint& b) { return a.tick < b.tick; });
    out.push_back(std::move(path));
  }
  return out;
}

}  // namespace detail
}  // namespace migrasim
