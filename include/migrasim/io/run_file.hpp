// The HDF5 run file (docs/hdf5-schema.md): everything a run was (scenario
// files verbatim, parameters, seed), what it produced (series and flows per
// tick, events) and agent snapshots from which it can resume. Readable with
// h5py, pandas, R or MATLAB without migrasim.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "migrasim/model/simulation.hpp"
#include "migrasim/scenario/scenario.hpp"

namespace migrasim {

inline constexpr std::int64_t kRunFileVersion = 1;
inline constexpr const char* kRunFileFormat = "migrasim run file";

// How the run was started: stored as root attributes.
struct RunMetadata {
  std::string command_line;
  int threads = 1;
  std::filesystem::path scenario_path;  // as given to `run`
  std::vector<Override> overrides;      // --set and friends, in order
};

// Writes a run file as the run goes: the static parts when created, one
// series row per tick (flushed, so a killed run loses at most a tick), agent
// snapshots on request, and `complete` only at the end.
class RunWriter {
 public:
  // A new file for a run about to start (the simulation at tick 0).
  static RunWriter create(const std::filesystem::path& path, const Scenario& scenario,
                          const Simulation& sim, const RunMetadata& meta);
  // Continues an existing file whose series end at the simulation's tick;
  // the resume's command line is appended to the root `command_line`.
  static RunWriter reopen(const std::filesystem::path& path, const Simulation& sim,
                          const std::string& command_line = {}, int threads = 0);
  ~RunWriter();
  RunWriter(RunWriter&&) noexcept;
  RunWriter& operator=(RunWriter&&) noexcept;

  // Both first check that the disk can take what they write (with a
  // margin): DiskFullError "disk full writing <file>: ..." before a byte is
  // written, so the file stays readable and resumable from its last
  // complete snapshot.
  void record(const Simulation& sim);    // appends the series row of sim.tick()
  void snapshot(const Simulation& sim);  // writes /snapshots/<tick>, marked complete last
  void finish(const Simulation& sim, bool complete);  // ticks_done, complete; flushes

 private:
  struct Impl;
  explicit RunWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Bytes free for a file at `path` (statvfs of its folder, as an unprivileged
// writer sees it) when writing what tick `tick` produced. Test hook: with
// MIGRASIM_TEST_DISK_FULL_AFTER_TICK=k set, the disk is full (0 bytes) for
// every tick after k.
std::uint64_t free_bytes_at(const std::filesystem::path& path, std::int64_t tick);

// Throws DiskFullError naming `path`, the bytes `needed` for `what` (of tick
// `tick`) and the bytes free, unless free_bytes_at(path, tick) covers
// `needed` plus a margin (128 KiB + 2%: HDF5's own metadata).
void require_free_space(const std::filesystem::path& path, std::uint64_t needed,
                        const std::string& what, std::int64_t tick);

// What `inspect` and `resume` read.
struct RunInfo {
  std::string scenario;
  std::uint64_t seed = 0;
  std::int64_t agents = 0;
  double scale = 1;
  std::string start_date;
  std::int64_t ticks_done = 0;
  std::int64_t threads = 1;
  std::string command_line;
  bool complete = false;
  std::vector<std::int64_t> snapshots;  // ticks of the complete snapshots, ascending
  std::vector<std::int64_t> torn_snapshots;
};

// Reads the root attributes and lists the snapshots. Throws InputError for a
// missing, foreign, truncated or wrong-version file.
RunInfo read_run_info(const std::filesystem::path& path);

// Writes the scenario files stored in the run into `folder` and loads them
// with the stored overrides: the scenario exactly as the run had it.
Scenario load_run_scenario(const std::filesystem::path& path, const std::filesystem::path& folder);

// The snapshot at `tick` (which must be complete).
SimulationSnapshot read_snapshot(const std::filesystem::path& path, std::int64_t tick);

// A census table set in a run file (/census/<YYYY-MM>), for `inspect`.
struct CensusInfo {
  std::string date;                    // YYYY-MM
  std::int64_t tick = 0;               // row of the series describing the same moment
  std::string earlier_date;            // of the five-year question
  bool five_year = false;              // five_year_od present
  std::string unavailable;             // why not, when not
  std::int64_t earlier_locations = 0;  // sparse entries the five-year table used
};
std::vector<CensusInfo> read_census_list(const std::filesystem::path& path);

// Cuts the series and flows back to `tick` and removes snapshots after it
// (before resuming from the snapshot at `tick`).
void truncate_run(const std::filesystem::path& path, std::int64_t tick);

}  // namespace migrasim
