// The run file's series as data (migrasim/run_series.hpp), and the values of
// one series for a simulation's current row.
#include "migrasim/io/run_series.hpp"

#include "migrasim/model/simulation.hpp"
#include "run_file_layout.hpp"

namespace migrasim {

const SeriesSpec* find_series(std::string_view name) {
  for (const SeriesSpec& s : kRunSeries) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::vector<std::string> series_names() {
  std::vector<std::string> names;
  for (const SeriesSpec& s : kRunSeries) names.emplace_back(s.name);
  return names;
}

std::string_view kind_name(SeriesKind kind) {
  return kind == SeriesKind::stock ? "stock" : "counter";
}

std::optional<Month> described_month(SeriesKind kind, Month row_date, long long tick) {
  if (kind == SeriesKind::stock) return row_date;
  if (tick <= 0) return std::nullopt;
  return row_date.plus(-1);
}

namespace detail {

void series_row(const Simulation& sim, const SeriesSpec& s, std::vector<std::int64_t>& ints,
                std::vector<double>& reals) {
  const Aggregates& a = sim.aggregates();
  const FiscalAccounts& budget = sim.fiscal();
  const int n = sim.scenario().region_count();
  ints.assign(s.type == SeriesType::int64 ? n : 0, 0);
  reals.assign(s.type == SeriesType::float64 ? n : 0, 0.0);
  for (int r = 0; r < n; ++r) {
    switch (s.source) {
      case SeriesSource::counter:
        ints[r] = persons(a.at(r, static_cast<Counter>(s.index)), sim.scale());
        break;
      case SeriesSource::unified:
        ints[r] = sim.region_policy()[r].classification == Classification::unified;
        break;
      case SeriesSource::wage:
        reals[r] = sim.fields().wage[r];
        break;
      case SeriesSource::points_cutoff:
        reals[r] = sim.points_cutoff()[r];
        break;
      case SeriesSource::spending:
        reals[r] = yuan(budget.spending(r, static_cast<Spending>(s.index)));
        break;
      case SeriesSource::spending_total:
        reals[r] = yuan(budget.total_spending(r));
        break;
      case SeriesSource::revenue:
        reals[r] = yuan(budget.revenue(r, static_cast<Revenue>(s.index)));
        break;
      case SeriesSource::revenue_total:
        reals[r] = yuan(budget.total_revenue(r));
        break;
      case SeriesSource::balance:
        reals[r] = yuan(budget.balance(r));
        break;
      case SeriesSource::debt:
        reals[r] = yuan(budget.debt(r));
        break;
    }
  }
}

}  // namespace detail

}  // namespace migrasim
