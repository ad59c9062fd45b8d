// Writing the HDF5 run file (schema: docs/hdf5-schema.md).
#include "migrasim/io/run_file.hpp"

#include <sys/statvfs.h>
#include <cmath>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "migrasim/io/h5.hpp"
#include "migrasim/scenario/parameter_table.hpp"
#include "run_file_layout.hpp"

namespace migrasim {

using h5::Size;

struct RunWriter::Impl {
  h5::File file;
  std::filesystem::path path;
  int regions = 0;
  // The last tick whose row is in the file: `finish` says so, even when the
  // next row was refused (a full disk).
  std::int64_t recorded = 0;
  Impl(h5::File f, std::filesystem::path p) : file(std::move(f)), path(std::move(p)) {}
};

std::uint64_t free_bytes_at(const std::filesystem::path& path, std::int64_t tick) {
  if (const char* hook = std::getenv("MIGRASIM_TEST_DISK_FULL_AFTER_TICK")) {
    if (tick > std::strtoll(hook, nullptr, 10)) return 0;
  }
  const std::filesystem::path folder =
      path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  struct statvfs fs {};
  if (::statvfs(folder.c_str(), &fs) != 0) return UINT64_MAX;  // unknown: do not refuse
  return static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
}

void require_free_space(const std::filesystem::path& path, std::uint64_t needed,
                        const std::string& what, std::int64_t tick) {
  const std::uint64_t margin = (128u << 10) + needed / 50;
  const std::uint64_t free = free_bytes_at(path, tick);
  if (free >= needed + margin) return;
  const auto mib = [](std::uint64_t b) {
    char text[48];
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(b) / 1048576.0);
    return std::string(text);
  };
  throw DiskFullError("disk full writing " + path.string() + ": " + what + " needs about " +
                      mib(needed + margin) + " and " + mib(free) + " are free");
}

RunWriter::RunWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RunWriter::~RunWriter() = default;
RunWriter::RunWriter(RunWriter&&) noexcept = default;
RunWriter& RunWriter::operator=(RunWriter&&) noexcept = default;

