// What `migrasim run` prints: a progress line on stderr (terminals only) and
// the end-of-run summary table.
#pragma once

#include <chrono>
#include <ostream>

#include "migrasim/model/simulation.hpp"

namespace migrasim::cli {

class ProgressLine {
 public:
  // Shown only when enabled and stderr is a terminal.
  ProgressLine(bool enabled, int total_ticks, std::uint64_t agents);
  void update(const Simulation& sim);
  void finish();

 private:
  bool active_;
  int total_;
  std::uint64_t agents_;
  std::chrono::steady_clock::time_point start_;
};

struct RunTotals {
  int ticks = 0;
  double setup_seconds = 0;
  double tick_seconds = 0;
  std::int64_t births = 0, deaths = 0, moves = 0;  // agents, whole run
};

// Peak resident memory of this process, bytes.
std::size_t peak_memory_bytes();

void print_run_summary(std::ostream& out, const Simulation& sim, const RunTotals& totals);

// The policy module's outcome per region: applications, admissions,
// conversions and land surrendered over the run, and the registered share.
void print_registration_outcome(std::ostream& out, const Simulation& sim);

}  // namespace migrasim::cli
