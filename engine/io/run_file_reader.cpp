// Reading HDF5 run files: information, the stored scenario, snapshots, and
// cutting a run back to a snapshot before resuming.
#include <algorithm>
#include <cmath>
#include <fstream>

#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"
#include "migrasim/io/h5.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/model/demography.hpp"
#include "run_file_layout.hpp"

namespace migrasim {

namespace {

// Opens a run file and checks that it is one, of a version we read.
h5::File open_run(const std::filesystem::path& path, h5::Mode mode) {
  h5::File file = h5::File::open(path, mode);
  const std::string shown = path.string();
  if (!file.has_attribute("format") ||
      file.get_attribute<std::string>("format") != kRunFileFormat) {
    throw InputError(shown + ": not a migrasim run file (no 'format' attribute '" +
                     std::string(kRunFileFormat) + "')");
  }
  const auto version = file.get_attribute<std::int64_t>("version");
  if (version != kRunFileVersion) {
    throw InputError(shown + ": run file version " + std::to_string(version) +
                     ", this migrasim reads version " + std::to_string(kRunFileVersion));
  }
  for (const char* group :
       {"scenario", "regions", detail::kSeriesGroup, detail::kFlowsGroup, "snapshots"}) {
    if (!file.has(group)) throw InputError(shown + ": missing group '/" + std::string(group) + "'");
  }
  return file;
}

// Values read back are checked before agents are built from them: a damaged
// file that passed the checksums (or one written by other software) must
// give a message, not an index out of range in the first tick.
void check_snapshot_values(const std::string& where, const h5::File& file,
                           const SimulationSnapshot& snap, const std::vector<std::uint16_t>& hukou,
                           const std::vector<std::uint16_t>& location,
                           const std::vector<std::uint8_t>& age,
                           const std::vector<std::uint8_t>& birth_month,
                           const std::vector<std::uint16_t>& traits,
                           const std::vector<std::uint32_t>& id) {
  const std::size_t regions = file.open_dataset("regions/name").rows();
  const auto bad = [&](const std::string& what) {
    throw InputError(where + ": " + what + " (the snapshot is damaged; resume from another)");
  };
  if (id.empty()) bad("no agents");
  if (!(snap.scale > 0) || !std::isfinite(snap.scale)) bad("scale " + format_number(snap.scale));
  const std::pair<const char*, std::size_t> per_region[] = {
      {"initial_labour", snap.initial_labour.size()},
      {"fiscal_balance", snap.fiscal_balance.size()},
      {"tax_rate", snap.fiscal_calibration.tax_rate.size()},
      {"other_per_resident", snap.fiscal_calibration.other_per_resident.size()}};
  for (const auto& [field, size] : per_region) {
    if (size != regions) {
      bad(std::string(field) + " holds " + std::to_string(size) + " values for " +
          std::to_string(regions) + " regions");
    }
  }
  for (const auto& [field, values] : fiscal_calibration_fields(snap.fiscal_calibration)) {
    if (values->empty()) continue;
    if (values->size() != regions) {
      bad(std::string(field) + " holds " + std::to_string(values->size()) + " values for " +
          std::to_string(regions) + " regions");
    }
    for (double v : *values) {
      if (!std::isfinite(v)) bad(std::string(field) + ": a calibration value is not finite");
    }
  }
  if (!snap.quota_used.empty() && snap.quota_used.size() != regions) {
    bad("quota_used holds " + std::to_string(snap.quota_used.size()) + " values for " +
        std::to_string(regions) + " regions");
  }
  for (std::size_t r = 0; r < regions; ++r) {
    if (!std::isfinite(snap.initial_labour[r]) || snap.initial_labour[r] < 0 ||
        !std::isfinite(snap.fiscal_calibration.tax_rate[r]) ||
        !std::isfinite(snap.fiscal_calibration.other_per_resident[r])) {
      bad("region " + std::to_string(r) + ": a calibration value is not finite or negative");
    }
  }
  const auto agent = [&](std::size_t i, const std::string& field, long long value) {
    bad("agent " + std::to_string(i) + " (id " + std::to_string(id[i]) + "): " + field + " " +
        std::to_string(value));
  };
  if (!Traits{traits[0]}.household_start()) agent(0, "is not a household head; traits", traits[0]);
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (hukou[i] >= regions) agent(i, "hukou_region", hukou[i]);
    if (location[i] >= regions) agent(i, "location", location[i]);
    if (age[i] > kMaxAge) agent(i, "age", age[i]);
    if (birth_month[i] > 11) agent(i, "birth_month", birth_month[i]);
    if (id[i] >= snap.next_id)
      agent(i, "id not below next_id " + std::to_string(snap.next_id) + ":", id[i]);
    const Traits t{traits[i]};
    if (static_cast<unsigned>(t.hukou_type()) > 2 || static_cast<unsigned>(t.employment()) > 4) {
      agent(i, "traits", traits[i]);
    }
  }
  const std::size_t events = file.has("events/tick") ? file.open_dataset("events/tick").rows() : 0;
  for (const AppliedEvent& e : snap.applied) {
    if (e.event < 0 || static_cast<std::size_t>(e.event) >= events) {
      bad("applied event " + std::to_string(e.event) + " of " + std::to_string(events));
    }
    for (int r : e.regions) {
      if (r < 0 || static_cast<std::size_t>(r) >= regions)
        bad("applied event region " + std::to_string(r));
    }
  }
}

// Refuses a dataset whose shape claims more values than the file could hold
// before anything is allocated for it: snapshots are stored uncompressed, and
// 1,100 bytes per stored byte is beyond deflate's best ratio. A corrupted
// shape asked read_vector for 2^60 doubles (found by tests/fuzz/fuzz_run_file).
void check_fits(const std::filesystem::path& path, const std::string& what, h5::Size rows,
                std::size_t bytes_per_row) {
  const auto file_bytes = static_cast<long double>(std::filesystem::file_size(path));
  if (static_cast<long double>(rows) * bytes_per_row > 1100.0L * file_bytes) {
    throw InputError(path.string() + ": " + what + " holds " + std::to_string(rows) +
                     " values, more than a file of " + format_number(double(file_bytes)) +
                     " bytes can store");
  }
}

// The open census windows of snapshot group `g` (absent in files from
// before the census tables: the resumed run then declares them unavailable).
std::vector<CensusWindow> read_census_windows(const std::filesystem::path& path,
                                              const h5::File& file, const h5::Group& g,
                                              const std::string& name) {
  std::vector<CensusWindow> windows;
  if (!g.has(detail::kCensusGroup)) return windows;
  const std::size_t regions = file.open_dataset("regions/name").rows();
  const h5::Group census = g.open_group(detail::kCensusGroup);
  for (const std::string& date : census.list()) {
    const std::string where = path.string() + ": /" + name + "/census/" + date;
    const h5::Group c = census.open_group(date);
    CensusWindow w;
    w.census_tick = static_cast<int>(c.get_attribute<std::int64_t>("census_tick"));
    w.start_tick = static_cast<int>(c.get_attribute<std::int64_t>("start_tick"));
    const auto id_limit = c.get_attribute<std::int64_t>("id_limit");
    const auto count = c.get_attribute<std::int64_t>("count");
    if (w.start_tick < 0 || w.census_tick != w.start_tick + kCensusWindowMonths || id_limit < 0 ||
        id_limit > 0xFFFFFFFFll || count < 0) {
      throw InputError(where + ": bad window (census_tick " + std::to_string(w.census_tick) +
                       ", start_tick " + std::to_string(w.start_tick) + ", id_limit " +
                       std::to_string(id_limit) + ", count " + std::to_string(count) +
                       "; the snapshot is damaged; resume from another)");
    }
    w.id_limit = static_cast<std::uint32_t>(id_limit);
    if (count > 0) {
      check_fits(path, "/" + name + "/census/" + date + "/id", c.open_dataset("id").rows(),
                 sizeof(EarlierLocation));
      const auto ids = c.open_dataset("id").read_vector<std::uint32_t>();
      const auto from = c.open_dataset("region").read_vector<std::uint16_t>();
      if (ids.size() != static_cast<std::size_t>(count) || from.size() != ids.size()) {
        throw InputError(where + ": id and region hold " + std::to_string(ids.size()) + " and " +
                         std::to_string(from.size()) + " entries, count says " +
                         std::to_string(count) + " (the snapshot is damaged; resume from another)");
      }
      w.moved.resize(ids.size());
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (from[i] >= regions || ids[i] >= w.id_limit) {
          throw InputError(where + ": entry " + std::to_string(i) + " (id " +
                           std::to_string(ids[i]) + ", region " + std::to_string(from[i]) +
                           ") is out of range (the snapshot is damaged; resume from another)");
        }
        w.moved[i] = {ids[i], from[i]};
      }
    }
    windows.push_back(std::move(w));
  }
  return windows;
}

}  // namespace

