#include "inspect_output.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>

#include "io/csv_field.hpp"
#include "io/run_file_layout.hpp"
#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"
#include "table_text.hpp"

namespace migrasim::cli {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Month month_of(std::int32_t yyyymm) {
  return Month{yyyymm / 100, yyyymm % 100};
}

// Runs `read` on the dataset at `path`; a read that HDF5 refuses (a damaged
// file) is said in the user's words, with HDF5's reason after.
template <class Read>
auto checked_read(const InspectedRun& run, const std::string& path, Read read) {
  try {
    return read(run.file.open_dataset(path));
  } catch (const Error& e) {
    const std::string what = e.what();
    const auto at = what.find(" failed: ");
    if (at == std::string::npos) throw;
    throw InputError(run.path + ": cannot read /" + path +
                     ": the file is damaged (HDF5: " + what.substr(at + 9) + ")");
  }
}

// All rows of a per-region series, [row][region], as doubles.
std::vector<double> read_series(const InspectedRun& run, std::string_view name) {
  return checked_read(run, detail::series_path(name), [](const h5::Dataset& d) {
    const std::size_t rows = d.shape()[0];
    if (d.element_type() == h5::Type::float64) return d.read_rows<double>(0, rows);
    const auto v = d.read_rows<std::int64_t>(0, rows);
    return std::vector<double>(v.begin(), v.end());
  });
}

// Rows [first, first + count) of a flow matrix.
std::vector<std::int64_t> read_flows(const InspectedRun& run, const char* path, std::size_t first,
                                     std::size_t count) {
  return checked_read(
      run, path, [&](const h5::Dataset& d) { return d.read_rows<std::int64_t>(first, count); });
}

// Series `s` over the rows, combined over `members` (all regions when
// empty) as the series says: summed; the wage weighted by `employed` (the
// mean wage per worker); the points cut-off as the lowest of the regions.
std::vector<double> combined(const InspectedRun& run, const SeriesSpec& s,
                             const std::vector<int>& members) {
  const std::size_t n = run.regions.size();
  std::vector<int> columns = members;
  if (columns.empty()) {
    for (std::size_t r = 0; r < n; ++r) columns.push_back(static_cast<int>(r));
  }
  const auto v = read_series(run, s.name);
  const std::size_t rows = n > 0 ? v.size() / n : 0;
  std::vector<double> weight;
  if (s.combine == SeriesCombine::employed_weight) weight = read_series(run, "employed");
  std::vector<double> out(rows, 0.0);
  for (std::size_t t = 0; t < rows; ++t) {
    double sum = 0, weights = 0, lowest = kNaN;
    for (int r : columns) {
      const double x = v[t * n + r];
      if (std::isnan(x)) continue;
      if (s.combine == SeriesCombine::employed_weight) {
        sum += x * weight[t * n + r];
        weights += weight[t * n + r];
      } else if (s.combine == SeriesCombine::minimum) {
        if (std::isnan(lowest) || x < lowest) lowest = x;
      } else {
        sum += x;
      }
    }
    if (s.combine == SeriesCombine::employed_weight) {
      // A single region keeps its wage even with no one employed.
      out[t] = columns.size() == 1 ? v[t * n + columns[0]] : weights > 0 ? sum / weights : kNaN;
    } else {
      out[t] = s.combine == SeriesCombine::minimum ? lowest : sum;
    }
  }
  return out;
}

std::string number(double v) {
  if (std::isnan(v)) return "-";
  if (std::floor(v) == v && std::abs(v) < 9e15) return group_thousands(static_cast<long long>(v));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

std::string how_combined(const SeriesSpec& s, std::size_t regions) {
  const std::string of = std::to_string(regions) + " regions";
  switch (s.combine) {
    case SeriesCombine::employed_weight:
      return "mean per worker of its " + of + ", weighted by employed";
    case SeriesCombine::minimum:
      return "lowest of its " + of;
    case SeriesCombine::sum:
      break;
  }
  return "sum of its " + of;
}

// The rows shown in the overview: every 12th and the last; counters skip
// row 0, which counts no month.
std::vector<std::size_t> overview_rows(std::size_t rows, bool counters) {
  std::vector<std::size_t> shown;
  for (std::size_t t = counters ? 1 : 0; t < rows; ++t) {
    if (t % 12 == 0 || t + 1 == rows) shown.push_back(t);
  }
  return shown;
}

// One table of national series at the rows shown, labelled by the month
// each number describes.
void national_table(const InspectedRun& run, const std::string& title,
                    const std::vector<std::string>& wanted, SeriesKind kind, int width) {
  std::vector<std::string> names;  // those the file holds (older files lack some)
  for (const auto& s : wanted) {
    if (run.file.has(detail::series_path(s))) names.push_back(s);
  }
  std::cout << "\n" << title << "\n";
  std::printf("  %-8s", kind == SeriesKind::stock ? "start of" : "month");
  for (const auto& s : names) std::printf(" %*s", width, s.c_str());
  std::printf("\n");
  std::vector<std::vector<double>> columns;
  for (const auto& s : names) columns.push_back(combined(run, *find_series(s), {}));
  for (std::size_t t : overview_rows(run.ticks.size(), kind == SeriesKind::counter)) {
    const auto month = described_month(kind, run.dates[t], run.ticks[t]);
    std::printf("  %-8s", month ? month->str().c_str() : "");
    for (const auto& c : columns) std::printf(" %*s", width, number(std::round(c[t])).c_str());
    std::printf("\n");
  }
}

// "2010-01 to 2010-06": the months the run's counters count.
std::string months_counted(const InspectedRun& run) {
  if (run.dates.size() < 2) return "no month yet";
  return run.dates.front().str() + " to " + run.dates.back().plus(-1).str();
}

// "at the end of 2010-06": when the last row's stocks hold.
std::string end_of_run(const InspectedRun& run) {
  if (run.dates.size() < 2) return "at the start of " + run.dates.front().str();
  return "at the end of " + run.dates.back().plus(-1).str();
}

}  // namespace

std::vector<int> InspectedRun::members_of(int group) const {
  std::vector<int> m;
  for (std::size_t r = 0; r < regions.size(); ++r) {
    if (groups.of_region[r] == group) m.push_back(static_cast<int>(r));
  }
  return m;
}

std::vector<std::string> InspectedRun::series_held() const {
  std::vector<std::string> held;
  for (const SeriesSpec& s : kRunSeries) {
    if (file.has(detail::series_path(s.name))) held.emplace_back(s.name);
  }
  return held;
}

InspectedRun open_inspected_run(const std::string& path, bool by_province) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path + ": file not found");
  RunInfo info = read_run_info(path);
  InspectedRun run{path, h5::File::open(path), std::move(info), {}, by_province, {}, {}, {}};
  run.regions = run.file.open_dataset("regions/name").read_strings();
  run.groups = group_regions(run.regions, run.file.open_dataset("regions/province").read_strings(),
                             by_province);
  run.ticks = run.file.open_dataset(detail::series_path(kSeriesTick)).read_vector<std::int64_t>();
  for (std::int32_t d :
       run.file.open_dataset(detail::series_path(kSeriesDate)).read_vector<std::int32_t>()) {
    run.dates.push_back(month_of(d));
  }
  if (run.dates.size() != run.ticks.size() || run.ticks.empty()) {
    throw InputError(path + ": /series/tick and /series/date differ in length or are empty");
  }
  return run;
}

