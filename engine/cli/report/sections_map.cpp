// The report's map: a tile-grid map of the regions (or, for many regions
// such as the 356 cities, a dot map at the centroids sized by residents,
// with a tile map of their provinces beside it), coloured by the quantity
// of --map at the month of --month.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>

#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"
#include "migrasim/io/run_series.hpp"
#include "report_sections.hpp"
#include "svg_text.hpp"
#include "tile_map.hpp"

namespace migrasim::report {

namespace {

// Above this many regions the map is a dot map (tiles would be too small).
constexpr std::size_t kMaxTiles = 40;

// A quantity per region as a ratio of two sums (shares) or one sum, so that
// provinces combine their regions right: sum the parts, then divide.
struct Parts {
  std::vector<double> top, bottom;  // bottom empty: a plain sum
};

struct Quantity {
  std::string name, units, meaning;
  bool diverging = false;
  Parts parts;
};

std::vector<double> row_of(const ReportRun& run, const std::string& name, std::size_t row) {
  std::vector<double> v(run.regions());
  for (std::size_t r = 0; r < v.size(); ++r) v[r] = run.at(name, row, r);
  return v;
}

std::vector<double> minus(std::vector<double> a, const std::vector<double>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) a[i] -= b[i];
  return a;
}

std::vector<std::string> accepted(const ReportRun& run) {
  std::vector<std::string> names(std::begin(kMapQuantities), std::end(kMapQuantities));
  for (const auto& [name, s] : run.series) names.push_back(name);
  return names;
}

// The quantity `name` at `row` (the end of the chosen month, or the month
// counted), per region.
Quantity quantity(const ReportInput& in, const std::string& name, std::size_t row) {
  const ReportRun& run = in.run;
  const bool delta = name.rfind("delta_", 0) == 0;
  if (delta && in.base == nullptr) {
    throw InputError("--map " + name + ": a change needs a baseline: --against BASE.h5");
  }
  if (name == "migrants" || name == "residents") {
    return {name,
            "persons",
            name == "migrants" ? "residents registered in another region"
                               : "persons living in the region",
            false,
            {row_of(run, name, row), {}}};
  }
  if (name == "migrant_share" || name == "registered_share") {
    const std::string top = name == "migrant_share" ? "migrants" : "registered";
    return {name,
            "share of residents",
            name == "migrant_share" ? "migrants over residents" : "registered over residents",
            false,
            {row_of(run, top, row), row_of(run, "residents", row)}};
  }
  if (name == "delta_migrants") {
    return {name,
            "persons, this run − baseline",
            "change of migrants against the baseline",
            true,
            {minus(row_of(run, "migrants", row), row_of(*in.base, "migrants", row)), {}}};
  }
  if (name == "delta_spending") {
    const auto mine = common::spending_total(run), theirs = common::spending_total(*in.base);
    std::vector<double> d(run.regions());
    for (std::size_t r = 0; r < d.size(); ++r) {
      d[r] = mine[row * run.regions() + r] - theirs[row * run.regions() + r];
    }
    return {name,
            "yuan in the month, this run − baseline",
            "change of spending (all categories) against the baseline",
            true,
            {d, {}}};
  }
  if (run.has(name)) {
    const SeriesSpec* spec = find_series(name);
    if (spec != nullptr && spec->combine != SeriesCombine::sum) {
      // A mean or a minimum: shown per region only (no province tiles).
      return {name,
              common::units_of(run, name),
              std::string(spec->meaning),
              false,
              {row_of(run, name, row), {}}};
    }
    return {name,
            common::units_of(run, name),
            spec ? std::string(spec->meaning) : name,
            false,
            {row_of(run, name, row), {}}};
  }
  throw InputError("--map " + name + ": not a quantity of the report or a series of " + run.path +
                   did_you_mean(name, accepted(run)) +
                   "; the report's quantities: migrants, migrant_share, registered_share, "
                   "residents, delta_spending, delta_migrants (with --against), or a series name");
}

std::vector<double> values(const Parts& p) {
  if (p.bottom.empty()) return p.top;
  std::vector<double> v(p.top.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    v[i] = p.bottom[i] > 0 ? p.top[i] / p.bottom[i] : NAN;
  }
  return v;
}

}  // namespace