std::vector<CensusInfo> read_census_list(const std::filesystem::path& path) {
  const h5::File file = open_run(path, h5::Mode::read_only);
  std::vector<CensusInfo> list;
  if (!file.has(detail::kCensusGroup)) return list;
  const h5::Group census = file.open_group(detail::kCensusGroup);
  for (const std::string& name : census.list()) {
    const h5::Group g = census.open_group(name);
    CensusInfo c;
    c.date = name;
    c.tick = g.get_attribute<std::int64_t>("tick");
    c.earlier_date = g.get_attribute<std::string>("five_year_earlier_date");
    c.five_year = g.get_attribute<bool>("five_year_available");
    if (!c.five_year) c.unavailable = g.get_attribute<std::string>("five_year_unavailable");
    if (c.five_year) c.earlier_locations = g.get_attribute<std::int64_t>("earlier_locations");
    list.push_back(std::move(c));
  }
  return list;
}

RunInfo read_run_info(const std::filesystem::path& path) {
  const h5::File file = open_run(path, h5::Mode::read_only);
  RunInfo info;
  info.scenario = file.get_attribute<std::string>("scenario");
  info.seed = static_cast<std::uint64_t>(file.get_attribute<std::int64_t>("seed"));
  info.agents = file.get_attribute<std::int64_t>("agents");
  info.scale = file.get_attribute<double>("scale");
  info.start_date = file.get_attribute<std::string>("start_date");
  info.ticks_done = file.get_attribute<std::int64_t>("ticks_done");
  info.threads = file.get_attribute<std::int64_t>("threads");
  info.command_line = file.get_attribute<std::string>("command_line");
  info.complete = file.get_attribute<bool>("complete");
  const h5::Group snapshots = file.open_group("snapshots");
  for (const std::string& name : snapshots.list()) {
    const auto tick = parse_integer(name);
    bool complete = false;
    try {
      // A snapshot cut short by a full disk may not even open: torn.
      const h5::Group g = snapshots.open_group(name);
      complete = tick && g.has_attribute("complete") && g.get_attribute<bool>("complete");
    } catch (const InputError&) {
      complete = false;
    }
    (complete ? info.snapshots : info.torn_snapshots).push_back(tick.value_or(-1));
  }
  return info;
}

