// Regions gathered into the rows of a report: each region its own row, or the
// regions of one province summed into one row (`--by province` of inspect and
// compare). Rows are in the order their first region appears.
#pragma once

#include <string>
#include <vector>

namespace migrasim {

struct RegionGroups {
  std::vector<std::string> names;  // one per row
  std::vector<int> of_region;      // [region] -> row
  int size() const { return static_cast<int>(names.size()); }
};

RegionGroups group_regions(const std::vector<std::string>& regions,
                           const std::vector<std::string>& provinces, bool by_province);

}  // namespace migrasim
