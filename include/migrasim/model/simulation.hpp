// The tick pipeline of DESIGN.md s.1: one tick = one month, in named phases
//   policy -> fields -> agents -> admission -> aggregate -> fiscal -> record.
// step() runs every phase itself: policy applies the scenario's events dated
// this tick to region_policy(); fields compiles each region's regime into the
// rules of registration.hpp, which the agents phase tests applicants against
// and the admission phase admits by; fiscal charges the budgets (fiscal.hpp);
// record hands the tick to the Recorder the program set (set_recorder). The
// tick is the list phases(), run in order (tick_phase.hpp). An optional
// hook per phase runs after the phase's own work (the CLI logs the applied
// events from the policy hook). The Simulation is the mutable run state built
// from an immutable Scenario.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "migrasim/exec/context.hpp"
#include "migrasim/model/agent_store.hpp"
#include "migrasim/model/aggregates.hpp"
#include "migrasim/model/census.hpp"
#include "migrasim/model/fiscal.hpp"
#include "migrasim/model/phases.hpp"
#include "migrasim/model/region_fields.hpp"
#include "migrasim/model/tick_phase.hpp"
#include "migrasim/scenario/scenario.hpp"

namespace migrasim {

class Simulation;
struct ApplicationKey;
namespace detail {
struct RegistrationTable;
struct WorkerState;
}  // namespace detail

// A scenario event as applied: which regions it changed, at which tick.
// Events whose target is a size tier are resolved only when applied, from
// the regions' residents then, so the log is part of the run's state.
struct AppliedEvent {
  int tick = 0;
  int event = 0;             // index into Scenario::events()
  std::vector<int> regions;  // ascending
};

// What a run file keeps to continue a run exactly where it stopped.
struct SimulationSnapshot {
  int tick = 0;                          // ticks done
  std::uint32_t next_id = 0;             // id of the next newborn
  double scale = 1;                      // persons per agent, fixed at the start
  std::vector<AgentRecord> agents;       // households in order, at the start of `tick`
  std::vector<double> initial_labour;    // L0 per region (the wage equation's reference)
  std::vector<AppliedEvent> applied;     // events applied before `tick`
  std::vector<std::int64_t> quota_used;  // agents admitted by quota this calendar year, per region
  std::vector<std::int64_t> fiscal_balance;  // fen per region, at the start of `tick`
  FiscalCalibration fiscal_calibration;      // fixed at the start of the run
  std::vector<CensusWindow> census;          // five-year census windows open at `tick`
};
// A hook runs after its phase's own work, with the whole simulation. It may
// read anything; a change to region_policy() is seen by the phases after it
// (fields compiles the rules from it, fiscal charges by it).
using PhaseHook = std::function<void(Simulation&)>;

struct SimulationOptions {
  std::uint64_t agents = 0;          // 0 = the scenario's run.agents
  std::uint64_t seed = 0;            // used when has_seed
  bool has_seed = false;             // else the scenario's run.seed
  std::size_t block_target = 16384;  // agents per work block
  // Threads of this simulation's execution context (0 = all cores). The
  // output does not depend on it; each Simulation has its own.
  int threads = 1;
};

class Simulation {
 public:
  // The scenario must outlive the simulation (it is not copied).
  Simulation(const Scenario& scenario, const SimulationOptions& options = {});
  Simulation(Scenario&&, const SimulationOptions& = {}) = delete;
  // Continues from a snapshot (resume): the same scenario and seed give the
  // same ticks as the run that wrote it, for any thread count.
  Simulation(const Scenario& scenario, const SimulationSnapshot& snapshot,
             const SimulationOptions& options = {});

  // The state to write into a run file.
  SimulationSnapshot snapshot() const;
  // The same without the agents (a run file writes them field by field).
  SimulationSnapshot snapshot_header() const;
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Advances one tick (one month) through every phase.
  void step();

