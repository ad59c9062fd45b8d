// What an ensemble's outputs say about its inputs (docs/ensembles.md):
// quantiles across replicates, Morris elementary effects, Sobol' indices and
// tornado data. Each takes the design the members ran and one output per
// member (e.g. the net cost per migrant), in member order.
#pragma once

#include <string>
#include <vector>

#include "migrasim/analysis/design.hpp"

namespace migrasim {

// The q-quantile of `values` (q in [0, 1]) by linear interpolation between
// order statistics (Hyndman and Fan's type 7, R's default); NaN when empty.
double quantile(std::vector<double> values, double q);

struct Quantiles {
  double p05 = 0, p50 = 0, p95 = 0, mean = 0;
};
Quantiles summarize(const std::vector<double>& values);

// Morris (1991) elementary effects per factor, in output units per whole
// range of the factor (the step is measured in positions, 0..1): the mean
// effect mu, the mean absolute effect mu* (Campolongo et al. 2007: the
// ranking measure) and their standard deviation sigma (interactions and
// non-linearity), over the R trajectories.
struct MorrisEffect {
  std::string key;
  double mu = 0, mu_star = 0, sigma = 0;
};
std::vector<MorrisEffect> morris_effects(const Design& design, const std::vector<double>& outputs);

// Sobol' first-order and total indices per factor from Saltelli's scheme:
// first order by Saltelli et al. (2010), S_i = mean(f(B) (f(AB_i) - f(A))) /
// V; total by Jansen (1999), ST_i = mean((f(A) - f(AB_i))^2) / (2 V); V the
// variance of f over A and B together.
struct SobolIndex {
  std::string key;
  double first = 0, total = 0;
};
std::vector<SobolIndex> sobol_indices(const Design& design, const std::vector<double>& outputs);

// Tornado data from a one-at-a-time design: the output at each factor's low
// and high value, the others at the scenario's, and the default's output.
struct TornadoBar {
  std::string key;
  double low_value = 0, high_value = 0;  // the factor's values
  double at_low = 0, at_high = 0;        // the outputs
  double swing() const { return at_high > at_low ? at_high - at_low : at_low - at_high; }
};
struct Tornado {
  double at_default = 0;
  std::vector<TornadoBar> bars;  // largest swing first
};
Tornado tornado(const Design& design, const std::vector<double>& outputs);

}  // namespace migrasim