void add_map(HtmlPage& page, const ReportInput& in) {
  const ReportRun& run = in.run;
  if (run.rows() < 2) return;
  const std::string name = !in.options.map_quantity.empty()
                               ? in.options.map_quantity
                               : (in.base ? "delta_spending" : "migrants");
  // The chosen month M: stocks at its end, counters during it; both are in
  // the row dated M + 1.
  const Month first = run.dates.front(), last = run.dates.back().plus(-1);
  const Month month = in.options.month.value_or(last);
  if (month < first || month > last) {
    throw InputError("--month " + month.str() + ": the run simulated " + first.str() + " to " +
                     last.str());
  }
  const std::size_t row = static_cast<std::size_t>(month.index() - first.index() + 1);
  const Quantity q = quantity(in, name, row);
  const auto v = values(q.parts);
  page.section("map", "Map: " + common::label_of(q.name) + ", " + month.str());
  std::string meaning = q.meaning;
  if (!meaning.empty())
    meaning[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(meaning[0])));
  page.note(meaning + " (" + q.units + "), at the end of " + month.str() +
            " (stocks) or during it (counts). " +
            (run.regions() > kMaxTiles
                 ? "Circles at the regions' centroids; their provinces on a tile grid. "
                 : "Regions are placed on a grid by their centroids. ") +
            "--map and --month choose the quantity and the month (docs/report.md).");
  std::vector<Place> places(run.regions());
  const auto& res = run.series.count("residents") ? row_of(run, "residents", row)
                                                  : std::vector<double>(run.regions(), 1.0);
  for (std::size_t r = 0; r < places.size(); ++r) {
    places[r] = {run.names[r], run.lat[r], run.lon[r], v[r], res[r]};
  }
  page.open_grid("side");
  MapSpec spec{"map-regions", "Map of " + q.name + " by region", q.units, q.diverging};
  const bool many = run.regions() > kMaxTiles;
  Table t;
  t.id = "table-map";
  t.header = {"region", common::label_of(q.name) + " (" + q.units + ")"};
  t.numeric = {false, true, true};
  if (many) {
    t.header.push_back("residents");
    page.figure(
        "fig-map-regions",
        std::to_string(run.regions()) + " regions at their centroids, circle area ∝ residents",
        render_dot_map(spec, places), "");
    // The provinces as tiles, their regions combined.
    std::map<std::string, std::size_t> index;
    std::vector<std::string> provinces;
    for (const auto& p : run.provinces) {
      if (index.emplace(p, provinces.size()).second) provinces.push_back(p);
    }
    if (provinces.size() > 1 && provinces.size() <= kMaxTiles && !run.provinces.front().empty()) {
      Parts sums{std::vector<double>(provinces.size(), 0.0),
                 q.parts.bottom.empty() ? std::vector<double>{}
                                        : std::vector<double>(provinces.size(), 0.0)};
      std::vector<Place> tiles(provinces.size());
      std::vector<double> weight(provinces.size(), 0.0);
      for (std::size_t r = 0; r < run.regions(); ++r) {
        const std::size_t p = index[run.provinces[r]];
        sums.top[p] += q.parts.top[r];
        if (!sums.bottom.empty()) sums.bottom[p] += q.parts.bottom[r];
        // The province's centroid: its regions' centroids weighted by residents.
        tiles[p].lat += run.lat[r] * res[r];
        tiles[p].lon += run.lon[r] * res[r];
        weight[p] += res[r];
      }
      const auto pv = values(sums);
      for (std::size_t p = 0; p < provinces.size(); ++p) {
        tiles[p].name = provinces[p];
        tiles[p].value = pv[p];
        if (weight[p] > 0) {
          tiles[p].lat /= weight[p];
          tiles[p].lon /= weight[p];
        }
      }
      const SeriesSpec* spec_of = find_series(name);
      if (spec_of == nullptr || spec_of->combine == SeriesCombine::sum) {
        MapSpec ps{"map-provinces", "Map of " + q.name + " by province", q.units, q.diverging};
        page.figure("fig-map-provinces", "Provinces (their regions combined)",
                    render_tile_map(ps, tiles), "");
      }
    }
  } else {
    page.figure("fig-map-regions", "Regions on a tile grid", render_tile_map(spec, places), "");
  }
  std::vector<std::size_t> order(run.regions());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double x = std::isnan(v[a]) ? -INFINITY : v[a], y = std::isnan(v[b]) ? -INFINITY : v[b];
    return x > y;
  });
  for (std::size_t r : order) {
    std::vector<std::string> cells = {run.names[r], table_number(v[r])};
    if (many) cells.push_back(table_number(res[r]));
    t.rows.push_back(cells);
  }
  t.caption = "The map's numbers, largest first";
  page.html("<figure>" + render_table(t) + "</figure>");
  page.close_grid();
}

}  // namespace migrasim::report
