// The small phases of a tick (fields, aggregate, fiscal, record) and the
// workers' memory; the larger ones have their own files (policy_phase.cpp,
// agent_phase.cpp, admission_phase.cpp).
#include "model_phases.hpp"

namespace migrasim::detail {

void ensure_workers(Workers& workers, const ExecutionContext& context, std::size_t block_capacity,
                    int regions) {
  while (static_cast<int>(workers.size()) < context.threads()) {
    auto w = std::make_unique<WorkerState>();
    w->scratch.out.reserve_block(block_capacity);
    w->scratch.utilities.assign(regions, 0.0);
    w->scratch.pending.reserve(block_capacity / 8 + 16);
    w->scratch.eventful.reserve(block_capacity / 2 + 16);
    w->scratch.holes.reserve(block_capacity / 8 + 16);
    w->aggregates.resize(regions);
    workers.push_back(std::move(w));
  }
}

// Each region's regime compiled into the rules the agents and admission
// phases test applicants against, and the fields their choices read.
void FieldsPhase::run() {
  apply_region_paths(out_.fields, in_.scenario, in_.tick);
  update_region_fields(out_.fields, in_.scenario, in_.policy, in_.current, in_.initial_labour);
  update_registration_table(out_.registration, in_.scenario, in_.policy, out_.fields, in_.seed,
                            in_.tick);
}

// The workers hold this tick's changes; fixed order, integer sums.
void AggregatePhase::run() {
  Aggregates& current = out_.current;
  current.clear_tick_counts();
  in_.context.combine_in_order(in_.workers, current,
                               [](Aggregates& total, const auto& w) { total.add(w->aggregates); });
  current.derive_from_stock();
  for (int j = 0; j < in_.scenario.region_count(); ++j) {
    Simulation::RegistrationTotals& r = out_.totals[j];
    r.applications += current.at(j, Counter::applications);
    r.admissions += current.at(j, Counter::admissions);
    r.conversions += current.at(j, Counter::conversions);
    r.land_surrendered += current.at(j, Counter::land_surrendered);
  }
  out_.store.rebalance_if_needed();
}

void FiscalPhase::run() {
  out_.fiscal.account(in_.scenario, in_.current, in_.fields, in_.policy, in_.scale, in_.tick);
}

void RecordPhase::run() {
  out_.census.take_if_due(in_.tick, in_.store, in_.current.stock, in_.context);
  Recorder* recorder = in_.recorder;
  if (recorder == nullptr) return;
  recorder->record(in_.simulation);
  if (in_.schedule.due(in_.simulation.tick())) recorder->snapshot(in_.simulation);
}

}  // namespace migrasim::detail
