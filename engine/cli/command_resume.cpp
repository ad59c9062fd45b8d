// `migrasim resume RUN.h5`: continue a run from its last complete snapshot,
// appending to the same file (or to a copy with --out).
#include <unistd.h>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli_options.hpp"
#include "migrasim/error.hpp"
#include "migrasim/exec/context.hpp"
#include "output_file.hpp"
#include "run_loop.hpp"

namespace migrasim::cli {

int resume_main(const std::vector<std::string>& args) {
  po::options_description options("Resume options");
  options.add_options()(
      "ticks", po::value<long>()->value_name("N"),
      "further months to simulate after the snapshot resumed from. Default: up to the "
      "scenario's run.ticks")("snapshot-every", po::value<long>()->value_name("K"),
                              "months between snapshots. Default: the run's run.snapshot_every")(
      "threads", po::value<int>()->default_value(0)->value_name("T"),
      "OpenMP threads; 0 = all cores. Output does not depend on it")(
      "out", po::value<std::string>()->value_name("FILE"),
      "continue in a copy of the run file instead of the file itself (a new file; an existing "
      "one is replaced only with --overwrite)")("overwrite", po::bool_switch(),
                                                "with --out: replace an existing file")(
      "quiet,q", po::bool_switch(), "no progress line on stderr")(
      "verbose,v", po::bool_switch(),
      "log each policy event on stderr as it is applied (tick, date, region, change)");
  po::variables_map vm;
  if (!parse_command_line(find_command("resume"), args, options,
                          {{"file", "FILE.h5", "run file to continue"}}, vm)) {
    return kSuccess;
  }
  const int threads = threads_option(vm);
  install_stop_handlers();
  std::filesystem::path file = vm["file"].as<std::string>();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw InputError(file.string() + ": file not found");
  RunInfo info = read_run_info(file);  // checks that it is a run file
  if (vm["overwrite"].as<bool>() && !vm.count("out")) {
    throw InputError("--overwrite: only with --out (resume continues FILE.h5 in place)");
  }
  if (vm.count("out")) {
    const std::filesystem::path copy = vm["out"].as<std::string>();
    if (std::filesystem::equivalent(file, copy, ec)) {
      throw InputError("--out " + copy.string() + ": is the run file itself; resume continues " +
                       file.string() + " in place without --out");
    }
    claim_output(copy, vm["overwrite"].as<bool>());
    // copy_options::none: fails rather than replaces if the name was taken
    // since the claim.
    if (!std::filesystem::copy_file(file, copy, std::filesystem::copy_options::none, ec)) {
      throw InputError("--out " + copy.string() +
                       ": cannot copy the run file there: " + ec.message());
    }
    file = copy;
  }

  // The last complete snapshot whose checksums and values hold; torn ones (a
  // run killed while writing, a full disk) and damaged ones are skipped, and
  // said so.
  if (info.snapshots.empty()) {
    throw InputError(file.string() + ": no complete snapshot to resume from");
  }
  std::optional<SimulationSnapshot> snapshot;
  std::int64_t from = -1;
  for (auto t = info.snapshots.rbegin(); t != info.snapshots.rend() && !snapshot; ++t) {
    try {
      snapshot = read_snapshot(file, *t);
      from = *t;
    } catch (const InputError& e) {
      std::cerr << "migrasim resume: snapshot at tick " << *t << " cannot be used: " << e.what()
                << "\n";
    }
  }
  if (!snapshot) {
    throw InputError(file.string() + ": none of its " + std::to_string(info.snapshots.size()) +
                     " snapshots can be used (see above)");
  }
  for (std::int64_t torn : info.torn_snapshots) {
    std::cerr << "migrasim resume: snapshot at tick " << torn
              << " is incomplete (torn); falling back to the snapshot at tick " << from << "\n";
  }
  if (from < info.ticks_done) {
    std::cerr << "migrasim resume: the series go to tick " << info.ticks_done
              << "; resuming from the snapshot at tick " << from << " and recomputing after it\n";
  }

  const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / ("migrasim-resume-" + std::to_string(getpid()));
  std::filesystem::remove_all(scratch, ec);
  Scenario scenario = load_run_scenario(file, scratch);
  std::filesystem::remove_all(scratch, ec);
  const long every = vm.count("snapshot-every") ? vm["snapshot-every"].as<long>()
                                                : scenario.params().run.snapshot_every;
  if (!vm.count("ticks") && from >= scenario.params().run.ticks) {
    throw InputError(file.string() + ": the run has reached month " + std::to_string(from) +
                     " of the " + std::to_string(scenario.params().run.ticks) +
                     " its scenario asks for; give --ticks N to run N more");
  }
  const long further =
      vm.count("ticks") ? vm["ticks"].as<long>() : scenario.params().run.ticks - from;
  if (further < 1) {
    throw InputError("--ticks: expected a positive integer, got " + std::to_string(further));
  }
  if (every < 0) throw InputError("--snapshot-every: expected a non-negative integer");

  truncate_run(file, from);
  SimulationOptions sim_options;
  sim_options.threads = threads;
  Simulation sim(scenario, *snapshot, sim_options);
  snapshot.reset();  // the agents are in the simulation now
  if (vm["verbose"].as<bool>()) log_events_when_applied(sim);
  std::string command = "migrasim resume";
  for (const auto& a : args) command += " " + a;
  auto output = hdf5_output(RunWriter::reopen(file, sim, command, sim.context().threads()), file);
  const LoopResult result =
      run_ticks(sim, static_cast<int>(from + further), every, *output, vm["quiet"].as<bool>());
  print_run_summary(std::cout, sim, result.totals);
  std::cout << output->describe() << "\n";
  if (result.signal != 0) {
    std::cerr << "migrasim resume: stopped by signal " << result.signal << " after tick "
              << sim.tick() << "; continue with: migrasim resume " << file.string() << "\n";
    return interrupted_exit_code(result.signal);
  }
  return kSuccess;
}

}  // namespace migrasim::cli
