// `migrasim compare BASE WHATIF`: the fiscal burden of a what-if against a
// baseline. BASE and WHATIF are run files, or scenarios (folders or what-if
// .ini files), which are then run first with the same seed.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli_options.hpp"
#include "compare_output.hpp"
#include "migrasim/compare.hpp"
#include "migrasim/error.hpp"
#include "migrasim/parallel.hpp"
#include "migrasim/run_file.hpp"
#include "migrasim/text.hpp"
#include "run_loop.hpp"

namespace migrasim::cli {

std::string command_line_of(const char* command, const std::vector<std::string>& args);

namespace {

bool is_run_file(const std::string& path) {
  const std::filesystem::path p(path);
  return std::filesystem::is_regular_file(p) && p.extension() == ".h5";
}

// Runs a scenario into `out` as `migrasim run` would, without the summary.
void run_scenario(const std::string& path, const std::vector<Override>& overrides,
                  const std::filesystem::path& out, const std::string& command_line, bool quiet) {
  const Scenario scenario = load_scenario(path, overrides);
  const auto start = std::chrono::steady_clock::now();
  Simulation sim(scenario);
  RunMetadata meta{command_line, thread_count(), path, overrides};
  auto output = hdf5_output(RunWriter::create(out, scenario, sim, meta), out);
  const LoopResult result = run_ticks(sim, static_cast<int>(scenario.params().run.ticks),
                                      scenario.params().run.snapshot_every, *output, true);
  if (result.signal != 0) {
    throw Error("stopped by signal " + std::to_string(result.signal) + " while running " + path);
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
      "a temporary folder, removed afterwards)");
  po::options_description scenario = scenario_options();
  scenario.add_options()("threads", po::value<int>()->default_value(0)->value_name("T"),
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

  std::string paths[2] = {vm["base"].as<std::string>(), vm["whatif"].as<std::string>()};
  const bool runs[2] = {!is_run_file(paths[0]), !is_run_file(paths[1])};
  std::filesystem::path folder;
  bool temporary = false;
  if (runs[0] || runs[1]) {
    set_thread_count(threads_option(vm));
    install_stop_handlers();
    if (vm.count("keep")) {
      folder = vm["keep"].as<std::string>();
    } else {
      folder = std::filesystem::temp_directory_path() /
               ("migrasim-compare-" + std::to_string(::getpid()));
      temporary = true;
    }
    std::filesystem::create_directories(folder);
    std::vector<Override> overrides = overrides_from(vm);
    // Both with the same seed: the one given, else the baseline's. When the
    // baseline is a run file, the what-if also takes its agents and months.
    const auto given = [&](const char* key) {
      for (const auto& x : overrides) {
        if (x.key == key) return true;
      }
      return false;
    };
    if (runs[0]) {
      if (!given("run.seed")) {
        const Scenario base = load_scenario(paths[0], overrides);
        overrides.push_back({"run.seed", std::to_string(base.params().run.seed), "compare"});
      }
    } else {
      const RunInfo info = read_run_info(paths[0]);
      if (!given("run.seed")) overrides.push_back({"run.seed", std::to_string(info.seed), "compare"});
      if (!given("run.agents")) {
        overrides.push_back({"run.agents", std::to_string(info.agents), "compare"});
      }
      if (!given("run.ticks")) {
        overrides.push_back({"run.ticks", std::to_string(info.ticks_done), "compare"});
      }
    }
    const char* names[2] = {"base.h5", "whatif.h5"};
    try {
      for (int i = 0; i < 2; ++i) {
        if (!runs[i]) continue;
        const auto out = folder / names[i];
        run_scenario(paths[i], overrides, out, command_line_of("compare", args), quiet);
        paths[i] = out.string();
      }
    } catch (...) {
      if (temporary) std::filesystem::remove_all(folder);
      throw;
    }
  }
  Burden burden;
  try {
    burden = compare_runs(paths[0], paths[1], o);
  } catch (...) {
    if (temporary) std::filesystem::remove_all(folder);
    throw;
  }
  if (temporary) std::filesystem::remove_all(folder);
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
