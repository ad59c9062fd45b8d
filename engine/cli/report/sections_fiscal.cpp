// The report's fiscal panel: the budget by category (whatever spending_* and
// revenue_* series the file holds), and with --against the change of
// spending by category and the figures `migrasim compare` computes (read
// from its JSON by key, so new keys appear without a change here).
#include <cmath>
#include <nlohmann/json.hpp>

#include "migrasim/error.hpp"
#include "report_sections.hpp"
#include "svg_chart.hpp"
#include "svg_text.hpp"

namespace migrasim::report {

namespace {

// The categories of a budget side: every `prefix`* series but the total.
std::vector<std::string> categories(const ReportRun& run, const std::string& prefix) {
  std::vector<std::string> out;
  for (const std::string& name : run.names_with_prefix(prefix)) {
    if (name != prefix + "total") out.push_back(name);
  }
  return out;
}

// A counter's national sum over the months counted (rows 1 ...), as yuan a
// year: the sum over the months times 12 over their number.
double per_year(const ReportRun& run, const std::string& name) {
  const auto v = run.national(name);
  if (v.size() < 2) return NAN;
  double sum = 0;
  for (std::size_t t = 1; t < v.size(); ++t) sum += v[t];
  return sum * 12.0 / static_cast<double>(v.size() - 1);
}

void budget_chart(HtmlPage& page, const ReportRun& run, const std::string& prefix,
                  const std::string& what, int colour) {
  const auto names = categories(run, prefix);
  if (names.empty()) return;
  BarChart c;
  c.id = "chart-" + what;
  c.title = "National " + what + " by category";
  c.units = "yuan per year, averaged over the run";
  c.colour = colour;
  Table t;
  t.id = "table-" + what;
  t.header = {"category", "yuan per year", "share"};
  t.numeric = {false, true, true};
  double total = 0;
  for (const auto& n : names) total += std::isnan(per_year(run, n)) ? 0 : per_year(run, n);
  for (const auto& n : names) {
    const double y = per_year(run, n);
    c.bars.push_back({common::label_of(n, prefix), y});
    char share[32];
    std::snprintf(share, sizeof share, "%.1f %%", total != 0 ? 100 * y / total : 0.0);
    t.rows.push_back({common::label_of(n, prefix), table_number(y), share});
  }
  t.rows.push_back({"total", table_number(total), "100 %"});
  page.figure("fig-" + what, c.title, render_bar_chart(c), render_table(t));
}

}  // namespace

void add_fiscal(HtmlPage& page, const ReportInput& in) {
  const ReportRun& run = in.run;
  if (categories(run, "spending_").empty() && categories(run, "revenue_").empty()) return;
  page.section("fiscal", "Fiscal panel");
  page.note(
      "The regions' budgets summed over the nation, in yuan at the scenario's prices: each "
      "category's spending (or revenue) over the months of the run, as a yearly average.");
  page.open_grid();
  budget_chart(page, run, "spending_", "spending", 0);
  budget_chart(page, run, "revenue_", "revenue", 2);
  page.close_grid();
  if (in.base == nullptr) return;

  // Change by category: this run's yearly average minus the baseline's.
  BarChart d;
  d.id = "chart-delta-spending";
  d.title = "Change of spending by category";
  d.units = "yuan per year, this run − baseline";
  Table dt;
  dt.id = "table-delta-spending";
  dt.header = {"category", "this run", "baseline", "change (yuan per year)"};
  dt.numeric = {false, true, true, true};
  for (const auto& n : categories(run, "spending_")) {
    const double mine = per_year(run, n), theirs = per_year(*in.base, n);
    d.bars.push_back({common::label_of(n, "spending_"), mine - theirs});
    dt.rows.push_back({common::label_of(n, "spending_"), table_number(mine), table_number(theirs),
                       table_number(mine - theirs)});
  }
  page.figure("fig-delta-spending", d.title, render_bar_chart(d), render_table(dt),
              "Bars right of 0: this run spends more than the baseline.");

  if (in.compare_json.empty()) return;
  const auto doc = nlohmann::ordered_json::parse(in.compare_json);
  const auto& national = doc.at("national");
  BarChart p;
  p.id = "chart-per-migrant";
  p.title = "Cost per newly registered migrant";
  p.units = "yuan (per year where the label says so)";
  Table ft;
  ft.id = "table-compare";
  ft.caption = "National figures of migrasim compare (" + doc.value("first_month", "") + " to " +
               doc.value("last_month", "") + "; per year: averaged over these months)";
  ft.header = {"figure", "value"};
  ft.numeric = {false, true};
  for (const auto& [key, value] : national.items()) {
    if (key == "region") continue;
    const double v = value.is_number() ? value.get<double>() : NAN;
    ft.rows.push_back({common::label_of(key), table_number(v)});
    if (key.find("per_migrant") != std::string::npos) {
      p.bars.push_back({common::label_of(key), v});
    }
  }
  if (!p.bars.empty()) {
    bool missing = false;
    for (const Bar& b : p.bars) missing = missing || std::isnan(b.value);
    page.figure("fig-per-migrant", p.title, render_bar_chart(p), render_table(ft),
                missing ? "No value: no migrant was newly registered." : "");
  } else {
    page.html(render_table(ft));
  }
  for (const auto& n : doc.value("notes", nlohmann::ordered_json::array())) {
    if (n.is_string()) page.note("compare: " + n.get<std::string>());
  }
}

}  // namespace migrasim::report
