// Distances between regions: a square matrix file, or great-circle distances.
#include <cmath>
#include <numbers>

#include "migrasim/detail/text.hpp"
#include "scenario_readers.hpp"

namespace migrasim {

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

namespace detail {

Eigen::MatrixXd great_circle_matrix(const std::vector<Region>& regions) {
  const auto n = static_cast<Eigen::Index>(regions.size());
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = i + 1; j < n; ++j) {
      d(i, j) = d(j, i) =
          great_circle_km(regions[i].lat, regions[i].lon, regions[j].lat, regions[j].lon);
    }
  }
  return d;
}

Eigen::MatrixXd read_distances(const std::filesystem::path& file, const std::string& display,
                               const std::vector<Region>& regions) {
  const CsvTable table = read_csv(file, display);
  const auto n = static_cast<Eigen::Index>(regions.size());
  const SourceLocation header_at = table.at(table.header_line);
  if (static_cast<Eigen::Index>(table.header.size()) != n + 1) {
    throw_input_error(header_at, "expected " + std::to_string(n) +
                                     " region columns after the first, got " +
                                     std::to_string(table.header.size() - 1) +
                                     " (the matrix must be square over all regions)");
  }
  std::vector<int> column_region(table.header.size(), -1);
  std::vector<bool> column_seen(regions.size(), false);
  for (std::size_t c = 1; c < table.header.size(); ++c) {
    const int r =
        region_index(regions, table.header[c], header_at, "column " + std::to_string(c + 1));
    if (column_seen[r]) throw_input_error(header_at, "duplicate column '" + table.header[c] + "'");
    column_seen[r] = true;
    column_region[c] = r;
  }

  Eigen::MatrixXd d = Eigen::MatrixXd::Constant(n, n, -1.0);
  std::vector<std::size_t> row_line(regions.size(), 0);
  for (const auto& row : table.rows) {
    const SourceLocation at = table.at(row.line);
    if (row.fields.size() != table.header.size()) {
      throw_input_error(at, "expected " + std::to_string(table.header.size()) + " fields, got " +
                                std::to_string(row.fields.size()));
    }
    const int i = region_index(regions, row.fields[0], at, "row label");
    if (row_line[i] != 0) {
      throw_input_error(at, "duplicate row '" + row.fields[0] + "' (first on line " +
                                std::to_string(row_line[i]) + ")");
    }
    row_line[i] = row.line;
    for (std::size_t c = 1; c < row.fields.size(); ++c) {
      d(i, column_region[c]) = cell_real(table, row, c, 0, kUnbounded);
    }
  }
  if (static_cast<Eigen::Index>(table.rows.size()) != n) {
    for (std::size_t i = 0; i < regions.size(); ++i) {
      if (row_line[i] == 0) {
        throw_input_error({display, 0}, "no row for region '" + regions[i].name + "' (expected " +
                                            std::to_string(n) + " rows, got " +
                                            std::to_string(table.rows.size()) + ")");
      }
    }
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (d(i, i) != 0) {
      throw_input_error({display, row_line[i]}, "distance from '" + regions[i].name +
                                                    "' to itself must be 0, got " +
                                                    format_number(d(i, i)));
    }
    for (Eigen::Index j = 0; j < i; ++j) {
      if (std::abs(d(i, j) - d(j, i)) > 1e-6 * std::max(d(i, j), d(j, i)) + 1e-9) {
        throw_input_error({display, row_line[i]},
                          "row '" + regions[i].name + "' column '" + regions[j].name +
                              "': " + format_number(d(i, j)) + " differs from " +
                              format_number(d(j, i)) + " at row '" + regions[j].name +
                              "' column '" + regions[i].name + "' (the matrix must be symmetric)");
      }
    }
  }
  return d;
}

}  // namespace detail
}  // namespace migrasim
