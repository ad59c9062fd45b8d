#include "migrasim/analysis/replicates.hpp"

#include <cmath>

#include "migrasim/error.hpp"

namespace migrasim {

namespace {

// Row `pick(run)` of every replicate, summarised figure by figure.
template <typename Pick>
ReplicatedRow summarize_row(const std::vector<Burden>& runs, const BurdenFigures& figures,
                            Pick pick) {
  ReplicatedRow out;
  out.name = pick(runs.front()).name;
  std::vector<std::vector<double>> per_figure;
  for (const Burden& b : runs) {
    const BurdenRow& row = pick(b);
    if (row.name != out.name) {
      throw InputError("compare --replicates: the replicates' rows differ ('" + out.name +
                       "' and '" + row.name + "')");
    }
    const std::vector<double> v = figures(row);
    if (per_figure.empty()) per_figure.resize(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (std::isfinite(v[i])) per_figure[i].push_back(v[i]);
    }
  }
  for (const auto& values : per_figure) {
    out.figures.push_back(summarize(values));
    out.counted.push_back(static_cast<int>(values.size()));
  }
  return out;
}

}  // namespace

ReplicatedBurden summarize_replicates(const std::vector<Burden>& runs,
                                      const std::vector<std::uint64_t>& seeds,
                                      const BurdenFigures& figures) {
  if (runs.empty() || runs.size() != seeds.size()) {
    throw InputError("compare --replicates: expected one comparison per seed");
  }
  ReplicatedBurden out;
  out.first = runs.front();
  out.seeds = seeds;
  for (const Burden& b : runs) {
    if (b.rows.size() != runs.front().rows.size()) {
      throw InputError("compare --replicates: the replicates have different numbers of rows");
    }
  }
  for (std::size_t i = 0; i < runs.front().rows.size(); ++i) {
    out.rows.push_back(summarize_row(
        runs, figures, [i](const Burden& b) -> const BurdenRow& { return b.rows[i]; }));
  }
  out.national =
      summarize_row(runs, figures, [](const Burden& b) -> const BurdenRow& { return b.national; });
  return out;
}

}  // namespace migrasim
