// `migrasim ensemble SCENARIO`: runs the members of one scenario or what-if
// (replicates with derived seeds, and the points of a design over --vary
// factors) side by side on the local cores, each a Simulation with its own
// execution context, and records them in one HDF5 file (ensemble_file.hpp).
// Members run in waves of as many as run at once; the main thread writes
// each wave (HDF5 is used from one thread) and prints the progress.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli_options.hpp"
#include "migrasim/analysis/design.hpp"
#include "migrasim/analysis/ensemble_file.hpp"
#include "migrasim/error.hpp"
#include "migrasim/exec/context.hpp"
#include "migrasim/model/simulation.hpp"
#include "output_file.hpp"
#include "run_loop.hpp"

namespace migrasim::cli {

std::string command_line_of(const char* command, const std::vector<std::string>& args);

namespace {

std::string duration_text(double seconds) {
  std::ostringstream out;
  if (seconds < 90) {
    out << std::fixed << std::setprecision(0) << seconds << " s";
  } else if (seconds < 5400) {
    out << std::fixed << std::setprecision(1) << seconds / 60 << " min";
  } else {
    out << std::fixed << std::setprecision(1) << seconds / 3600 << " h";
  }
  return out.str();
}

// Members written before the program stops as if killed (tests only).
long stop_after_members_for_tests() {
  const char* text = std::getenv("MIGRASIM_TEST_STOP_AFTER_MEMBERS");
  return text ? std::strtol(text, nullptr, 10) : -1;
}

}  // namespace

int ensemble_main(const std::vector<std::string>& args) {
  po::options_description options = scenario_options();
  po::options_description own("Ensemble options");
  own.add_options()("replicates", po::value<int>()->default_value(1)->value_name("N"),
                    "replicates of each design point, seeds derived from the base seed "
                    "(replicate 0 uses it; see docs/ensembles.md)")(
      "vary", po::value<std::vector<std::string>>()->value_name("KEY=LOW:HIGH[:log]")->composing(),
      "a factor of the design (repeatable): any scenario key, between LOW and HIGH")(
      "design", po::value<std::string>()->value_name("SPEC"),
      "grid:K | lhs:K | morris:R | sobol:N | oat (default with --vary: oat)")(
      "design-file", po::value<std::string>()->value_name("FILE.csv"),
      "the design points from a CSV: a column per scenario key, a row per point holding its "
      "values (an empty cell: the scenario's); instead of --vary and --design")(
      "design-seed", po::value<std::uint64_t>()->default_value(1)->value_name("S"),
      "seed of the design's sampling (lhs, morris, sobol)")(
      "threads", po::value<int>()->default_value(0)->value_name("T"),
      "cores for the whole ensemble (0 = all)")(
      "member-threads", po::value<int>()->default_value(1)->value_name("T"),
      "threads of each member (members at once = threads / member-threads)")(
      "out", po::value<std::string>()->default_value("ensemble.h5")->value_name("FILE"),
      "the ensemble file")("overwrite", po::bool_switch(), "replace an existing --out")(
      "resume", po::bool_switch(),
      "continue the ensemble --out holds (same arguments), at its unfinished members")(
      "quiet", po::bool_switch(), "no progress lines");
  options.add(own);
  po::variables_map vm;
  if (!parse_command_line(find_command("ensemble"), args, options,
                          {{"scenario", "SCENARIO", "scenario folder or what-if .ini file"}}, vm)) {
    return kSuccess;
  }
  install_stop_handlers();
  const std::string scenario_path = vm["scenario"].as<std::string>();
  const std::string out = vm["out"].as<std::string>();
  const bool quiet = vm["quiet"].as<bool>();
  const bool resume = vm["resume"].as<bool>();
  const int replicates = vm["replicates"].as<int>();
  if (replicates < 1) throw InputError("--replicates: expected at least 1");
  if (vm["member-threads"].as<int>() < 1) throw InputError("--member-threads: expected at least 1");

  const std::vector<Override> overrides = overrides_from(vm);
  const Scenario base = load_scenario(scenario_path, overrides);
  print_scenario_warnings("ensemble", base);

  EnsembleSpec spec;
  spec.scenario_path = scenario_path;
  for (const auto& o : overrides) spec.overrides.push_back(o.key + "=" + o.value);
  spec.base_seed = static_cast<std::uint64_t>(base.params().run.seed);
  spec.replicates = replicates;
  spec.rows = static_cast<int>(base.params().run.ticks) + 1;
  spec.command_line = command_line_of("ensemble", args);
  std::vector<Factor> factors;
  if (vm.count("vary")) {
    for (const auto& text : vm["vary"].as<std::vector<std::string>>()) {
      factors.push_back(parse_factor(text));
    }
  }
  if (vm.count("design-file")) {
    if (!factors.empty() || vm.count("design")) {
      throw InputError("--design-file: the design comes from the file; drop --vary and --design");
    }
    spec.has_design = true;
    spec.design = design_from_file(vm["design-file"].as<std::string>());
  }
  if (vm.count("design") && factors.empty()) throw InputError("--design needs --vary factors");
  if (!factors.empty()) {
    spec.has_design = true;
    spec.design = make_design(vm.count("design") ? vm["design"].as<std::string>() : "oat", factors,
                              vm["design-seed"].as<std::uint64_t>());
  }
  if (spec.members() < 1) throw InputError("the ensemble has no members");
  // Every member's scenario loads before anything runs: a bad factor key or
  // value is an error now, not after hours.
  for (std::size_t p = 0; p < spec.points(); ++p) {
    try {
      (void)load_scenario(scenario_path, spec.member_overrides(p * replicates));
    } catch (const InputError& e) {
      if (!vm.count("design-file")) throw;
      // The design file's row of this point (the header is its first line).
      throw InputError(vm["design-file"].as<std::string>() + ": design point " +
                       std::to_string(p + 1) + ": " + e.what());
    }
  }

  const int threads = threads_option(vm);
  const int cores = std::max(1, threads > 0 ? threads : ExecutionContext::cores());
  const int member_threads = std::min(vm["member-threads"].as<int>(), cores);
  const int at_once = std::max(1, cores / member_threads);
  check_run_fits(base, at_once * member_threads);

  EnsembleWriter writer = [&] {
    if (resume) return EnsembleWriter::reopen(out, spec);
    claim_output(out, vm["overwrite"].as<bool>());
    return EnsembleWriter::create(out, base, spec);
  }();
  std::vector<std::size_t> todo;
  for (std::size_t m = 0; m < spec.members(); ++m) {
    if (!writer.done()[m]) todo.push_back(m);
  }
  if (!quiet) {
    std::cerr << "ensemble: " << spec.members() << " members ("
              << (spec.has_design ? std::to_string(spec.points()) + " design points x " : "")
              << replicates << " replicates), " << todo.size() << " to run, " << at_once
              << " at once x " << member_threads << " thread(s)\n";
  }

  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  const ExecutionContext pool(at_once);
  const long stop_after = stop_after_members_for_tests();
  std::size_t written = 0;
  for (std::size_t first = 0; first < todo.size(); first += at_once) {
    const std::size_t count = std::min<std::size_t>(at_once, todo.size() - first);
    std::vector<std::unique_ptr<MemberSeries>> results(count);
    pool.parallel_for("ensemble members", count, [&](std::size_t k, int) {
      const std::size_t m = todo[first + k];
      const auto member_start = clock::now();
      const Scenario scenario = load_scenario(scenario_path, spec.member_overrides(m));
      SimulationOptions options;
      options.threads = member_threads;
      Simulation sim(scenario, options);
      auto series = std::make_unique<MemberSeries>(scenario.region_count(), spec.rows);
      series->record(sim);  // row 0: the start
      sim.set_recorder(series.get());
      for (int t = 1; t < spec.rows; ++t) sim.step();
      series->wall_seconds = std::chrono::duration<double>(clock::now() - member_start).count();
      results[k] = std::move(series);
    });
    for (std::size_t k = 0; k < count; ++k) {
      writer.write_member(todo[first + k], *results[k]);
      ++written;
      if (stop_after >= 0 && static_cast<long>(written) >= stop_after) {
        std::cerr << "migrasim ensemble: stopped for a test after " << written
                  << " members; continue with --resume\n";
        return interrupted_exit_code(15);
      }
    }
    if (!quiet) {
      const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
      const std::size_t done = first + count;
      std::cerr << "ensemble: " << done << "/" << todo.size() << " members, "
                << duration_text(elapsed) << ", ETA "
                << duration_text(elapsed / done * (todo.size() - done)) << "\n";
    }
    if (stop_signal() != 0) {
      std::cerr << "migrasim ensemble: stopped by signal " << stop_signal() << " after " << written
                << " members; continue with the same arguments and --resume\n";
      return interrupted_exit_code(stop_signal());
    }
  }
  writer.finish();
  std::cout << "ensemble: " << spec.members() << " members in " << out;
  if (replicates >= 2) std::cout << " (quantiles over " << replicates << " replicates)";
  std::cout << "\n";
  return kSuccess;
}

}  // namespace migrasim::cli
