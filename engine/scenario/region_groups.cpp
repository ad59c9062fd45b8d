#include "migrasim/scenario/region_groups.hpp"

#include <map>

#include "migrasim/error.hpp"

namespace migrasim {

RegionGroups group_regions(const std::vector<std::string>& regions,
                           const std::vector<std::string>& provinces, bool by_province) {
  if (provinces.size() != regions.size()) {
    throw Error("group_regions: " + std::to_string(regions.size()) + " regions but " +
                std::to_string(provinces.size()) + " provinces");
  }
  RegionGroups g;
  g.of_region.resize(regions.size());
  std::map<std::string, int> row;
  for (std::size_t r = 0; r < regions.size(); ++r) {
    const std::string& key = by_province ? provinces[r] : regions[r];
    const auto [it, fresh] = row.emplace(key, g.size());
    if (fresh) g.names.push_back(key);
    g.of_region[r] = it->second;
  }
  return g;
}

}  // namespace migrasim
