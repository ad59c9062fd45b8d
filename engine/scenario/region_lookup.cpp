// Looking regions up by name, with did-you-mean errors.
#include "migrasim/detail/text.hpp"
#include "scenario_readers.hpp"

namespace migrasim::detail {

std::vector<std::string> region_names(const std::vector<Region>& regions) {
  std::vector<std::string> names;
  names.reserve(regions.size());
  for (const auto& r : regions) names.push_back(r.name);
  return names;
}

int region_index(const std::vector<Region>& regions, const std::string& name,
                 const SourceLocation& where, const std::string& what) {
  for (std::size_t i = 0; i < regions.size(); ++i) {
    if (regions[i].name == name) return static_cast<int>(i);
  }
  throw_input_error(
      where, what + ": unknown region '" + name + "'" + did_you_mean(name, region_names(regions)));
}

}  // namespace migrasim::detail