namespace {

void write_scenario(h5::File& file, const Scenario& scenario, const RunMetadata& meta) {
  h5::Group g = file.create_group("scenario");
  std::vector<std::string> names, texts;
  for (const auto& [name, text] : scenario.source_files()) {
    names.push_back(name);
    texts.push_back(text);
  }
  g.write_dataset("file_names", names);
  g.write_dataset("file_texts", texts);
  std::vector<std::string> overrides;
  for (const auto& o : meta.overrides) overrides.push_back(o.key + "=" + o.value);
  if (overrides.empty()) overrides.push_back("");  // an empty list reads back as one ""
  g.write_dataset("overrides", overrides);
  std::vector<std::string> keys, values;
  for (const auto& spec : parameter_specs()) {
    keys.emplace_back(spec.key);
    values.push_back(parameter_value(scenario.params(), spec));
  }
  g.write_dataset("parameter_keys", keys);
  g.write_dataset("parameter_values", values);
  // Which stored file is the one `run` was given: "" for a scenario folder.
  const bool what_if = !std::filesystem::is_directory(meta.scenario_path);
  g.set_attribute("entry",
                  what_if ? detail::entry_name(scenario, meta.scenario_path) : std::string());
  // What-if files name their base by its folder name: keep it for resume.
  g.set_attribute("base_folder", scenario.data_folder().lexically_normal().filename().string());
}

void write_regions(h5::File& file, const Scenario& scenario) {
  h5::Group g = file.create_group("regions");
  std::vector<std::string> names, provinces;
  std::vector<double> lat, lon, population, migrants, emigrants, urban_share, urban_income,
      rural_income;
  for (const auto& r : scenario.regions()) {
    names.push_back(r.name);
    provinces.push_back(r.province);
    lat.push_back(r.lat);
    lon.push_back(r.lon);
    population.push_back(r.population);
    migrants.push_back(r.migrants);
    emigrants.push_back(r.emigrants);
    urban_share.push_back(r.urban_share);
    urban_income.push_back(r.urban_income);
    rural_income.push_back(r.rural_income);
  }
  g.write_dataset("name", names);
  g.write_dataset("province", provinces);
  const auto with_units = [&](const char* name, const std::vector<double>& v, const char* units) {
    g.write_dataset(name, v).set_attribute("units", units);
  };
  with_units("lat", lat, "degrees north");
  with_units("lon", lon, "degrees east");
  with_units("population", population, "persons");
  with_units("migrants", migrants, "persons");
  with_units("emigrants", emigrants, "persons");
  with_units("urban_share", urban_share, "share");
  with_units("urban_income", urban_income, "yuan/person/year");
  with_units("rural_income", rural_income, "yuan/person/year");
  g.write_dataset("distance_km", scenario.distances_km()).set_attribute("units", "km");
}

void write_events(h5::File& file, const Scenario& scenario) {
  h5::Group g = file.create_group("events");
  std::vector<std::int64_t> ticks;
  std::vector<std::string> dates, targets, actions, changes;
  for (const Event& e : scenario.events()) {
    ticks.push_back(e.tick);
    dates.push_back(e.date.str());
    targets.push_back(e.target);
    actions.push_back(e.action);
    changes.push_back(e.describe());
  }
  g.set_attribute("count", static_cast<std::int64_t>(ticks.size()));
  // The log of events as applied: one row per (event, region), appended at
  // the tick it took effect (size tiers are resolved only then).
  h5::Group applied = g.create_group("applied");
  applied.create_extendible<std::int64_t>("tick", {}, 256)
      .set_attribute("units", "tick the event took effect");
  applied.create_extendible<std::int64_t>("event", {}, 256)
      .set_attribute("units", "row of /events (the scenario's events, in date order)");
  applied.create_extendible<std::int64_t>("region", {}, 256)
      .set_attribute("units", "region index (/regions); -1: the event reached no region");
  if (ticks.empty()) return;  // zero-length datasets are avoided; count says 0
  g.write_dataset("tick", ticks);
  g.write_dataset("date", dates);
  g.write_dataset("target", targets);
  g.write_dataset("action", actions);
  g.write_dataset("change", changes);
}

// Crash safety decides the layouts: a series chunk holds many ticks and is
// rewritten every tick, so it is not compressed (a compressed chunk moves
// when rewritten, and a kill between flushes could leave the index pointing
// at reused space); a flow chunk is one tick, written once, so it can be.
void create_series(h5::File& file, int regions) {
  h5::Group s = file.create_group(detail::kSeriesGroup);
  const Size r = static_cast<Size>(regions);
  s.create_extendible<std::int64_t>(std::string(kSeriesTick), {}, 1024)
      .set_attribute("units", "months since start");
  s.create_extendible<std::int32_t>(std::string(kSeriesDate), {}, 1024)
      .set_attribute("units", "YYYYMM");
  for (const SeriesSpec& spec : kRunSeries) {
    const std::string name(spec.name);
    h5::Dataset d = spec.type == SeriesType::int64
                        ? s.create_extendible<std::int64_t>(name, {r}, 64, 0)
                        : s.create_extendible<double>(name, {r}, 64, 0);
    d.set_attribute("units", std::string(spec.units));
  }
  h5::Group f = file.create_group(detail::kFlowsGroup);
  f.create_extendible<std::int64_t>("moves", {r, r}, 1, 4)
      .set_attribute("units", "persons moved this tick, [tick][origin][destination]");
  f.create_extendible<std::int64_t>("stock", {r, r}, 1, 4)
      .set_attribute("units", "persons at the end of the tick, [tick][hukou region][location]");
}

}  // namespace

RunWriter RunWriter::create(const std::filesystem::path& path, const Scenario& scenario,
                            const Simulation& sim, const RunMetadata& meta) {
  // The scenario, regions and first row: small, but an empty disk still
  // refuses before the file exists.
  require_free_space(path, 0, "a new run file", sim.tick());
  auto impl = std::make_unique<Impl>(h5::File::create(path), path);
  h5::File& f = impl->file;
  impl->regions = scenario.region_count();
  f.set_attribute("format", kRunFileFormat);
  f.set_attribute("version", kRunFileVersion);
  f.set_attribute("scenario", scenario.name());
  f.set_attribute("seed", static_cast<std::int64_t>(sim.seed()));
  f.set_attribute("agents", static_cast<std::int64_t>(sim.agents().agent_count()));
  f.set_attribute("scale", sim.scale());
  f.set_attribute("start_date", scenario.params().run.start.str());
  f.set_attribute("ticks_done", static_cast<std::int64_t>(sim.tick()));
  f.set_attribute("threads", static_cast<std::int64_t>(meta.threads));
  f.set_attribute("ranks", static_cast<std::int64_t>(1));
  f.set_attribute("command_line", meta.command_line);
  f.set_attribute("complete", false);
  write_scenario(f, scenario, meta);
  write_regions(f, scenario);
  write_events(f, scenario);
  create_series(f, impl->regions);
  f.create_group("snapshots");
  RunWriter writer(std::move(impl));
  writer.record(sim);
  return writer;
}

