#include "scenario_summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "migrasim/detail/text.hpp"
#include "table_text.hpp"

namespace migrasim::cli {

namespace {

std::string persons(double value) {
  return group_thousands(std::llround(value));
}

std::string percent(double share) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * share);
  return buffer;
}

}  // namespace

void print_scenario_summary(std::ostream& out, const Scenario& s, int max_regions) {
  const Parameters& p = s.params();
  const double population = s.total_population();
  const double migrants = s.total_migrants();

  out << "Scenario " << s.name();
  if (!p.scenario.description.empty()) out << ": " << p.scenario.description;
  out << "\n";
  std::string files;
  for (const auto& [name, text] : s.source_files()) files += (files.empty() ? "" : ", ") + name;
  out << "  loaded from   " << s.path().string() << " (" << files << ")\n";
  out << "  run           from " << p.run.start.str() << " for " << p.run.ticks << " months, seed "
      << p.run.seed << "\n";
  char scale[64];
  std::snprintf(scale, sizeof scale, "%.2f", s.scale());
  out << "  agents        " << group_thousands(p.run.agents) << " (at the start, as asked; scale "
      << scale << " persons per agent; births and deaths change the count as the run goes)\n";
  out << "  regions       " << s.region_count() << " in " << s.provinces().size()
      << " provinces; distances "
      << (s.distances_given() ? "from distances.csv" : "great-circle from lat/lon") << "\n";
  out << "  population    " << persons(population) << " residents (persons)\n";
  out << "  migrants      " << persons(migrants) << " (" << percent(migrants / population)
      << " of residents) live outside their hukou region"
      << (s.has_migrant_stock() ? "; origins from migrant_stock.csv" : "") << "\n";
  out << "  registered    " << persons(population - migrants)
      << " residents live where they are registered\n";

  std::map<std::string, int> classes, rules;
  for (const auto& r : s.regions()) {
    ++classes[std::string(choice_name(r.policy.classification))];
    ++rules[std::string(choice_name(r.policy.residence_rule))];
  }
  const auto tally = [](const std::map<std::string, int>& counts) {
    std::string text;
    for (const auto& [name, n] : counts)
      text += (text.empty() ? "" : ", ") + name + " " + std::to_string(n);
    return text;
  };
  out << "  policy        classification: " << tally(classes)
      << "; residence rule: " << tally(rules) << "\n";
  out << "  unit costs    " << (s.has_unit_costs() ? "from benefits.csv" : "none (no benefits.csv)")
      << "\n";
  out << "  events        " << s.events().size() << "\n\n";

  std::vector<int> order(s.regions().size());
  std::iota(order.begin(), order.end(), 0);
  const bool truncated = static_cast<int>(order.size()) > max_regions;
  if (truncated) {
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return s.regions()[a].population > s.regions()[b].population;
    });
    order.resize(max_regions);
  }
  std::vector<std::string> names, provinces;
  for (int i : order) {
    names.push_back(s.regions()[i].name);
    provinces.push_back(s.regions()[i].province);
  }
  const std::size_t name_width = column_width(names, 17) + 1;
  const std::size_t province_width = column_width(provinces, 15) + 1;
  out << pad("Region", name_width) << pad("Province", province_width) << pad("Residents", 15, true)
      << pad("Migrants", 13, true) << pad("Emigrants", 13, true) << pad("Hukou pop.", 15, true)
      << pad("Urban", 8, true) << "  Rule\n";
  for (int i : order) {
    const Region& r = s.regions()[i];
    out << pad(printable(r.name), name_width) << pad(printable(r.province), province_width)
        << pad(persons(r.population), 15, true) << pad(persons(r.migrants), 13, true)
        << pad(persons(r.emigrants), 13, true) << pad(persons(r.hukou_population()), 15, true)
        << pad(percent(r.urban_share), 8, true) << "  " << choice_name(r.policy.residence_rule) << "\n";
  }
  if (truncated) {
    out << "  ... " << s.regions().size() - order.size()
        << " smaller regions not shown (--regions N shows more)\n";
  }
  out << "Persons. Migrants: residents registered elsewhere; emigrants: registered here, living "
         "elsewhere; hukou pop. = residents - migrants + emigrants.\n";

  out << "\nEvents by date\n";
  if (s.events().empty()) out << "  none\n";
  for (const Event& e : s.events()) {
    out << "  " << e.date.str() << " (tick " << e.tick << ")  " << e.target;
    if (e.by_size()) {
      // Resolved at the date from the urban residents then; the start's
      // figures say roughly which regions it will reach.
      std::size_t now = 0;
      for (int r : e.regions) {
        const Region& region = s.regions()[r];
        now += in_size_tier(region.population * region.urban_share, e.urban_min, e.urban_max);
      }
      out << " (" << now << " of " << e.regions.size()
          << " regions with the start's urban residents; resolved at the date)";
    } else if (e.target == "*" || e.regions.size() > 1) {
      out << " (" << e.regions.size() << " regions)";
    }
    out << ": " << e.describe() << "  [" << e.origin << "]\n";
  }
}

void print_parameter_list(std::ostream& out, const Scenario& s) {
  for (const auto& spec : parameter_specs()) {
    out << pad(std::string(spec.key), 38) << " = " << pad(parameter_value(s.params(), spec), 12);
    if (!spec.units.empty()) out << " [" << spec.units << "]";
    out << "  " << spec.meaning << "\n";
  }
}

}  // namespace migrasim::cli