Scenario load_run_scenario(const std::filesystem::path& path, const std::filesystem::path& folder) {
  const h5::File file = open_run(path, h5::Mode::read_only);
  const h5::Group g = file.open_group("scenario");
  const auto names = g.open_dataset("file_names").read_strings();
  const auto texts = g.open_dataset("file_texts").read_strings();
  if (names.size() != texts.size()) {
    throw InputError(path.string() + ": /scenario: file_names and file_texts differ in length");
  }
  // Base files in folder/<base folder name>; what-if files keep their place
  // relative to it (they name their base by that folder name).
  std::string base_name =
      g.has_attribute("base_folder") ? g.get_attribute<std::string>("base_folder") : std::string();
  if (base_name.empty() || base_name == "." || base_name == "..") base_name = "base";
  const std::filesystem::path base = folder / base_name;
  std::filesystem::create_directories(base);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::filesystem::path target = (base / names[i]).lexically_normal();
    // Stored names stay inside the scratch folder (what-ifs sit beside the base).
    if (target.lexically_relative(folder.lexically_normal()).string().rfind("..", 0) == 0) {
      throw InputError(path.string() + ": /scenario/file_names: unsafe file name '" + names[i] +
                       "'");
    }
    std::filesystem::create_directories(target.parent_path());
    std::ofstream(target, std::ios::binary) << texts[i];
  }
  std::vector<Override> overrides;
  for (const std::string& o : g.open_dataset("overrides").read_strings()) {
    const auto equals = o.find('=');
    if (equals == std::string::npos) continue;
    overrides.push_back({o.substr(0, equals), o.substr(equals + 1), path.string()});
  }
  overrides.push_back(
      {"scenario.name", file.get_attribute<std::string>("scenario"), path.string()});
  const std::string entry = g.get_attribute<std::string>("entry");
  return load_scenario(entry.empty() ? base : (base / entry).lexically_normal(), overrides);
}

