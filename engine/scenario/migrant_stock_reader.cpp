// Reads migrant_stock.csv: the initial migrant stock by hukou region and
// location, which must agree with the region table's migrants and emigrants.
#include <cmath>
#include <map>

#include "migrasim/detail/text.hpp"
#include "scenario_readers.hpp"

namespace migrasim::detail {

Eigen::MatrixXd read_migrant_stock(const std::filesystem::path& file, const std::string& display,
                                   const std::vector<Region>& regions, bool check_sums) {
  const CsvTable table = read_csv(file, display);
  const ColumnIndex columns(table, {{"origin", true}, {"destination", true}, {"migrants", true}});
  const auto n = static_cast<Eigen::Index>(regions.size());
  Eigen::MatrixXd stock = Eigen::MatrixXd::Zero(n, n);
  std::map<std::pair<int, int>, std::size_t> seen;
  for (const auto& row : table.rows) {
    columns.check_width(table, row);
    const SourceLocation at = table.at(row.line);
    const int o = region_index(regions, row.fields[columns.at("origin")], at, "column 'origin'");
    const int d =
        region_index(regions, row.fields[columns.at("destination")], at, "column 'destination'");
    if (o == d)
      throw_input_error(at, "origin and destination are the same region '" + regions[o].name + "'");
    if (const auto [it, fresh] = seen.emplace(std::pair{o, d}, row.line); !fresh) {
      throw_input_error(at, "duplicate pair '" + regions[o].name + "' -> '" + regions[d].name +
                                "' (first on line " + std::to_string(it->second) + ")");
    }
    stock(o, d) = cell_real(table, row, columns.at("migrants"), 0, kUnbounded);
  }
  if (!check_sums) return stock;
  // The stock must agree with the region table's migrants and emigrants.
  const auto check = [&](double got, double expected, const std::string& what) {
    if (std::abs(got - expected) > 0.005 * expected + 1.0) {
      throw_input_error({display, 0}, what + " sum to " + format_number(got) +
                                          " but regions.csv says " + format_number(expected));
    }
  };
  for (Eigen::Index i = 0; i < n; ++i) {
    check(stock.col(i).sum(), regions[i].migrants, "migrants living in '" + regions[i].name + "'");
    check(stock.row(i).sum(), regions[i].emigrants,
          "emigrants registered in '" + regions[i].name + "'");
  }
  return stock;
}

}  // namespace migrasim::detail