RunWriter RunWriter::reopen(const std::filesystem::path& path, const Simulation& sim,
                            const std::string& command_line, int threads) {
  auto impl = std::make_unique<Impl>(h5::File::open(path, h5::Mode::read_write), path);
  impl->regions = sim.scenario().region_count();
  if (!command_line.empty()) {
    const auto before = impl->file.get_attribute<std::string>("command_line");
    impl->file.set_attribute("command_line", before + " ; " + command_line);
  }
  if (threads > 0) impl->file.set_attribute("threads", static_cast<std::int64_t>(threads));
  impl->file.set_attribute("complete", false);
  impl->file.set_attribute("ticks_done", static_cast<std::int64_t>(sim.tick()));
  impl->file.flush();
  impl->recorded = sim.tick();
  return RunWriter(std::move(impl));
}

namespace {

// The tables of a census taken this tick (census.hpp), in persons, with
// the agent counts beside them. Rewritten if present (a resume redoing it).
void write_census(h5::File& f, const Simulation& sim, const CensusTables& t) {
  h5::Group census = f.has(detail::kCensusGroup) ? f.open_group(detail::kCensusGroup)
                                                 : f.create_group(detail::kCensusGroup);
  const std::string name = t.date.str();
  if (census.has(name)) census.remove(name);
  h5::Group g = census.create_group(name);
  const double scale = sim.scale();
  const auto to_persons = [&](const CountMatrix& m) {
    CountMatrix p(m.rows(), m.cols());
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      for (Eigen::Index j = 0; j < m.cols(); ++j) p(i, j) = detail::persons(m(i, j), scale);
    }
    return p;
  };
  g.set_attribute("tick", static_cast<std::int64_t>(t.tick));
  g.set_attribute("date", t.date.str());
  g.set_attribute("scale", scale);
  g.set_attribute("agents", static_cast<std::int64_t>(sim.agents().agent_count()));
  g.write_dataset("hukou_stock", to_persons(t.hukou_stock))
      .set_attribute("units", "persons at the start of the census month, [hukou region][location]");
  g.write_dataset("hukou_stock_agents", t.hukou_stock)
      .set_attribute("units", "agents, [hukou region][location]");
  g.set_attribute("five_year_earlier_date", t.earlier.str());
  g.set_attribute("five_year_available", t.five_year_available);
  if (!t.five_year_available) {
    g.set_attribute("five_year_unavailable", t.five_year_note);
    return;
  }
  g.write_dataset("five_year_od", to_persons(t.five_year))
      .set_attribute("units",
                     "persons aged 5+ at the census, [region 60 months earlier][region at the "
                     "census]; the diagonal holds those in the same region at both dates");
  g.write_dataset("five_year_od_agents", t.five_year)
      .set_attribute("units", "agents, [region 60 months earlier][region at the census]");
  g.set_attribute("earlier_locations", t.earlier_locations);
  g.set_attribute("earlier_location_bytes", t.earlier_location_bytes);
}

}  // namespace

