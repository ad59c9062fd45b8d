// The limits of a run (docs/scenario-format.md "Limits"): how many persons a
// scenario may hold, how many persons one agent may stand for, how much
// memory a run needs; and what is allowed but worth a warning (regions with
// very few agents, events after the run's last month).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "migrasim/scenario/scenario.hpp"

namespace migrasim {

// More than the world's population: a larger figure is a unit mistake.
inline constexpr double kMaxTotalPersons = 1e10;
// One agent standing for more persons than this leaves regions of a million
// people with one agent: refused. (China's 1.3 G at 1,300 agents.)
inline constexpr double kMaxPersonsPerAgent = 1e6;
// No lower limit: more agents than persons (a scale below 1) only weights
// each agent less, which small toy scenarios use to cut noise.
// Agent ids are 32-bit: the agents at the start plus every birth of the run
// must fit (run.agents has the same upper bound).
inline constexpr double kMaxAgents = 4e9;
// Regions expected to hold fewer agents than this are named in a warning
// (small runs of the 356 cities are legitimate, so it is not refused).
inline constexpr double kFewAgentsPerRegion = 10;
// Peak memory of a run, measured with /usr/bin/time -v on china-2007:
// 27.4 bytes per agent (47 MB at 1 M, 130 MB at 4 M agents; the agent state
// is 16 bytes, the rest is synthesis and the snapshot gather), rounded up.
inline constexpr std::uint64_t kPeakBytesPerAgent = 32;
inline constexpr std::uint64_t kBaseBytes = 48ull << 20;

// Throws InputError when the scenario's persons or persons per agent are
// beyond the limits above (file, key and value named); `where` names the
// regions file.
void check_population_limits(const Scenario& scenario, const std::string& where);

// Warnings worth printing before a run: regions with fewer than
// kFewAgentsPerRegion agents, events dated at or after the end of the run.
std::vector<std::string> scenario_warnings(const Scenario& scenario);

// Estimated peak memory of a run of the scenario with `threads` threads.
std::uint64_t estimated_peak_bytes(const Scenario& scenario, int threads);
// Memory this process may use: MemAvailable, or the cgroup's limit if lower.
// The test hook MIGRASIM_TEST_AVAILABLE_BYTES replaces it when set.
std::uint64_t available_memory_bytes();
// Throws InputError with the estimate and the memory available when the
// run would not fit.
void check_memory(const Scenario& scenario, int threads);

}  // namespace migrasim
