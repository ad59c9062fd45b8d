// `migrasim run SCENARIO`: synthesize the population, run the ticks, write
// the series and print the summary.
#include <chrono>
#include <iostream>

#include "cli_options.hpp"
#include "migrasim/error.hpp"
#include "migrasim/parallel.hpp"
#include "migrasim/series_csv.hpp"
#include "migrasim/simulation.hpp"
#include "run_report.hpp"

namespace migrasim::cli {

int run_main(const std::vector<std::string>& args) {
  po::options_description options = scenario_options();
  options.add(process_options("run.csv"));
  po::variables_map vm;
  if (!parse_command_line(find_command("run"), args, options,
                          {{"scenario", "SCENARIO", "scenario folder or what-if .ini file"}}, vm)) {
    return kSuccess;
  }
  const int threads = vm["threads"].as<int>();
  if (threads < 0) {
    throw InputError("--threads: expected a non-negative integer (0 = all cores), got '" +
                     std::to_string(threads) + "'");
  }
  const std::string out = vm["out"].as<std::string>();
  if (out.size() >= 3 && out.compare(out.size() - 3, 3, ".h5") == 0) {
    throw InputError("--out " + out +
                     ": HDF5 run files are not built yet (they arrive with the "
                     "HDF5 issue); give a .csv file for the series");
  }
  const bool quiet = vm["quiet"].as<bool>();

  const Scenario scenario = load_scenario(vm["scenario"].as<std::string>(), overrides_from(vm));
  set_thread_count(threads);

  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  Simulation sim(scenario);
  SeriesCsvWriter series(out);
  series.write(sim);
  RunTotals totals;
  totals.setup_seconds = std::chrono::duration<double>(clock::now() - start).count();

  const int ticks = static_cast<int>(scenario.params().run.ticks);
  ProgressLine progress(!quiet, ticks, sim.agents().agent_count());
  const auto ticking = clock::now();
  for (int t = 0; t < ticks; ++t) {
    sim.step();
    totals.births += sim.aggregates().total(Counter::births);
    totals.deaths += sim.aggregates().total(Counter::deaths);
    totals.moves += sim.aggregates().total(Counter::moves_in);
    series.write(sim);
    progress.update(sim);
  }
  totals.tick_seconds = std::chrono::duration<double>(clock::now() - ticking).count();
  totals.ticks = ticks;
  progress.finish();
  series.finish();

  print_run_summary(std::cout, sim, totals);
  std::cout << "Series written to " << series.path().string() << " (" << scenario.region_count()
            << " regions x " << ticks + 1 << " rows, persons and yuan)\n";
  return kSuccess;
}

}  // namespace migrasim::cli