void RunWriter::record(const Simulation& sim) {
  h5::File& f = impl_->file;
  const Aggregates& a = sim.aggregates();
  const int n = impl_->regions;
  // Upper bound of a row: the series and two uncompressed R x R matrices.
  const auto rows = static_cast<std::uint64_t>(n);
  require_free_space(impl_->path, 8 * (64 * rows + 2 * rows * rows),
                     "the series of tick " + std::to_string(sim.tick()), sim.tick());
  const Month date = sim.scenario().params().run.start.plus(sim.tick());
  const std::int64_t tick = sim.tick();
  const std::int32_t yyyymm = date.year * 100 + date.month;
  f.open_dataset(detail::series_path(kSeriesTick)).append(&tick, 1);
  f.open_dataset(detail::series_path(kSeriesDate)).append(&yyyymm, 1);
  std::vector<std::int64_t> ints;
  std::vector<double> reals;
  for (const SeriesSpec& spec : kRunSeries) {
    detail::series_row(sim, spec, ints, reals);
    h5::Dataset d = f.open_dataset(detail::series_path(spec.name));
    if (spec.type == SeriesType::int64) {
      d.append(ints.data(), 1);
    } else {
      d.append(reals.data(), 1);
    }
  }
  std::vector<std::int64_t> applied_tick, applied_event, applied_region;
  for (const AppliedEvent& e : sim.applied_events()) {
    if (e.tick != tick - 1) continue;  // this row's tick just ran
    // An event that reached no region (an empty size tier) is logged with
    // region -1, so a resume knows it was applied.
    const std::vector<int> none = {-1};
    for (int region : e.regions.empty() ? none : e.regions) {
      applied_tick.push_back(e.tick);
      applied_event.push_back(e.event);
      applied_region.push_back(region);
    }
  }
  if (!applied_tick.empty()) {
    f.open_dataset("events/applied/tick").append(applied_tick);
    f.open_dataset("events/applied/event").append(applied_event);
    f.open_dataset("events/applied/region").append(applied_region);
  }
  // Matrices row-major: [origin][destination].
  std::vector<std::int64_t> matrix(static_cast<std::size_t>(n) * n);
  const auto write_matrix = [&](const CountMatrix& m, const char* name) {
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) matrix[i * n + j] = detail::persons(m(i, j), sim.scale());
    }
    f.open_dataset(name).append(matrix.data(), 1);
  };
  write_matrix(a.flows, detail::kFlowsMoves);
  write_matrix(a.stock, detail::kFlowsStock);
  for (const CensusTables& t : sim.census().taken()) {
    if (t.tick == tick) write_census(f, sim, t);
  }
  f.set_attribute("ticks_done", tick);
  f.flush();  // a run killed later loses at most the tick after this one
  impl_->recorded = tick;
}

