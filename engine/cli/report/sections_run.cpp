// The report's sections about the run itself: what ran, the national
// series, small multiples per region and the largest flows.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "migrasim/detail/text.hpp"
#include "report_sections.hpp"
#include "svg_chart.hpp"
#include "svg_text.hpp"

namespace migrasim::report {

namespace {

using common::is_counter;

// A row of facts for the overview table: one column per run.
void fact(Table& t, const std::string& what, const std::string& run, const std::string& base,
          bool with_base) {
  if (with_base) {
    t.rows.push_back({what, run, base});
  } else {
    t.rows.push_back({what, run});
  }
}

std::string attribute(const ReportRun& run, const std::string& name) {
  for (const auto& [n, v] : run.attributes) {
    if (n == name) return v;
  }
  return {};
}

// A series as plotted: stocks by row; counters moved one row left, so that
// each value sits at the month it counts (row 0 counts no month).
std::vector<double> plotted(const ReportRun& run, const std::string& name,
                            const std::vector<double>& by_row) {
  if (!is_counter(run, name) || by_row.empty()) return by_row;
  return {by_row.begin() + 1, by_row.end()};
}

// The month the plotted value at `index` describes: the row's date for a
// stock, the month counted for a counter (plotted() moved it there), so in
// both cases run.start + index.
Month plotted_month(const ReportRun& run, std::size_t index) {
  return run.dates.empty() ? Month{} : run.dates.front().plus(static_cast<int>(index));
}

std::vector<TimeMark> marks_of(const ReportRun& run) {
  std::vector<TimeMark> out;
  for (const auto& [row, tag] : common::event_marks(run)) out.push_back({row, tag});
  return out;
}

// Region series values of `name` over the rows, for region r.
std::vector<double> column(const ReportRun& run, const std::string& name, std::size_t r) {
  std::vector<double> v(run.rows());
  for (std::size_t t = 0; t < run.rows(); ++t) v[t] = run.at(name, t, r);
  return v;
}

}  // namespace

void add_overview(HtmlPage& page, const ReportInput& in) {
  const ReportRun& run = in.run;
  const bool with_base = in.base != nullptr;
  const ReportRun& base = with_base ? *in.base : run;
  page.section("what-ran", "What ran");
  Table t;
  t.id = "table-what-ran";
  t.header = with_base ? std::vector<std::string>{"", "this run (what-if)", "baseline (--against)"}
                       : std::vector<std::string>{"", "run"};
  const auto both = [&](const std::string& what, auto get) {
    fact(t, what, get(run), get(base), with_base);
  };
  both("run file", [](const ReportRun& r) { return r.path; });
  both("scenario", [](const ReportRun& r) {
    return common::run_label(r) + " (" + common::scenario_source(r) + ")";
  });
  both("months", [](const ReportRun& r) {
    if (r.rows() < 2) return std::string("0 (nothing simulated yet)");
    const std::string last = r.dates.back().plus(-1).str();
    return std::to_string(r.info.ticks_done) + " (" + r.info.start_date + " to " + last + ")" +
           (r.info.complete ? "" : ", not complete");
  });
  both("agents at the start", [](const ReportRun& r) {
    return group_thousands(r.info.agents) + " (" + short_number(r.info.scale, 3) +
           " persons per agent)";
  });
  both("regions", [](const ReportRun& r) { return std::to_string(r.regions()); });
  both("seed", [](const ReportRun& r) { return std::to_string(r.info.seed); });
  both("threads", [](const ReportRun& r) { return std::to_string(r.info.threads); });
  both("run file version", [](const ReportRun& r) { return std::to_string(r.version); });
  both("wall time", [](const ReportRun& r) {
    for (const auto& [n, v] : r.attributes) {
      if (n.find("wall") != std::string::npos) return v + " s";
    }
    return std::string("not recorded in the run file");
  });
  both("overrides", [](const ReportRun& r) {
    std::string s;
    for (const auto& o : r.overrides) s += (s.empty() ? "" : "  ") + o;
    return s.empty() ? std::string("none") : s;
  });
  both("command line", [](const ReportRun& r) { return attribute(r, "command_line"); });
  // Root attributes a later writer adds show up here without a change.
  static const char* known[] = {"format",       "version",  "scenario",   "seed",
                                "agents",       "scale",    "threads",    "ranks",
                                "command_line", "complete", "ticks_done", "start_date"};
  for (const auto& [n, v] : run.attributes) {
    if (std::find(std::begin(known), std::end(known), n) != std::end(known)) continue;
    if (n.find("wall") != std::string::npos) continue;
    fact(t, n, v, attribute(base, n), with_base);
  }
  page.html(render_table(t));

  page.html("<h3>What-if events by date</h3>");
  if (run.events.empty()) {
    page.note("The scenario has no dated policy events.");
    return;
  }
  Table e;
  e.id = "table-events";
  e.caption =
      "The scenario's policy events; the number marks the date on every time axis. An "
      "event applies from its month on.";
  e.header = {"#", "date", "target", "action", "change"};
  e.numeric = {true};
  for (std::size_t i = 0; i < run.events.size(); ++i) {
    const EventRow& ev = run.events[i];
    e.rows.push_back({std::to_string(i + 1), ev.date, ev.target, ev.action, ev.change});
  }
  page.html(render_table(e));
  if (with_base && !base.events.empty()) {
    page.note("The baseline has " + std::to_string(base.events.size()) +
              " events of its own; the marks show this run's.");
  }
}

void add_national(HtmlPage& page, const ReportInput& in) {
  const ReportRun& run = in.run;
  page.section("national", "National series");
  page.note(
      "Sums over all regions. Stocks hold at the start of each month; counts (admissions, "
      "conversions, spending, revenue) are plotted at the month they count. Dashed vertical "
      "lines: the policy events, numbered as in the table above." +
      std::string(in.base ? " Solid: this run; dashed: the baseline." : ""));
  std::vector<std::string> names;
  for (const char* n : {"residents", "migrants", "registered", "admissions", "conversions",
                        "spending_total", "revenue_total", "balance"}) {
    if (run.has(n)) names.push_back(n);
  }
  if (!run.has("spending_total") && !run.names_with_prefix("spending_").empty()) {
    names.push_back("spending_*");
  }
  page.open_grid();
  for (const std::string& name : names) {
    const bool summed = name == "spending_*";
    const auto national = [&](const ReportRun& r) {
      if (!summed) return r.national(name);
      std::vector<double> v(r.rows(), 0.0);
      const auto total = common::spending_total(r);
      for (std::size_t t = 0; t < r.rows(); ++t) {
        for (std::size_t k = 0; k < r.regions(); ++k) v[t] += total[t * r.regions() + k];
      }
      return v;
    };
    // The series whose kind (stock or counter) the chart takes.
    const std::string key = summed ? run.names_with_prefix("spending_").front() : name;
    LineChart c;
    c.id = "chart-national-" + (summed ? std::string("spending") : name);
    c.title = "National " + (summed ? std::string("spending") : common::label_of(name));
    c.y_units = common::units_of(run, summed ? run.names_with_prefix("spending_").front() : name);
    c.start = run.dates.empty() ? Month{} : run.dates.front();
    c.marks = marks_of(run);
    c.lines.push_back({in.base ? "this run" : c.title, plotted(run, key, national(run)), 0, false});
    if (in.base)
      c.lines.push_back({"baseline", plotted(*in.base, key, national(*in.base)), 1, true});
    Table t;
    t.header = {is_counter(run, key) ? "month counted" : "start of month",
                in.base ? "this run" : c.y_units};
    if (in.base) {
      t.header.back() += " (" + c.y_units + ")";
      t.header.push_back("baseline");
      t.header.push_back("difference");
    }
    t.numeric = {false, true, true, true};
    const auto& mine = c.lines.front().y;
    for (std::size_t row : common::table_rows(mine.size())) {
      std::vector<std::string> cells = {plotted_month(run, row).str(), table_number(mine[row])};
      if (in.base) {
        const auto& theirs = c.lines.back().y;
        const double b = row < theirs.size() ? theirs[row] : NAN;
        cells.push_back(table_number(b));
        cells.push_back(table_number(mine[row] - b));
      }
      t.rows.push_back(cells);
    }
    page.figure("fig-national-" + (summed ? std::string("spending") : name), c.title,
                render_line_chart(c), render_table(t));
  }
  page.close_grid();
}

void add_regions(HtmlPage& page, const ReportInput& in) {
  const ReportRun& run = in.run;
  const std::string quantity = "migrants";
  if (!run.has(quantity) || run.rows() == 0) return;
  page.section("regions", "Migrants by region");
  const std::size_t last = run.rows() - 1;
  std::vector<std::size_t> order(run.regions());
  std::iota(order.begin(), order.end(), 0);
  const bool all = run.regions() <= 40;
  if (!all) {
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return run.at(quantity, last, a) > run.at(quantity, last, b);
    });
    order.resize(std::min<std::size_t>(order.size(), static_cast<std::size_t>(in.options.top)));
    page.note("The " + std::to_string(order.size()) + " of " + std::to_string(run.regions()) +
              " regions with the most migrants at the start of " + run.dates[last].str() +
              " (--top sets how many).");
  }
  page.note(
      "Residents registered in another region (persons), at the start of each month; one "
      "chart per region, each with its own scale." +
      std::string(in.base ? " Solid: this run; dashed: the baseline." : ""));
  page.open_grid("grid small");
  for (std::size_t r : order) {
    LineChart c;
    c.id = "chart-region-" + std::to_string(r);
    c.title = run.names[r] + ": migrants";
    c.y_units = "persons";
    c.start = run.dates.front();
    c.marks = marks_of(run);
    c.width = 320;
    c.height = 190;
    c.legend = false;  // the note above says which line is which
    c.max_year_ticks = 6;
    c.lines.push_back({"this run", column(run, quantity, r), 0, false});
    if (in.base) c.lines.push_back({"baseline", column(*in.base, quantity, r), 1, true});
    page.figure("fig-region-" + std::to_string(r), run.names[r], render_line_chart(c), "");
  }
  page.close_grid();
  Table t;
  t.id = "table-regions";
  t.caption = "Migrants (persons) at the start of each year's January and of the last month" +
              std::string(in.base ? "; this run" : "");
  t.header = {"region"};
  const auto rows = common::table_rows(run.rows());
  for (std::size_t row : rows) t.header.push_back(run.dates[row].str());
  t.numeric.assign(t.header.size(), true);
  t.numeric[0] = false;
  for (std::size_t r : order) {
    std::vector<std::string> cells = {run.names[r]};
    for (std::size_t row : rows) cells.push_back(table_number(run.at(quantity, row, r)));
    t.rows.push_back(cells);
  }
  page.html(render_table(t));
}

