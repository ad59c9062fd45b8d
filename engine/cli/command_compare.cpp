// `migrasim compare BASE WHATIF`: the fiscal burden of a what-if against a
// baseline. BASE and WHATIF are run files, or scenarios (folders or what-if
// .ini files), which are then run first with the same seed.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli_options.hpp"
#include "migrasim/compare.hpp"
#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"
#include "migrasim/parallel.hpp"
#include "migrasim/run_file.hpp"
#include "output_file.hpp"
#include "run_loop.hpp"

namespace migrasim::cli {

std::string command_line_of(const char* command, const std::vector<std::string>& args);

namespace {

bool is_run_file(const std::string& path) {
  const std::filesystem::path p(path);
  return std::filesystem::is_regular_file(p) && p.extension() == ".h5";
}

// Runs a scenario into `out` as `migrasim run` would, without the summary.
// A stop signal ends it after the current month and throws Interrupted.
void run_scenario(const Scenario& scenario, const std::string& path,
                  const std::vector<Override>& overrides, const std::filesystem::path& out,
                  const std::string& command_line, bool quiet) {
  const auto start = std::chrono::steady_clock::now();
  Simulation sim(scenario);
  RunMetadata meta{command_line, thread_count(), path, overrides};
  auto output = hdf5_output(RunWriter::create(out, scenario, sim, meta), out);
  const LoopResult result = run_ticks(sim, static_cast<int>(scenario.params().run.ticks),
                                      scenario.params().run.snapshot_every, *output, true);
  if (result.signal != 0) {
    throw Interrupted(result.signal, "stopped by signal " + std::to_string(result.signal) +
                                         " while running " + path);
  }
  if (!quiet) {
    std::fprintf(stderr, "ran %s: %d months, %s agents, seed %llu, %.1f s -> %s\n", path.c_str(),
                 sim.tick(),
                 group_thousands(static_cast<long long>(sim.agents().agent_count())).c_str(),
                 static_cast<unsigned long long>(sim.seed()),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                 out.string().c_str());
  }
}

// A folder for the runs of scenarios: --keep DIR (kept), or a fresh
// temporary one removed however the command ends (an error, a signal).
class RunFolder {
 public:
  explicit RunFolder(const po::variables_map& vm) {
    if (vm.count("keep")) {
      path_ = vm["keep"].as<std::string>();
      std::filesystem::create_directories(path_);
      return;
    }
    std::string pattern =
        (std::filesystem::temp_directory_path() / "migrasim-compare-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw Error("cannot create a temporary folder under " +
                  std::filesystem::temp_directory_path().string());
    }
    path_ = pattern;
    temporary_ = true;
  }
  ~RunFolder() {
    std::error_code ec;
    if (temporary_) std::filesystem::remove_all(path_, ec);
  }
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }
  bool temporary() const { return temporary_; }

 private:
  std::filesystem::path path_;
  bool temporary_ = false;
};

bool given(const std::vector<Override>& overrides, const char* key) {
  for (const auto& x : overrides) {
    if (x.key == key) return true;
  }
  return false;
}

std::string money(double yuan) {
  if (std::isnan(yuan)) return "-";
  const double a = std::abs(yuan);
  char b[32];
  if (a >= 1e9) {
    std::snprintf(b, sizeof b, "%.2f bn", yuan / 1e9);
  } else if (a >= 1e6) {
    std::snprintf(b, sizeof b, "%.1f M", yuan / 1e6);
  } else {
    return group_thousands(std::llround(yuan));
  }
  return b;
}

bool changed(const BurdenRow& r) {
  return r.newly_registered != 0 || r.delta_spending_total != 0 || r.delta_revenue_total != 0 ||
         r.delta_balance_end != 0;
}

void print_table(std::ostream& out, const Burden& b) {
  char line[320];
  out << "Fiscal burden of " << b.whatif_scenario << " against " << b.base_scenario << ": "
      << b.months << " months from " << b.start_date
      << "; yuan at the scenarios' prices, per year averaged over the months compared.\n"
      << "Cost per migrant = one-off + NPV of the recurring cost over " << b.horizon_years
      << " years at " << format_number(b.discount_rate * 100) << "%/year (annuity "
      << format_number(std::round(b.annuity * 100) / 100) << ").\n\n";
  std::snprintf(line, sizeof line, "%-18s %14s %13s %9s %13s %14s %14s\n", "Region",
                "Newly regist.", "dSpending/yr", "of base", "One-off/migr.", "Recurring/migr",
                "Cost/migrant");
  out << line;
  const auto row = [&](const BurdenRow& r) {
    std::snprintf(line, sizeof line, "%-18s %14s %13s %8.2f%% %13s %14s %14s\n", r.name.c_str(),
                  group_thousands(std::llround(r.newly_registered)).c_str(),
                  money(r.delta_spending_total).c_str(), 100 * r.share_of_base(),
                  money(r.oneoff_per_migrant).c_str(), money(r.recurring_per_migrant).c_str(),
                  money(r.cost_per_migrant).c_str());
    out << line;
  };
  int shown = 0;
  for (const auto& r : b.rows) {
    if (!changed(r)) continue;
    row(r);
    ++shown;
  }
  if (shown == 0) out << "(no region differs)\n";
  row(b.national);
  out << "\nChange of spending per year by category (national, what-if minus baseline):\n";
  for (int c = 0; c < kSpending; ++c) {
    std::snprintf(line, sizeof line, "  %-22s %14s\n",
                  std::string(spending_name(static_cast<Spending>(c))).c_str(),
                  money(b.national.delta_spending[c]).c_str());
    out << line;
  }
  std::snprintf(line, sizeof line, "  %-22s %14s\n  %-22s %14s\n", "total",
                money(b.national.delta_spending_total).c_str(), "revenue",
                money(b.national.delta_revenue_total).c_str());
  out << line;
  out << "Recurring/migr: yuan a year per newly registered migrant (the change of the recurring\n"
         "categories over the last 12 months, over the migrants newly registered by then);\n"
         "one-off: housing, infrastructure and land compensation, over the whole run.\n";
  for (const auto& n : b.notes) out << "note: " << n << "\n";
}

