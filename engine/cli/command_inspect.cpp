// `migrasim inspect RUN.h5`: what a run was, its national series at a few
// dates and its largest flows; or one series as a table or CSV. With
// `--by province` regions are summed into their provinces. The printing is
// in inspect_output.cpp.
#include <iostream>

#include "cli_options.hpp"
#include "inspect_ensemble.hpp"
#include "inspect_output.hpp"
#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"
#include "migrasim/io/h5.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/io/run_series.hpp"
#include "migrasim/scenario/region_groups.hpp"

namespace migrasim::cli {

namespace {

// The series --series accepts, wrapped, by kind: shown by --help as the
// caption of an option group without options.
std::string series_caption() {
  std::string text = "Series that --series NAME takes (the run file's /series)";
  for (const SeriesKind kind : {SeriesKind::stock, SeriesKind::counter}) {
    std::string line = kind == SeriesKind::stock ? "  stocks, at the start of each month:"
                                                 : "  counters, shown under the month they count:";
    text += "\n" + line;
    line = "   ";
    for (const SeriesSpec& s : kRunSeries) {
      if (s.kind != kind) continue;
      if (line.size() + s.name.size() + 2 > 78) {
        text += "\n" + line;
        line = "   ";
      }
      line += " " + std::string(s.name);
    }
    text += "\n" + line;
  }
  return text + "\n  (the units and meaning of each: docs/hdf5-schema.md section 7)";
}

po::options_description inspect_options() {
  po::options_description options("Inspect options");
  options.add_options()(
      "series", po::value<std::string>()->value_name("NAME"),
      "print one series over the months (names below), national unless --region: a sum; wage: "
      "the mean per worker, weighted by employed; points_cutoff: the lowest of the regions")(
      "region", po::value<std::string>()->value_name("R"),
      "with --series: the region (or province, with --by province)")(
      "csv", po::bool_switch(), "with --series: print CSV (tick,date,counted_month,NAME)")(
      "by", po::value<std::string>()->default_value("region")->value_name("region|province"),
      "region: --region names a region, flows are between regions; province: --region names a "
      "province (its regions summed), and a table by province and the flows between provinces "
      "are printed");
  options.add(po::options_description(series_caption()));
  return options;
}

// --region and --csv only mean something with --series.
void check_series_options(const po::variables_map& vm) {
  if (vm.count("series")) return;
  if (vm.count("region")) {
    throw InputError("--region " + vm["region"].as<std::string>() +
                     ": only with --series NAME (which series of the region?)");
  }
  if (vm["csv"].as<bool>()) throw InputError("--csv: only with --series NAME");
}

}  // namespace

int inspect_main(const std::vector<std::string>& args) {
  const po::options_description options = inspect_options();
  po::variables_map vm;
  if (!parse_command_line(find_command("inspect"), args, options,
                          {{"file", "FILE.h5", "run file to read"}}, vm)) {
    return kSuccess;
  }
  const std::string by = vm["by"].as<std::string>();
  if (by != "region" && by != "province") {
    throw InputError("--by: expected 'region' or 'province', got '" + by + "'");
  }
  check_series_options(vm);
  if (!vm.count("series") && print_if_ensemble(std::cout, vm["file"].as<std::string>())) {
    return kSuccess;
  }
  const InspectedRun run = open_inspected_run(vm["file"].as<std::string>(), by == "province");
  if (vm.count("series")) {
    const SeriesSpec& series = series_named(run, vm["series"].as<std::string>());
    const int group = vm.count("region") ? group_named(run, vm["region"].as<std::string>()) : -1;
    print_series(run, series, group, vm["csv"].as<bool>());
    return kSuccess;
  }
  print_overview(run);
  if (run.by_province) print_by_group(run);
  print_largest_flows(run);
  return kSuccess;
}

}  // namespace migrasim::cli
