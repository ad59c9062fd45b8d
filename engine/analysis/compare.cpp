// compare_runs: the fiscal burden of a what-if, from two run files.
#include "migrasim/analysis/compare.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "io/run_file_layout.hpp"
#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"
#include "migrasim/io/h5.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/model/registration.hpp"
#include "migrasim/scenario/region_groups.hpp"

namespace migrasim {

namespace {

struct RunSeries {
  RunInfo info;
  std::vector<std::string> names, provinces;
  std::int64_t rows = 0;  // row 0 is the start; row t the end of tick t-1
  double discount_rate = 0.03;
  long horizon = 20;
  h5::File file;
  bool legacy_budget = true;  // fiscal.budget_model = legacy, or a file from before it
};

RunSeries open_series(const std::filesystem::path& path) {
  RunSeries r{read_run_info(path), {}, {}, 0, 0.03, 20, h5::File::open(path), true};
  r.names = r.file.open_dataset("regions/name").read_strings();
  r.provinces = r.file.open_dataset("regions/province").read_strings();
  if (!r.file.has(detail::series_path("spending_total"))) {
    throw InputError(path.string() +
                     ": no budgets in /series (a run file from before the fiscal "
                     "module); run it again");
  }
  r.rows = static_cast<std::int64_t>(r.file.open_dataset(detail::series_path("tick")).rows());
  // The NPV settings the run had (its stored parameters).
  const auto keys = r.file.open_dataset("scenario/parameter_keys").read_strings();
  const auto values = r.file.open_dataset("scenario/parameter_values").read_strings();
  for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
    if (keys[i] == "fiscal.discount_rate") r.discount_rate = parse_real(values[i]).value_or(0.03);
    if (keys[i] == "fiscal.horizon_years") {
      r.horizon = static_cast<long>(parse_real(values[i]).value_or(20));
    }
    if (keys[i] == "fiscal.budget_model") r.legacy_budget = values[i] == "legacy";
  }
  return r;
}

// Rows [1, months] of a per-region series (the ticks), as doubles; zeros
// for a series the file lacks (budget items added after it was written).
std::vector<double> ticks_of(const RunSeries& r, const std::string& name, int months) {
  const auto regions = r.names.size();
  std::vector<double> out(static_cast<std::size_t>(months) * regions);
  if (!r.file.has(detail::series_path(name))) return out;
  const h5::Dataset d = r.file.open_dataset(detail::series_path(name));
  if (d.element_type() == h5::Type::float64) {
    out = d.read_rows<double>(1, static_cast<h5::Size>(months));
  } else {
    const auto v = d.read_rows<std::int64_t>(1, static_cast<h5::Size>(months));
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<double>(v[i]);
  }
  return out;
}

bool is_base_file(const std::string& stored_name) {
  // Files of the base folder are stored by their own name; what-if files by
  // a path relative to it ("whatif/beijing-open.ini", "../x.ini").
  return stored_name.find('/') == std::string::npos;
}

// Per-migrant figures need enough migrants: where fewer than kMinAgents
// agents' worth registered, the change of spending is mostly chance (other
// migration) divided by a handful, so they are left out (NaN) with a note.
void per_migrant_figures(Burden& b, double scale) {
  constexpr double kMinAgents = 10;
  const double least = kMinAgents * scale;
  int hidden = 0;
  const auto finish = [&](BurdenRow& row) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    if (row.newly_registered >= least) {
      const double n = row.newly_registered;
      row.oneoff_per_migrant = row.oneoff / n;
      row.recurring_per_migrant = row.all_recurring_last_year / n;
      row.cost_per_migrant = row.oneoff_per_migrant + b.annuity * row.recurring_per_migrant;
      // The decomposition in whole fen, so that its identities hold exactly.
      const auto fen = [](double yuan) { return std::llround(yuan * 100.0); };
      const std::int64_t oneoff = fen(row.oneoff / n);
      const std::int64_t recurring = fen(b.annuity * row.recurring_last_year / n);
      const std::int64_t induced = fen(b.annuity * row.induced_last_year / n);
      const std::int64_t revenue = fen(b.annuity * row.revenue_last_year / n);
      const std::int64_t gross = oneoff + recurring + induced;
      row.oneoff_per_migrant = yuan(oneoff);
      row.recurring_npv_per_migrant = yuan(recurring);
      row.induced_npv_per_migrant = yuan(induced);
      row.revenue_npv_per_migrant = yuan(revenue);
      row.gross_cost_per_migrant = yuan(gross);
      row.net_cost_per_migrant = yuan(gross - revenue);
      row.insurance_net_npv_per_migrant = yuan(fen(b.annuity * row.insurance_last_year / n));
    } else {
      hidden += row.newly_registered != 0;
      row.oneoff_per_migrant = row.recurring_per_migrant = row.cost_per_migrant = kNaN;
      row.recurring_npv_per_migrant = row.induced_npv_per_migrant = kNaN;
      row.revenue_npv_per_migrant = row.gross_cost_per_migrant = kNaN;
      row.net_cost_per_migrant = row.insurance_net_npv_per_migrant = kNaN;
    }
  };
  for (auto& row : b.rows) finish(row);
  finish(b.national);
  if (hidden > 0) {
    b.notes.push_back(std::to_string(hidden) + " row(s) with fewer than " +
                      std::to_string(static_cast<int>(kMinAgents)) +
                      " agents' worth of newly registered persons: per-migrant figures not shown "
                      "(chance dominates them)");
  }
}

}  // namespace

