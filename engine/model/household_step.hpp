// Internal: the agent phase for one block of households, and the counting
// of a household into aggregates. Used by Simulation (simulation.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "migrasim/model/agent_store.hpp"
#include "migrasim/model/aggregates.hpp"
#include "migrasim/model/census.hpp"
#include "migrasim/model/random.hpp"
#include "migrasim/model/region_fields.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "registration_step.hpp"

namespace migrasim::detail {

inline constexpr std::uint32_t kUnassignedId = 0xFFFFFFFFu;  // a newborn before its id
inline constexpr std::uint32_t kHole = 0xFFFFFFFEu;          // a slot freed by a death
inline constexpr int kMaxMembers = 48;  // a household never grows past this (births stop)

// Read-only inputs of one tick's agent phase.
struct TickInputs {
  const Scenario* scenario;
  const RegionFields* fields;
  std::uint64_t seed;
  std::uint32_t tick;
  int month;                 // 0 = January, the birth month whose agents age this tick
  HashDraw hazard_draw;      // (seed, tick, migration): the hazard screening draw
  HashDraw demography_draw;  // (seed, tick, demography): death and birth on birthdays
  // Hazard thresholds on the 53-bit draw by (role, age, first 24 months at
  // the location): index (role * 256 + age) * 2 + recent; 0 where no hazard.
  const std::uint64_t* hazard_threshold;
  const double* death_chance;             // yearly, by completed age 0..255
  const RegistrationTable* registration;  // rules and values of the application decision
  const CensusWatch* census = nullptr;    // five-year census windows open now
};

// Per-thread working memory, allocated once.
struct BlockScratch {
  AgentStore out;                 // one block's worth of slots
  std::vector<double> utilities;  // one per region
  AgentRecord members[kMaxMembers];
  bool moved[kMaxMembers];
  std::vector<std::pair<std::size_t, AgentRecord>>
      pending;                     // newborns: (insert before slot, agent)
  std::vector<std::size_t> holes;  // slots freed by deaths, in order
  std::size_t first_newborn = 0;   // after process_block: slot of the block's first newborn
  // This tick's applications for registration from the blocks this thread
  // ran (cleared by the caller each tick), and their keys for the admission.
  std::vector<Application> applications;
  std::vector<ApplicationKey> keys;
  std::vector<std::size_t> eventful;  // starts of the block's eventful households
  // First moves since the opening of an open census window (this tick, the
  // blocks this thread ran); reserved before the loop, merged after it.
  std::vector<CensusMove> census_moves;
};

// Runs the agent phase of tick in.tick (the store's clock) for every
// household of block `b` of `store`: demography, migration and the
// registration applications (appended to scratch.applications and
// scratch.keys, slots as after the rewrite). `agg` receives the changes of
// the counts (differences) and the tick's births, deaths and moves. The
// block is then rewritten in place: the dead removed, newborns inserted at
// the end of their household with id kUnassignedId (scratch.first_newborn:
// the first slot that may hold one). Returns the number of newborns.
std::uint32_t process_block(const TickInputs& in, AgentStore& store, std::size_t b,
                            BlockScratch& scratch, Aggregates& agg);

// Adds (sign +1) or removes (-1) one household (members[0..k), head first)
// to or from the stock, profile and left-behind counts of `agg`.
void count_household(const AgentRecord* members, int k, Aggregates& agg, int sign);

}  // namespace migrasim::detail
