// `migrasim inspect` of an ensemble file (docs/ensembles.md): what the
// ensemble is (scenario, design, factors, replicates), how many members are
// done, and the series it holds.
#pragma once

#include <ostream>
#include <string>

namespace migrasim::cli {

// True (and printed) when `path` is an ensemble file; false for any other
// file, which the caller opens as a run file.
bool print_if_ensemble(std::ostream& out, const std::string& path);

}  // namespace migrasim::cli
