#include "report_run.hpp"

#include <cmath>
#include <limits>

#include "migrasim/error.hpp"
#include "migrasim/io/h5.hpp"

namespace migrasim::report {

namespace {

// A root attribute as text, whatever its stored type.
std::string attribute_text(const h5::File& file, const std::string& name) {
  try {
    return file.get_attribute<std::string>(name);
  } catch (const InputError&) {
  }
  try {
    return std::to_string(file.get_attribute<std::int64_t>(name));
  } catch (const InputError&) {
  }
  try {
    const double v = file.get_attribute<double>(name);
    char b[40];
    std::snprintf(b, sizeof b, "%.10g", v);
    return b;
  } catch (const InputError&) {
  }
  return "(not a single value)";
}

std::vector<double> read_doubles(const h5::Dataset& d) {
  const auto rows = d.rows();
  if (d.element_type() == h5::Type::float64 || d.element_type() == h5::Type::float32) {
    return d.read_rows<double>(0, rows);
  }
  const auto v = d.read_rows<std::int64_t>(0, rows);
  return {v.begin(), v.end()};
}

std::vector<std::string> strings_of(const h5::Location& g, const char* name) {
  return g.has(name) ? g.open_dataset(name).read_strings() : std::vector<std::string>{};
}

}  // namespace

double ReportRun::at(const std::string& name, std::size_t row, std::size_t region) const {
  const auto it = series.find(name);
  if (it == series.end() || row >= rows() || region >= regions()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return it->second.values[row * regions() + region];
}

std::vector<double> ReportRun::national(const std::string& name) const {
  const auto it = series.find(name);
  if (it == series.end()) return {};
  std::vector<double> out(rows(), 0.0);
  for (std::size_t t = 0; t < rows(); ++t) {
    for (std::size_t r = 0; r < regions(); ++r) {
      const double v = it->second.values[t * regions() + r];
      if (!std::isnan(v)) out[t] += v;
    }
  }
  return out;
}

std::vector<std::string> ReportRun::names_with_prefix(const std::string& prefix) const {
  std::vector<std::string> out;
  for (const auto& [name, s] : series) {
    if (name.rfind(prefix, 0) == 0) out.push_back(name);
  }
  return out;
}

ReportRun read_report_run(const std::string& path) {
  ReportRun run;
  run.path = path;
  run.info = read_run_info(path);  // checks format and version
  const h5::File file = h5::File::open(path);
  run.version = file.get_attribute<std::int64_t>("version");
  for (const std::string& name : file.attribute_names()) {
    run.attributes.emplace_back(name, attribute_text(file, name));
  }
  const h5::Group scenario = file.open_group("scenario");
  for (const std::string& o : strings_of(scenario, "overrides")) {
    if (o.find('=') != std::string::npos) run.overrides.push_back(o);
  }
  if (scenario.has_attribute("entry")) run.entry = scenario.get_attribute<std::string>("entry");
  if (scenario.has_attribute("base_folder")) {
    run.base_folder = scenario.get_attribute<std::string>("base_folder");
  }

  const h5::Group regions = file.open_group("regions");
  run.names = regions.open_dataset("name").read_strings();
  run.provinces = strings_of(regions, "province");
  run.provinces.resize(run.names.size());
  run.lat = regions.open_dataset("lat").read_vector<double>();
  run.lon = regions.open_dataset("lon").read_vector<double>();
  const std::size_t n = run.names.size();
  if (run.lat.size() != n || run.lon.size() != n) {
    throw InputError(path + ": /regions: lat and lon must have one value per region");
  }

  const h5::Group series = file.open_group("series");
  const auto dates = series.open_dataset("date").read_vector<std::int32_t>();
  for (std::int32_t d : dates) run.dates.push_back(Month{d / 100, d % 100});
  for (const std::string& name : series.list()) {
    if (name == "tick" || name == "date") continue;
    const h5::Dataset d = series.open_dataset(name);
    const auto shape = d.shape();
    // Only per-region series; anything else a later file adds is skipped.
    if (shape.size() != 2 || shape[1] != n || shape[0] != dates.size()) continue;
    RegionSeries s;
    if (d.has_attribute("units")) s.units = d.get_attribute<std::string>("units");
    s.values = read_doubles(d);
    run.series.emplace(name, std::move(s));
  }

  const h5::Group events = file.open_group("events");
  if (events.has("tick")) {
    const auto ticks = events.open_dataset("tick").read_vector<std::int64_t>();
    const auto date = strings_of(events, "date");
    const auto target = strings_of(events, "target");
    const auto action = strings_of(events, "action");
    const auto change = strings_of(events, "change");
    for (std::size_t e = 0; e < ticks.size(); ++e) {
      const auto get = [e](const std::vector<std::string>& v) {
        return e < v.size() ? v[e] : std::string();
      };
      run.events.push_back({ticks[e], get(date), get(target), get(action), get(change)});
    }
  }

  // The moves of the whole run, one row (one month) at a time: the city
  // scenario's full matrix over 120 months would take 120 MB.
  run.moves.assign(n * n, 0.0);
  if (file.has("flows/moves")) {
    const h5::Dataset moves = file.open_dataset("flows/moves");
    for (h5::Size t = 0; t < moves.rows(); ++t) {
      const auto m = moves.read_rows<std::int64_t>(t, 1);
      for (std::size_t i = 0; i < m.size() && i < n * n; ++i) {
        run.moves[i] += static_cast<double>(m[i]);
      }
    }
  }
  return run;
}

}  // namespace migrasim::report