void RunWriter::snapshot(const Simulation& sim) {
  h5::File& f = impl_->file;
  const AgentStore& st = sim.agents();
  require_free_space(impl_->path,
                     st.agent_count() * AgentStore::kBytesPerAgent +
                         64 * static_cast<std::uint64_t>(impl_->regions),
                     "the snapshot of tick " + std::to_string(sim.tick()), sim.tick());
  const std::string name = detail::snapshot_name(sim.tick());
  h5::Group snapshots = f.open_group("snapshots");
  if (snapshots.has(name)) snapshots.remove(name);
  h5::Group g = snapshots.create_group(name);
  // One field at a time, gathered from the blocks in order through the
  // simulation's execution context (blocks in parallel; later the ranks, to
  // rank 0, which writes), so the extra memory is one field's worth. Chunked but not compressed: at
  // 10 M agents writing takes 0.39 s against 0.2-0.3 s for the same bytes raw, while deflate even
  // at level 1 takes 2.5 s (for a file 4x smaller). Every chunk carries a Fletcher32 checksum:
  // resume refuses a damaged snapshot instead of building agents from its bytes.
  const h5::Layout layout{1 << 18, 0, true};
  const std::size_t count = st.agent_count();
  const auto write_field = [&](const char* field, auto value_of, const char* units) {
    using T = decltype(value_of(std::size_t{0}));
    const std::vector<T> values = sim.context().gather_blocks<T>(
        "snapshot", st.block_count(), [&](std::size_t b) { return st.block_size[b]; },
        [&](std::size_t b, T* out) {
          for (std::size_t slot = st.block_begin(b); slot < st.block_end(b); ++slot) {
            *out++ = value_of(slot);
          }
        });
    h5::Dataset d = g.write_dataset(field, values, layout);
    if (units[0] != '\0') d.set_attribute("units", units);
  };
  write_field(
      "id", [&](std::size_t s) { return st.id[s]; }, "");
  write_field(
      "hukou_region", [&](std::size_t s) { return st.hukou_region[s]; }, "region index");
  write_field(
      "location", [&](std::size_t s) { return st.location[s]; }, "region index");
  write_field(
      "age", [&](std::size_t s) { return st.age[s]; }, "years");
  write_field(
      "birth_month", [&](std::size_t s) { return st.birth_month[s]; }, "0 = January");
  write_field(
      "months_at_location",
      [&](std::size_t s) { return static_cast<std::uint16_t>(st.months_at_location(s)); },
      "months");
  write_field(
      "insured_months",
      [&](std::size_t s) { return static_cast<std::uint16_t>(st.insured_months(s)); }, "months");
  write_field(
      "traits", [&](std::size_t s) { return st.traits[s].bits; }, "");
  g.open_dataset("traits").set_attribute(
      "bits",
      "0-1 hukou type (0 agricultural, 1 non-agricultural, 2 resident); 2-3 role (0 worker, 1 "
      "spouse, 2 child, 3 elder); 4-5 education (0 primary, 1 junior, 2 senior, 3 college); 6-8 "
      "employment (0 formal, 1 informal, 2 unemployed, 3 farming, 4 not working); 9 holds rural "
      "land; 10 owns a home; 11 household head");
  const SimulationSnapshot head = sim.snapshot_header();
  g.write_dataset("initial_labour", head.initial_labour, layout).set_attribute("units", "agents");
  g.write_dataset("fiscal_balance", head.fiscal_balance, layout)
      .set_attribute("units", "fen (0.01 yuan) per region at the start of the tick");
  g.write_dataset("tax_rate", head.fiscal_calibration.tax_rate, layout)
      .set_attribute("units", "share of the wage bill (fixed at the start of the run)");
  g.write_dataset("other_per_resident", head.fiscal_calibration.other_per_resident, layout)
      .set_attribute("units", "yuan/year per resident (fixed at the start of the run)");
  // Fiscal model v2 (issue 14): the functional budgets and the fixed local
  // revenue, where the run has them (empty vectors are not written).
  for (const auto& [name, values] : fiscal_calibration_fields(head.fiscal_calibration)) {
    if (!values->empty()) {
      g.write_dataset(name, *values, layout)
          .set_attribute("units", "yuan/year (fixed at the start of the run)");
    }
  }
  g.write_dataset("quota_used", head.quota_used, layout)
      .set_attribute("units", "agents admitted under a points quota this calendar year");
  // The open five-year census windows: their sparse lists of earlier locations.
  if (!head.census.empty()) {
    h5::Group census = g.create_group(detail::kCensusGroup);
    const Month start = sim.scenario().params().run.start;
    for (const CensusWindow& w : head.census) {
      h5::Group c = census.create_group(start.plus(w.census_tick).str());
      c.set_attribute("census_tick", static_cast<std::int64_t>(w.census_tick));
      c.set_attribute("start_tick", static_cast<std::int64_t>(w.start_tick));
      c.set_attribute("id_limit", static_cast<std::int64_t>(w.id_limit));
      c.set_attribute("count", static_cast<std::int64_t>(w.moved.size()));
      if (w.moved.empty()) continue;  // zero-length datasets are avoided; count says 0
      std::vector<std::uint32_t> ids(w.moved.size());
      std::vector<std::uint16_t> regions(w.moved.size());
      for (std::size_t i = 0; i < w.moved.size(); ++i) {
        ids[i] = w.moved[i].id;
        regions[i] = w.moved[i].region;
      }
      c.write_dataset("id", ids, layout);
      c.write_dataset("region", regions, layout).set_attribute("units", "region index");
    }
  }
  g.set_attribute("tick", static_cast<std::int64_t>(head.tick));
  g.set_attribute("next_id", static_cast<std::int64_t>(head.next_id));
  g.set_attribute("scale", head.scale);
  g.set_attribute("agents", static_cast<std::int64_t>(count));
  f.flush();
  g.set_attribute("complete", true);  // last: a snapshot cut short has no mark
  f.flush();
}

void RunWriter::finish(const Simulation&, bool complete) {
  h5::File& f = impl_->file;
  f.set_attribute("ticks_done", impl_->recorded);
  f.set_attribute("complete", complete);
  f.flush();
}

}  // namespace migrasim
