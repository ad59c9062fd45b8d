// Reads events.csv and `events.add` lines of INI files, and turns each into a
// validated Event: a date, the regions it targets and the policy keys it sets.
//   date, target, action, value, parameters...
//   2007-03, Hebei, classification, unified, benefit_equalization=0
#include <algorithm>
#include <limits>
#include <optional>

#include "migrasim/detail/text.hpp"
#include "scenario_readers.hpp"

namespace migrasim::detail {

namespace {

const std::vector<std::string> kActions = {"classification", "residence_rule", "set"};
enum Field { kDate = 0, kTarget, kAction, kValue, kFirstParameter };
const char* const kFieldNames[] = {"date", "target", "action", "value", "parameters"};

std::vector<std::string> policy_names() {
  std::vector<std::string> names;
  for (const auto& spec : parameter_specs()) {
    if (spec.section() == "policy") names.emplace_back(spec.name());
  }
  return names;
}

const ParameterSpec* policy_spec(const std::string& name) {
  return find_parameter("policy." + name);
}

// "0-0.5M", "0.5M-1M", "5M+" -> [min, max) in persons.
std::optional<std::pair<double, double>> parse_size_tier(const std::string& text) {
  const auto millions = [](std::string_view t) -> std::optional<double> {
    if (!t.empty() && (t.back() == 'M' || t.back() == 'm')) t.remove_suffix(1);
    const auto v = parse_real(t);
    if (!v || *v < 0) return std::nullopt;
    return *v * 1e6;
  };
  std::string_view t = text;
  if (t.size() >= 2 && t.back() == '+') {
    t.remove_suffix(1);
    if (t.empty() || (t.back() != 'M' && t.back() != 'm')) return std::nullopt;
    const auto lo = millions(t);
    if (!lo) return std::nullopt;
    return std::make_pair(*lo, std::numeric_limits<double>::infinity());
  }
  const auto dash = t.find('-');
  if (dash == std::string_view::npos || t.empty() || (t.back() != 'M' && t.back() != 'm')) {
    return std::nullopt;
  }
  const auto lo = millions(t.substr(0, dash)), hi = millions(t.substr(dash + 1));
  if (!lo || !hi || !(*lo < *hi)) return std::nullopt;
  return std::make_pair(*lo, *hi);
}

}  // namespace

std::vector<EventDraft> read_event_drafts(const std::filesystem::path& file,
                                          const std::string& display) {
  const CsvTable table = read_csv(file, display);
  const ColumnIndex columns(
      table,
      {{"date", true}, {"target", true}, {"action", true}, {"value", true}, {"parameters", false}},
      /*open_tail=*/true);
  // Fields are read by position: the header must be in the documented order.
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    if (table.header[i] != kFieldNames[i]) {
      throw_input_error(table.at(table.header_line), "column " + std::to_string(i + 1) +
                                                         " must be '" + kFieldNames[i] +
                                                         "', got '" + table.header[i] + "'");
    }
  }
  std::vector<EventDraft> drafts;
  for (const auto& row : table.rows) {
    columns.check_width(table, row);
    drafts.push_back({table.at(row.line), "", row.fields});
  }
  return drafts;
}

Event parse_event(const EventDraft& draft, const Parameters& params,
                  const std::vector<Region>& regions, const std::vector<std::string>& provinces) {
  const auto fail = [&](int field, const std::string& what) {
    const std::string name = kFieldNames[std::min(field, static_cast<int>(kFirstParameter))];
    throw_input_error(draft.where, draft.prefix + "column '" + name + "': " + what);
  };
  const auto& f = draft.fields;
  if (f.size() < kFirstParameter) {
    throw_input_error(draft.where, draft.prefix +
                                       "expected at least 4 fields (date, target, "
                                       "action, value), got " +
                                       std::to_string(f.size()));
  }
  Event event;
  event.origin = draft.where.str();

  const auto date = parse_month(f[kDate]);
  if (!date) fail(kDate, "expected a date YYYY-MM, got '" + f[kDate] + "'");
  if (*date < params.run.start) {
    fail(kDate,
         "event date " + date->str() + " is before the scenario start " + params.run.start.str());
  }
  event.date = *date;
  event.tick = date->index() - params.run.start.index();

  event.target = f[kTarget];
  if (event.target.rfind("urban:", 0) == 0) {
    // A size tier of the 2014 State Council opinion: "urban:LO-HIM" or
    // "urban:LOM+", in millions of urban residents; applies at the event date.
    const auto tier = parse_size_tier(event.target.substr(6));
    if (!tier) {
      fail(kTarget, "expected a size tier like 'urban:0-0.5M', 'urban:1-3M' or 'urban:5M+', got '" +
                        event.target + "'");
    }
    event.urban_min = tier->first;
    event.urban_max = tier->second;
    for (std::size_t i = 0; i < regions.size(); ++i) event.regions.push_back(static_cast<int>(i));
  }
  for (std::size_t i = 0; i < regions.size() && !event.by_size(); ++i) {
    if (event.target == "*" || regions[i].name == event.target ||
        regions[i].province == event.target) {
      event.regions.push_back(static_cast<int>(i));
    }
  }
  if (event.regions.empty()) {
    std::vector<std::string> names = region_names(regions);
    names.insert(names.end(), provinces.begin(), provinces.end());
    fail(kTarget,
         "unknown region or province '" + event.target + "'" + did_you_mean(event.target, names));
  }

  event.action = f[kAction];
  if (std::find(kActions.begin(), kActions.end(), event.action) == kActions.end()) {
    const std::string hint = did_you_mean(event.action, kActions);
    fail(kAction, "unknown action '" + event.action + "'" +
                      (hint.empty() ? " (expected classification, residence_rule or set)" : hint));
  }

  // Each assignment is checked by applying it to a scratch copy of the
  // parameters, so events accept exactly what [policy] accepts.
  Parameters scratch = params;
  const auto assign = [&](int field, const std::string& key, const std::string& value) {
    const ParameterSpec* spec = policy_spec(key);
    if (!spec) {
      const bool prefixed = key.rfind("policy.", 0) == 0 && policy_spec(key.substr(7));
      fail(field, "unknown policy key '" + key + "'" +
                      (prefixed ? " (did you mean '" + key.substr(7) + "'?)"
                                : did_you_mean(key, policy_names())));
    }
    for (const auto& [done, value] : event.assignments) {
      if (done == key) fail(field, "key '" + key + "' is set twice in one event");
    }
    assign_parameter(scratch, *spec, value, draft.where,
                     draft.prefix + "column '" + kFieldNames[field] + "': key", key);
    event.assignments.emplace_back(key, std::string(trim(value)));
  };
  const auto split_assignment = [&](int field, const std::string& text) {
    const auto equals = text.find('=');
    if (equals == std::string::npos) fail(field, "expected key=value, got '" + text + "'");
    assign(field, std::string(trim(std::string_view(text).substr(0, equals))),
           text.substr(equals + 1));
  };

  if (event.action == "set") {
    split_assignment(kValue, f[kValue]);
  } else {
    assign(kValue, event.action, f[kValue]);
  }
  for (std::size_t i = kFirstParameter; i < f.size(); ++i) {
    if (!f[i].empty()) split_assignment(kFirstParameter, f[i]);
  }
  return event;
}

}  // namespace migrasim::detail
