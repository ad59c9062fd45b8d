// Ensemble designs (design.hpp).
#include "migrasim/analysis/design.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"
#include "migrasim/model/random.hpp"

namespace migrasim {

namespace {

constexpr double kDefault = std::numeric_limits<double>::quiet_NaN();

// Draws of one design: stream (seed, which matrix or trajectory, 0).
RandomSequence draws(std::uint64_t seed, std::uint32_t stream) {
  return RandomSequence(seed, stream, 0, Purpose::design);
}

// A uniformly random permutation of 0..n-1 (Fisher-Yates).
std::vector<std::size_t> permutation(std::size_t n, RandomSequence& rng) {
  std::vector<std::size_t> p(n);
  std::iota(p.begin(), p.end(), std::size_t{0});
  for (std::size_t i = n; i > 1; --i) {
    const std::size_t j = std::min<std::size_t>(i - 1, rng.below(static_cast<std::uint32_t>(i)));
    std::swap(p[i - 1], p[j]);
  }
  return p;
}

Design start(DesignKind kind, std::vector<Factor> factors) {
  if (factors.empty()) throw InputError("an ensemble design needs at least one factor (--vary)");
  Design d;
  d.kind = kind;
  d.factors = std::move(factors);
  return d;
}

}  // namespace

double Factor::value(double u) const {
  if (scale == FactorScale::log) return low * std::pow(high / low, u);
  return low + u * (high - low);
}

std::string_view design_kind_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::grid:
      return "grid";
    case DesignKind::lhs:
      return "lhs";
    case DesignKind::morris:
      return "morris";
    case DesignKind::sobol:
      return "sobol";
    case DesignKind::oat:
      return "oat";
    case DesignKind::file:
      return "file";
  }
  return "?";
}

std::size_t Design::members() const {
  if (factors.empty()) return 0;
  return (kind == DesignKind::file ? values.size() : positions.size()) / factors.size();
}

double Design::value(std::size_t member, std::size_t factor) const {
  if (kind == DesignKind::file) return values[member * factors.size() + factor];
  const double u = position(member, factor);
  return std::isnan(u) ? u : factors[factor].value(u);
}

Design grid_design(std::vector<Factor> factors, int levels) {
  Design d = start(DesignKind::grid, std::move(factors));
  if (levels < 2) throw InputError("grid:K needs K >= 2 levels, got " + std::to_string(levels));
  const std::size_t n = d.factors.size();
  const double members = std::pow(static_cast<double>(levels), static_cast<double>(n));
  if (members > 1e6) {
    throw InputError("grid:" + std::to_string(levels) + " over " + std::to_string(n) +
                     " factors has " + format_number(members) + " members (at most 1e6)");
  }
  const auto m = static_cast<std::size_t>(members);
  d.positions.resize(m * n);
  // The last factor varies fastest.
  for (std::size_t member = 0; member < m; ++member) {
    std::size_t rest = member;
    for (std::size_t f = n; f-- > 0;) {
      d.positions[member * n + f] = static_cast<double>(rest % levels) / (levels - 1);
      rest /= levels;
    }
  }
  return d;
}

Design lhs_design(std::vector<Factor> factors, std::size_t members, std::uint64_t seed) {
  Design d = start(DesignKind::lhs, std::move(factors));
  if (members < 1) throw InputError("lhs:K needs K >= 1 members");
  const std::size_t n = d.factors.size();
  d.positions.resize(members * n);
  for (std::size_t f = 0; f < n; ++f) {
    RandomSequence rng = draws(seed, static_cast<std::uint32_t>(f));
    const auto strata = permutation(members, rng);
    for (std::size_t m = 0; m < members; ++m) {
      // One member in each of `members` equal strata, at a random place in it.
      d.positions[m * n + f] = (static_cast<double>(strata[m]) + rng.uniform()) / members;
    }
  }
  return d;
}

Design morris_design(std::vector<Factor> factors, int trajectories, std::uint64_t seed,
                     int levels) {
  Design d = start(DesignKind::morris, std::move(factors));
  if (trajectories < 1) throw InputError("morris:R needs R >= 1 trajectories");
  if (levels < 2 || levels % 2 != 0) {
    throw InputError("Morris designs need an even number of levels >= 2, got " +
                     std::to_string(levels));
  }
  d.morris_levels = levels;
  const std::size_t n = d.factors.size();
  const double step = levels / (2.0 * (levels - 1));
  d.positions.resize(static_cast<std::size_t>(trajectories) * (n + 1) * n);
  for (int t = 0; t < trajectories; ++t) {
    RandomSequence rng = draws(seed, static_cast<std::uint32_t>(t));
    std::vector<double> x(n);
    for (auto& xi : x) xi = static_cast<double>(rng.below(levels)) / (levels - 1);
    const auto order = permutation(n, rng);
    double* row = &d.positions[static_cast<std::size_t>(t) * (n + 1) * n];
    std::copy(x.begin(), x.end(), row);
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t f = order[k];
      // Up by the step where it stays on the grid, else down.
      x[f] = x[f] + step <= 1.0 + 1e-12 ? x[f] + step : x[f] - step;
      row += n;
      std::copy(x.begin(), x.end(), row);
    }
  }
  return d;
}