SimulationSnapshot read_snapshot(const std::filesystem::path& path, std::int64_t tick) {
  const h5::File file = open_run(path, h5::Mode::read_only);
  const std::string name = "snapshots/" + detail::snapshot_name(tick);
  if (!file.has(name)) throw InputError(path.string() + ": missing group '/" + name + "'");
  const h5::Group g = file.open_group(name);
  SimulationSnapshot snap;
  snap.tick = static_cast<int>(g.get_attribute<std::int64_t>("tick"));
  snap.next_id = static_cast<std::uint32_t>(g.get_attribute<std::int64_t>("next_id"));
  snap.scale = g.get_attribute<double>("scale");
  // Sizes before reading: the agent arrays (all as long as id), the per-region ones.
  const char* const agent_fields[] = {
      "id",          "hukou_region",       "location",       "age",
      "birth_month", "months_at_location", "insured_months", "traits"};
  check_fits(path, "/" + name + "/id", g.open_dataset("id").rows(), sizeof(AgentRecord));
  for (const char* field :
       {"initial_labour", "quota_used", "fiscal_balance", "tax_rate", "other_per_resident"}) {
    if (g.has(field)) {
      check_fits(path, "/" + name + "/" + field, g.open_dataset(field).rows(), sizeof(double));
    }
  }
  snap.initial_labour = g.open_dataset("initial_labour").read_vector<double>();
  if (g.has("quota_used"))
    snap.quota_used = g.open_dataset("quota_used").read_vector<std::int64_t>();
  for (const char* field : {"fiscal_balance", "tax_rate", "other_per_resident"}) {
    if (!g.has(field)) {
      throw InputError(path.string() + ": /" + name + ": missing dataset '" + field + "'");
    }
  }
  snap.fiscal_balance = g.open_dataset("fiscal_balance").read_vector<std::int64_t>();
  snap.fiscal_calibration.tax_rate = g.open_dataset("tax_rate").read_vector<double>();
  snap.fiscal_calibration.other_per_resident =
      g.open_dataset("other_per_resident").read_vector<double>();
  // Fiscal model v2 (issue 14), in run files that have them.
  for (const auto& [field, values] : fiscal_calibration_fields(snap.fiscal_calibration)) {
    if (g.has(field)) {
      check_fits(path, "/" + name + "/" + field, g.open_dataset(field).rows(), sizeof(double));
      *values = g.open_dataset(field).read_vector<double>();
    }
  }
  const auto id = g.open_dataset("id").read_vector<std::uint32_t>();
  for (const char* field : agent_fields) {
    if (g.open_dataset(field).rows() != id.size()) {
      throw InputError(path.string() + ": /" + name + ": agent arrays differ in length");
    }
  }
  const auto hukou = g.open_dataset("hukou_region").read_vector<std::uint16_t>();
  const auto location = g.open_dataset("location").read_vector<std::uint16_t>();
  const auto age = g.open_dataset("age").read_vector<std::uint8_t>();
  const auto birth_month = g.open_dataset("birth_month").read_vector<std::uint8_t>();
  const auto months = g.open_dataset("months_at_location").read_vector<std::uint16_t>();
  const auto insured = g.open_dataset("insured_months").read_vector<std::uint16_t>();
  const auto traits = g.open_dataset("traits").read_vector<std::uint16_t>();
  const std::size_t n = id.size();
  for (const std::size_t size : {hukou.size(), location.size(), age.size(), birth_month.size(),
                                 months.size(), insured.size(), traits.size()}) {
    if (size != n)
      throw InputError(path.string() + ": /" + name + ": agent arrays differ in length");
  }
  if (file.has("events/applied")) {
    for (const char* field : {"tick", "event", "region"}) {
      const std::string where = std::string("/events/applied/") + field;
      check_fits(path, where, file.open_dataset(where.substr(1)).rows(), sizeof(std::int64_t));
    }
    const auto ticks = file.open_dataset("events/applied/tick").read_vector<std::int64_t>();
    const auto events = file.open_dataset("events/applied/event").read_vector<std::int64_t>();
    const auto regions = file.open_dataset("events/applied/region").read_vector<std::int64_t>();
    if (events.size() != ticks.size() || regions.size() != ticks.size()) {
      throw InputError(path.string() + ": /events/applied: datasets differ in length");
    }
    for (std::size_t i = 0; i < ticks.size(); ++i) {
      if (ticks[i] >= snap.tick) continue;  // after the snapshot: the resumed run redoes it
      if (snap.applied.empty() || snap.applied.back().event != events[i]) {
        snap.applied.push_back({static_cast<int>(ticks[i]), static_cast<int>(events[i]), {}});
      }
      if (regions[i] >= 0) snap.applied.back().regions.push_back(static_cast<int>(regions[i]));
    }
  }
  check_snapshot_values(path.string() + ": /" + name, file, snap, hukou, location, age, birth_month,
                        traits, id);
  snap.census = read_census_windows(path, file, g, name);
  snap.agents.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    AgentRecord& a = snap.agents[i];
    a.id = id[i];
    a.hukou_region = hukou[i];
    a.location = location[i];
    a.age = age[i];
    a.birth_month = birth_month[i];
    a.months_at_location = months[i];
    a.insured_months = insured[i];
    a.traits.bits = traits[i];
  }
  return snap;
}

