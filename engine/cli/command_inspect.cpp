// `migrasim inspect RUN.h5`: what a run was, its national series at a few
// dates and its largest flows; or one series as a table or CSV.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli_options.hpp"
#include "migrasim/error.hpp"
#include "migrasim/h5.hpp"
#include "migrasim/run_file.hpp"
#include "migrasim/text.hpp"

namespace migrasim::cli {

namespace {

std::string date_text(std::int32_t yyyymm) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", yyyymm / 100, yyyymm % 100);
  return buffer;
}

// One series over ticks: a region's column, or the national figure: the sum
// over regions, except for the intensive series (wage, points cut-off),
// which are averaged over the regions that have a value.
std::vector<double> series_values(const h5::Dataset& d, int region, bool intensive) {
  const auto shape = d.shape();
  const std::size_t rows = shape[0], cols = shape.size() > 1 ? shape[1] : 1;
  std::vector<double> out(rows, 0.0);
  if (d.element_type() == h5::Type::float64) {
    const auto v = d.read_rows<double>(0, rows);
    for (std::size_t t = 0; t < rows; ++t) {
      double sum = 0;
      std::size_t n = 0;
      for (std::size_t r = 0; r < cols; ++r) {
        if (std::isnan(v[t * cols + r])) continue;
        sum += v[t * cols + r];
        ++n;
      }
      const double national = !intensive ? sum : n > 0 ? sum / static_cast<double>(n) : NAN;
      out[t] = region >= 0 ? v[t * cols + region] : national;
    }
  } else {
    const auto v = d.read_rows<std::int64_t>(0, rows);
    for (std::size_t t = 0; t < rows; ++t) {
      std::int64_t sum = 0;
      for (std::size_t r = 0; r < cols; ++r) sum += v[t * cols + r];
      out[t] = static_cast<double>(region >= 0 ? v[t * cols + region] : sum);
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

}  // namespace

int inspect_main(const std::vector<std::string>& args) {
  po::options_description options("Inspect options");
  options.add_options()(
      "series", po::value<std::string>()->value_name("NAME"),
      "print one series over ticks (e.g. migrants, residents, wage); national total unless "
      "--region")("region", po::value<std::string>()->value_name("R"), "the region of --series")(
      "csv", po::bool_switch(), "print --series as CSV (tick,date,value)");
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
    int region = -1;
    if (vm.count("region")) {
      const std::string r = vm["region"].as<std::string>();
      const auto it = std::find(names.begin(), names.end(), r);
      if (it == names.end()) {
        throw InputError("--region " + r + ": unknown region" + did_you_mean(r, names));
      }
      region = static_cast<int>(it - names.begin());
    }
    const h5::Dataset d = series.open_dataset(name);
    const std::string units = d.has_attribute("units") ? d.get_attribute<std::string>("units") : "";
    const auto values = series_values(d, region, intensive(name));
    const std::string where = region >= 0 ? names[region] : "national";
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
    columns.push_back(series_values(file.open_dataset(std::string("series/") + s), -1, false));
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
      cols.push_back(series_values(file.open_dataset(std::string("series/") + s), -1, false));
    }
    for (std::size_t t = 0; t < ticks.size(); ++t) {
      if (t % 12 != 0 && t + 1 != ticks.size()) continue;
      std::printf("  %-8s", date_text(dates[t]).c_str());
      for (const auto& c : cols) std::printf(" %18s", group_thousands(std::llround(c[t])).c_str());
      std::printf("\n");
    }
  }

  // Largest flows over the whole run.
  const h5::Dataset moves = file.open_dataset("flows/moves");
  const auto shape = moves.shape();
  const std::size_t n = shape[1];
  std::vector<std::int64_t> total(n * n, 0);
  for (std::size_t t = 0; t < shape[0]; ++t) {
    const auto m = moves.read_rows<std::int64_t>(t, 1);
    for (std::size_t k = 0; k < m.size(); ++k) total[k] += m[k];
  }
  std::vector<std::size_t> order(total.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return total[a] > total[b]; });
  std::cout << "\nLargest flows over the run (persons moved)\n";
  for (std::size_t k = 0; k < std::min<std::size_t>(10, order.size()); ++k) {
    if (total[order[k]] == 0) break;
    std::printf("  %-18s -> %-18s %14s\n", names[order[k] / n].c_str(), names[order[k] % n].c_str(),
                group_thousands(total[order[k]]).c_str());
  }
  return kSuccess;
}

}  // namespace migrasim::cli