RunIdentity identity_of(const Scenario& scenario, const std::string& label) {
  RunIdentity id;
  id.label = label;
  const RunParams& run = scenario.params().run;
  id.seed = run.seed;
  id.agents = static_cast<std::int64_t>(run.agents);
  id.start = run.start.str();
  id.months = static_cast<std::int64_t>(run.ticks);
  for (const auto& r : scenario.regions()) id.regions.push_back(r.name);
  for (const auto& [name, text] : scenario.source_files()) {
    if (is_base_file(name)) id.base_files[name] = text;
  }
  return id;
}

RunIdentity identity_of_run(const std::filesystem::path& run_file) {
  const RunInfo info = read_run_info(run_file);
  const h5::File file = h5::File::open(run_file);
  RunIdentity id;
  id.label = run_file.string();
  id.seed = info.seed;
  id.start = info.start_date;
  id.months = info.ticks_done;
  id.regions = file.open_dataset("regions/name").read_strings();
  const auto keys = file.open_dataset("scenario/parameter_keys").read_strings();
  const auto values = file.open_dataset("scenario/parameter_values").read_strings();
  id.agents = info.agents;
  for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
    if (keys[i] == "run.agents") {
      id.agents = static_cast<std::int64_t>(parse_real(values[i]).value_or(0));
    }
  }
  const auto names = file.open_dataset("scenario/file_names").read_strings();
  const auto texts = file.open_dataset("scenario/file_texts").read_strings();
  for (std::size_t i = 0; i < names.size() && i < texts.size(); ++i) {
    if (is_base_file(names[i])) id.base_files[names[i]] = texts[i];
  }
  return id;
}

void check_comparable(const RunIdentity& base, const RunIdentity& whatif, bool common_span) {
  std::vector<std::string> differences;
  const auto differ = [&](const char* what, const std::string& x, const std::string& y) {
    differences.push_back(std::string(what) + " " + x + " vs " + y);
  };
  if (base.seed != whatif.seed) {
    differ("seed", std::to_string(base.seed), std::to_string(whatif.seed));
  }
  if (base.agents != whatif.agents) {
    differ("agents", std::to_string(base.agents), std::to_string(whatif.agents));
  }
  if (base.start != whatif.start) differ("start", base.start, whatif.start);
  if (base.months != whatif.months && !common_span) {
    differ("months", std::to_string(base.months),
           std::to_string(whatif.months) + " (--common-span compares the months both have)");
  }
  if (base.regions != whatif.regions) {
    differ("regions", std::to_string(base.regions.size()) + " (" + base.regions.front() + ", ...)",
           std::to_string(whatif.regions.size()) + " (" + whatif.regions.front() + ", ...)");
  } else {
    for (const auto& [name, text] : base.base_files) {
      const auto other = whatif.base_files.find(name);
      if (other == whatif.base_files.end()) {
        differences.push_back("scenario file " + name + " only in the baseline");
      } else if (other->second != text) {
        differences.push_back("scenario file " + name + " differs");
      }
    }
    for (const auto& [name, text] : whatif.base_files) {
      if (!base.base_files.count(name)) {
        differences.push_back("scenario file " + name + " only in the what-if");
      }
    }
  }
  if (differences.empty()) return;
  std::string message = "compare: " + base.label + " and " + whatif.label +
                        " are not a baseline and a what-if of one scenario run alike (";
  for (std::size_t i = 0; i < differences.size(); ++i) {
    message += (i ? "; " : "") + differences[i];
  }
  message +=
      "): their difference would not be the what-if's effect. Run both with the same seed, "
      "agents, start and months, from the same scenario folder";
  throw InputError(message);
}

