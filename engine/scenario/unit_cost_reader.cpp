// Reads benefits.csv: unit costs of hukou-linked services by region, scheme
// and category. Rows for region '*' apply to every region; a row naming a
// region overrides them whatever the order. Scheme 'all' sets both schemes.
#include <map>
#include <tuple>

#include "migrasim/detail/text.hpp"
#include "scenario_readers.hpp"

namespace migrasim {

const std::vector<std::string>& cost_category_names() {
  static const std::vector<std::string> names = {"pension",
                                                 "health",
                                                 "education",
                                                 "unemployment",
                                                 "dibao",
                                                 "oneoff_housing",
                                                 "oneoff_infrastructure",
                                                 "school_fee"};
  return names;
}

namespace detail {

namespace {

int choice_index(const std::vector<std::string>& choices, const CsvTable& table, const CsvRow& row,
                 std::size_t col, const std::string& noun) {
  const std::string& value = row.fields[col];
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (choices[i] == value) return static_cast<int>(i);
  }
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  const std::string hint = did_you_mean(value, choices);
  throw_input_error(table.at(row.line),
                    "column '" + table.header[col] + "': unknown " + noun + " '" + value + "'" +
                        (hint.empty() ? " (expected one of " + list + ")" : hint));
}

}  // namespace

std::vector<UnitCosts> read_unit_costs(const std::filesystem::path& file,
                                       const std::string& display,
                                       const std::vector<Region>& regions) {
  const CsvTable table = read_csv(file, display);
  const ColumnIndex columns(
      table, {{"region", true}, {"scheme", true}, {"category", true}, {"value", true}});
  const std::vector<std::string> schemes = {"rural", "urban", "all"};

  struct Row {
    int region;  // -1 = every region
    int scheme;  // 0 rural, 1 urban, 2 both
    int category;
    double value;
  };
  std::vector<Row> parsed;
  std::map<std::tuple<int, int, int>, std::size_t> seen;
  for (const auto& row : table.rows) {
    columns.check_width(table, row);
    const std::string& name = row.fields[columns.at("region")];
    const int region =
        name == "*" ? -1 : region_index(regions, name, table.at(row.line), "column 'region'");
    const int scheme = choice_index(schemes, table, row, columns.at("scheme"), "scheme");
    const int category =
        choice_index(cost_category_names(), table, row, columns.at("category"), "category");
    const double value = cell_real(table, row, columns.at("value"), 0, kUnbounded);
    for (int s = 0; s < 2; ++s) {
      if (scheme != 2 && scheme != s) continue;
      if (const auto [it, fresh] = seen.emplace(std::tuple{region, s, category}, row.line);
          !fresh) {
        throw_input_error(table.at(row.line),
                          "duplicate unit cost for region '" + name + "', scheme '" + schemes[s] +
                              "', category '" + cost_category_names()[category] +
                              "' (first on line " + std::to_string(it->second) + ")");
      }
    }
    parsed.push_back({region, scheme, category, value});
  }

  std::vector<UnitCosts> costs(regions.size());
  // Wildcard rows first, then region rows, so specific rows win.
  for (const bool specific : {false, true}) {
    for (const auto& r : parsed) {
      if ((r.region >= 0) != specific) continue;
      for (std::size_t i = 0; i < regions.size(); ++i) {
        if (specific && static_cast<int>(i) != r.region) continue;
        for (int s = 0; s < 2; ++s) {
          if (r.scheme == 2 || r.scheme == s) costs[i].value[s][r.category] = r.value;
        }
      }
    }
  }
  return costs;
}

}  // namespace detail
}  // namespace migrasim
