// `migrasim report RUN.h5 [--against BASE.h5] [--out report.html]`: one
// self-contained HTML file (inline SVG and CSS, no script, nothing fetched)
// showing what ran, the national series with the policy events, a map, the
// regions, the largest flows and the fiscal panel; with --against, the run
// against a baseline. The sections are in report_sections.hpp; docs/report.md
// describes the page.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/cli_options.hpp"
#include "cli/compare_output.hpp"
#include "cli/output_file.hpp"
#include "migrasim/analysis/compare.hpp"
#include "migrasim/error.hpp"
#include "report_sections.hpp"
#include "svg_text.hpp"

namespace migrasim::cli {

namespace {

po::options_description report_options() {
  po::options_description options("Report options");
  options.add_options()(
      "against", po::value<std::string>()->value_name("BASE.h5"),
      "a baseline run file: the report compares RUN with it (both lines on every chart, the "
      "change of spending by category and compare's cost per migrant); the runs must differ "
      "only in the what-if, as for compare")(
      "out", po::value<std::string>()->default_value("report.html")->value_name("FILE"),
      "the HTML file to write")("overwrite", po::bool_switch(), "replace FILE if it exists")(
      "map", po::value<std::string>()->value_name("QUANTITY"),
      "what colours the map: migrants, migrant_share, registered_share, residents, "
      "delta_spending, delta_migrants (the last two with --against), or any series name; "
      "default delta_spending with --against, else migrants")(
      "month", po::value<std::string>()->value_name("YYYY-MM"),
      "the map's month (stocks at its end, counts during it); default the run's last month")(
      "top", po::value<int>()->default_value(12)->value_name("N"),
      "regions shown as small multiples when there are more than 40 (those with most migrants)")(
      "flows", po::value<int>()->default_value(15)->value_name("N"), "largest flows shown");
  return options;
}

report::ReportOptions checked_options(const po::variables_map& vm) {
  report::ReportOptions o;
  if (vm.count("map")) o.map_quantity = vm["map"].as<std::string>();
  if (vm.count("month")) {
    const std::string text = vm["month"].as<std::string>();
    o.month = parse_month(text);
    if (!o.month) throw InputError("--month: expected YYYY-MM, got '" + text + "'");
  }
  o.top = vm["top"].as<int>();
  o.flows = vm["flows"].as<int>();
  if (o.top < 1 || o.top > 400) {
    throw InputError("--top: expected 1 to 400, got " + std::to_string(o.top));
  }
  if (o.flows < 1 || o.flows > 200) {
    throw InputError("--flows: expected 1 to 200, got " + std::to_string(o.flows));
  }
  return o;
}

// Writes `text` to a new file at `path` (claimed before): created
// exclusively, so a file that appeared meanwhile is not replaced.
void write_new_file(const std::filesystem::path& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wx");
  if (f == nullptr) throw InputError(path.string() + ": cannot create the file");
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) {
    std::filesystem::remove(path);
    throw InputError(path.string() + ": could not write the report (disk full?)");
  }
}

}  // namespace

int report_main(const std::vector<std::string>& args) {
  const po::options_description options = report_options();
  po::variables_map vm;
  if (!parse_command_line(find_command("report"), args, options,
                          {{"file", "RUN.h5", "run file to report"}}, vm)) {
    return kSuccess;
  }
  const report::ReportOptions opts = checked_options(vm);
  const std::filesystem::path out = vm["out"].as<std::string>();
  // Refused before the work, as the other commands do (output_file.hpp).
  claim_output(out, vm["overwrite"].as<bool>());

  const report::ReportRun run = report::read_report_run(vm["file"].as<std::string>());
  std::optional<report::ReportRun> base;
  std::string compare_json;
  if (vm.count("against")) {
    const std::string path = vm["against"].as<std::string>();
    base = report::read_report_run(path);
    // The same check and numbers as `migrasim compare BASE RUN --json`.
    const Burden burden = compare_runs(path, run.path);
    std::ostringstream json;
    print_json(json, burden);
    compare_json = json.str();
  }
  const report::ReportInput in{run, base ? &*base : nullptr, compare_json, opts};
  report::HtmlPage page("migrasim report: " + report::common::run_label(run) +
                        (base ? " against " + report::common::run_label(*base) : ""));
  page.html("<header class=\"top\"><h1>" +
            report::escape(report::common::run_label(run) +
                           (base ? " against " + report::common::run_label(*base) : "")) +
            "</h1><nav><a href=\"#what-ran\">What ran</a><a href=\"#national\">National</a>"
            "<a href=\"#map\">Map</a><a href=\"#regions\">Regions</a><a href=\"#flows\">Flows</a>"
            "<a href=\"#fiscal\">Fiscal</a></nav></header>");
  report::add_overview(page, in);
  report::add_national(page, in);
  report::add_map(page, in);
  report::add_regions(page, in);
  report::add_flows(page, in);
  report::add_fiscal(page, in);
  const std::string html =
      page.str("Made by migrasim 0.1.0 (migrasim report) from " + run.path +
               (base ? " and " + base->path : "") +
               ". Counts are persons (agents × scale); money is yuan at the scenario's prices.");
  write_new_file(out, html);
  std::cout << "wrote " << out.string() << " (" << html.size() / 1024 << " KiB)\n";
  return kSuccess;
}

}  // namespace migrasim::cli
