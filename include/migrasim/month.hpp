// Calendar months. The engine's tick is one month; a Month is an absolute
// month (year and month) and converts to a tick offset from a start month.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrasim {

struct Month {
  int year = 2007;
  int month = 1;  // 1..12

  // Months since year 0, for differences.
  int index() const { return year * 12 + (month - 1); }
  static Month from_index(int index);
  Month plus(int months) const { return from_index(index() + months); }
  std::string str() const;  // "2007-03"

  friend auto operator<=>(const Month&, const Month&) = default;
};

// "2007-03" (also "2007-3"); nullopt when not a valid year-month.
std::optional<Month> parse_month(std::string_view text);

// "2010-11,2015-11" (spaces allowed, "" = none): strictly ascending months,
// else nullopt.
std::optional<std::vector<Month>> parse_month_list(std::string_view text);

}  // namespace migrasim
