// The admission phase: per region, admit the applications by rule and
// quota. A quota (points) admits the highest keys whose persons fit this
// tick's share of the annual quota; everyone else eligible who applied is
// admitted. The admitted units are then transferred, each list by the
// worker that owns it.
#include <algorithm>
#include <cmath>
#include <limits>

#include "migrasim/model/registration.hpp"
#include "model_phases.hpp"

namespace migrasim::detail {

AdmissionPhase::AdmissionPhase(Reads in, Writes out) : in_(in), out_(out) {
  const int regions = in_.scenario.region_count();
  allowance_.assign(2 * regions, -1);
  admitted_.assign(regions, 0);
  threshold_.assign(2 * regions, 0);
  key_lists_.reserve(64);
}

void AdmissionPhase::run() {
  const int n = in_.scenario.region_count();
  const RegistrationTable& table = in_.registration;
  const ExecutionContext& context = in_.context;
  std::vector<double>& points_cutoff = out_.points_cutoff;
  std::vector<std::int64_t>& quota_used = out_.quota_used;
  std::fill(points_cutoff.begin(), points_cutoff.end(), std::numeric_limits<double>::quiet_NaN());
  const int month = (in_.scenario.params().run.start.month - 1 + in_.tick) % 12;  // 0 = January
  if (month == 0) std::fill(quota_used.begin(), quota_used.end(), 0);
  if (!table.any) return;
  // A quota is a number of persons a calendar year. By month m (1-12) of
  // the year, floor(quota x m / 12) may have been admitted (in agents); what
  // is left unused carries to the next month, not to the next year.
  std::fill(allowance_.begin(), allowance_.end(), -1);
  for (int j = 0; j < n; ++j) {
    const RegionRule& rule = table.rules[j];
    if (rule.rule != ResidenceRule::points || rule.quota <= 0) continue;
    const double yearly = static_cast<double>(rule.quota) / in_.scale;
    const auto by_now = static_cast<std::int64_t>(std::floor(yearly * (month + 1) / 12.0));
    allowance_[j] = std::max<std::int64_t>(0, by_now - quota_used[j]);
  }
  const Workers& workers = out_.workers;
  key_lists_.clear();
  for (const auto& w : workers) key_lists_.push_back(&w->scratch.keys);
  admission_thresholds(key_lists_, allowance_, 2 * n, context, selection_, threshold_);
  const std::vector<std::uint64_t>& threshold = threshold_;

  AgentStore& store = out_.store;
  context.parallel_for("admission", workers.size(), [&](std::size_t i, int) {
    WorkerState& w = *workers[i];
    for (const Application& app : w.scratch.applications) {
      const int j = app.key.region % n;
      w.aggregates.at(j, Counter::applications) += app.key.persons;
      if (app.key.key < threshold[app.key.region]) continue;
      transfer_unit(table, store, app, w.aggregates);
    }
  });
  // The quota used (a sum) and the cut-off, the lowest score admitted (a
  // min: any order gives it), over the workers' lists, then the ranks.
  std::fill(admitted_.begin(), admitted_.end(), 0);
  context.combine_in_order(workers, admitted_, [&](std::vector<std::int64_t>&, const auto& w) {
    for (const Application& app : w->scratch.applications) {
      const int j = app.key.region;
      if (j >= n || table.rules[j].rule != ResidenceRule::points) continue;
      if (app.key.key < threshold[j]) continue;
      if (allowance_[j] >= 0) admitted_[j] += app.key.persons;
      const double score = key_score(app.key.key);
      if (std::isnan(points_cutoff[j]) || score < points_cutoff[j]) points_cutoff[j] = score;
    }
  });
  context.sum_over_ranks(admitted_);
  context.min_over_ranks(points_cutoff);
  for (int j = 0; j < n; ++j) quota_used[j] += admitted_[j];
}

}  // namespace migrasim::detail
