// `migrasim sensitivity SPEC.csv BASE WHATIF`: which inputs carry the fiscal
// burden of a what-if (docs/ensembles.md). SPEC lists the inputs (key, low,
// high, distribution); a design over them (Morris trajectories, Saltelli's
// Sobol' scheme, or one at a time) gives the input values of each design
// point; each point runs the baseline and the what-if with the same seed
// (the base seed at every point: common random numbers) and compares them;
// the chosen outputs of the comparisons give Morris mu* and sigma, Sobol'
// first-order and total indices, or tornado data.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_options.hpp"
#include "compare_output.hpp"
#include "compare_replicates.hpp"
#include "io/csv_field.hpp"
#include "migrasim/analysis/design.hpp"
#include "migrasim/analysis/ensemble_file.hpp"
#include "migrasim/analysis/sensitivity.hpp"
#include "migrasim/analysis/sensitivity_spec.hpp"
#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"
#include "output_file.hpp"
#include "run_loop.hpp"

namespace migrasim::cli {

std::string command_line_of(const char* command, const std::vector<std::string>& args);

namespace {

// An output: a figure of compare's rows (burden_figure_names) in one region
// or province, or nationally.
struct Output {
  std::string figure, region;  // region "" = National
  std::size_t index = 0;
  std::string label() const { return region.empty() ? figure : figure + "@" + region; }
};

Output parse_output(const std::string& text) {
  Output o;
  const auto at = text.find('@');
  o.figure = text.substr(0, at);
  if (at != std::string::npos) o.region = text.substr(at + 1);
  const auto names = burden_figure_names();
  const auto it = std::find(names.begin(), names.end(), o.figure);
  if (it == names.end() || (at != std::string::npos && o.region.empty())) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw InputError("--output: expected FIGURE[@REGION] with FIGURE one of " + known + "; got '" +
                     text + "'");
  }
  o.index = static_cast<std::size_t>(it - names.begin());
  return o;
}

double output_of(const Burden& b, const Output& o) {
  if (o.region.empty()) return burden_figures(b.national)[o.index];
  for (const auto& row : b.rows) {
    if (row.name == o.region) return burden_figures(row)[o.index];
  }
  throw InputError("--output " + o.label() + ": no region or province '" + o.region +
                   "' in the comparison");
}

std::string exact_number(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

// What --csv writes: ten significant digits, as compare --csv.
std::string csv_number(double v) {
  if (std::isnan(v)) return "";
  char b[40];
  std::snprintf(b, sizeof b, "%.10g", v);
  return b;
}

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  char b[40];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

}  // namespace

int sensitivity_main(const std::vector<std::string>& args) {
  po::options_description options = scenario_options();
  po::options_description own("Sensitivity options");
  own.add_options()("design", po::value<std::string>()->default_value("oat")->value_name("SPEC"),
                    "morris:R (R trajectories) | sobol:N (N base samples) | oat (one at a time: "
                    "tornado data)")("design-seed",
                                     po::value<std::uint64_t>()->default_value(1)->value_name("S"),
                                     "seed of the design's sampling (morris, sobol)")(
      "output", po::value<std::vector<std::string>>()->value_name("FIGURE[@REGION]")->composing(),
      "an output of the comparison (repeatable; a column of compare --csv, nationally or in "
      "one region; default: gross_cost_per_migrant, net_cost_per_migrant, newly_registered)")(
      "csv", po::value<std::string>()->value_name("FILE"), "also write the results as CSV")(
      "threads", po::value<int>()->default_value(0)->value_name("T"),
      "cores for the whole study (0 = all)")(
      "keep", po::value<std::string>()->value_name("DIR"),
      "keep the run files in DIR (base-P.h5, whatif-P.h5 per design point P)")(
      "overwrite", po::bool_switch(), "with --keep or --csv: replace existing files")(
      "quiet,q", po::bool_switch(), "no progress lines");
  options.add(own);
  po::variables_map vm;
  if (!parse_command_line(find_command("sensitivity"), args, options,
                          {{"spec", "SPEC.csv", "the inputs: key, low, high, distribution"},
                           {"base", "BASE", "baseline scenario"},
                           {"whatif", "WHATIF", "what-if scenario"}},
                          vm)) {
    return kSuccess;
  }
  install_stop_handlers();
  const std::string spec_path = vm["spec"].as<std::string>();
  const std::string base = vm["base"].as<std::string>(), whatif = vm["whatif"].as<std::string>();
  const auto inputs = read_sensitivity_spec(spec_path);
  std::vector<Output> outputs;
  if (vm.count("output")) {
    for (const auto& t : vm["output"].as<std::vector<std::string>>()) {
      outputs.push_back(parse_output(t));
    }
  } else {
    for (const char* t : {"gross_cost_per_migrant", "net_cost_per_migrant", "newly_registered"}) {
      outputs.push_back(parse_output(t));
    }
  }
  const std::vector<Override> overrides = overrides_from(vm);
  const Scenario base_scenario = load_scenario(base, overrides);
  print_scenario_warnings("sensitivity", base_scenario);
  std::vector<Factor> factors;
  for (const auto& in : inputs) {
    // Each key is checked at both ends of its range now, naming the line.
    for (double v : {in.factor.low, in.factor.high}) {
      auto o = overrides;
      o.push_back({in.factor.key, exact_number(v), "sensitivity"});
      try {
        (void)load_scenario(base, o);
      } catch (const InputError& e) {
        throw InputError(spec_path + ":" + std::to_string(in.line) + ": column 'key': '" +
                         in.factor.key + "' at " + exact_number(v) + ": " + e.what());
      }
    }
    factors.push_back(in.factor);
  }
  const std::string design_text = vm["design"].as<std::string>();
  EnsembleSpec points;  // the design points' overrides, as an ensemble's
  points.scenario_path = base;
  for (const auto& o : overrides) points.overrides.push_back(o.key + "=" + o.value);
  points.base_seed = static_cast<std::uint64_t>(base_scenario.params().run.seed);
  points.replicates = 1;
  points.has_design = true;
  points.design = make_design(design_text, factors, vm["design-seed"].as<std::uint64_t>());
  const DesignKind kind = points.design.kind;
  if (kind != DesignKind::morris && kind != DesignKind::sobol && kind != DesignKind::oat) {
    throw InputError("--design: expected morris:R, sobol:N or oat, got '" + design_text + "'");
  }
  std::vector<std::vector<Override>> pairs;
  for (std::size_t m = 0; m < points.members(); ++m) pairs.push_back(points.member_overrides(m));
  {
    const Scenario a = load_scenario(base, pairs[0]), b = load_scenario(whatif, pairs[0]);
    check_comparable(identity_of(a, base), identity_of(b, whatif), false);
  }
  if (vm.count("csv")) claim_output(vm["csv"].as<std::string>(), vm["overwrite"].as<bool>());
  const auto burdens = run_compared_pairs(base, whatif, pairs, vm, BurdenOptions{},
                                          command_line_of("sensitivity", args), "sensitivity");

  std::ostringstream csv;
  std::ostream& out = std::cout;
  out << "Sensitivity of " << whatif << " against " << base << ": design " << design_text
      << " over " << factors.size() << " inputs from " << spec_path << ", " << points.members()
      << " design points, " << 2 * points.members() << " runs of "
      << group_thousands(base_scenario.params().run.agents) << " agents and "
      << base_scenario.params().run.ticks << " months, seed " << points.base_seed
      << " at every point.\n";
  if (kind == DesignKind::morris) {
    csv << "output,key,mu,mu_star,sigma\n";
  } else if (kind == DesignKind::sobol) {
    csv << "output,key,first_order,total\n";
  } else {
    csv << "output,key,low,high,at_low,at_high,at_default,swing\n";
  }
  for (const Output& o : outputs) {
    std::vector<double> y;
    for (const auto& b : burdens) y.push_back(output_of(b, o));
    const auto missing = std::count_if(y.begin(), y.end(), [](double v) { return std::isnan(v); });
    out << "\n" << o.label();
    if (missing > 0) {
      out << ": " << missing << " of " << y.size()
          << " design points have no value (too few registered); no indices\n";
      continue;
    }
    char line[300];
    if (kind == DesignKind::morris) {
      auto effects = morris_effects(points.design, y);
      std::sort(effects.begin(), effects.end(),
                [](const auto& a, const auto& b) { return a.mu_star > b.mu_star; });
      out << " (Morris elementary effects per whole range, ranked by mu*)\n";
      std::snprintf(line, sizeof line, "  %-40s %14s %14s %14s\n", "input", "mu*", "mu", "sigma");
      out << line;
      for (const auto& e : effects) {
        std::snprintf(line, sizeof line, "  %-40s %14s %14s %14s\n", e.key.c_str(),
                      number(e.mu_star).c_str(), number(e.mu).c_str(), number(e.sigma).c_str());
        out << line;
        csv << csv_field(o.label()) << "," << csv_field(e.key) << "," << csv_number(e.mu) << ","
            << csv_number(e.mu_star) << "," << csv_number(e.sigma) << "\n";
      }
    } else if (kind == DesignKind::sobol) {
      auto indices = sobol_indices(points.design, y);
      std::sort(indices.begin(), indices.end(),
                [](const auto& a, const auto& b) { return a.total > b.total; });
      out << " (Sobol' indices, ranked by total)\n";
      std::snprintf(line, sizeof line, "  %-40s %12s %12s\n", "input", "first order", "total");
      out << line;
      for (const auto& s : indices) {
        std::snprintf(line, sizeof line, "  %-40s %12.3f %12.3f\n", s.key.c_str(), s.first,
                      s.total);
        out << line;
        csv << csv_field(o.label()) << "," << csv_field(s.key) << "," << csv_number(s.first) << ","
            << csv_number(s.total) << "\n";
      }
    } else {
      const Tornado t = tornado(points.design, y);
      out << " (tornado: each input at its low and high, the others at the scenario's; default "
          << number(t.at_default) << ")\n";
      std::snprintf(line, sizeof line, "  %-40s %12s %12s %14s %14s %14s\n", "input", "low", "high",
                    "at low", "at high", "swing");
      out << line;
      for (const auto& bar : t.bars) {
        std::snprintf(line, sizeof line, "  %-40s %12s %12s %14s %14s %14s\n", bar.key.c_str(),
                      number(bar.low_value).c_str(), number(bar.high_value).c_str(),
                      number(bar.at_low).c_str(), number(bar.at_high).c_str(),
                      number(bar.swing()).c_str());
        out << line;
        csv << csv_field(o.label()) << "," << csv_field(bar.key) << "," << csv_number(bar.low_value)
            << "," << csv_number(bar.high_value) << "," << csv_number(bar.at_low) << ","
            << csv_number(bar.at_high) << "," << csv_number(t.at_default) << ","
            << csv_number(bar.swing()) << "\n";
      }
    }
  }
  if (kind != DesignKind::oat && points.design.members() < 50) {
    out << "\nnote: " << points.members()
        << " design points is a small sample; the indices are rough (docs/ensembles.md).\n";
  }
  if (vm.count("csv")) {
    std::ofstream file(vm["csv"].as<std::string>());
    file << csv.str();
    if (!file) throw Error("cannot write " + vm["csv"].as<std::string>());
  }
  return kSuccess;
}

}  // namespace migrasim::cli
