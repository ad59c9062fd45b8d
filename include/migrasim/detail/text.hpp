// Internal to the engine (detail/: not installed, not part of the API).
// Small text utilities shared by the readers: strict number parsing, the
// wording of expectations in error messages, and did-you-mean suggestions.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrasim {

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();
// Lower bound meaning "greater than zero" for real-valued fields.
inline constexpr double kPositive = std::numeric_limits<double>::denorm_min();

// Parses the whole of `text` (surrounding blanks allowed) as a finite decimal
// number; nullopt for anything else ("", "1,5", "nan", "inf", "3x").
std::optional<double> parse_real(std::string_view text);

// Parses a whole number (no fraction, no exponent); nullopt otherwise.
std::optional<long long> parse_integer(std::string_view text);

// "a non-negative number", "a positive integer", "a number in [0, 1]", ...
std::string describe_range(bool integer, double min, double max);

// Formats a number the short way: 0.5, 3, 1e+06, 2.5.
std::string format_number(double value);

// The candidate closest to `word` by edit distance (case-insensitive) if it is
// close enough to be a plausible typo; empty otherwise.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);

// Thousands separators for human-readable counts: 1299190000 -> "1,299,190,000".
std::string group_thousands(long long value);

}  // namespace migrasim
