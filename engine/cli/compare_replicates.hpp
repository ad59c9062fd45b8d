// `migrasim compare BASE WHATIF --replicates N` (docs/ensembles.md): N pairs
// of runs, baseline and what-if of pair r with the same seed (replicate r's
// seed of an ensemble, EnsembleSpec::seed_of), each pair compared, every
// figure summarised across the pairs.
#pragma once

#include <string>
#include <vector>

#include "cli_options.hpp"
#include "migrasim/analysis/replicates.hpp"

namespace migrasim::cli {

// Runs BASE and WHATIF with the overrides of each pair (pairs[p]) and
// compares them: one Burden per pair, in order. The pairs run side by side,
// as the members of an ensemble: as many at once as the threads allow, each
// Simulation with its own execution context; their run files go to --keep
// DIR (base-P.h5, whatif-P.h5) or a temporary folder. `vm` holds the
// options quiet, keep, overwrite and threads; `command` names the command
// in the progress lines.
std::vector<Burden> run_compared_pairs(const std::string& base, const std::string& whatif,
                                       const std::vector<std::vector<Override>>& pairs,
                                       const po::variables_map& vm, const BurdenOptions& options,
                                       const std::string& command_line, const char* command);

// BASE and WHATIF must be scenarios (run files hold one seed); pair r runs
// with replicate r's seed.
ReplicatedBurden compare_replicates(const std::string& base, const std::string& whatif,
                                    const po::variables_map& vm, const BurdenOptions& options,
                                    int replicates, const std::string& command_line);

}  // namespace migrasim::cli