Design sobol_design(std::vector<Factor> factors, std::size_t base_samples, std::uint64_t seed) {
  Design d = start(DesignKind::sobol, std::move(factors));
  if (base_samples < 2) throw InputError("sobol:N needs N >= 2 base samples");
  d.base_samples = base_samples;
  const std::size_t n = d.factors.size(), N = base_samples;
  d.positions.resize(N * (n + 2) * n);
  std::vector<double> a(N * n), b(N * n);
  for (std::size_t row = 0; row < N; ++row) {
    RandomSequence rng = draws(seed, static_cast<std::uint32_t>(row));
    for (std::size_t f = 0; f < n; ++f) a[row * n + f] = rng.uniform();
    for (std::size_t f = 0; f < n; ++f) b[row * n + f] = rng.uniform();
  }
  std::copy(a.begin(), a.end(), d.positions.begin());
  std::copy(b.begin(), b.end(), d.positions.begin() + N * n);
  for (std::size_t i = 0; i < n; ++i) {
    double* ab = &d.positions[(2 + i) * N * n];
    std::copy(a.begin(), a.end(), ab);
    for (std::size_t row = 0; row < N; ++row) ab[row * n + i] = b[row * n + i];
  }
  return d;
}

Design oat_design(std::vector<Factor> factors) {
  Design d = start(DesignKind::oat, std::move(factors));
  const std::size_t n = d.factors.size();
  d.positions.assign((1 + 2 * n) * n, kDefault);
  for (std::size_t f = 0; f < n; ++f) {
    d.positions[(1 + 2 * f) * n + f] = 0.0;
    d.positions[(2 + 2 * f) * n + f] = 1.0;
  }
  return d;
}

Factor parse_factor(std::string_view text) {
  const std::string where = "--vary '" + std::string(text) + "'";
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || trim(text.substr(0, eq)).empty()) {
    throw InputError(where + ": expected key=low:high or key=low:high:log");
  }
  Factor f;
  f.key = std::string(trim(text.substr(0, eq)));
  std::vector<std::string_view> parts;
  std::string_view rest = text.substr(eq + 1);
  for (std::size_t colon; (colon = rest.find(':')) != std::string_view::npos;) {
    parts.push_back(rest.substr(0, colon));
    rest = rest.substr(colon + 1);
  }
  parts.push_back(rest);
  if (parts.size() < 2 || parts.size() > 3) {
    throw InputError(where + ": expected key=low:high or key=low:high:log");
  }
  const auto low = parse_real(parts[0]), high = parse_real(parts[1]);
  if (!low) throw InputError(where + ": low '" + std::string(parts[0]) + "' is not a number");
  if (!high) throw InputError(where + ": high '" + std::string(parts[1]) + "' is not a number");
  f.low = *low;
  f.high = *high;
  if (!(f.low < f.high)) throw InputError(where + ": low must be below high");
  if (parts.size() == 3) {
    const std::string scale = to_lower(trim(parts[2]));
    if (scale == "log" || scale == "loguniform") {
      f.scale = FactorScale::log;
    } else if (scale != "linear" && scale != "uniform") {
      throw InputError(where + ": scale '" + std::string(parts[2]) + "' is not one of log, linear");
    }
  }
  if (f.scale == FactorScale::log && f.low <= 0) {
    throw InputError(where + ": a log scale needs low > 0");
  }
  return f;
}

Design make_design(std::string_view spec, std::vector<Factor> factors, std::uint64_t seed) {
  const std::string text = to_lower(trim(spec));
  if (text == "oat") return oat_design(std::move(factors));
  const auto colon = text.find(':');
  const std::string kind = text.substr(0, colon);
  const std::vector<std::string> kinds = {"grid", "lhs", "morris", "sobol", "oat"};
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    throw InputError("--design '" + std::string(spec) + "': not one of grid:K, lhs:K, morris:R, " +
                     "sobol:N, oat" + did_you_mean(kind, kinds));
  }
  long long size = 0;
  if (colon != std::string::npos) size = parse_integer(text.substr(colon + 1)).value_or(0);
  if (size < 1) {
    throw InputError("--design '" + std::string(spec) + "': expected " + kind +
                     ":K with K a positive whole number");
  }
  if (kind == "grid") return grid_design(std::move(factors), static_cast<int>(size));
  if (kind == "lhs") return lhs_design(std::move(factors), static_cast<std::size_t>(size), seed);
  if (kind == "morris") return morris_design(std::move(factors), static_cast<int>(size), seed);
  return sobol_design(std::move(factors), static_cast<std::size_t>(size), seed);
}

}  // namespace migrasim
