// The agents phase: every household's month (ageing, births, deaths,
// moves, applications), block by block in parallel; then the newborns'
// ids, in block order.
#include <algorithm>
#include <span>

#include "model_phases.hpp"

namespace migrasim::detail {

AgentPhase::AgentPhase(Reads in, Writes out) : in_(in), out_(out) {
  size_block_arrays();
}

void AgentPhase::size_block_arrays() {
  const std::size_t blocks = out_.store.block_count();
  newborns_.assign(blocks, 0);
  newborn_first_id_.assign(blocks, 0);
  newborn_slot_.assign(blocks, 0);
}

void AgentPhase::run() {
  for (auto& w : out_.workers) {
    w->aggregates.clear();
    w->scratch.applications.clear();
    w->scratch.keys.clear();
  }
  Census& census = out_.census;
  census.open_windows(in_.tick, out_.store.next_id);
  const int tick_now = in_.tick;
  const auto tick = static_cast<std::uint32_t>(tick_now);
  const TickInputs in{&in_.scenario,
                      &in_.fields,
                      in_.seed,
                      tick,
                      (in_.scenario.params().run.start.month - 1 + tick_now) % 12,
                      HashDraw(in_.seed, tick, Purpose::migration),
                      HashDraw(in_.seed, tick, Purpose::demography),
                      in_.hazard_threshold.data(),
                      in_.death_chance.data(),
                      &in_.registration,
                      &census.watch()};
  ensure_workers(out_.workers, in_.context, out_.store.block_capacity(),
                 in_.scenario.region_count());
  for (auto& w : out_.workers) {  // before the loop: it appends within this capacity
    w->scratch.census_moves.clear();
    if (census.watch().open > 0) w->scratch.census_moves.reserve(census.thread_capacity());
  }
  if (newborns_.size() != out_.store.block_count()) size_block_arrays();  // after a rebalance
  AgentStore& store = out_.store;
  in_.context.parallel_for("agents", store.block_count(), [&](std::size_t b, int thread) {
    WorkerState& w = *out_.workers[thread];
    newborns_[b] = process_block(in, store, b, w.scratch, w.aggregates);
    newborn_slot_[b] = w.scratch.first_newborn;
  });
  store.clock = tick_now + 1;  // the arrays now describe the end of this tick
  // The census windows' first moves noted by the workers, in worker order.
  if (census.watch().open > 0) {
    for (const auto& w : out_.workers) census.collect(w->scratch.census_moves);
    census.end_collect();
  }
  assign_newborn_ids();
}

// Newborns get ids in block order after the parallel loop: the ids depend
// only on who was born, never on which thread handled which block.
void AgentPhase::assign_newborn_ids() {
  AgentStore& store = out_.store;
  std::copy(newborns_.begin(), newborns_.end(), newborn_first_id_.begin());
  const std::uint32_t next =
      in_.context.exclusive_scan(std::span<std::uint32_t>(newborn_first_id_), store.next_id);
  in_.context.parallel_for("newborn ids", store.block_count(), [&](std::size_t b, int) {
    if (newborns_[b] == 0) return;
    std::uint32_t id = newborn_first_id_[b];
    for (std::size_t s = newborn_slot_[b]; s < store.block_end(b); ++s) {
      if (store.id[s] == kUnassignedId) store.id[s] = id++;
    }
  });
  store.next_id = next;
}

}  // namespace migrasim::detail
