// Text tables on a terminal: display widths of UTF-8 names, padding, and
// a name column as wide as the longest name.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace migrasim::cli {

// Columns `text` takes on a terminal: one per code point, two for East Asian
// wide characters (the CJK names of the scenarios).
std::size_t display_width(std::string_view text);

// `text` padded with blanks to `width` columns, on the right (default) or
// the left (`right`: right-aligned). Longer text is left as it is.
std::string pad(std::string_view text, std::size_t width, bool right = false);

// The width of a column of `names`: the longest, and at least `at_least`.
std::size_t column_width(const std::vector<std::string>& names, std::size_t at_least);

// `text` with control characters shown as \xNN, for a table on a terminal.
std::string printable(std::string_view text);

}  // namespace migrasim::cli
