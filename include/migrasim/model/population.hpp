// Population synthesis: person agents in households from a scenario.
#pragma once

#include <cstdint>
#include <vector>

#include "migrasim/exec/context.hpp"
#include "migrasim/model/agent_store.hpp"
#include "migrasim/scenario/scenario.hpp"

namespace migrasim {

// `agents` persons (households contiguous, head first, ids 0..n-1) such that
// each region's residents, migrants (by hukou region: the scenario's
// migrant_stock.csv, else a gravity draw on origin population and distance),
// registered population, age groups, education, hukou type and household
// size match the scenario within sampling error. A share
// population.family_migration_share of migrant heads lives with spouse and
// children; the others' families stay in the hukou region (left behind).
// Agents are appended to `store` in blocks of about `block_target` agents.
// The households are drawn in parallel on `context`; the result does not
// depend on its thread count.
void synthesize_population(const Scenario& scenario, std::uint64_t agents, std::uint64_t seed,
                           AgentStore& store, const ExecutionContext& context,
                           std::size_t block_target = 16384);

// Agents per region after apportioning `agents` by population (largest
// remainder, so they sum exactly).
std::vector<std::int64_t> apportion(const std::vector<double>& weights, std::int64_t total);

}  // namespace migrasim
