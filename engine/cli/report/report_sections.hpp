// The sections of the HTML report, each built from the run file(s) alone:
// what ran, the national series with the policy events, the map, small
// multiples per region, the largest flows and the fiscal panel. Every chart
// carries an element id (the headless-browser test looks for them) and a
// table of its numbers.
//
// Ensemble files (a later issue) will add quantile bands: read them into
// ReportInput (a list of member runs or stored quantiles) and fill
// LineChart::bands in add_national and add_regions; the charts draw them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "html_page.hpp"
#include "migrasim/month.hpp"
#include "report_run.hpp"

namespace migrasim::report {

// The map's quantities (--map): docs/report.md lists them.
inline constexpr const char* kMapQuantities[] = {"migrants",  "migrant_share",  "registered_share",
                                                 "residents", "delta_spending", "delta_migrants"};

struct ReportOptions {
  std::string map_quantity;    // empty: delta_spending with a baseline, else migrants
  std::optional<Month> month;  // the map's month; none: the last row
  int top = 12;                // small multiples: regions shown when there are more than 40
  int flows = 15;              // largest flows shown
};

struct ReportInput {
  const ReportRun& run;
  const ReportRun* base = nullptr;  // --against
  std::string compare_json;         // `migrasim compare --json` of base and run
  ReportOptions options;
};

void add_overview(HtmlPage& page, const ReportInput& in);
void add_national(HtmlPage& page, const ReportInput& in);
void add_map(HtmlPage& page, const ReportInput& in);
void add_regions(HtmlPage& page, const ReportInput& in);
void add_flows(HtmlPage& page, const ReportInput& in);
void add_fiscal(HtmlPage& page, const ReportInput& in);

// Shared by the sections (report_common.cpp).
namespace common {
// Whether a series counts a month (the row before's month) rather than
// holding a stock: from kRunSeries, else from its units ("... this tick").
bool is_counter(const ReportRun& run, const std::string& name);
// A series name for people: "spending_oneoff_housing" -> "oneoff housing"
// after `prefix` is cut.
std::string label_of(const std::string& name, const std::string& prefix = {});
// Units for people: "yuan this tick" -> "yuan per month".
std::string units_of(const ReportRun& run, const std::string& name);
// The rows shown in tables: every 12th from row 0, and the last.
std::vector<std::size_t> table_rows(std::size_t rows);
// Spending in total per row and region: spending_total if the file has it,
// else the sum of the spending_* series.
std::vector<double> spending_total(const ReportRun& run);
// The event marks of the time axis ("1", "2,3" at their ticks).
std::vector<std::pair<double, std::string>> event_marks(const ReportRun& run);
// The scenario's name (scenario.name).
std::string run_label(const ReportRun& run);
// Where it came from: "what-if file whatif/baseline.ini", "scenario folder toy-3".
std::string scenario_source(const ReportRun& run);
}  // namespace common

}  // namespace migrasim::report
