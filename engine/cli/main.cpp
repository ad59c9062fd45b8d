// migrasim: the command-line program. Dispatches to a subcommand and turns
// errors into exit codes: 0 success, 2 bad input, 1 internal error.
#include <iostream>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "migrasim/error.hpp"
#include "run_loop.hpp"

namespace migrasim::cli {

int validate_main(const std::vector<std::string>& args);
int run_main(const std::vector<std::string>& args);
int resume_main(const std::vector<std::string>& args);
int inspect_main(const std::vector<std::string>& args);
int compare_main(const std::vector<std::string>& args);
int ensemble_main(const std::vector<std::string>& args);
int sensitivity_main(const std::vector<std::string>& args);
int report_main(const std::vector<std::string>& args);

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"run", "run SCENARIO [options]", "Simulate a scenario and record the run in an HDF5 file.",
       run_main},
      {"resume", "resume FILE.h5 [options]", "Continue a run from its last complete snapshot.",
       resume_main},
      {"inspect", "inspect FILE.h5 [options]", "Show what a run file holds.", inspect_main},
      {"compare", "compare BASE WHATIF [options]", "Fiscal burden of a what-if against a baseline.",
       compare_main},
      {"report", "report RUN.h5 [--against BASE.h5] [options]",
       "Write an HTML report of a run (charts, map, flows, fiscal panel).", report_main},
      {"ensemble", "ensemble SCENARIO [options]",
       "Run replicates and design points of a scenario into one HDF5 file.", ensemble_main},
      {"sensitivity", "sensitivity SPEC.csv BASE WHATIF [options]",
       "Which inputs carry a what-if's fiscal burden (Morris, Sobol', tornado).", sensitivity_main},
      {"validate", "validate SCENARIO [options]",
       "Load and check a scenario, and print its summary.", validate_main},
  };
  return table;
}

const Command& find_command(const std::string& name) {
  for (const auto& c : commands()) {
    if (name == c.name) return c;
  }
  throw Error("internal: no command '" + name + "'");
}

namespace {

void print_usage(std::ostream& out) {
  out << "Usage: migrasim COMMAND [options]\n\n"
         "Agent-based simulation of migrant flows under household-registration (hukou) "
         "regimes.\n\nCommands:\n";
  for (const auto& c : commands()) {
    out << "  " << c.usage << "\n      " << c.purpose << "\n";
  }
  out << "\n'migrasim COMMAND --help' shows a command's options, defaults and units.\n"
         "Exit codes: 0 success, 2 bad input, 1 internal error.\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(std::cerr);
    return kBadInput;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(std::cout);
    return kSuccess;
  }
  if (name == "--version") {
    std::cout << "migrasim 0.1.0\n";
    return kSuccess;
  }
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    for (const auto& c : commands()) {
      if (name == c.name) return c.main(args);
    }
    std::cerr
        << "migrasim: unknown command '" << name << "'"
        << "; commands: run, resume, inspect, compare, report, ensemble, sensitivity, validate"
        << " (see 'migrasim --help')\n";
    return kBadInput;
  } catch (const Interrupted& e) {
    std::cerr << "migrasim " << name << ": " << e.what() << "\n";
    return 128 + e.signal();
  } catch (const InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kBadInput;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return kInternalError;
  }
}

}  // namespace migrasim::cli

int main(int argc, char** argv) {
  return migrasim::cli::main(argc, argv);
}
