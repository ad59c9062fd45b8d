// `migrasim inspect RUN.h5`: what a run was, its national series at a few
// dates and its largest flows; or one series as a table or CSV. With
// `--by province` regions are summed into their provinces.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli_options.hpp"
#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"
#include "migrasim/h5.hpp"
#include "migrasim/region_groups.hpp"
#include "migrasim/run_file.hpp"

namespace migrasim::cli {

namespace {

std::string date_text(std::int32_t yyyymm) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", yyyymm / 100, yyyymm % 100);
  return buffer;
}

// One series over ticks, summed over the regions of `members` (all regions
// when empty: the national figure), except for the intensive series (wage,
// points cut-off), which are averaged over the regions that have a value.
std::vector<double> series_values(const h5::Dataset& d, const std::vector<int>& members,
                                  bool intensive) {
  const auto shape = d.shape();
  const std::size_t rows = shape[0], cols = shape.size() > 1 ? shape[1] : 1;
  std::vector<int> columns = members;
  if (columns.empty()) {
    for (std::size_t r = 0; r < cols; ++r) columns.push_back(static_cast<int>(r));
  }
  std::vector<double> out(rows, 0.0);
  if (d.element_type() == h5::Type::float64) {
    const auto v = d.read_rows<double>(0, rows);
    for (std::size_t t = 0; t < rows; ++t) {
      double sum = 0;
      std::size_t n = 0;
      for (int r : columns) {
        if (std::isnan(v[t * cols + r])) continue;
        sum += v[t * cols + r];
        ++n;
      }
      out[t] = !intensive ? sum : n > 0 ? sum / static_cast<double>(n) : NAN;
    }
  } else {
    const auto v = d.read_rows<std::int64_t>(0, rows);
    for (std::size_t t = 0; t < rows; ++t) {
      std::int64_t sum = 0;
      for (int r : columns) sum += v[t * cols + r];
      out[t] = static_cast<double>(sum);
    }
  }
  return out;
}

bool intensive(const std::string& name) {
  return name == "wage" || name == "points_cutoff";
}

std::string number(double v) {
  if (std::floor(v) == v && std::abs(v) < 9e15) return group_thousands(static_cast<long long>(v));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

// One row per group (province) at the end of the run: residents, those
// registered in the same province, migrants from and to other provinces (from
// the last /flows/stock matrix), admissions over the run, budget balance.
void print_by_group(const h5::File& file, const RegionGroups& groups, const std::string& date) {
  const h5::Dataset stock_set = file.open_dataset("flows/stock");
  const auto shape = stock_set.shape();
  const std::size_t n = shape[1], g = static_cast<std::size_t>(groups.size());
  const auto stock = stock_set.read_rows<std::int64_t>(shape[0] - 1, 1);
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
  // A series per group: summed over the run, or its last row (a stock).
  const auto by_group = [&](const char* series, bool last_row) {
    std::vector<double> sum(g, 0.0);
    if (!file.has(std::string("series/") + series)) return sum;
    const h5::Dataset d = file.open_dataset(std::string("series/") + series);
    const std::size_t rows = d.shape()[0];
    const auto add = [&](const auto& v) {  // [t][region], read once
      for (std::size_t t = last_row ? rows - 1 : 0; t < rows; ++t) {
        for (std::size_t r = 0; r < n; ++r) {
          sum[groups.of_region[r]] += static_cast<double>(v[t * n + r]);
        }
      }
    };
    if (d.element_type() == h5::Type::float64) {
      add(d.read_rows<double>(0, rows));
    } else {
      add(d.read_rows<std::int64_t>(0, rows));
    }
    return sum;
  };
  const auto admitted = by_group("admissions", false);
  const auto balance = by_group("balance", true);
  std::cout << "\nBy province, " << date
            << " (persons; registered here: in a region of the same province; admitted: over "
               "the run; balance: yuan)\n";
  std::printf("  %-18s %15s %15s %15s %15s %12s %20s\n", "province", "residents", "registered here",
              "from elsewhere", "gone elsewhere", "admitted", "balance");
  for (std::size_t k = 0; k < g; ++k) {
    std::printf("  %-18s %15s %15s %15s %15s %12s %20s\n", groups.names[k].c_str(),
                group_thousands(residents[k]).c_str(), group_thousands(same[k]).c_str(),
                group_thousands(from_other[k]).c_str(), group_thousands(in_other[k]).c_str(),
                group_thousands(std::llround(admitted[k])).c_str(),
                group_thousands(std::llround(balance[k])).c_str());
  }
}

}  // namespace

int inspect_main(const std::vector<std::string>& args) {
  po::options_description options("Inspect options");
  options.add_options()(
      "series", po::value<std::string>()->value_name("NAME"),
      "print one series over ticks (e.g. migrants, residents, wage); national total unless "
      "--region")("region", po::value<std::string>()->value_name("R"), "the region of --series")(
      "csv", po::bool_switch(), "print --series as CSV (tick,date,value)")(
      "by", po::value<std::string>()->default_value("region")->value_name("region|province"),
      "region: --region names a region, flows are between regions; province: --region names a "
      "province (its regions summed), and a table by province and the flows between provinces "
      "are printed");
  po::variables_map vm;
  if (!parse_command_line(find_command("inspect"), args, options,
                          {{"file", "FILE.h5", "run file to read"}}, vm)) {
    return kSuccess;
  }
  const std::string path = vm["file"].as<std::string>();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path + ": file not found");
  const RunInfo info = read_run_info(path);
  const h5::File file = h5::File::open(path);
  const auto names = file.open_dataset("regions/name").read_strings();
  const std::string by = vm["by"].as<std::string>();
  if (by != "region" && by != "province") {
    throw InputError("--by: expected 'region' or 'province', got '" + by + "'");
  }
  const RegionGroups groups =
      group_regions(names, file.open_dataset("regions/province").read_strings(), by == "province");
  const auto members_of = [&](int group) {
    std::vector<int> m;
    for (std::size_t r = 0; r < names.size(); ++r) {
      if (groups.of_region[r] == group) m.push_back(static_cast<int>(r));
    }
    return m;
  };
  const auto ticks = file.open_dataset("series/tick").read_vector<std::int64_t>();
  const auto dates = file.open_dataset("series/date").read_vector<std::int32_t>();

