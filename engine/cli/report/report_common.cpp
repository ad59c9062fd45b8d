// Helpers shared by the report's sections (report_sections.hpp).
#include <algorithm>
#include <cmath>
#include <map>

#include "migrasim/io/run_series.hpp"
#include "report_sections.hpp"

namespace migrasim::report::common {

bool is_counter(const ReportRun& run, const std::string& name) {
  if (const SeriesSpec* s = find_series(name)) return s->kind == SeriesKind::counter;
  const auto it = run.series.find(name);
  return it != run.series.end() && it->second.units.find("this tick") != std::string::npos;
}

std::string label_of(const std::string& name, const std::string& prefix) {
  std::string s = name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string units_of(const ReportRun& run, const std::string& name) {
  const auto it = run.series.find(name);
  if (it == run.series.end()) return {};
  const std::string& u = it->second.units;
  if (u == "yuan this tick") return "yuan per month";
  if (u.rfind("yuan at the end of the tick", 0) == 0) return "yuan";
  return u;
}

std::vector<std::size_t> table_rows(std::size_t rows) {
  std::vector<std::size_t> out;
  for (std::size_t t = 0; t < rows; t += 12) out.push_back(t);
  if (rows > 0 && out.back() != rows - 1) out.push_back(rows - 1);
  return out;
}

std::vector<double> spending_total(const ReportRun& run) {
  if (run.has("spending_total")) return run.series.at("spending_total").values;
  std::vector<double> sum(run.rows() * run.regions(), 0.0);
  for (const std::string& name : run.names_with_prefix("spending_")) {
    const auto& v = run.series.at(name).values;
    for (std::size_t i = 0; i < sum.size(); ++i) {
      if (!std::isnan(v[i])) sum[i] += v[i];
    }
  }
  return sum;
}

std::vector<std::pair<double, std::string>> event_marks(const ReportRun& run) {
  std::map<std::int64_t, std::string> by_tick;
  for (std::size_t e = 0; e < run.events.size(); ++e) {
    std::string& tag = by_tick[run.events[e].tick];
    tag += (tag.empty() ? "" : ",") + std::to_string(e + 1);
  }
  std::vector<std::pair<double, std::string>> out;
  for (const auto& [tick, tag] : by_tick) {
    // Tags of many events at one date are cut, the table has them all.
    out.emplace_back(static_cast<double>(tick), tag.size() > 12 ? tag.substr(0, 10) + "…" : tag);
  }
  return out;
}

std::string run_label(const ReportRun& run) {
  return run.info.scenario;
}

std::string scenario_source(const ReportRun& run) {
  // A what-if names its file under the base folder ("whatif/baseline.ini");
  // a run of a scenario folder, the folder.
  if (run.entry.empty()) {
    return run.base_folder.empty() ? "scenario folder" : "scenario folder " + run.base_folder;
  }
  return "what-if file " +
         (run.base_folder.empty() ? run.entry : run.base_folder + "/" + run.entry);
}

}  // namespace migrasim::report::common