const SeriesSpec& series_named(const InspectedRun& run, const std::string& name) {
  const auto held = run.series_held();
  const SeriesSpec* s = find_series(name);
  if (s && std::find(held.begin(), held.end(), name) != held.end()) return *s;
  std::string list;
  for (const auto& h : held) list += (list.empty() ? "" : ", ") + h;
  if (name == kSeriesTick || name == kSeriesDate) {
    throw InputError(
        "--series " + name +
        ": the rows' tick and date are printed beside every series; name a series: " + list);
  }
  throw InputError("--series " + name + ": no such series in " + run.path +
                   did_you_mean(name, held) + "; it holds: " + list);
}

int group_named(const InspectedRun& run, const std::string& name) {
  const auto& names = run.groups.names;
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    throw InputError("--region " + name + ": unknown " + run.group_noun() +
                     did_you_mean(name, names));
  }
  return static_cast<int>(it - names.begin());
}

void print_series(const InspectedRun& run, const SeriesSpec& s, int group, bool csv) {
  const std::vector<int> members = group >= 0 ? run.members_of(group) : std::vector<int>{};
  const auto values = combined(run, s, members);
  if (csv) {
    // counted_month: the month that ended at the row (counters count it,
    // stocks hold at its end); empty in row 0.
    std::cout << "tick,date,counted_month," << csv_field(s.name) << "\n";
    for (std::size_t t = 0; t < values.size(); ++t) {
      const auto counted = described_month(SeriesKind::counter, run.dates[t], run.ticks[t]);
      std::cout << run.ticks[t] << "," << run.dates[t].str() << ","
                << (counted ? counted->str() : "") << ","
                << (std::isnan(values[t]) ? "" : format_number(values[t])) << "\n";
    }
    return;
  }
  std::string where = group >= 0 ? printable(run.groups.names[group]) : "national";
  if (group < 0 && s.combine != SeriesCombine::sum) {
    where += s.combine == SeriesCombine::minimum ? ", lowest of the regions"
                                                 : ", mean per worker, weighted by employed";
  } else if (group >= 0 && run.by_province) {
    where += ", " + how_combined(s, members.size());
  }
  const bool counter = s.kind == SeriesKind::counter;
  std::cout << s.name << " (" << where << "; " << s.units << "; "
            << (counter ? "during each month" : "at the start of each month") << ")\n";
  std::printf("  %6s  %-8s  %18s\n", "tick", counter ? "month" : "start of", "value");
  for (std::size_t t = counter ? 1 : 0; t < values.size(); ++t) {
    const auto month = described_month(s.kind, run.dates[t], run.ticks[t]);
    std::printf("  %6lld  %-8s  %18s\n", static_cast<long long>(run.ticks[t]),
                month ? month->str().c_str() : "", number(values[t]).c_str());
  }
}