  if (vm.count("series")) {
    const std::string name = vm["series"].as<std::string>();
    const h5::Group series = file.open_group("series");
    if (!series.has(name) || name == "tick" || name == "date") {
      std::vector<std::string> known = series.list();
      throw InputError("--series " + name + ": no such series in " + path +
                       did_you_mean(name, known));
    }
    int group = -1;
    if (vm.count("region")) {
      const std::string r = vm["region"].as<std::string>();
      const auto it = std::find(groups.names.begin(), groups.names.end(), r);
      if (it == groups.names.end()) {
        throw InputError("--region " + r + ": unknown " + by + did_you_mean(r, groups.names));
      }
      group = static_cast<int>(it - groups.names.begin());
    }
    const h5::Dataset d = series.open_dataset(name);
    const std::string units = d.has_attribute("units") ? d.get_attribute<std::string>("units") : "";
    const std::vector<int> members = group >= 0 ? members_of(group) : std::vector<int>{};
    const auto values = series_values(d, members, intensive(name));
    std::string where = group >= 0 ? groups.names[group] : "national";
    if (group >= 0 && by == "province") {
      where += intensive(name) ? ", mean of its " : ", sum of its ";
      where += std::to_string(members.size()) + " regions";
    }
    if (vm["csv"].as<bool>()) {
      std::cout << "tick,date," << name << "\n";
      for (std::size_t t = 0; t < values.size(); ++t) {
        std::cout << ticks[t] << "," << date_text(dates[t]) << "," << format_number(values[t])
                  << "\n";
      }
    } else {
      std::cout << name << " (" << where << ", " << units << ")\n";
      for (std::size_t t = 0; t < values.size(); ++t) {
        std::printf("  %6lld  %s  %18s\n", static_cast<long long>(ticks[t]),
                    date_text(dates[t]).c_str(), number(values[t]).c_str());
      }
    }
    return kSuccess;
  }

