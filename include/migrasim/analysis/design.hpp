// Designs of ensembles (docs/ensembles.md): which values of which inputs
// each member of an ensemble runs with. A design is a table of members x
// factors; each factor is a scenario key varied between a low and a high
// value (linear or log scale), and each member holds its position in the
// unit interval of every factor (NaN: the scenario's own value). Sampling
// draws come from the engine's counter-based generator (Purpose::design),
// so a design depends only on its kind, its size, its factors and the seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace migrasim {

enum class FactorScale { linear, log };

struct Factor {
  std::string key;  // a scenario key, as for --set
  double low = 0, high = 0;
  FactorScale scale = FactorScale::linear;
  // The value at position u in [0, 1]: low + u (high - low), or on the log
  // scale low (high / low)^u.
  double value(double u) const;
};

enum class DesignKind {
  grid,    // every combination of K levels per factor (K^d members)
  lhs,     // Latin hypercube: K members, one in each of K strata per factor
  morris,  // R trajectories of d + 1 members, one factor moved at each step
  sobol,   // Saltelli's scheme: matrices A, B and d matrices AB_i, N rows each
  oat,     // one at a time: the default, then each factor at low and at high
  file,    // rows read from a design file (values, not positions)
};

std::string_view design_kind_name(DesignKind kind);

struct Design {
  DesignKind kind = DesignKind::grid;
  std::vector<Factor> factors;
  // positions[m * factors + f] in [0, 1]; NaN = the scenario's value.
  std::vector<double> positions;
  // For a design file: the values themselves (positions are then NaN).
  std::vector<double> values;
  int morris_levels = 0;         // morris: the grid of positions (p)
  std::size_t base_samples = 0;  // sobol: N (members = N (d + 2))

  std::size_t factor_count() const { return factors.size(); }
  std::size_t members() const;
  double position(std::size_t member, std::size_t factor) const {
    return positions[member * factors.size() + factor];
  }
  // The value member m runs with for factor f; NaN = the scenario's own.
  double value(std::size_t member, std::size_t factor) const;
};

Design grid_design(std::vector<Factor> factors, int levels);
Design lhs_design(std::vector<Factor> factors, std::size_t members, std::uint64_t seed);
// Morris (1991) trajectories on a p-level grid, step p / (2 (p - 1)).
Design morris_design(std::vector<Factor> factors, int trajectories, std::uint64_t seed,
                     int levels = 4);
// Saltelli (2002, 2010): rows of A, then B, then AB_1 .. AB_d (A with
// column i from B), N each.
Design sobol_design(std::vector<Factor> factors, std::size_t base_samples, std::uint64_t seed);
Design oat_design(std::vector<Factor> factors);
// A design file (--design-file): a CSV whose header names scenario keys, one
// row per design point holding the values it runs with (an empty cell: the
// scenario's value). Each factor's low and high are the least and greatest
// value given. Throws InputError naming the file, line, column and value.
Design design_from_file(const std::filesystem::path& file);

// "key=low:high" or "key=low:high:log" (the --vary option). Throws
// InputError naming the text.
Factor parse_factor(std::string_view text);
// "grid:K", "lhs:K", "morris:R", "sobol:N" or "oat" (the --design option).
Design make_design(std::string_view spec, std::vector<Factor> factors, std::uint64_t seed);

}  // namespace migrasim
