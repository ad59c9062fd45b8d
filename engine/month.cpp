#include "migrasim/month.hpp"

#include <cstdio>

#include "migrasim/detail/text.hpp"

namespace migrasim {

Month Month::from_index(int index) {
  Month m;
  m.year = index / 12;
  m.month = index % 12 + 1;
  return m;
}

std::string Month::str() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
  return buffer;
}

std::optional<Month> parse_month(std::string_view text) {
  text = trim(text);
  const auto dash = text.find('-');
  if (dash == std::string_view::npos || dash != 4) return std::nullopt;
  const auto year = parse_integer(text.substr(0, dash));
  const std::string_view month_text = text.substr(dash + 1);
  if (month_text.empty() || month_text.size() > 2) return std::nullopt;
  const auto month = parse_integer(month_text);
  if (!year || !month || *year < 1000 || *month < 1 || *month > 12) return std::nullopt;
  for (char c : text.substr(0, dash)) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  for (char c : month_text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return Month{static_cast<int>(*year), static_cast<int>(*month)};
}

std::optional<std::vector<Month>> parse_month_list(std::string_view text) {
  std::vector<Month> months;
  if (trim(text).empty()) return months;
  while (true) {
    const auto comma = text.find(',');
    const auto m = parse_month(text.substr(0, comma));
    if (!m || (!months.empty() && !(months.back() < *m))) return std::nullopt;
    months.push_back(*m);
    if (comma == std::string_view::npos) return months;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace migrasim