  std::cout << "Run file " << path << "\n"
            << "  scenario      " << info.scenario << "\n"
            << "  seed          " << info.seed << "\n"
            << "  agents        " << group_thousands(info.agents) << " (scale "
            << format_number(info.scale) << " persons per agent)\n"
            << "  months        " << info.ticks_done << " from " << info.start_date << "\n"
            << "  complete      " << (info.complete ? "yes" : "no (interrupted or running)") << "\n"
            << "  threads       " << info.threads << "\n"
            << "  command       " << info.command_line << "\n"
            << "  snapshots     ";
  for (auto t : info.snapshots) std::cout << t << " ";
  for (auto t : info.torn_snapshots) std::cout << t << "(torn) ";
  std::cout << "\n\nNational series (persons)\n";
  const char* shown[] = {"residents", "registered", "migrants", "left_behind",
                         "births",    "deaths",     "moves_in"};
  std::printf("  %-8s", "date");
  for (const char* s : shown) std::printf(" %15s", s);
  std::printf("\n");
  std::vector<std::vector<double>> columns;
  for (const char* s : shown)
    columns.push_back(series_values(file.open_dataset(std::string("series/") + s), {}, false));
  for (std::size_t t = 0; t < ticks.size(); ++t) {
    if (t % 12 != 0 && t + 1 != ticks.size()) continue;
    std::printf("  %-8s", date_text(dates[t]).c_str());
    for (const auto& c : columns) std::printf(" %15s", number(c[t]).c_str());
    std::printf("\n");
  }

  // Registration and budgets, national, at the same dates.
  if (file.has("series/spending_total")) {
    std::cout << "\nNational registration (persons this month) and budgets (yuan this month; "
                 "balance carried)\n";
    const char* money[] = {"applications", "admissions", "spending_total", "revenue_total",
                           "balance"};
    std::printf("  %-8s", "date");
    for (const char* s : money) std::printf(" %18s", s);
    std::printf("\n");
    std::vector<std::vector<double>> cols;
    for (const char* s : money) {
      cols.push_back(series_values(file.open_dataset(std::string("series/") + s), {}, false));
    }
    for (std::size_t t = 0; t < ticks.size(); ++t) {
      if (t % 12 != 0 && t + 1 != ticks.size()) continue;
      std::printf("  %-8s", date_text(dates[t]).c_str());
      for (const auto& c : cols) std::printf(" %18s", group_thousands(std::llround(c[t])).c_str());
      std::printf("\n");
    }
  }

  if (by == "province") print_by_group(file, groups, date_text(dates.back()));

  // Largest flows over the whole run, between rows of the grouping (moves
  // within one province are left out when grouped by province).
  const h5::Dataset moves = file.open_dataset("flows/moves");
  const auto shape = moves.shape();
  const std::size_t n = shape[1], g = static_cast<std::size_t>(groups.size());
  std::vector<std::int64_t> total(g * g, 0);
  for (std::size_t t = 0; t < shape[0]; ++t) {
    const auto m = moves.read_rows<std::int64_t>(t, 1);
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
            << (by == "province" ? ", between provinces" : "") << ")\n";
  for (std::size_t k = 0; k < std::min<std::size_t>(10, order.size()); ++k) {
    if (total[order[k]] == 0) break;
    std::printf("  %-18s -> %-18s %14s\n", groups.names[order[k] / g].c_str(),
                groups.names[order[k] % g].c_str(), group_thousands(total[order[k]]).c_str());
  }
  return kSuccess;
}

}  // namespace migrasim::cli
