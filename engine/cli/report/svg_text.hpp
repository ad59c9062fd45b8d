// Text helpers of the HTML report: escaping for HTML/SVG, and numbers as
// people read them on an axis ("1.5 M", "300 k", "2.4 bn") or in a table
// ("1,234,567"). Kept apart from the drawing so they can be tested alone.
#pragma once

#include <string>
#include <string_view>

namespace migrasim::report {

// `text` with & < > " ' replaced by entities, so a region or scenario name
// can never open a tag or end an attribute. Bytes that are not valid UTF-8
// become U+FFFD, so the page always parses.
std::string escape(std::string_view text);

// A number with a short suffix (k, M, bn, tn), to `digits` significant
// decimals after the suffix's scale: 1'530'000 -> "1.53 M" (digits 2).
std::string short_number(double value, int digits = 2);

// A tick label for a value on an axis whose ticks are `step` apart: enough
// decimals to tell neighbouring ticks apart, with the suffix of the largest
// tick (`magnitude`), so one axis uses one suffix.
std::string tick_label(double value, double step, double magnitude);

// A value for a table: integers grouped by thousands ("1,234,567"), small
// or fractional values with up to 4 significant digits, NaN as "–".
std::string table_number(double value);

}  // namespace migrasim::report