void print_overview(const InspectedRun& run) {
  const RunInfo& info = run.info;
  std::cout << "Run file " << run.path << "\n"
            << "  scenario      " << info.scenario << "\n"
            << "  seed          " << info.seed << "\n"
            << "  agents        " << group_thousands(info.agents) << " at the start (scale "
            << format_number(info.scale)
            << " persons per agent; births and deaths change the count)\n"
            << "  months        " << info.ticks_done << " from " << info.start_date << "\n"
            << "  complete      " << (info.complete ? "yes" : "no (interrupted or running)") << "\n"
            << "  threads       " << info.threads << "\n"
            << "  command       " << info.command_line << "\n"
            << "  snapshots     ";
  for (auto t : info.snapshots) std::cout << t << " ";
  for (auto t : info.torn_snapshots) std::cout << t << "(torn) ";
  std::cout << "\n";
  // Census tables (/census/<YYYY-MM>): hukou stock always, five-year when available.
  const auto census = read_census_list(run.path);
  std::cout << "  census        " << (census.empty() ? "none\n" : "");
  for (std::size_t i = 0; i < census.size(); ++i) {
    const CensusInfo& c = census[i];
    std::cout << (i ? "                " : "") << c.date << " (row " << c.tick
              << "): hukou_stock, ";
    if (c.five_year) {
      std::cout << "five_year_od (residence at " << c.earlier_date << "; "
                << group_thousands(c.earlier_locations) << " earlier locations kept)\n";
    } else {
      std::cout << "five_year_od unavailable: " << c.unavailable << "\n";
    }
  }
  const bool budgets = run.file.has(detail::series_path("spending_total"));
  national_table(run, "National stocks at the start of each month (persons)",
                 {"residents", "registered", "migrants", "left_behind"}, SeriesKind::stock, 15);
  national_table(run, "National counts during each month (persons)",
                 {"births", "deaths", "moves_in", "applications", "admissions"},
                 SeriesKind::counter, 15);
  if (budgets) {
    // The balance is a stock: at the end of the month shown (the start of the next).
    std::cout << "\nNational budgets during each month (yuan; balance: at the end of the month)\n";
    const std::vector<std::string> names = {"spending_total", "revenue_total", "balance"};
    std::printf("  %-8s", "month");
    for (const auto& s : names) std::printf(" %18s", s.c_str());
    std::printf("\n");
    std::vector<std::vector<double>> columns;
    for (const auto& s : names) columns.push_back(combined(run, *find_series(s), {}));
    for (std::size_t t : overview_rows(run.ticks.size(), true)) {
      std::printf("  %-8s", run.dates[t].plus(-1).str().c_str());
      for (const auto& c : columns) {
        std::printf(" %18s", group_thousands(std::llround(c[t])).c_str());
      }
      std::printf("\n");
    }
  }
}

