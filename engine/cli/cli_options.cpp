#include "cli_options.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <thread>

#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"
#include "migrasim/exec/context.hpp"
#include "migrasim/scenario/scenario_limits.hpp"

namespace migrasim::cli {

po::options_description scenario_options() {
  po::options_description options("Scenario options (override the scenario's scenario.ini)");
  options.add_options()(
      "agents", po::value<std::string>()->value_name("N"),
      "person agents to simulate (agents); accepts 1000000, 2.5e6, 10M, 500k, 1G (k/K, M, G/B "
      "suffixes). "
      "Default: the scenario's run.agents")(
      "ticks", po::value<std::string>()->value_name("N"),
      "months to simulate (1 tick = 1 month). Default: the scenario's run.ticks")(
      "seed", po::value<std::string>()->value_name("S"),
      "random seed (non-negative integer); same seed, same output. Default: run.seed")(
      "snapshot-every", po::value<std::string>()->value_name("K"),
      "months between agent snapshots; 0 = final snapshot only. Default: run.snapshot_every")(
      "set", po::value<std::vector<std::string>>()->value_name("SECTION.KEY=VALUE")->composing(),
      "override any scenario key, e.g. --set migration.hazard=0.004 (repeatable; "
      "`migrasim validate --list-keys` lists them)");
  return options;
}

po::options_description process_options(const char* default_out) {
  po::options_description options("Run options");
  options.add_options()("threads", po::value<int>()->default_value(0)->value_name("T"),
                        "OpenMP threads (threads); 0 = all cores. Output does not depend on it")(
      "out", po::value<std::string>()->default_value(default_out)->value_name("FILE"),
      "run file to write (HDF5); a name ending in .csv writes only the series, as CSV. An "
      "existing file is not replaced without --overwrite")(
      "overwrite", po::bool_switch(),
      "replace an existing --out file (never one that another run is writing)")(
      "quiet,q", po::bool_switch(), "no progress line on stderr")(
      "verbose,v", po::bool_switch(),
      "log each policy event on stderr as it is applied (tick, date, region, change)");
  return options;
}

bool parse_command_line(const Command& command, const std::vector<std::string>& args,
                        const po::options_description& options,
                        const std::vector<Positional>& positionals, po::variables_map& vm) {
  po::options_description visible;
  visible.add_options()("help,h", "show this help");
  visible.add(options);
  po::options_description hidden;
  po::positional_options_description positional;
  for (const auto& p : positionals) {
    hidden.add_options()(p.name, po::value<std::string>(), p.meaning);
    positional.add(p.name, 1);
  }
  po::options_description all;
  all.add(visible).add(hidden);
  const std::string name = std::string("migrasim ") + command.name;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw InputError(name + ": " + e.what() + " (see 'migrasim " + command.name + " --help')");
  }
  if (vm.count("help")) {
    std::cout << "Usage: migrasim " << command.usage << "\n" << command.purpose << "\n\n";
    for (const auto& p : positionals) std::cout << "  " << p.shown << "  " << p.meaning << "\n";
    std::cout << visible << "\n";
    return false;
  }
  for (const auto& p : positionals) {
    if (!vm.count(p.name)) {
      throw InputError(name + ": missing " + p.shown + " (usage: migrasim " + command.usage + ")");
    }
  }
  return true;
}

std::vector<Override> overrides_from(const po::variables_map& vm) {
  std::vector<Override> overrides;
  if (vm.count("set")) {
    for (const auto& assignment : vm["set"].as<std::vector<std::string>>()) {
      const auto equals = assignment.find('=');
      if (equals == std::string::npos) {
        throw InputError("--set " + assignment + ": expected SECTION.KEY=VALUE");
      }
      overrides.push_back({std::string(trim(assignment.substr(0, equals))),
                           assignment.substr(equals + 1), "--set"});
    }
  }
  // The dedicated options win over --set of the same key.
  if (vm.count("agents")) {
    const std::string text = vm["agents"].as<std::string>();
    overrides.push_back({"run.agents", std::to_string(parse_agent_count(text)), "--agents"});
  }
  const std::pair<const char*, const char*> plain[] = {
      {"ticks", "run.ticks"}, {"seed", "run.seed"}, {"snapshot-every", "run.snapshot_every"}};
  for (const auto& [option, key] : plain) {
    if (vm.count(option)) {
      overrides.push_back({key, vm[option].as<std::string>(), std::string("--") + option});
    }
  }
  return overrides;
}

int threads_option(const po::variables_map& vm) {
  const int threads = vm["threads"].as<int>();
  if (threads < 0) {
    throw InputError("--threads: expected a non-negative integer (0 = all cores), got '" +
                     std::to_string(threads) + "'");
  }
  // Threads beyond the cores only cost: each holds its own counters (O(R^2)
  // per thread for the flows), so thousands of them took 3.5 GB and 36 s
  // on 2 cores. Capped at kThreadsPerCore x the cores, said on stderr.
  const int cores = std::max(1, ExecutionContext::cores());
  const int cap = static_cast<int>(kThreadsPerCore * cores);
  if (threads > cap) {
    std::cerr << "migrasim: --threads " << threads << " is more than " << kThreadsPerCore
              << " x the " << cores << " cores here; using " << cap << "\n";
    return cap;
  }
  return threads;
}

void print_scenario_warnings(const char* command, const Scenario& scenario) {
  for (const std::string& w : scenario_warnings(scenario)) {
    std::cerr << "migrasim " << command << ": warning: " << w << "\n";
  }
}

void check_run_fits(const Scenario& scenario, int threads) {
  const int used = threads > 0 ? threads : ExecutionContext::cores();
  check_memory(scenario, used);
}

long long parse_agent_count(const std::string& text) {
  const auto fail = [&]() -> long long {
    throw InputError(
        "--agents: expected a positive whole number such as 1000000, 2.5e6 or "
        "10M, got '" +
        text + "'");
  };
  std::string_view body = trim(text);
  double multiplier = 1;
  if (!body.empty()) {
    switch (body.back()) {
      case 'k':
      case 'K':
        multiplier = 1e3;
        break;
      case 'M':
        multiplier = 1e6;
        break;
      case 'G':
      case 'B':
        multiplier = 1e9;
        break;
      default:
        break;
    }
    if (multiplier != 1) body.remove_suffix(1);
  }
  const auto number = parse_real(body);
  if (!number) return fail();
  const double value = *number * multiplier;
  if (value < 1 || std::floor(value) != value) return fail();
  if (value > kMaxAgents) {
    throw InputError("--agents: " + text + " is more than the " +
                     group_thousands(static_cast<long long>(kMaxAgents)) +
                     " agents a run can hold (agent ids are 32-bit, with room for births)");
  }
  return static_cast<long long>(value);
}

}  // namespace migrasim::cli
