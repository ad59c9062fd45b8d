// Internal: one field of a CSV file we write, quoted as RFC 4180 says.
#pragma once

#include <string>
#include <string_view>

namespace migrasim {

// `text` as it goes into a CSV record: as is, or in double quotes (with each
// quote doubled) when it holds a comma, a quote, a line break or a leading or
// trailing blank. Used by every CSV writer (series CSV, inspect, compare).
inline std::string csv_field(std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace migrasim
