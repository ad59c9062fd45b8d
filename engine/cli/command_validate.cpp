// `migrasim validate SCENARIO`: load, check and summarise a scenario.
#include <cstdio>
#include <iostream>
#include <thread>

#include "cli_options.hpp"
#include "migrasim/error.hpp"
#include "migrasim/exec/context.hpp"
#include "migrasim/scenario/scenario_limits.hpp"
#include "scenario_summary.hpp"

namespace migrasim::cli {

int validate_main(const std::vector<std::string>& args) {
  const Command& command = find_command("validate");
  po::options_description options = scenario_options();
  po::options_description own("Validate options");
  own.add_options()("regions", po::value<int>()->default_value(40)->value_name("N"),
                    "show at most N region rows (largest first when there are more)")(
      "list-keys", po::bool_switch(), "also list every scenario key with its value and units");
  options.add(own);
  po::variables_map vm;
  if (!parse_command_line(command, args, options,
                          {{"scenario", "SCENARIO", "scenario folder or what-if .ini file"}}, vm)) {
    return kSuccess;
  }
  if (vm["regions"].as<int>() < 1) {
    throw InputError("--regions: expected a positive integer, got '" +
                     std::to_string(vm["regions"].as<int>()) + "'");
  }

  const Scenario scenario = load_scenario(vm["scenario"].as<std::string>(), overrides_from(vm));
  print_scenario_summary(std::cout, scenario, vm["regions"].as<int>());
  print_scenario_warnings("validate", scenario);
  // A scenario that cannot run here is not valid here (all cores assumed).
  check_run_fits(scenario, 0);
  char memory[160];
  std::snprintf(
      memory, sizeof memory,
      "\nEstimated peak memory of a run: %.2f GiB (%.1f GiB available here)\n",
      static_cast<double>(estimated_peak_bytes(scenario, ExecutionContext::cores())) / (1ull << 30),
      static_cast<double>(available_memory_bytes()) / (1ull << 30));
  std::cout << memory;
  if (vm["list-keys"].as<bool>()) {
    std::cout << "\nScenario keys (section.key = value [units])\n";
    print_parameter_list(std::cout, scenario);
  }
  std::cout << "\nScenario " << scenario.name() << " is valid.\n";
  return kSuccess;
}

}  // namespace migrasim::cli
