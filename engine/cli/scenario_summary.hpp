// The human-readable summary `migrasim validate` prints.
#pragma once

#include <ostream>

#include "migrasim/scenario/scenario.hpp"

namespace migrasim::cli {

// Totals, policy mix and events by date; at most `max_regions` region rows
// (largest first when the scenario has more).
void print_scenario_summary(std::ostream& out, const Scenario& scenario, int max_regions);

// Every parameter with its value in this scenario, units and meaning.
void print_parameter_list(std::ostream& out, const Scenario& scenario);

}  // namespace migrasim::cli