Burden compare_runs(const std::filesystem::path& base_path, const std::filesystem::path& what_path,
                    const BurdenOptions& options) {
  const RunIdentity base_id = identity_of_run(base_path);  // in order: the baseline's errors first
  check_comparable(base_id, identity_of_run(what_path), options.common_span);
  RunSeries base = open_series(base_path);
  RunSeries what = open_series(what_path);
  Burden b;
  b.base_scenario = base.info.scenario;
  b.whatif_scenario = what.info.scenario;
  b.start_date = base.info.start_date;
  b.months = static_cast<int>(std::min(base.rows, what.rows) - 1);
  if (b.months < 1) throw InputError(base_path.string() + ": no ticks to compare");
  if (base.rows != what.rows) {
    b.notes.push_back("runs of different lengths: the first " + std::to_string(b.months) +
                      " months are compared");
  }
  // The NPV settings: given, or the baseline run's.
  b.discount_rate = options.discount_rate >= 0 ? options.discount_rate : base.discount_rate;
  b.horizon_years =
      options.horizon_years >= 0 ? options.horizon_years : static_cast<int>(base.horizon);
  b.annuity = annuity_factor(b.discount_rate, b.horizon_years);

  // Group regions into rows (themselves, or their provinces).
  const std::size_t regions = base.names.size();
  const RegionGroups groups = group_regions(base.names, base.provinces, options.by_province);
  const std::vector<int>& row_of = groups.of_region;
  b.rows.resize(groups.names.size());
  for (int k = 0; k < groups.size(); ++k) b.rows[k].name = groups.names[k];
  b.national.name = "National";
  const double years = b.months / 12.0;
  const int m = b.months;
  const auto for_each_cell = [&](const std::string& name, auto&& add) {
    const auto x = ticks_of(base, name, m), y = ticks_of(what, name, m);
    for (int t = 0; t < m; ++t) {
      for (std::size_t r = 0; r < regions; ++r) {
        const std::size_t i = static_cast<std::size_t>(t) * regions + r;
        add(b.rows[row_of[r]], t, x[i], y[i]);
        add(b.national, t, x[i], y[i]);
      }
    }
  };
  // The last 12 months (or all, as a year, in a shorter run).
  const double per_year = m >= 12 ? 1.0 : 12.0 / m;
  const bool legacy = base.legacy_budget || what.legacy_budget;
  b.legacy_budget = legacy;
  if (base.legacy_budget != what.legacy_budget) {
    b.notes.push_back(
        "the runs differ in fiscal.budget_model: the decomposition uses the legacy rule");
  }
  for (int c = 0; c < kSpending; ++c) {
    const auto category = static_cast<Spending>(c);
    const Serves whom = serves(category);
    for_each_cell("spending_" + std::string(spending_name(category)),
                  [&](BurdenRow& row, int t, double x, double y) {
                    row.delta_spending[c] += (y - x) / years;
                    row.delta_spending_total += (y - x) / years;
                    row.base_spending_total += x / years;
                    if (whom == Serves::oneoff) {
                      row.oneoff += y - x;
                      return;
                    }
                    if (t < m - 12) return;
                    const double d = (y - x) * per_year;
                    row.all_recurring_last_year += d;
                    // The decomposition rule (docs/model.md s.6.9): what
                    // follows hukou status is recurring, what follows
                    // residents is induced; the funds' items are apart,
                    // except under legacy, whose cost counted them.
                    if (whom == Serves::residents) {
                      row.induced_last_year += d;
                    } else if (whom == Serves::hukou || legacy) {
                      row.recurring_last_year += d;
                    }
                    if (whom == Serves::insurance) row.insurance_last_year -= d;
                  });
  }
  for_each_cell("revenue_total", [&](BurdenRow& row, int, double x, double y) {
    row.delta_revenue_total += (y - x) / years;
  });
  for (int c = 0; c < kRevenue; ++c) {
    const auto item = static_cast<Revenue>(c);
    for_each_cell("revenue_" + std::string(revenue_name(item)),
                  [&](BurdenRow& row, int t, double x, double y) {
                    if (t < m - 12) return;
                    const double d = (y - x) * per_year;
                    (general_revenue(item) ? row.revenue_last_year : row.insurance_last_year) += d;
                  });
  }
  for_each_cell("residents", [&](BurdenRow& row, int t, double x, double y) {
    if (t == m - 1) row.induced_arrivals += y - x;
  });
  for_each_cell("balance", [&](BurdenRow& row, int t, double x, double y) {
    if (t == m - 1) row.delta_balance_end += y - x;
  });
  for (const char* counter : {"admissions", "conversions"}) {
    for_each_cell(counter,
                  [&](BurdenRow& row, int, double x, double y) { row.newly_registered += y - x; });
  }
  per_migrant_figures(b, std::max(base.info.scale, what.info.scale));
  return b;
}

}  // namespace migrasim