// One row per group (province) at the end of the run: residents, those
// registered in the same province, migrants from and to other provinces (from
// the last /flows/stock matrix), admissions over the run, budget balance.
void print_by_group(const InspectedRun& run) {
  const RegionGroups& groups = run.groups;
  const h5::Dataset stock_set = run.file.open_dataset(detail::kFlowsStock);
  const auto shape = stock_set.shape();
  const std::size_t n = shape[1], g = static_cast<std::size_t>(groups.size());
  const auto stock = read_flows(run, detail::kFlowsStock, shape[0] - 1, 1);
  std::vector<std::int64_t> residents(g, 0), same(g, 0), from_other(g, 0), in_other(g, 0);
  for (std::size_t h = 0; h < n; ++h) {
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t gh = groups.of_region[h], gj = groups.of_region[j];
      const std::int64_t persons = stock[h * n + j];
      residents[gj] += persons;
      if (gh == gj) {
        same[gj] += persons;
      } else {
        from_other[gj] += persons;
        in_other[gh] += persons;
      }
    }
  }
  // A series per group: summed over the run (a counter), or its last row (a stock).
  const auto by_group = [&](std::string_view name) {
    std::vector<double> sum(g, 0.0);
    if (!run.file.has(detail::series_path(name))) return sum;
    const bool stock_kind = find_series(name)->kind == SeriesKind::stock;
    const auto v = read_series(run, name);
    const std::size_t rows = v.size() / n;
    for (std::size_t t = stock_kind ? rows - 1 : 0; t < rows; ++t) {
      for (std::size_t r = 0; r < n; ++r) sum[groups.of_region[r]] += v[t * n + r];
    }
    return sum;
  };
  const auto admitted = by_group("admissions");
  const auto balance = by_group("balance");
  std::cout << "\nBy province " << end_of_run(run)
            << " (persons; registered here: in a region of the same province; admitted: "
            << months_counted(run) << "; balance: yuan)\n";
  const std::size_t width = column_width(groups.names, 18);
  char line[256];
  std::snprintf(line, sizeof line, " %15s %15s %15s %15s %12s %20s\n", "residents",
                "registered here", "from elsewhere", "gone elsewhere", "admitted", "balance");
  std::cout << "  " << pad("province", width) << line;
  for (std::size_t k = 0; k < g; ++k) {
    std::snprintf(line, sizeof line, " %15s %15s %15s %15s %12s %20s\n",
                  group_thousands(residents[k]).c_str(), group_thousands(same[k]).c_str(),
                  group_thousands(from_other[k]).c_str(), group_thousands(in_other[k]).c_str(),
                  group_thousands(std::llround(admitted[k])).c_str(),
                  group_thousands(std::llround(balance[k])).c_str());
    std::cout << "  " << pad(printable(groups.names[k]), width) << line;
  }
}

// Largest flows over the whole run, between rows of the grouping (moves
// within one province are left out when grouped by province).
void print_largest_flows(const InspectedRun& run) {
  const RegionGroups& groups = run.groups;
  const h5::Dataset moves = run.file.open_dataset(detail::kFlowsMoves);
  const auto shape = moves.shape();
  const std::size_t n = shape[1], g = static_cast<std::size_t>(groups.size());
  std::vector<std::int64_t> total(g * g, 0);
  for (std::size_t t = 0; t < shape[0]; ++t) {
    const auto m = read_flows(run, detail::kFlowsMoves, t, 1);
    for (std::size_t k = 0; k < m.size(); ++k) {
      const std::size_t from = groups.of_region[k / n], to = groups.of_region[k % n];
      if (from != to) total[from * g + to] += m[k];
    }
  }
  std::vector<std::size_t> order(total.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return total[a] > total[b]; });
  std::cout << "\nLargest flows over the run (persons moved"
            << (run.by_province ? ", between provinces" : "") << ", " << months_counted(run)
            << ")\n";
  const std::size_t width = column_width(groups.names, 18);
  for (std::size_t k = 0; k < std::min<std::size_t>(10, order.size()); ++k) {
    if (total[order[k]] == 0) break;
    std::cout << "  " << pad(printable(groups.names[order[k] / g]), width) << " -> "
              << pad(printable(groups.names[order[k] % g]), width) << " "
              << pad(group_thousands(total[order[k]]), 14, true) << "\n";
  }
}

}  // namespace migrasim::cli
