#include "run_loop.hpp"

#include "migrasim/error.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

namespace migrasim::cli {

namespace {

volatile std::sig_atomic_t g_stop_signal = 0;

extern "C" void on_stop_signal(int signal) {
  g_stop_signal = signal;
}

class Hdf5Output final : public RunOutput {
 public:
  Hdf5Output(RunWriter writer, std::filesystem::path path)
      : writer_(std::move(writer)), path_(std::move(path)) {}
  void record(const Simulation& sim) override { writer_.record(sim); }
  void snapshot(const Simulation& sim) override {
    const auto start = std::chrono::steady_clock::now();
    writer_.snapshot(sim);
    seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++snapshots_;
    bytes_ += static_cast<double>(sim.agents().agent_count() * AgentStore::kBytesPerAgent);
  }
  void finish(const Simulation& sim, bool complete) override { writer_.finish(sim, complete); }
  std::string describe() const override {
    char line[160];
    std::snprintf(line, sizeof line, "; %d snapshot%s (%.0f MB of agent state) written in %.2f s",
                  snapshots_, snapshots_ == 1 ? "" : "s", bytes_ / 1e6, seconds_);
    return "Run file " + path_.string() + " (HDF5)" + line;
  }

 private:
  RunWriter writer_;
  std::filesystem::path path_;
  int snapshots_ = 0;
  double seconds_ = 0, bytes_ = 0;
};

class CsvOutput final : public RunOutput {
 public:
  CsvOutput(const std::filesystem::path& path, const Simulation& sim) : writer_(path) {
    writer_.write(sim);
  }
  void record(const Simulation& sim) override { writer_.write(sim); }
  void snapshot(const Simulation&) override {}  // a CSV holds no agents
  void finish(const Simulation&, bool complete) override {
    if (complete) writer_.finish();
  }
  std::string describe() const override {
    return "Series written to " + writer_.path().string() + " (CSV; no snapshots, cannot resume)";
  }

 private:
  SeriesCsvWriter writer_;
};

}  // namespace

std::unique_ptr<RunOutput> hdf5_output(RunWriter writer, std::filesystem::path path) {
  return std::make_unique<Hdf5Output>(std::move(writer), std::move(path));
}

std::unique_ptr<RunOutput> csv_output(const std::filesystem::path& path, const Simulation& sim) {
  return std::make_unique<CsvOutput>(path, sim);
}

void log_events_when_applied(Simulation& sim) {
  sim.set_hook(Phase::policy, [](Simulation& s) {
    // The log of what was applied this tick: a size tier names the regions
    // it reached at the date.
    for (const AppliedEvent& a : s.applied_events()) {
      if (a.tick != s.tick()) continue;
      const Event& e = s.scenario().events()[a.event];
      std::cerr << "policy: tick " << e.tick << " (" << e.date.str() << ") " << e.target;
      if (e.by_size() || a.regions.size() > 1) {
        std::cerr << " (" << a.regions.size() << (a.regions.size() == 1 ? " region" : " regions");
        if (e.by_size() && !a.regions.empty() && a.regions.size() <= 8) {
          std::cerr << ":";
          for (int r : a.regions) std::cerr << " " << s.scenario().regions()[r].name;
        }
        std::cerr << ")";
      }
      std::cerr << ": " << e.describe() << " [" << e.origin << "]\n";
    }
  });
}

void install_stop_handlers() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
}

int stop_signal() {
  return g_stop_signal;
}

void throw_if_stopped(const std::string& doing) {
  if (const int signal = g_stop_signal) {
    throw Interrupted(signal, doing + ": stopped by signal " + std::to_string(signal));
  }
}

void pause_for_tests(int tick) {
  static const char* const after = std::getenv("MIGRASIM_TEST_PAUSE_AFTER_TICK");
  static const char* const dir = std::getenv("MIGRASIM_TEST_PAUSE_DIR");
  if (after == nullptr || dir == nullptr || std::atoi(after) != tick) return;
  const std::filesystem::path folder(dir);
  std::ofstream(folder / "paused") << tick << "\n";
  std::error_code ec;
  while (!std::filesystem::exists(folder / "go", ec) && g_stop_signal == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

int interrupted_exit_code(int signal) {
  return 128 + signal;
}

LoopResult run_ticks(Simulation& sim, int last_tick, long snapshot_every, RunOutput& out,
                     bool quiet) {
  install_stop_handlers();  // usually done already, before the set-up
  LoopResult result;
  const int first_tick = sim.tick();
  ProgressLine progress(!quiet, last_tick - first_tick, sim.agents().agent_count());
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  // The record phase of each tick writes its row, and a snapshot every
  // `snapshot_every` ticks before the last (the last is written below).
  sim.set_recorder(&out, SnapshotSchedule{snapshot_every, last_tick});
  struct Detach {
    Simulation& sim;
    ~Detach() { sim.set_recorder(nullptr); }
  } detach{sim};
  try {
    while (sim.tick() < last_tick && g_stop_signal == 0) {
      sim.step();
      result.totals.births += sim.aggregates().total(Counter::births);
      result.totals.deaths += sim.aggregates().total(Counter::deaths);
      result.totals.moves += sim.aggregates().total(Counter::moves_in);
      progress.update(sim);
      pause_for_tests(sim.tick());
    }
    result.totals.tick_seconds = std::chrono::duration<double>(clock::now() - start).count();
    result.totals.ticks = sim.tick() - first_tick;
    progress.finish();
    result.signal = g_stop_signal;
    out.snapshot(sim);  // the end, or where the signal stopped us: resume starts here
  } catch (const DiskFullError&) {
    // Refused before writing: the file holds every tick recorded so far and
    // its snapshots; it is closed unfinished (no final snapshot: there is
    // no room for one) and resumes from its last snapshot.
    progress.finish();
    out.finish(sim, false);
    throw;
  }
  out.finish(sim, result.signal == 0);
  return result;
}

}  // namespace migrasim::cli
