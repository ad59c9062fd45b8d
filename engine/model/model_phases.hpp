// The model's phases of a tick (docs/architecture.md, "One tick"), each an
// object bound when the Simulation is built to the state it reads and the
// state it writes, and to nothing else: the Reads and Writes of each phase
// are its whole interface. The Simulation owns the state and lists the
// phases; step() runs them in order.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "household_step.hpp"
#include "migrasim/exec/context.hpp"
#include "migrasim/model/agent_store.hpp"
#include "migrasim/model/aggregates.hpp"
#include "migrasim/model/census.hpp"
#include "migrasim/model/fiscal.hpp"
#include "migrasim/model/region_fields.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/model/tick_phase.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "registration_step.hpp"

namespace migrasim::detail {

// What one worker (thread) of the agents and admission phases keeps between
// them: its scratch (applications, keys, newborn slots) and this tick's
// changes to the counts, which the aggregate phase combines in worker order.
struct WorkerState {
  BlockScratch scratch;
  Aggregates aggregates;
};
using Workers = std::vector<std::unique_ptr<WorkerState>>;

// Working memory for every worker a loop of `context` may use, made before
// the tick loop (and again only if the thread count grows): ticks never
// allocate.
void ensure_workers(Workers& workers, const ExecutionContext& context, std::size_t block_capacity,
                    int regions);

// ----------------------------------------------------------------- policy

// The regions event `e` applies to now: its targets, and for a size-tier
// target those whose urban residents at the end of the last tick fall in
// the tier.
std::vector<int> event_regions(const Scenario& scenario, const Event& e, const Aggregates& current,
                               double scale);

// Applies event `index` to `regions`: their regime, the log, and the quota
// counts of a quota set in the middle of a year.
void apply_event(const Scenario& scenario, int index, const std::vector<int>& regions, double scale,
                 std::vector<PolicyParams>& policy, std::vector<AppliedEvent>& applied,
                 std::vector<std::int64_t>& quota_used);

class PolicyPhase final : public TickPhase {
 public:
  struct Reads {
    const Scenario& scenario;
    const int& tick;
    const double& scale;
    const Aggregates& current;
  };
  struct Writes {
    std::vector<PolicyParams>& policy;
    std::vector<AppliedEvent>& applied;
    std::vector<std::int64_t>& quota_used;
  };
  PolicyPhase(Reads in, Writes out) : in_(in), out_(out) {}
  Phase id() const override { return Phase::policy; }
  void run() override;

 private:
  Reads in_;
  Writes out_;
};

// ----------------------------------------------------------------- fields

class FieldsPhase final : public TickPhase {
 public:
  struct Reads {
    const Scenario& scenario;
    const int& tick;
    std::uint64_t seed;
    const std::vector<PolicyParams>& policy;
    const Aggregates& current;
    const std::vector<double>& initial_labour;
  };
  struct Writes {
    RegionFields& fields;
    RegistrationTable& registration;
  };
  FieldsPhase(Reads in, Writes out) : in_(in), out_(out) {}
  Phase id() const override { return Phase::fields; }
  void run() override;

 private:
  Reads in_;
  Writes out_;
};

// ----------------------------------------------------------------- agents

class AgentPhase final : public TickPhase {
 public:
  struct Reads {
    const Scenario& scenario;
    const int& tick;
    std::uint64_t seed;
    const RegionFields& fields;
    const RegistrationTable& registration;
    const std::vector<std::uint64_t>& hazard_threshold;  // see TickInputs
    const std::vector<double>& death_chance;             // yearly, by age
    const ExecutionContext& context;
  };
  struct Writes {
    AgentStore& store;
    Workers& workers;
    Census& census;  // first moves since an open five-year window's opening
  };
  AgentPhase(Reads in, Writes out);
  Phase id() const override { return Phase::agents; }
  void run() override;

 private:
  void size_block_arrays();
  void assign_newborn_ids();
  Reads in_;
  Writes out_;
  std::vector<std::uint32_t> newborns_;          // per block, this tick
  std::vector<std::uint32_t> newborn_first_id_;  // per block
  std::vector<std::size_t> newborn_slot_;        // per block: first newborn's slot
};

// -------------------------------------------------------------- admission

class AdmissionPhase final : public TickPhase {
 public:
  struct Reads {
    const Scenario& scenario;
    const int& tick;
    const double& scale;
    const RegistrationTable& registration;
    const ExecutionContext& context;
  };
  struct Writes {
    AgentStore& store;
    Workers& workers;                       // applications in, this tick's counts out
    std::vector<std::int64_t>& quota_used;  // agents admitted by quota this calendar year
    std::vector<double>& points_cutoff;     // lowest score admitted, NaN = none
  };
  AdmissionPhase(Reads in, Writes out);
  Phase id() const override { return Phase::admission; }
  void run() override;

 private:
  Reads in_;
  Writes out_;
  // Working memory, kept between ticks.
  std::vector<std::int64_t> allowance_;  // per tick: persons (agents) a quota still admits
  std::vector<std::int64_t> admitted_;   // per tick, by quota
  SelectionScratch selection_;
  std::vector<std::uint64_t> threshold_;
  std::vector<const std::vector<ApplicationKey>*> key_lists_;
};

// -------------------------------------------------------------- aggregate

class AggregatePhase final : public TickPhase {
 public:
  struct Reads {
    const Scenario& scenario;
    const Workers& workers;
    const ExecutionContext& context;
  };
  struct Writes {
    Aggregates& current;
    std::vector<Simulation::RegistrationTotals>& totals;
    AgentStore& store;  // re-laid when a block is full
  };
  AggregatePhase(Reads in, Writes out) : in_(in), out_(out) {}
  Phase id() const override { return Phase::aggregate; }
  void run() override;

 private:
  Reads in_;
  Writes out_;
};

// ----------------------------------------------------------------- fiscal

class FiscalPhase final : public TickPhase {
 public:
  struct Reads {
    const Scenario& scenario;
    const Aggregates& current;
    const RegionFields& fields;
    const std::vector<PolicyParams>& policy;
    const double& scale;
    const int& tick;
  };
  struct Writes {
    FiscalAccounts& fiscal;
  };
  FiscalPhase(Reads in, Writes out) : in_(in), out_(out) {}
  Phase id() const override { return Phase::fiscal; }
  void run() override;

 private:
  Reads in_;
  Writes out_;
};

// ----------------------------------------------------------------- record

// The census tables when a census date is due (they observe the agents at
// the end of the tick), then the tick to the recorder the program set
// (none: nothing), and a snapshot when the schedule says. The recorder
// reads the whole simulation, as a run file does.
class RecordPhase final : public TickPhase {
 public:
  struct Reads {
    const Simulation& simulation;
    Recorder* const& recorder;
    const SnapshotSchedule& schedule;
    const int& tick;
    const AgentStore& store;
    const Aggregates& current;
    const ExecutionContext& context;
  };
  struct Writes {
    Census& census;
  };
  RecordPhase(Reads in, Writes out) : in_(in), out_(out) {}
  Phase id() const override { return Phase::record; }
  void run() override;

 private:
  Reads in_;
  Writes out_;
};

}  // namespace migrasim::detail