std::vector<std::string> columns() {
  std::vector<std::string> c = {"region", "newly_registered", "delta_spending_per_year",
                                "base_spending_per_year", "share_of_base"};
  for (int i = 0; i < kSpending; ++i) {
    c.push_back("delta_" + std::string(spending_name(static_cast<Spending>(i))) + "_per_year");
  }
  for (const char* x : {"delta_revenue_per_year", "delta_balance_end", "oneoff_per_migrant",
                        "recurring_per_migrant_per_year", "cost_per_migrant"}) {
    c.push_back(x);
  }
  return c;
}

std::vector<double> values(const BurdenRow& r) {
  std::vector<double> v = {r.newly_registered, r.delta_spending_total, r.base_spending_total,
                           r.share_of_base()};
  for (double x : r.delta_spending) v.push_back(x);
  for (double x : {r.delta_revenue_total, r.delta_balance_end, r.oneoff_per_migrant,
                   r.recurring_per_migrant, r.cost_per_migrant}) {
    v.push_back(x);
  }
  return v;
}

std::string plain(double v, bool json) {
  if (std::isnan(v)) return json ? "null" : "";
  char b[40];
  std::snprintf(b, sizeof b, "%.10g", v);
  return b;
}

void print_csv(std::ostream& out, const Burden& b) {
  const auto names = columns();
  for (std::size_t i = 0; i < names.size(); ++i) out << (i ? "," : "") << names[i];
  out << "\n";
  const auto row = [&](const BurdenRow& r) {
    out << r.name;
    for (double v : values(r)) out << "," << plain(v, false);
    out << "\n";
  };
  for (const auto& r : b.rows) row(r);
  row(b.national);
}

std::string quoted(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

void print_json(std::ostream& out, const Burden& b) {
  const auto names = columns();
  const auto row = [&](const BurdenRow& r) {
    std::string s = "{\"region\": " + quoted(r.name);
    const auto v = values(r);
    for (std::size_t i = 0; i < v.size(); ++i) {
      s += ", " + quoted(names[i + 1]) + ": " + plain(v[i], true);
    }
    return s + "}";
  };
  out << "{\n  \"base\": " << quoted(b.base_scenario)
      << ",\n  \"whatif\": " << quoted(b.whatif_scenario)
      << ",\n  \"start\": " << quoted(b.start_date) << ",\n  \"months\": " << b.months
      << ",\n  \"discount_rate\": " << plain(b.discount_rate, true)
      << ",\n  \"horizon_years\": " << b.horizon_years << ",\n  \"regions\": [\n";
  for (std::size_t i = 0; i < b.rows.size(); ++i) {
    out << "    " << row(b.rows[i]) << (i + 1 < b.rows.size() ? ",\n" : "\n");
  }
  out << "  ],\n  \"national\": " << row(b.national) << ",\n  \"notes\": [";
  for (std::size_t i = 0; i < b.notes.size(); ++i) out << (i ? ", " : "") << quoted(b.notes[i]);
  out << "]\n}\n";
}

}  // namespace