  const Scenario& scenario() const { return scenario_; }
  // Where this simulation's loops and reductions run (threads; ranks later).
  const ExecutionContext& context() const { return context_; }
  int tick() const { return tick_; }                                       // ticks done
  Month date() const { return scenario_.params().run.start.plus(tick_); }  // month of the next tick
  std::uint64_t seed() const { return seed_; }
  double scale() const { return scale_; }  // persons per agent

  const AgentStore& agents() const { return store_; }
  // Aggregates at the end of the last tick (after construction: the start).
  const Aggregates& aggregates() const { return current_; }
  const RegionFields& fields() const { return fields_; }
  // Budgets of the last tick (fiscal phase) and the balances carried.
  const FiscalAccounts& fiscal() const { return fiscal_; }
  // Census tables (census.hpp): taken() holds those of the last tick's census.
  const Census& census() const { return census_; }

  // Counts every agent afresh and checks the running counts (kept up to date
  // by differences each tick) against them. For tests; O(agents).
  bool verify_aggregates() const;

  // Events applied so far, in order (the policy phase adds this tick's).
  const std::vector<AppliedEvent>& applied_events() const { return applied_; }

  // The lowest score admitted under `points` in each region in the last
  // tick; NaN where no one was admitted by points.
  const std::vector<double>& points_cutoff() const { return points_cutoff_; }

  // Registration outcomes summed over the ticks this object ran, per region,
  // in agents: applications, admissions, conversions, land surrendered.
  struct RegistrationTotals {
    std::int64_t applications = 0, admissions = 0, conversions = 0, land_surrendered = 0;
  };
  const std::vector<RegistrationTotals>& registration_totals() const { return totals_; }

  // Each region's registration regime now; the policy phase's events change it.
  std::vector<PolicyParams>& region_policy() { return policy_; }
  const std::vector<PolicyParams>& region_policy() const { return policy_; }

  void set_hook(Phase phase, PhaseHook hook) { hooks_[static_cast<int>(phase)] = std::move(hook); }

  // The record phase sends each tick to `recorder` (not owned; null: none)
  // and asks it for snapshots on `schedule`.
  void set_recorder(Recorder* recorder, SnapshotSchedule schedule = {}) {
    recorder_ = recorder;
    schedule_ = schedule;
  }
  // The phases of a tick, in the order step() runs them.
  const std::vector<std::unique_ptr<TickPhase>>& phases() const { return phases_; }

  // Wall seconds spent in each phase so far.
  const std::array<double, kPhases>& phase_seconds() const { return phase_seconds_; }

 private:
  void prepare();
  void build_phases();
  void count_all(Aggregates& out) const;

  // The run's state; each phase reads and writes a part of it (the phases'
  // Reads and Writes, engine/model/model_phases.hpp).
  const Scenario& scenario_;
  ExecutionContext context_;
  std::uint64_t seed_;
  double scale_ = 1;
  int tick_ = 0;
  AgentStore store_;
  std::vector<PolicyParams> policy_;
  std::vector<AppliedEvent> applied_;
  std::unique_ptr<detail::RegistrationTable> registration_;
  std::vector<double> points_cutoff_;
  std::vector<RegistrationTotals> totals_;
  std::vector<std::int64_t> quota_used_;  // agents admitted by quota this calendar year
  RegionFields fields_;
  FiscalAccounts fiscal_;
  std::vector<double> initial_labour_;
  std::vector<std::uint64_t> hazard_threshold_;  // see detail::TickInputs
  std::vector<double> death_chance_;             // yearly, by age
  Aggregates current_;
  std::vector<std::unique_ptr<detail::WorkerState>> workers_;
  std::array<PhaseHook, kPhases> hooks_;
  std::vector<std::unique_ptr<TickPhase>> phases_;
  Recorder* recorder_ = nullptr;
  SnapshotSchedule schedule_;
  std::array<double, kPhases> phase_seconds_{};
  Census census_;  // observes the agents; never changes them
};

}  // namespace migrasim
