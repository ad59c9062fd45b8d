// The tick loop shared by `run` and `resume`: steps the simulation, writes
// each tick to the output, snapshots every K ticks and at the end, and
// stops cleanly on SIGINT or SIGTERM (the current tick is finished, a
// snapshot written, the file closed with complete = false).
#pragma once

#include <filesystem>
#include <memory>

#include "migrasim/run_file.hpp"
#include "migrasim/series_csv.hpp"
#include "migrasim/simulation.hpp"
#include "run_report.hpp"

namespace migrasim::cli {

// Where a run goes: an HDF5 run file, or (--out *.csv) a series CSV.
class RunOutput {
 public:
  virtual ~RunOutput() = default;
  virtual void record(const Simulation& sim) = 0;
  virtual void snapshot(const Simulation& sim) = 0;
  virtual void finish(const Simulation& sim, bool complete) = 0;
  virtual std::string describe() const = 0;
};

std::unique_ptr<RunOutput> hdf5_output(RunWriter writer, std::filesystem::path path);
std::unique_ptr<RunOutput> csv_output(const std::filesystem::path& path, const Simulation& sim);

struct LoopResult {
  RunTotals totals;
  int signal = 0;  // the signal that stopped the run, 0 if it ran to the end
};

// Runs until `last_tick` (ticks done) or a signal. `snapshot_every` 0 means
// a snapshot only at the end.
LoopResult run_ticks(Simulation& sim, int last_tick, long snapshot_every, RunOutput& out,
                     bool quiet);

// --verbose: each policy event is logged on stderr when the policy phase
// applies it, e.g. "policy: tick 6 (2010-07) Beta: classification=unified
// benefit_equalization=0 [events.csv:2]".
void log_events_when_applied(Simulation& sim);

// From here on SIGINT/SIGTERM only ask the run to stop after the current
// tick (a signal during set-up stops it before the first tick).
void install_stop_handlers();

// The exit status of a run stopped by a signal: 128 + signal number.
int interrupted_exit_code(int signal);

}  // namespace migrasim::cli