void truncate_run(const std::filesystem::path& path, std::int64_t tick) {
  h5::File file = open_run(path, h5::Mode::read_write);
  const auto rows = static_cast<h5::Size>(tick + 1);  // row 0 is the start
  for (const char* group : {detail::kSeriesGroup, detail::kFlowsGroup}) {
    h5::Group g = file.open_group(group);
    for (const std::string& name : g.list()) {
      h5::Dataset d = g.open_dataset(name);
      if (d.rows() > rows) d.resize_rows(rows);
    }
  }
  if (file.has("events/applied")) {
    // Rows are in tick order: keep those of the ticks before `tick`.
    const auto ticks = file.open_dataset("events/applied/tick").read_vector<std::int64_t>();
    const auto keep =
        static_cast<h5::Size>(std::lower_bound(ticks.begin(), ticks.end(), tick) - ticks.begin());
    for (const char* name : {"tick", "event", "region"}) {
      h5::Dataset d = file.open_dataset(std::string("events/applied/") + name);
      if (d.rows() > keep) d.resize_rows(keep);
    }
  }
  if (file.has(detail::kCensusGroup)) {  // tables of censuses after `tick`: redone
    h5::Group census = file.open_group(detail::kCensusGroup);
    for (const std::string& name : census.list()) {
      if (census.open_group(name).get_attribute<std::int64_t>("tick") > tick) census.remove(name);
    }
  }
  h5::Group snapshots = file.open_group("snapshots");
  for (const std::string& name : snapshots.list()) {
    const auto t = parse_integer(name);
    bool complete = false;
    try {
      const h5::Group g = snapshots.open_group(name);
      complete = g.has_attribute("complete") && g.get_attribute<bool>("complete");
    } catch (const InputError&) {
      complete = false;  // cut short by a full disk: it does not even open
    }
    if (!t || *t > tick || !complete) snapshots.remove(name);
  }
  file.set_attribute("ticks_done", tick);
  file.set_attribute("complete", false);
  file.flush();
}

}  // namespace migrasim
