// The ensemble file (docs/ensembles.md, docs/hdf5-schema.md section 14): the
// members of one ensemble (replicates and design points of one scenario),
// each member's per-region and national series, and quantiles across the
// replicates of each design point. Members are written as they finish, each
// into its own preallocated slice, with a `done` flag written last: a killed
// ensemble resumes at its unfinished members and ends with the same bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "migrasim/analysis/design.hpp"
#include "migrasim/model/tick_phase.hpp"
#include "migrasim/scenario/scenario.hpp"

namespace migrasim {

class Simulation;

// What the ensemble is: checked on resume (a file made for another
// ensemble is refused).
struct EnsembleSpec {
  std::string scenario_path;
  std::vector<std::string> overrides;  // "key=value" of --set, --agents, --ticks, --seed
  std::uint64_t base_seed = 0;
  int replicates = 1;
  int rows = 0;  // series rows per member: ticks + 1 (row 0: the start)
  bool has_design = false;
  Design design;  // the design points (absent: one point, the scenario)
  std::string command_line;

  std::size_t points() const { return has_design ? design.members() : 1; }
  std::size_t members() const { return points() * static_cast<std::size_t>(replicates); }
  // Member m is design point m / replicates, replicate m % replicates.
  std::size_t point_of(std::size_t member) const { return member / replicates; }
  int replicate_of(std::size_t member) const { return static_cast<int>(member % replicates); }
  // Replicate 0 runs with the base seed (member 0 of a plain ensemble is
  // the plain run); replicate r > 0 with splitmix64(base seed + r) mod 1e18. Every
  // design point uses the same seeds (common random numbers: differences
  // between points are not seed noise).
  std::uint64_t seed_of(std::size_t member) const;
  // The overrides member m runs with: the ensemble's, then its design
  // values, then its seed.
  std::vector<Override> member_overrides(std::size_t member) const;
  // One line that identifies the ensemble (stored; compared on resume).
  std::string signature() const;
};

// Every series of one member, row by row, kept in memory until written:
// the Recorder the member's Simulation sends its ticks to.
class MemberSeries final : public Recorder {
 public:
  MemberSeries(int regions, int rows);
  void record(const Simulation& sim) override;  // appends one row
  void snapshot(const Simulation&) override {}
  int rows_recorded() const { return rows_recorded_; }
  // values(s)[row * regions + region] of series s (kRunSeries order).
  const std::vector<double>& values(std::size_t series) const { return values_[series]; }
  const std::vector<double>& national(std::size_t series) const { return national_[series]; }
  double wall_seconds = 0;

 private:
  int regions_, rows_, rows_recorded_ = 0;
  std::vector<std::vector<double>> values_, national_;
};

class EnsembleWriter {
 public:
  // A new file (refused if it exists; the caller claims it first).
  static EnsembleWriter create(const std::filesystem::path& path, const Scenario& scenario,
                               const EnsembleSpec& spec);
  // An existing file of the same ensemble (InputError otherwise), to finish.
  static EnsembleWriter reopen(const std::filesystem::path& path, const EnsembleSpec& spec);
  EnsembleWriter(EnsembleWriter&&) noexcept;
  ~EnsembleWriter();

  const std::vector<bool>& done() const;
  void write_member(std::size_t member, const MemberSeries& series);
  // Quantiles across replicates (when there are 2 or more) and complete=true.
  void finish();

 private:
  struct Impl;
  explicit EnsembleWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace migrasim
