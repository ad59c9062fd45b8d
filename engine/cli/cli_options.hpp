// Command-line plumbing shared by the subcommands: exit codes, the common
// run options, and turning parsed options into scenario overrides.
#pragma once

#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "migrasim/scenario/scenario.hpp"

namespace migrasim::cli {

namespace po = boost::program_options;

enum ExitCode : int { kSuccess = 0, kInternalError = 1, kBadInput = 2 };

// A subcommand: its name, one-line purpose, and entry point taking the
// arguments after the subcommand's name.
struct Command {
  const char* name;
  const char* usage;    // "run SCENARIO [options]"
  const char* purpose;  // one line
  int (*main)(const std::vector<std::string>& args);
};
const std::vector<Command>& commands();
const Command& find_command(const std::string& name);  // must exist

// Options that change the scenario's [run] keys and parameters:
// --agents --ticks --seed --snapshot-every --set.
po::options_description scenario_options();
// Options of a simulation process: --threads --out --quiet.
po::options_description process_options(const char* default_out);

// A positional argument: option name and how usage names it ("SCENARIO").
struct Positional {
  const char* name;
  const char* shown;
  const char* meaning;
};

// Parses the arguments of `command`: `options` are shown by --help, the
// positionals are required and named in the usage line. Prints help and
// returns false when --help was given. Throws InputError on bad options,
// e.g. "migrasim validate: missing SCENARIO (usage: migrasim validate SCENARIO [options])".
bool parse_command_line(const Command& command, const std::vector<std::string>& args,
                        const po::options_description& options,
                        const std::vector<Positional>& positionals, po::variables_map& vm);

// The overrides scenario_options() produced, in a fixed order.
std::vector<Override> overrides_from(const po::variables_map& vm);

// The --threads value, checked (0 = all cores) and capped at
// kThreadsPerCore x the cores (with a message on stderr).
inline constexpr int kThreadsPerCore = 4;
int threads_option(const po::variables_map& vm);

// Prints the scenario's warnings (scenario_warnings: regions with few agents,
// events after the run's end) on stderr, each as "migrasim <command>:
// warning: ...".
void print_scenario_warnings(const char* command, const Scenario& scenario);

// Checks, before a population is built, that the scenario's run fits in the
// memory available with `threads` threads (0 = all cores): InputError with
// the estimate and the memory available otherwise.
void check_run_fits(const Scenario& scenario, int threads);

// "10M", "2.5e6", "10k", "1000000" -> 10000000, 2500000, 10000, 1000000.
// Throws InputError for anything that is not a positive whole number.
long long parse_agent_count(const std::string& text);

}  // namespace migrasim::cli