int compare_main(const std::vector<std::string>& args) {
  po::options_description options("Compare options");
  options.add_options()("discount-rate", po::value<double>()->value_name("R"),
                        "1/year, for NPVs (default: the baseline's fiscal.discount_rate)")(
      "horizon", po::value<long>()->value_name("YEARS"),
      "years, for NPVs (default: the baseline's fiscal.horizon_years)")(
      "by", po::value<std::string>()->default_value("region")->value_name("region|province"),
      "one row per region, or regions summed into their provinces")(
      "csv", po::bool_switch(), "print CSV (one row per region, then National)")(
      "json", po::bool_switch(), "print JSON")(
      "keep", po::value<std::string>()->value_name("DIR"),
      "when BASE or WHATIF is a scenario: keep its run file in DIR (base.h5, whatif.h5; default: "
      "a temporary folder, removed afterwards)")(
      "overwrite", po::bool_switch(), "with --keep: replace base.h5 and whatif.h5 if there")(
      "common-span", po::bool_switch(),
      "runs of different lengths: compare the months both have (otherwise refused)");
  po::options_description scenario = scenario_options();
  scenario.add_options()(
      "threads", po::value<int>()->default_value(0)->value_name("T"),
      "OpenMP threads for the runs; 0 = all cores. Output does not depend on it")(
      "quiet,q", po::bool_switch(), "do not report the runs on stderr");
  options.add(scenario);
  po::variables_map vm;
  if (!parse_command_line(find_command("compare"), args, options,
                          {{"base", "BASE", "baseline: a run file (.h5) or a scenario"},
                           {"whatif", "WHATIF", "what-if: a run file (.h5) or a scenario"}},
                          vm)) {
    return kSuccess;
  }
  BurdenOptions o;
  if (vm.count("discount-rate")) {
    o.discount_rate = vm["discount-rate"].as<double>();
    if (!(o.discount_rate >= 0 && o.discount_rate <= 1)) {
      throw InputError("--discount-rate: expected a rate in [0, 1], got " +
                       format_number(o.discount_rate));
    }
  }
  if (vm.count("horizon")) {
    const long h = vm["horizon"].as<long>();
    if (h < 1 || h > 100) {
      throw InputError("--horizon: expected 1 to 100 years, got " + std::to_string(h));
    }
    o.horizon_years = static_cast<int>(h);
  }
  const std::string by = vm["by"].as<std::string>();
  if (by != "region" && by != "province") {
    throw InputError("--by: expected 'region' or 'province', got '" + by + "'");
  }
  o.by_province = by == "province";
  if (vm["csv"].as<bool>() && vm["json"].as<bool>()) {
    throw InputError("--csv and --json: choose one");
  }
  const bool quiet = vm["quiet"].as<bool>();
  o.common_span = vm["common-span"].as<bool>();
  if (vm["overwrite"].as<bool>() && !vm.count("keep")) {
    throw InputError("--overwrite: only with --keep DIR (the run files kept there)");
  }
  // Signals from here on stop the command cleanly (exit 128 + signal), with
  // the temporary folder removed.
  install_stop_handlers();

  std::string paths[2] = {vm["base"].as<std::string>(), vm["whatif"].as<std::string>()};
  const char* const labels[2] = {"BASE", "WHATIF"};
  const bool runs[2] = {!is_run_file(paths[0]), !is_run_file(paths[1])};
  Burden burden;
  if (!runs[0] && !runs[1]) {
    burden = compare_runs(paths[0], paths[1], o);
  } else {
    std::vector<Override> overrides = overrides_from(vm);
    // Both with the same seed: the one given, else the baseline's. When the
    // baseline is a run file, the what-if also takes its agents and months.
    std::optional<RunIdentity> base_run;
    if (!runs[0]) {
      base_run = identity_of_run(paths[0]);
      if (!given(overrides, "run.seed")) {
        overrides.push_back({"run.seed", std::to_string(base_run->seed), "compare"});
      }
      if (!given(overrides, "run.agents")) {
        overrides.push_back({"run.agents", std::to_string(base_run->agents), "compare"});
      }
      if (!given(overrides, "run.ticks")) {
        overrides.push_back({"run.ticks", std::to_string(base_run->months), "compare"});
      }
    } else if (!given(overrides, "run.seed")) {
      const Scenario base = load_scenario(paths[0], overrides);
      overrides.push_back({"run.seed", std::to_string(base.params().run.seed), "compare"});
    }
    // Everything is loaded and checked before anything runs: a what-if that
    // cannot be compared with its baseline costs no simulation.
    std::optional<Scenario> scenarios[2];
    RunIdentity ids[2];
    for (int i = 0; i < 2; ++i) {
      if (runs[i]) {
        scenarios[i] = load_scenario(paths[i], overrides);
        print_scenario_warnings("compare", *scenarios[i]);
        check_run_fits(*scenarios[i], threads_option(vm));
        ids[i] = identity_of(*scenarios[i], paths[i]);
      } else {
        ids[i] = i == 0 ? *base_run : identity_of_run(paths[i]);
      }
    }
    check_comparable(ids[0], ids[1], o.common_span);
    set_thread_count(threads_option(vm));
    const RunFolder folder(vm);
    const char* names[2] = {"base.h5", "whatif.h5"};
    for (int i = 0; i < 2; ++i) {
      if (runs[i]) claim_output(folder.path() / names[i], vm["overwrite"].as<bool>());
    }
    for (int i = 0; i < 2; ++i) {
      if (!runs[i]) continue;
      throw_if_stopped(std::string("compare: before running ") + labels[i]);
      const auto out = folder.path() / names[i];
      run_scenario(*scenarios[i], paths[i], overrides, out, command_line_of("compare", args),
                   quiet);
      paths[i] = out.string();
    }
    burden = compare_runs(paths[0], paths[1], o);
  }
  throw_if_stopped("compare");
  if (vm["csv"].as<bool>()) {
    print_csv(std::cout, burden);
  } else if (vm["json"].as<bool>()) {
    print_json(std::cout, burden);
  } else {
    print_table(std::cout, burden);
  }
  return kSuccess;
}

}  // namespace migrasim::cli
