// `migrasim run SCENARIO`: synthesize the population, run the ticks, record
// the run (HDF5 run file, or a series CSV with --out FILE.csv) and print the
// summary.
#include <chrono>
#include <iostream>

#include "cli_options.hpp"
#include "migrasim/error.hpp"
#include "migrasim/exec/context.hpp"
#include "output_file.hpp"
#include "run_loop.hpp"

namespace migrasim::cli {

std::string command_line_of(const char* command, const std::vector<std::string>& args) {
  std::string line = std::string("migrasim ") + command;
  for (const auto& a : args) line += " " + a;
  return line;
}

int run_main(const std::vector<std::string>& args) {
  po::options_description options = scenario_options();
  options.add(process_options("run.h5"));
  po::variables_map vm;
  if (!parse_command_line(find_command("run"), args, options,
                          {{"scenario", "SCENARIO", "scenario folder or what-if .ini file"}}, vm)) {
    return kSuccess;
  }
  const int threads = threads_option(vm);
  install_stop_handlers();
  const std::string out = vm["out"].as<std::string>();
  const bool csv = out.size() >= 4 && out.compare(out.size() - 4, 4, ".csv") == 0;
  const bool quiet = vm["quiet"].as<bool>();

  const std::string scenario_path = vm["scenario"].as<std::string>();
  const std::vector<Override> overrides = overrides_from(vm);
  const Scenario scenario = load_scenario(scenario_path, overrides);
  // Before the population is built: a refused --out or a run too large for
  // the memory costs nothing.
  print_scenario_warnings("run", scenario);
  check_run_fits(scenario, threads);
  claim_output(out, vm["overwrite"].as<bool>());

  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  SimulationOptions sim_options;
  sim_options.threads = threads;
  Simulation sim(scenario, sim_options);
  if (vm["verbose"].as<bool>()) log_events_when_applied(sim);
  std::unique_ptr<RunOutput> output;
  if (csv) {
    output = csv_output(out, sim);
  } else {
    RunMetadata meta{command_line_of("run", args), sim.context().threads(), scenario_path,
                     overrides};
    output = hdf5_output(RunWriter::create(out, scenario, sim, meta), out);
    output->snapshot(sim);  // so that even a run killed in its first months can resume
  }
  const double setup = std::chrono::duration<double>(clock::now() - start).count();

  LoopResult result = run_ticks(sim, static_cast<int>(scenario.params().run.ticks),
                                scenario.params().run.snapshot_every, *output, quiet);
  result.totals.setup_seconds = setup;
  print_run_summary(std::cout, sim, result.totals);
  std::cout << output->describe() << "\n";
  if (result.signal != 0) {
    std::cerr << "migrasim run: stopped by signal " << result.signal << " after tick " << sim.tick()
              << "; the file is closed with complete=false"
              << (csv ? "" : "; continue with: migrasim resume " + out) << "\n";
    return interrupted_exit_code(result.signal);
  }
  return kSuccess;
}

}  // namespace migrasim::cli
