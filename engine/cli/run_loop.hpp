// The tick loop shared by `run` and `resume`: steps the simulation, writes
// each tick to the output, snapshots every K ticks and at the end, and
// stops cleanly on SIGINT or SIGTERM (the current tick is finished, a
// snapshot written, the file closed with complete = false).
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "migrasim/io/run_file.hpp"
#include "migrasim/io/series_csv.hpp"
#include "migrasim/model/simulation.hpp"
#include "run_report.hpp"

namespace migrasim::cli {

// Where a run goes: an HDF5 run file, or (--out *.csv) a series CSV. It is
// the simulation's recorder: the record phase of each tick calls it.
class RunOutput : public Recorder {
 public:
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
// tick (a signal during set-up stops it before the first tick). The
// handlers stay until the process ends, so a signal is never lost between
// two runs of one command (compare runs two).
void install_stop_handlers();

// The signal that asked us to stop (SIGINT, SIGTERM), or 0.
int stop_signal();

// A command stopped by a signal: main turns it into exit status 128 + signal
// after the command's clean-up (temporary folders) has run.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal, const std::string& what)
      : std::runtime_error(what), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

// Throws Interrupted if a stop signal has arrived; `doing` says what was
// stopped ("compare: while running WHATIF").
void throw_if_stopped(const std::string& doing);

// Test hook (tests of concurrency and signals, never sleeps): with
// MIGRASIM_TEST_PAUSE_AFTER_TICK=k and MIGRASIM_TEST_PAUSE_DIR=D set, the
// tick loop, after recording tick k, creates D/paused and waits until D/go
// exists (or a stop signal arrives), then goes on.
void pause_for_tests(int tick);

// The exit status of a run stopped by a signal: 128 + signal number.
int interrupted_exit_code(int signal);

}  // namespace migrasim::cli