void add_flows(HtmlPage& page, const ReportInput& in) {
  const ReportRun& run = in.run;
  const std::size_t n = run.regions();
  page.section("flows", "Largest flows");
  std::vector<std::size_t> pairs;
  for (std::size_t i = 0; i < n * n; ++i) {
    if (i / n != i % n && run.moves[i] > 0) pairs.push_back(i);
  }
  std::stable_sort(pairs.begin(), pairs.end(),
                   [&](std::size_t a, std::size_t b) { return run.moves[a] > run.moves[b]; });
  pairs.resize(std::min<std::size_t>(pairs.size(), static_cast<std::size_t>(in.options.flows)));
  const std::string span = run.dates.size() > 1
                               ? run.dates.front().str() + " to " + run.dates.back().plus(-1).str()
                               : "no month";
  if (pairs.empty()) {
    page.note("No moves between regions were recorded (" + span + ").");
    return;
  }
  BarChart c;
  c.id = "chart-flows";
  c.title = "Largest flows, origin to destination";
  c.units = "persons moved, " + span;
  Table t;
  t.id = "table-flows";
  t.header = {"origin", "destination", "persons moved"};
  if (in.base) {
    t.header.push_back("baseline");
    t.header.push_back("difference");
  }
  t.numeric = {false, false, true, true, true};
  for (std::size_t p : pairs) {
    const std::string from = run.names[p / n], to = run.names[p % n];
    c.bars.push_back({from + " → " + to, run.moves[p]});
    std::vector<std::string> cells = {from, to, table_number(run.moves[p])};
    if (in.base && in.base->moves.size() == run.moves.size()) {
      cells.push_back(table_number(in.base->moves[p]));
      cells.push_back(table_number(run.moves[p] - in.base->moves[p]));
    }
    t.rows.push_back(cells);
  }
  page.figure(
      "fig-flows",
      "The " + std::to_string(pairs.size()) + " largest flows between regions (moves over the run)",
      render_bar_chart(c), render_table(t));
}

}  // namespace migrasim::report
