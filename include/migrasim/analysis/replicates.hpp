// The fiscal burden over replicates (`compare --replicates N`,
// docs/ensembles.md): baseline and what-if run in pairs with the same
// seed, each pair compared (compare_runs), and every figure of every row
// summarised across the pairs by its median, 90% interval and mean.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "migrasim/analysis/compare.hpp"
#include "migrasim/analysis/sensitivity.hpp"

namespace migrasim {

// One row (a region, a province or National): figures[i] summarises
// figure i (the order the caller's `figures` gives) across the replicates.
struct ReplicatedRow {
  std::string name;
  std::vector<Quantiles> figures;
  std::vector<int> counted;  // replicates with a finite value of figure i
};

struct ReplicatedBurden {
  Burden first;                      // replicate 0's comparison: the months, rates and notes
  std::vector<std::uint64_t> seeds;  // replicate r's seed, both runs
  std::vector<ReplicatedRow> rows;
  ReplicatedRow national;
  int replicates() const { return static_cast<int>(seeds.size()); }
};

// The figures of one row, in a fixed order.
using BurdenFigures = std::function<std::vector<double>(const BurdenRow&)>;

// Summarises the comparisons of the replicates (one Burden each, seed
// `seeds[r]`; all with the same rows in the same order, else InputError).
// A per-migrant figure is NaN in a replicate where too few were registered:
// the quantiles and the mean are over the finite values (counted says how
// many), NaN when there is none.
ReplicatedBurden summarize_replicates(const std::vector<Burden>& runs,
                                      const std::vector<std::uint64_t>& seeds,
                                      const BurdenFigures& figures);

}  // namespace migrasim
