// The inputs of a sensitivity study (`migrasim sensitivity SPEC.csv`,
// docs/ensembles.md): a CSV with columns key, low, high, distribution
// (uniform | loguniform) and an optional reason, one row per input. Each
// row becomes a Factor (uniform: linear scale; loguniform: log scale).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "migrasim/analysis/design.hpp"

namespace migrasim {

struct SensitivityInput {
  Factor factor;
  std::size_t line = 0;  // in the file, for messages
  std::string reason;    // why this range (the optional `reason` column)
};

// Throws InputError naming the file, line, field and value: a missing
// column, low >= high, a loguniform range not above 0, an unknown
// distribution, a key given twice, no rows.
std::vector<SensitivityInput> read_sensitivity_spec(const std::filesystem::path& file);

}  // namespace migrasim
