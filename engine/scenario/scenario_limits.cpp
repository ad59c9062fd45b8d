#include "migrasim/scenario/scenario_limits.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"

namespace migrasim {

namespace {

std::string gib(std::uint64_t bytes) {
  char text[48];
  std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1ull << 30));
  return text;
}

std::string persons(double value) {
  return group_thousands(static_cast<long long>(value));
}

// A number from the first line of a file, if it holds one ("max" does not).
std::optional<std::uint64_t> number_in(const char* file) {
  std::ifstream in(file);
  std::string word;
  if (!(in >> word)) return std::nullopt;
  char* end = nullptr;
  const unsigned long long value = std::strtoull(word.c_str(), &end, 10);
  if (end == word.c_str() || *end != '\0') return std::nullopt;
  return value;
}

}  // namespace

void check_population_limits(const Scenario& scenario, const std::string& where) {
  const double total = scenario.total_population();
  const long agents = scenario.params().run.agents;
  if (!(total <= kMaxTotalPersons)) {
    throw InputError(where + ": column 'population' sums to " + persons(total) +
                     " persons, more than the limit of " + persons(kMaxTotalPersons) +
                     " (the world holds about 8 billion: a unit mistake?)");
  }
  const double scale = total / static_cast<double>(agents);
  if (scale > kMaxPersonsPerAgent) {
    throw InputError("run.agents: " + group_thousands(agents) + " agents for " + persons(total) +
                     " persons is " + persons(scale) +
                     " persons per agent, more than the limit of " + persons(kMaxPersonsPerAgent) +
                     "; use at least " + persons(std::ceil(total / kMaxPersonsPerAgent)) +
                     " agents");
  }
}

std::vector<std::string> scenario_warnings(const Scenario& scenario) {
  std::vector<std::string> warnings;
  const double scale = scenario.scale();
  std::vector<std::string> few;
  for (const auto& r : scenario.regions()) {
    if (r.population / scale < kFewAgentsPerRegion) few.push_back(r.name);
  }
  if (!few.empty()) {
    std::string names;
    for (std::size_t i = 0; i < few.size() && i < 5; ++i) names += (i ? ", " : "") + few[i];
    if (few.size() > 5) names += ", ...";
    warnings.push_back(std::to_string(few.size()) + " of " +
                       std::to_string(scenario.region_count()) + " regions get fewer than " +
                       std::to_string(static_cast<int>(kFewAgentsPerRegion)) + " agents (" + names +
                       "): their figures are mostly chance; more --agents would help");
  }
  const RunParams& run = scenario.params().run;
  const Month last = run.start.plus(static_cast<int>(run.ticks) - 1);
  const Event* first = nullptr;
  int after = 0;
  for (const Event& e : scenario.events()) {
    if (e.tick < run.ticks) continue;
    if (first == nullptr) first = &e;
    ++after;
  }
  if (first != nullptr) {
    warnings.push_back(std::to_string(after) + (after == 1 ? " event falls" : " events fall") +
                       " after the run's last month " + last.str() +
                       " and will not be applied (the first: " + first->date.str() + ", " +
                       first->origin + "; it needs --ticks " + std::to_string(first->tick + 1) +
                       " or more)");
  }
  return warnings;
}

std::uint64_t estimated_peak_bytes(const Scenario& scenario, int threads) {
  const auto agents = static_cast<std::uint64_t>(scenario.params().run.agents);
  const auto regions = static_cast<std::uint64_t>(scenario.region_count());
  // Per thread: counters with two R x R matrices of 8-byte counts.
  const std::uint64_t per_thread = 2 * regions * regions * 8 + (1u << 20);
  return kBaseBytes + agents * kPeakBytesPerAgent +
         static_cast<std::uint64_t>(std::max(threads, 1)) * per_thread;
}

std::uint64_t available_memory_bytes() {
  if (const char* hook = std::getenv("MIGRASIM_TEST_AVAILABLE_BYTES")) {
    return std::strtoull(hook, nullptr, 10);
  }
  std::uint64_t available = UINT64_MAX;
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    if (line.rfind("MemAvailable:", 0) == 0) {
      std::istringstream fields(line.substr(13));
      std::uint64_t kib = 0;
      if (fields >> kib) available = kib * 1024;
    }
  }
  // A container's limit (cgroup v2, then v1) may be lower than the machine's.
  for (const char* limit :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    if (const auto bytes = number_in(limit)) available = std::min(available, *bytes);
  }
  return available;
}

void check_memory(const Scenario& scenario, int threads) {
  const std::uint64_t need = estimated_peak_bytes(scenario, threads);
  const std::uint64_t have = available_memory_bytes();
  if (need <= have) return;
  const std::uint64_t fits = have > kBaseBytes ? (have - kBaseBytes) / kPeakBytesPerAgent : 0;
  throw InputError("run.agents: " + group_thousands(scenario.params().run.agents) +
                   " agents need about " + gib(need) + " of memory (" +
                   std::to_string(kPeakBytesPerAgent) + " bytes per agent at the peak) and " +
                   gib(have) + " are available; at most about " +
                   group_thousands(static_cast<long long>(fits)) + " agents fit here");
}

}  // namespace migrasim
