// The run file's per-region series (/series/<name>, [row][region]), written
// once, as data: name, type, units, kind (stock or counter), meaning, and
// how regions are combined into a province or the nation. The writer
// (run_file.cpp), the readers, `inspect`, the series CSV and the table of
// docs/hdf5-schema.md section 7 (checked by run_series_test) all follow it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrasim/model/aggregates.hpp"
#include "migrasim/model/fiscal.hpp"
#include "migrasim/month.hpp"

namespace migrasim {

// The two datasets that date the rows: /series/tick and /series/date.
inline constexpr std::string_view kSeriesTick = "tick";
inline constexpr std::string_view kSeriesDate = "date";

// Row t of the run file is dated date[t] = run.start + t months. A row holds
// two kinds of numbers, which one date cannot both describe:
enum class SeriesKind {
  stock,    // the state at the start of month date[t] (= at the end of month date[t] - 1)
  counter,  // what happened during month date[t] - 1 (tick t - 1); 0 (or NaN) in row 0
};

enum class SeriesType { int64, float64 };

// How the regions of a province, or all regions (national), are combined.
enum class SeriesCombine {
  sum,              // counts and yuan
  employed_weight,  // wage: the mean per worker, weighted by the regions' `employed`
  minimum,          // points cut-off: the lowest score admitted in any of the regions
};

// Where the writer takes a series from (index: the Counter, Spending or Revenue).
enum class SeriesSource {
  counter,
  wage,
  unified,
  points_cutoff,
  spending,
  spending_total,
  revenue,
  revenue_total,
  balance,
  debt
};

struct SeriesSpec {
  std::string_view name;
  SeriesType type;
  SeriesKind kind;
  SeriesCombine combine;
  std::string_view units;    // the dataset's `units` attribute
  std::string_view meaning;  // one line; hdf5-schema.md section 7 says more
  SeriesSource source;
  int index = 0;
};

namespace detail {
constexpr SeriesSpec count(std::string_view name, SeriesKind kind, Counter c,
                           std::string_view meaning) {
  return {name,
          SeriesType::int64,
          kind,
          SeriesCombine::sum,
          "persons",
          meaning,
          SeriesSource::counter,
          static_cast<int>(c)};
}
constexpr SeriesSpec money(std::string_view name, SeriesSource source, int index,
                           std::string_view meaning) {
  return {name,
          SeriesType::float64,
          SeriesKind::counter,
          SeriesCombine::sum,
          "yuan this tick",
          meaning,
          source,
          index};
}
constexpr int spend(Spending s) {
  return static_cast<int>(s);
}
constexpr int earn(Revenue r) {
  return static_cast<int>(r);
}
}  // namespace detail

// Every per-region series, in the order the writer creates them.
inline constexpr SeriesSpec kRunSeries[] = {
    detail::count("residents", SeriesKind::stock, Counter::residents,
                  "persons living in the region"),
    detail::count("registered", SeriesKind::stock, Counter::registered,
                  "residents registered (hukou) in the region"),
    detail::count("migrants", SeriesKind::stock, Counter::migrants,
                  "residents registered in another region"),
    detail::count("emigrants", SeriesKind::stock, Counter::emigrants,
                  "persons registered in the region, living elsewhere"),
    detail::count("hukou_population", SeriesKind::stock, Counter::hukou_population,
                  "persons registered in the region, wherever they live"),
    detail::count("children", SeriesKind::stock, Counter::children, "residents aged 0-15"),
    detail::count("working_age", SeriesKind::stock, Counter::working_age, "residents aged 16-64"),
    detail::count("elders", SeriesKind::stock, Counter::elders, "residents aged 65+"),
    detail::count("left_behind", SeriesKind::stock, Counter::left_behind,
                  "children living apart from a working parent"),
    detail::count("urban_hukou", SeriesKind::stock, Counter::urban_hukou,
                  "residents with non-agricultural or resident hukou"),
    detail::count("employed", SeriesKind::stock, Counter::employed,
                  "residents in formal or informal work"),
    detail::count("formal", SeriesKind::stock, Counter::formal, "residents in formal work"),
    detail::count("unemployed", SeriesKind::stock, Counter::unemployed,
                  "residents without a job (non-farm)"),
    detail::count("farming", SeriesKind::stock, Counter::farming,
                  "residents farming household land in their hukou region"),
    detail::count("school_age", SeriesKind::stock, Counter::school_age, "residents aged 6-15"),
    detail::count("registered_urban", SeriesKind::stock, Counter::registered_urban,
                  "registered residents with non-agricultural or resident hukou"),
    detail::count("births", SeriesKind::counter, Counter::births,
                  "births in the month, at the mother's location"),
    detail::count("deaths", SeriesKind::counter, Counter::deaths, "deaths in the month"),
    detail::count("moves_in", SeriesKind::counter, Counter::moves_in,
                  "moves into the region in the month"),
    detail::count("moves_out", SeriesKind::counter, Counter::moves_out,
                  "moves out of the region in the month"),
    detail::count("applications", SeriesKind::counter, Counter::applications,
                  "persons in the units that applied for registration in the month"),
    detail::count("admissions", SeriesKind::counter, Counter::admissions,
                  "migrants registered in the month, with their dependents"),
    detail::count("conversions", SeriesKind::counter, Counter::conversions,
                  "local agricultural-hukou residents converted in the month"),
    detail::count("land_surrendered", SeriesKind::counter, Counter::land_surrendered,
                  "persons of the month's admissions and conversions who gave up land"),
    {"wage", SeriesType::float64, SeriesKind::counter, SeriesCombine::employed_weight, "yuan/year",
     "the wage paid during the month (row 0: urban income)", SeriesSource::wage},
    {"unified", SeriesType::int64, SeriesKind::stock, SeriesCombine::sum,
     "classification at the end of the tick: 1 unified (one resident hukou), 0 dual "
     "(agricultural / non-agricultural)",
     "1 where the region's classification is unified (not scaled)", SeriesSource::unified},
    {"points_cutoff", SeriesType::float64, SeriesKind::counter, SeriesCombine::minimum,
     "points: lowest score admitted this tick; NaN = none",
     "lowest score admitted by points in the month; NaN: none", SeriesSource::points_cutoff},
    detail::money("spending_pension", SeriesSource::spending, detail::spend(Spending::pension),
                  "pensions of registered elders in the month"),
    detail::money("spending_health", SeriesSource::spending, detail::spend(Spending::health),
                  "health spending on registered residents in the month"),
    detail::money("spending_education", SeriesSource::spending, detail::spend(Spending::education),
                  "education of registered pupils"),
    detail::money("spending_unemployment", SeriesSource::spending,
                  detail::spend(Spending::unemployment), "benefits of registered unemployed"),
    detail::money("spending_dibao", SeriesSource::spending, detail::spend(Spending::dibao),
                  "minimum living allowance"),
    detail::money("spending_unregistered", SeriesSource::spending,
                  detail::spend(Spending::unregistered), "services to unregistered residents"),
    detail::money("spending_oneoff_housing", SeriesSource::spending,
                  detail::spend(Spending::oneoff_housing),
                  "one-off housing cost of the newly registered"),
    detail::money("spending_oneoff_infrastructure", SeriesSource::spending,
                  detail::spend(Spending::oneoff_infrastructure),
                  "one-off infrastructure cost of the newly registered"),
    detail::money("spending_land_compensation", SeriesSource::spending,
                  detail::spend(Spending::land_compensation), "compensation for land given up"),
    detail::money("spending_other", SeriesSource::spending, detail::spend(Spending::other),
                  "general spending not linked to hukou"),
    detail::money("spending_social_security", SeriesSource::spending,
                  detail::spend(Spending::social_security),
                  "social security and employment for registered residents (functional budget)"),
    detail::money("spending_housing", SeriesSource::spending, detail::spend(Spending::housing),
                  "security housing for registered residents (functional budget)"),
    detail::money("spending_community", SeriesSource::spending, detail::spend(Spending::community),
                  "urban community affairs for every resident (functional budget)"),
    detail::money("spending_total", SeriesSource::spending_total, 0,
                  "the sum of the spending_* in the month"),
    detail::money("revenue_local_tax", SeriesSource::revenue, detail::earn(Revenue::local_tax),
                  "local tax on the wage bill"),
    detail::money("revenue_social_insurance", SeriesSource::revenue,
                  detail::earn(Revenue::social_insurance), "social-insurance contributions"),
    detail::money("revenue_transfers", SeriesSource::revenue, detail::earn(Revenue::transfers),
                  "central transfers"),
    detail::money("revenue_fees", SeriesSource::revenue, detail::earn(Revenue::fees),
                  "school fees of unregistered pupils"),
    detail::money("revenue_income_tax", SeriesSource::revenue, detail::earn(Revenue::income_tax),
                  "local share of income tax on formal wages (marginal revenue)"),
    detail::money("revenue_consumption_tax", SeriesSource::revenue,
                  detail::earn(Revenue::consumption_tax),
                  "local share of indirect taxes on workers' consumption (marginal revenue)"),
    detail::money("revenue_wage_premium", SeriesSource::revenue,
                  detail::earn(Revenue::wage_premium),
                  "both taxes on the registration wage premium (marginal revenue)"),
    detail::money("revenue_fixed_local", SeriesSource::revenue, detail::earn(Revenue::fixed_local),
                  "local revenue not tied to wages, fixed at the start (marginal revenue)"),
    detail::money("revenue_total", SeriesSource::revenue_total, 0,
                  "the sum of the revenue_* in the month"),
    {"balance", SeriesType::float64, SeriesKind::stock, SeriesCombine::sum,
     "yuan at the end of the tick (revenue - spending, carried)",
     "revenue minus spending, carried since the start", SeriesSource::balance},
    {"debt", SeriesType::float64, SeriesKind::stock, SeriesCombine::sum,
     "yuan at the end of the tick: -balance when negative, else 0", "-balance when negative",
     SeriesSource::debt},
};
static_assert(std::size(kRunSeries) == kCounters + 3 + kSpending + 1 + kRevenue + 1 + 2,
              "one entry per counter, wage, unified, points_cutoff and budget item");

// The entry named `name`, or nullptr.
const SeriesSpec* find_series(std::string_view name);

// The names of kRunSeries, in order.
std::vector<std::string> series_names();

// "stock" or "counter".
std::string_view kind_name(SeriesKind kind);

// The month a row's number describes: for a stock, the month at whose start
// it holds (the row's date); for a counter, the month it counts (the date's
// month before); nullopt for a counter's row 0, which counts no month.
std::optional<Month> described_month(SeriesKind kind, Month row_date, long long tick);

}  // namespace migrasim
