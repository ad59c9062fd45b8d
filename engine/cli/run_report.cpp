#include "run_report.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "migrasim/detail/text.hpp"
#include "table_text.hpp"

namespace migrasim::cli {

ProgressLine::ProgressLine(bool enabled, int total_ticks, std::uint64_t agents)
    : active_(enabled && isatty(STDERR_FILENO)),
      total_(total_ticks),
      agents_(agents),
      start_(std::chrono::steady_clock::now()) {}

void ProgressLine::update(const Simulation& sim) {
  if (!active_) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const int done = sim.tick();
  const double rate = elapsed > 0 ? static_cast<double>(agents_) * done / elapsed : 0;
  const double eta = done > 0 ? elapsed / done * (total_ - done) : 0;
  std::fprintf(stderr, "\r  tick %d/%d  %s  %.1f M agent-ticks/s  ETA %.0f s   ", done, total_,
               sim.scenario().params().run.start.plus(done).str().c_str(), rate / 1e6, eta);
  std::fflush(stderr);
}

void ProgressLine::finish() {
  if (active_) std::fprintf(stderr, "\r%*s\r", 70, "");
}

std::size_t peak_memory_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

namespace {

std::string persons(const Simulation& sim, std::int64_t agents) {
  return group_thousands(std::llround(static_cast<double>(agents) * sim.scale()));
}

// The width of the region-name column: the longest name, at least 18.
std::size_t name_width(const Simulation& sim) {
  std::vector<std::string> names = {"Registration"};
  for (const auto& r : sim.scenario().regions()) names.push_back(r.name);
  return column_width(names, 18);
}

}  // namespace

void print_registration_outcome(std::ostream& out, const Simulation& sim) {
  const Aggregates& a = sim.aggregates();
  const auto& totals = sim.registration_totals();
  char line[256];
  const std::size_t width = name_width(sim);
  std::snprintf(line, sizeof line, " %-9s %-10s %13s %13s %13s %11s %10s\n", "Class", "Rule",
                "Applications", "Admitted", "Converted", "Land given", "Registered");
  out << pad("Registration", width) << line;
  Simulation::RegistrationTotals national;
  for (int r = 0; r < a.regions(); ++r) {
    const PolicyParams& p = sim.region_policy()[r];
    const auto& t = totals[r];
    national.applications += t.applications;
    national.admissions += t.admissions;
    national.conversions += t.conversions;
    national.land_surrendered += t.land_surrendered;
    const double residents = static_cast<double>(a.at(r, Counter::residents));
    std::snprintf(line, sizeof line, " %-9s %-10s %13s %13s %13s %11s %9.1f%%\n",
                  std::string(choice_name(p.classification)).c_str(),
                  std::string(choice_name(p.residence_rule)).c_str(),
                  persons(sim, t.applications).c_str(), persons(sim, t.admissions).c_str(),
                  persons(sim, t.conversions).c_str(), persons(sim, t.land_surrendered).c_str(),
                  residents > 0
                      ? 100.0 * static_cast<double>(a.at(r, Counter::registered)) / residents
                      : 0.0);
    out << pad(printable(sim.scenario().regions()[r].name), width) << line;
  }
  const double residents = static_cast<double>(a.total(Counter::residents));
  std::snprintf(
      line, sizeof line, " %-9s %-10s %13s %13s %13s %11s %9.1f%%\n", "", "",
      persons(sim, national.applications).c_str(), persons(sim, national.admissions).c_str(),
      persons(sim, national.conversions).c_str(), persons(sim, national.land_surrendered).c_str(),
      residents > 0 ? 100.0 * static_cast<double>(a.total(Counter::registered)) / residents : 0.0);
  out << pad("National", width) << line;
  out << "Persons over the run, by the region registering them; class and rule at the end. "
         "Applications: persons in\nunits that applied (each month they apply); admitted: "
         "migrants registered with their dependents;\nconverted: local agricultural hukou "
         "made non-agricultural; registered: share of residents registered\nwhere they live.\n\n";
}

void print_run_summary(std::ostream& out, const Simulation& sim, const RunTotals& t) {
  const Aggregates& a = sim.aggregates();
  char line[256];
  out << "\nRun of " << sim.scenario().name() << ": " << t.ticks << " months from "
      << sim.scenario().params().run.start.plus(sim.tick() - t.ticks).str() << " to "
      << sim.scenario().params().run.start.plus(sim.tick() - 1).str() << ", "
      << group_thousands(static_cast<long long>(sim.agents().agent_count()))
      << " agents at the end (after births and deaths; scale "
      << format_number(std::round(sim.scale() * 100) / 100) << " persons per agent), seed "
      << sim.seed() << "\n\n";
  const std::size_t width = name_width(sim);
  std::snprintf(line, sizeof line, " %15s %15s %13s %13s %13s\n", "Residents", "Registered",
                "Migrants in", "Migrants out", "Left-behind");
  out << pad("Region", width) << line;
  const auto row = [&](const std::string& name, Counter res, std::int64_t residents,
                       std::int64_t registered, std::int64_t in, std::int64_t outm,
                       std::int64_t left) {
    (void)res;
    std::snprintf(line, sizeof line, " %15s %15s %13s %13s %13s\n", persons(sim, residents).c_str(),
                  persons(sim, registered).c_str(), persons(sim, in).c_str(),
                  persons(sim, outm).c_str(), persons(sim, left).c_str());
    out << pad(printable(name), width) << line;
  };
  for (int r = 0; r < a.regions(); ++r) {
    row(sim.scenario().regions()[r].name, Counter::residents, a.at(r, Counter::residents),
        a.at(r, Counter::registered), a.at(r, Counter::migrants), a.at(r, Counter::emigrants),
        a.at(r, Counter::left_behind));
  }
  row("National", Counter::residents, a.total(Counter::residents), a.total(Counter::registered),
      a.total(Counter::migrants), a.total(Counter::emigrants), a.total(Counter::left_behind));
  out << "Persons at the end of the run. Registered: living where registered; migrants in: "
         "registered elsewhere;\nmigrants out: registered here, living elsewhere; left-behind: "
         "children living apart from a working parent.\n\n";
  print_registration_outcome(out, sim);
  out << "Over the run: births " << persons(sim, t.births) << ", deaths " << persons(sim, t.deaths)
      << ", moves between regions " << persons(sim, t.moves) << " (persons)\n";
  const double agent_ticks = static_cast<double>(sim.agents().agent_count()) * t.ticks;
  std::snprintf(line, sizeof line,
                "Wall time %.2f s (set-up %.2f s, ticks %.2f s); %.1f M agent-ticks/s; peak "
                "memory %.0f MiB\n",
                t.setup_seconds + t.tick_seconds, t.setup_seconds, t.tick_seconds,
                t.tick_seconds > 0 ? agent_ticks / t.tick_seconds / 1e6 : 0.0,
                static_cast<double>(peak_memory_bytes()) / (1024.0 * 1024.0));
  out << line;
}

}  // namespace migrasim::cli
