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
#include "compare_output.hpp"
#include "compare_replicates.hpp"
#include "migrasim/analysis/compare.hpp"
#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"
#include "migrasim/exec/context.hpp"
#include "migrasim/io/run_file.hpp"
#include "output_file.hpp"
#include "replicates_output.hpp"
#include "run_folder.hpp"
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
                  const std::vector<Override>& overrides, int threads,
                  const std::filesystem::path& out, const std::string& command_line, bool quiet) {
  const auto start = std::chrono::steady_clock::now();
  SimulationOptions sim_options;
  sim_options.threads = threads;
  Simulation sim(scenario, sim_options);
  RunMetadata meta{command_line, sim.context().threads(), path, overrides};
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

bool given(const std::vector<Override>& overrides, const char* key) {
  for (const auto& x : overrides) {
    if (x.key == key) return true;
  }
  return false;
}

po::options_description compare_options() {
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
      "runs of different lengths: compare the months both have (otherwise refused)")(
      "replicates", po::value<int>()->default_value(1)->value_name("N"),
      "N pairs of runs (the ensemble's seeds, both runs of a pair alike): every figure as its "
      "median, 90% interval and mean (docs/ensembles.md); BASE and WHATIF must be scenarios");
  po::options_description scenario = scenario_options();
  scenario.add_options()(
      "threads", po::value<int>()->default_value(0)->value_name("T"),
      "OpenMP threads for the runs; 0 = all cores. Output does not depend on it")(
      "quiet,q", po::bool_switch(), "do not report the runs on stderr");
  options.add(scenario);
  return options;
}

// The options that shape the comparison, checked.
BurdenOptions burden_options(const po::variables_map& vm) {
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
  o.common_span = vm["common-span"].as<bool>();
  if (vm["csv"].as<bool>() && vm["json"].as<bool>()) {
    throw InputError("--csv and --json: choose one");
  }
  if (vm["overwrite"].as<bool>() && !vm.count("keep")) {
    throw InputError("--overwrite: only with --keep DIR (the run files kept there)");
  }
  return o;
}

// The overrides both runs of scenarios get: the same seed (the one given,
// else the baseline's); when the baseline is a run file, the what-if also
// takes its agents and months.
std::vector<Override> shared_overrides(const po::variables_map& vm, const std::string& base,
                                       const std::optional<RunIdentity>& base_run) {
  std::vector<Override> overrides = overrides_from(vm);
  if (base_run) {
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
    const Scenario scenario = load_scenario(base, overrides);
    overrides.push_back({"run.seed", std::to_string(scenario.params().run.seed), "compare"});
  }
  return overrides;
}

// BASE and WHATIF where one or both are scenarios: everything is loaded and
// checked before anything runs (a what-if that cannot be compared with its
// baseline costs no simulation), then the scenarios run into a folder and
// their run files are compared.
Burden compare_with_runs(std::string paths[2], const po::variables_map& vm,
                         const std::vector<std::string>& args, const BurdenOptions& o) {
  const bool runs[2] = {!is_run_file(paths[0]), !is_run_file(paths[1])};
  std::optional<RunIdentity> base_run;
  if (!runs[0]) base_run = identity_of_run(paths[0]);
  const std::vector<Override> overrides = shared_overrides(vm, paths[0], base_run);
  const int threads = threads_option(vm);
  std::optional<Scenario> scenarios[2];
  RunIdentity ids[2];
  for (int i = 0; i < 2; ++i) {
    if (runs[i]) {
      scenarios[i] = load_scenario(paths[i], overrides);
      print_scenario_warnings("compare", *scenarios[i]);
      check_run_fits(*scenarios[i], threads);
      ids[i] = identity_of(*scenarios[i], paths[i]);
    } else {
      ids[i] = i == 0 ? *base_run : identity_of_run(paths[i]);
    }
  }
  check_comparable(ids[0], ids[1], o.common_span);
  const RunFolder folder(vm);
  const char* const names[2] = {"base.h5", "whatif.h5"};
  const char* const labels[2] = {"BASE", "WHATIF"};
  for (int i = 0; i < 2; ++i) {
    if (runs[i]) claim_output(folder.path() / names[i], vm["overwrite"].as<bool>());
  }
  for (int i = 0; i < 2; ++i) {
    if (!runs[i]) continue;
    throw_if_stopped(std::string("compare: before running ") + labels[i]);
    const auto out = folder.path() / names[i];
    run_scenario(*scenarios[i], paths[i], overrides, threads, out, command_line_of("compare", args),
                 vm["quiet"].as<bool>());
    paths[i] = out.string();
  }
  return compare_runs(paths[0], paths[1], o);  // before the folder goes
}

}  // namespace

int compare_main(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command_line(find_command("compare"), args, compare_options(),
                          {{"base", "BASE", "baseline: a run file (.h5) or a scenario"},
                           {"whatif", "WHATIF", "what-if: a run file (.h5) or a scenario"}},
                          vm)) {
    return kSuccess;
  }
  const BurdenOptions o = burden_options(vm);
  // Signals from here on stop the command cleanly (exit 128 + signal), with
  // the temporary folder removed.
  install_stop_handlers();
  std::string paths[2] = {vm["base"].as<std::string>(), vm["whatif"].as<std::string>()};
  const int replicates = vm["replicates"].as<int>();
  if (replicates < 1) throw InputError("--replicates: expected at least 1");
  if (replicates > 1) {
    const ReplicatedBurden rb =
        compare_replicates(paths[0], paths[1], vm, o, replicates, command_line_of("compare", args));
    throw_if_stopped("compare");
    if (vm["csv"].as<bool>()) {
      print_csv(std::cout, rb);
    } else if (vm["json"].as<bool>()) {
      print_json(std::cout, rb);
    } else {
      print_table(std::cout, rb);
    }
    return kSuccess;
  }
  const Burden burden = is_run_file(paths[0]) && is_run_file(paths[1])
                            ? compare_runs(paths[0], paths[1], o)
                            : compare_with_runs(paths, vm, args, o);
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
