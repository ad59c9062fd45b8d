// The policy phase: the scenario's events dated this tick change the
// regions' regime (docs/policy.md).
#include <algorithm>
#include <cmath>

#include "migrasim/model/registration.hpp"
#include "migrasim/scenario/parameter_table.hpp"
#include "model_phases.hpp"

namespace migrasim::detail {

std::vector<int> event_regions(const Scenario& scenario, const Event& e, const Aggregates& current,
                               double scale) {
  if (!e.by_size()) return e.regions;
  std::vector<int> regions;
  for (int r : e.regions) {
    const double urban = static_cast<double>(current.at(r, Counter::residents)) * scale *
                         scenario.regions()[r].urban_share;
    if (in_size_tier(urban, e.urban_min, e.urban_max)) regions.push_back(r);
  }
  return regions;
}

void apply_event(const Scenario& scenario, int index, const std::vector<int>& regions, double scale,
                 std::vector<PolicyParams>& policy, std::vector<AppliedEvent>& applied,
                 std::vector<std::int64_t>& quota_used) {
  const Event& e = scenario.events()[index];
  applied.push_back({e.tick, index, regions});
  // A quota set in the middle of a year counts from then: the months of
  // the year already gone are taken as used.
  const int month = (scenario.params().run.start.month - 1 + e.tick) % 12;
  for (int r : regions) {
    const PolicyParams before = policy[r];
    Parameters scratch;
    scratch.policy = policy[r];
    for (const auto& [key, value] : e.assignments) {
      assign_parameter(scratch, *find_parameter("policy." + key), value, {e.origin, 0});
    }
    policy[r] = scratch.policy;
    const PolicyParams& after = policy[r];
    const bool quota_now = after.residence_rule == ResidenceRule::points && after.points_quota > 0;
    const bool quota_before =
        before.residence_rule == ResidenceRule::points && before.points_quota > 0;
    if (quota_now && (!quota_before || before.points_quota != after.points_quota) &&
        static_cast<int>(quota_used.size()) == scenario.region_count()) {
      quota_used[r] = static_cast<std::int64_t>(
          std::floor(static_cast<double>(after.points_quota) / scale * month / 12.0));
    }
  }
}

void PolicyPhase::run() {
  const auto& events = in_.scenario.events();
  for (int i = 0; i < static_cast<int>(events.size()); ++i) {
    if (events[i].tick != in_.tick) continue;
    apply_event(in_.scenario, i, event_regions(in_.scenario, events[i], in_.current, in_.scale),
                in_.scale, out_.policy, out_.applied, out_.quota_used);
  }
}

}  // namespace migrasim::detail
