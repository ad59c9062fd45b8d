// Internal: the agent phase for one block of households, and the counting
// of a household into aggregates. Used by Simulation (simulation.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "migrasim/agent_store.hpp"
#include "migrasim/aggregates.hpp"
#include "migrasim/random.hpp"
#include "migrasim/region_fields.hpp"
#include "migrasim/scenario.hpp"

namespace migrasim::detail {

inline constexpr std::uint32_t kUnassignedId = 0xFFFFFFFFu;
inline constexpr int kMaxMembers = 48;  // a household never grows past this (births stop)

// Read-only inputs of one tick's agent phase.
struct TickInputs {
  const Scenario* scenario;
  const RegionFields* fields;
  std::uint64_t seed;
  std::uint32_t tick;
  int month;  // 0 = January, the birth month whose agents age this tick
  HashDraw hazard_draw;  // (seed, tick, migration): the hazard screening draw
};

// Per-thread working memory, allocated once.
struct BlockScratch {
  AgentStore out;                // one block's worth of slots
  std::vector<double> utilities; // one per region
  AgentRecord members[kMaxMembers];
  bool moved[kMaxMembers];
};

// Runs demography, migration and counting for every household of block `b`
// of `store`, rewriting the block in place (dead removed, newborns inserted
// after their mother's household members with id kUnassignedId). Returns
// the number of newborns.
std::uint32_t process_block(const TickInputs& in, AgentStore& store, std::size_t b,
                            BlockScratch& scratch, Aggregates& agg);

// Counts one household (members[0..k), head first) into `agg`.
void count_household(const AgentRecord* members, int k, Aggregates& agg);

}  // namespace migrasim::detail
