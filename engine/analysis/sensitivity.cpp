// Quantiles, Morris effects, Sobol' indices and tornado data (sensitivity.hpp).
#include "migrasim/analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "migrasim/error.hpp"

namespace migrasim {

namespace {

void require_outputs(const Design& design, const std::vector<double>& outputs, DesignKind kind) {
  if (design.kind != kind) {
    throw InputError(std::string("this analysis needs a ") + std::string(design_kind_name(kind)) +
                     " design, the ensemble has a " + std::string(design_kind_name(design.kind)) +
                     " design");
  }
  if (outputs.size() != design.members()) {
    throw InputError("the design has " + std::to_string(design.members()) + " members, " +
                     std::to_string(outputs.size()) + " outputs were given");
  }
  for (std::size_t m = 0; m < outputs.size(); ++m) {
    if (!std::isfinite(outputs[m])) {
      throw InputError("member " + std::to_string(m) + "'s output is not a finite number");
    }
  }
}

}  // namespace

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

Quantiles summarize(const std::vector<double>& values) {
  Quantiles q;
  q.p05 = quantile(values, 0.05);
  q.p50 = quantile(values, 0.50);
  q.p95 = quantile(values, 0.95);
  q.mean = values.empty() ? std::numeric_limits<double>::quiet_NaN()
                          : std::accumulate(values.begin(), values.end(), 0.0) /
                                static_cast<double>(values.size());
  return q;
}

std::vector<MorrisEffect> morris_effects(const Design& design, const std::vector<double>& outputs) {
  require_outputs(design, outputs, DesignKind::morris);
  const std::size_t n = design.factor_count();
  const std::size_t trajectories = design.members() / (n + 1);
  std::vector<std::vector<double>> effects(n);
  for (std::size_t t = 0; t < trajectories; ++t) {
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t before = t * (n + 1) + k, after = before + 1;
      // The one factor that moved between the two members.
      for (std::size_t f = 0; f < n; ++f) {
        const double step = design.position(after, f) - design.position(before, f);
        if (std::abs(step) < 1e-12) continue;
        effects[f].push_back((outputs[after] - outputs[before]) / step);
      }
    }
  }
  std::vector<MorrisEffect> out;
  for (std::size_t f = 0; f < n; ++f) {
    MorrisEffect e;
    e.key = design.factors[f].key;
    const auto& ee = effects[f];
    const double r = static_cast<double>(ee.size());
    for (double x : ee) {
      e.mu += x / r;
      e.mu_star += std::abs(x) / r;
    }
    double ss = 0;
    for (double x : ee) ss += (x - e.mu) * (x - e.mu);
    e.sigma = ee.size() > 1 ? std::sqrt(ss / (r - 1)) : 0.0;
    out.push_back(e);
  }
  return out;
}

std::vector<SobolIndex> sobol_indices(const Design& design, const std::vector<double>& outputs) {
  require_outputs(design, outputs, DesignKind::sobol);
  const std::size_t n = design.factor_count(), N = design.base_samples;
  const double* fa = outputs.data();
  const double* fb = outputs.data() + N;
  double mean = 0;
  for (std::size_t j = 0; j < 2 * N; ++j) mean += outputs[j] / (2.0 * N);
  double variance = 0;
  for (std::size_t j = 0; j < 2 * N; ++j) variance += (outputs[j] - mean) * (outputs[j] - mean);
  variance /= 2.0 * N - 1;
  std::vector<SobolIndex> out;
  for (std::size_t i = 0; i < n; ++i) {
    const double* fab = outputs.data() + (2 + i) * N;
    double first = 0, total = 0;
    for (std::size_t j = 0; j < N; ++j) {
      first += fb[j] * (fab[j] - fa[j]);
      total += (fa[j] - fab[j]) * (fa[j] - fab[j]);
    }
    SobolIndex s;
    s.key = design.factors[i].key;
    // A constant output explains nothing: indices 0, not 0/0.
    s.first = variance > 0 ? first / N / variance : 0.0;
    s.total = variance > 0 ? total / (2.0 * N) / variance : 0.0;
    out.push_back(s);
  }
  return out;
}

Tornado tornado(const Design& design, const std::vector<double>& outputs) {
  require_outputs(design, outputs, DesignKind::oat);
  Tornado t;
  t.at_default = outputs[0];
  for (std::size_t f = 0; f < design.factor_count(); ++f) {
    TornadoBar bar;
    bar.key = design.factors[f].key;
    bar.low_value = design.factors[f].low;
    bar.high_value = design.factors[f].high;
    bar.at_low = outputs[1 + 2 * f];
    bar.at_high = outputs[2 + 2 * f];
    t.bars.push_back(bar);
  }
  std::stable_sort(t.bars.begin(), t.bars.end(),
                   [](const TornadoBar& a, const TornadoBar& b) { return a.swing() > b.swing(); });
  return t;
}

}  // namespace migrasim
