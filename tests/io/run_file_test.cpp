// The HDF5 run file (run_file.hpp, docs/hdf5-schema.md): what RunWriter
// stores, the scenario read back from a run, resuming from a snapshot byte
// for byte (in process and with the migrasim program), a run stopped by
// SIGINT and resumed, torn snapshots, and the messages for files that are
// not run files.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "migrasim/exec/context.hpp"
#include "migrasim/io/h5.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/scenario/parameter_table.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"
#include "thread_counts.hpp"

extern char** environ;

namespace migrasim {
namespace {

using testing::input_error_of;
using testing::scenarios_dir;
using testing::TempDir;

constexpr const char* kAgents = "3000";  // small: every test here is about files, not dynamics

std::vector<Override> small_run(int ticks) {
  return {{"run.agents", kAgents, "--agents"}, {"run.ticks", std::to_string(ticks), "--ticks"}};
}

// ---- writing runs in process ----------------------------------------------------

struct WrittenRun {
  std::filesystem::path file;
  SimulationSnapshot first;  // at tick 0
  SimulationSnapshot last;   // at the end
};

// Runs `scenario_path` with `overrides` for `ticks` ticks into `file` as
// `migrasim run` does: a series row per tick, a snapshot every
// `snapshot_every` ticks (0: none) and at the end, then finish.
WrittenRun write_run(const std::filesystem::path& file, const std::filesystem::path& scenario_path,
                     const std::vector<Override>& overrides, int ticks, int threads = 1,
                     long snapshot_every = 0, bool complete = true) {
  const Scenario scenario = load_scenario(scenario_path, overrides);
  WrittenRun run;
  run.file = file;
  {
    SimulationOptions o;
    o.threads = threads;
    Simulation sim(scenario, o);
    run.first = sim.snapshot();
    const RunMetadata meta{"migrasim run (test)", threads, scenario_path, overrides};
    RunWriter writer = RunWriter::create(file, scenario, sim, meta);
    for (int t = 0; t < ticks; ++t) {
      sim.step();
      writer.record(sim);
      if (snapshot_every > 0 && sim.tick() % snapshot_every == 0 && sim.tick() < ticks) {
        writer.snapshot(sim);
      }
    }
    writer.snapshot(sim);
    writer.finish(sim, complete);
    run.last = sim.snapshot();
  }
  return run;
}

// Continues `file` from its last complete snapshot for `ticks` more ticks, as
// `migrasim resume` does: cut back, reload the stored scenario, rebuild the
// simulation from the snapshot, reopen and append.
void resume_run(const std::filesystem::path& file, int ticks, int threads) {
  const RunInfo info = read_run_info(file);
  ASSERT_FALSE(info.snapshots.empty());
  const std::int64_t from = info.snapshots.back();
  const TempDir scratch;
  const Scenario scenario = load_run_scenario(file, scratch.path());
  truncate_run(file, from);
  {
    SimulationOptions o;
    o.threads = threads;
    Simulation sim(scenario, read_snapshot(file, from), o);
    ASSERT_EQ(sim.tick(), from);
    RunWriter writer = RunWriter::reopen(file, sim);
    for (int t = 0; t < ticks; ++t) {
      sim.step();
      writer.record(sim);
    }
    writer.snapshot(sim);
    writer.finish(sim, true);
  }
}

// The id_limit attribute of a census window group (for expected messages).
std::int64_t read_snapshot_id_limit(const std::filesystem::path& file, const std::string& group) {
  return h5::File::open(file).open_group(group).get_attribute<std::int64_t>("id_limit");
}

// ---- reading datasets back ------------------------------------------------------

// A dataset's shape and raw bytes, whatever its element type.
struct Raw {
  std::vector<h5::Size> shape;
  std::vector<unsigned char> bytes;
};

template <h5::Element T>
std::vector<unsigned char> bytes_of(const h5::Dataset& d) {
  const std::vector<T> v = d.read_rows<T>(0, d.rows());
  const auto* begin = reinterpret_cast<const unsigned char*>(v.data());
  return {begin, begin + v.size() * sizeof(T)};
}

Raw raw(const h5::Dataset& d) {
  Raw r;
  r.shape = d.shape();
  switch (d.element_type()) {
    case h5::Type::int8:
      r.bytes = bytes_of<std::int8_t>(d);
      break;
    case h5::Type::uint8:
      r.bytes = bytes_of<std::uint8_t>(d);
      break;
    case h5::Type::int16:
      r.bytes = bytes_of<std::int16_t>(d);
      break;
    case h5::Type::uint16:
      r.bytes = bytes_of<std::uint16_t>(d);
      break;
    case h5::Type::int32:
      r.bytes = bytes_of<std::int32_t>(d);
      break;
    case h5::Type::uint32:
      r.bytes = bytes_of<std::uint32_t>(d);
      break;
    case h5::Type::int64:
      r.bytes = bytes_of<std::int64_t>(d);
      break;
    case h5::Type::uint64:
      r.bytes = bytes_of<std::uint64_t>(d);
      break;
    case h5::Type::float32:
      r.bytes = bytes_of<float>(d);
      break;
    case h5::Type::float64:
      r.bytes = bytes_of<double>(d);
      break;
    case h5::Type::string: {
      for (const std::string& s : d.read_strings()) {
        r.bytes.insert(r.bytes.end(), s.begin(), s.end());
        r.bytes.push_back(0);
      }
      break;
    }
  }
  return r;
}

// Every dataset in `group` and the groups below it (a snapshot's census
// windows), by path below `group`.
void collect_datasets(const h5::Group& g, const std::string& prefix,
                      std::map<std::string, Raw>& out) {
  for (const std::string& name : g.list()) {
    try {
      out[prefix + name] = raw(g.open_dataset(name));
    } catch (const InputError&) {  // a group
      collect_datasets(g.open_group(name), prefix + name + "/", out);
    }
  }
}
std::map<std::string, Raw> datasets(const std::filesystem::path& file, const std::string& group) {
  const h5::File f = h5::File::open(file);
  std::map<std::string, Raw> out;
  collect_datasets(f.open_group(group), "", out);
  return out;
}

// The datasets of /series and /flows, of the snapshot at `tick` and of the
// census tables (/census, when the run reached a census date).
std::map<std::string, Raw> results(const std::filesystem::path& file, std::int64_t tick) {
  std::map<std::string, Raw> out;
  char snapshot[32];
  std::snprintf(snapshot, sizeof snapshot, "snapshots/%06lld", static_cast<long long>(tick));
  std::vector<std::string> groups = {"series", "flows", snapshot};
  if (h5::File::open(file).has("census")) groups.push_back("census");
  for (const std::string& group : groups) {
    for (auto& [name, data] : datasets(file, group)) out[group + "/" + name] = std::move(data);
  }
  return out;
}

// Equal names, shapes and bytes; failures name the dataset and the first
// differing byte.
void expect_identical(const std::map<std::string, Raw>& expected,
                      const std::map<std::string, Raw>& actual) {
  std::vector<std::string> expected_names, actual_names;
  for (const auto& [name, data] : expected) expected_names.push_back(name);
  for (const auto& [name, data] : actual) actual_names.push_back(name);
  ASSERT_EQ(expected_names, actual_names);
  for (const auto& [name, e] : expected) {
    const Raw& a = actual.at(name);
    EXPECT_EQ(e.shape, a.shape) << name;
    if (e.bytes == a.bytes) continue;
    std::size_t first = 0;
    while (first < e.bytes.size() && first < a.bytes.size() && e.bytes[first] == a.bytes[first])
      ++first;
    ADD_FAILURE() << name << ": bytes differ (sizes " << e.bytes.size() << " and " << a.bytes.size()
                  << "), first at byte " << first;
  }
}

void expect_same_agents(const std::vector<AgentRecord>& expected,
                        const std::vector<AgentRecord>& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const AgentRecord& e = expected[i];
    const AgentRecord& a = actual[i];
    const bool same = e.id == a.id && e.hukou_region == a.hukou_region &&
                      e.location == a.location && e.age == a.age &&
                      e.birth_month == a.birth_month &&
                      e.months_at_location == a.months_at_location &&
                      e.insured_months == a.insured_months && e.traits.bits == a.traits.bits;
    ASSERT_TRUE(same) << "agent record " << i << " (id " << e.id << " vs " << a.id << ")";
  }
}

// ---- the migrasim program ---------------------------------------------------------

struct Exit {
  int code = -1;  // exit status, or -1 if killed by a signal
  std::string out, err;
};

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Starts MIGRASIM_EXE with `args`, stdout and stderr to files in `capture`.
pid_t spawn(const std::vector<std::string>& args, const TempDir& capture) {
  std::vector<std::string> argv_text = {MIGRASIM_EXE};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  const std::string out = (capture.path() / "stdout.txt").string();
  const std::string err = (capture.path() / "stderr.txt").string();
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, MIGRASIM_EXE, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0) << "posix_spawn: " << std::strerror(rc);
  return rc == 0 ? pid : -1;
}

Exit wait_for(pid_t pid, const TempDir& capture) {
  Exit result;
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    result.code = WEXITSTATUS(status);
  }
  result.out = read_all(capture.path() / "stdout.txt");
  result.err = read_all(capture.path() / "stderr.txt");
  return result;
}

Exit migrasim(const std::vector<std::string>& args) {
  const TempDir capture;
  return wait_for(spawn(args, capture), capture);
}

std::string toy3() {
  return (scenarios_dir() / "toy-3").string();
}

// ---- what a run file holds ------------------------------------------------------

TEST(RunFile, RootAttributesSeriesFlowsRegionsScenarioAndSnapshot) {
  const TempDir dir;
  const auto file = dir.path() / "run.h5";
  const std::vector<Override> overrides = small_run(6);
  const Scenario scenario = load_scenario(scenarios_dir() / "toy-3", overrides);
  const RunMetadata meta{"migrasim run toy-3 --agents 3000", 1, scenarios_dir() / "toy-3",
                         overrides};
  Simulation sim(scenario);
  const auto agents_at_start = static_cast<std::int64_t>(sim.agents().agent_count());
  {
    RunWriter writer = RunWriter::create(file, scenario, sim, meta);
    for (int t = 0; t < 6; ++t) {
      sim.step();
      writer.record(sim);
    }
    writer.snapshot(sim);
    // Readable while the writer is open (this process), and not complete yet.
    const RunInfo running = read_run_info(file);
    EXPECT_FALSE(running.complete);
    EXPECT_EQ(running.ticks_done, 6);
    writer.finish(sim, true);
  }

  const h5::File f = h5::File::open(file);
  EXPECT_EQ(f.get_attribute<std::string>("format"), "migrasim run file");
  EXPECT_EQ(f.get_attribute<std::int64_t>("version"), 1);
  EXPECT_EQ(f.get_attribute<std::string>("scenario"), "toy-3");
  EXPECT_EQ(f.get_attribute<std::int64_t>("seed"), 42);
  EXPECT_EQ(f.get_attribute<std::int64_t>("agents"), agents_at_start);
  EXPECT_NEAR(static_cast<double>(agents_at_start), 3000, 30);
  EXPECT_EQ(f.get_attribute<double>("scale"), sim.scale());
  EXPECT_EQ(f.get_attribute<double>("scale"), 1000);  // 3,000,000 persons / 3000 agents
  EXPECT_EQ(f.get_attribute<std::string>("start_date"), "2010-01");
  EXPECT_EQ(f.get_attribute<std::int64_t>("ticks_done"), 6);
  EXPECT_EQ(f.get_attribute<std::int64_t>("threads"), 1);
  EXPECT_EQ(f.get_attribute<std::int64_t>("ranks"), 1);
  EXPECT_EQ(f.get_attribute<std::string>("command_line"), "migrasim run toy-3 --agents 3000");
  EXPECT_TRUE(f.get_attribute<bool>("complete"));

  const RunInfo info = read_run_info(file);
  EXPECT_EQ(info.scenario, "toy-3");
  EXPECT_EQ(info.seed, 42u);
  EXPECT_EQ(info.agents, agents_at_start);
  EXPECT_EQ(info.scale, 1000);
  EXPECT_EQ(info.start_date, "2010-01");
  EXPECT_EQ(info.ticks_done, 6);
  EXPECT_EQ(info.threads, 1);
  EXPECT_EQ(info.command_line, "migrasim run toy-3 --agents 3000");
  EXPECT_TRUE(info.complete);
  EXPECT_EQ(info.snapshots, std::vector<std::int64_t>{6});
  EXPECT_TRUE(info.torn_snapshots.empty());

  // Series: one row per tick and the start, one column per region.
  const h5::Group series = f.open_group("series");
  for (const char* name :
       {"residents", "registered", "migrants", "emigrants", "hukou_population", "children",
        "working_age", "elders", "left_behind", "urban_hukou", "employed", "formal", "unemployed",
        "farming", "births", "deaths", "moves_in", "moves_out", "wage"}) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(series.has(name));
    EXPECT_EQ(series.open_dataset(name).shape(), (std::vector<h5::Size>{7, 3}));
  }
  EXPECT_EQ(series.open_dataset("tick").read_vector<std::int64_t>(),
            (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(series.open_dataset("date").read_vector<std::int32_t>(),
            (std::vector<std::int32_t>{201001, 201002, 201003, 201004, 201005, 201006, 201007}));
  // The last row is the simulation's aggregates, in persons.
  const auto residents = series.open_dataset("residents").read_rows<std::int64_t>(6, 1);
  for (int r = 0; r < 3; ++r) {
    EXPECT_EQ(residents[r],
              std::llround(static_cast<double>(sim.aggregates().at(r, Counter::residents)) *
                           sim.scale()));
  }
  EXPECT_EQ(f.open_dataset("flows/moves").shape(), (std::vector<h5::Size>{7, 3, 3}));
  EXPECT_EQ(f.open_dataset("flows/stock").shape(), (std::vector<h5::Size>{7, 3, 3}));

  std::vector<std::string> names;
  for (const Region& r : scenario.regions()) names.push_back(r.name);
  EXPECT_EQ(f.open_dataset("regions/name").read_strings(), names);
  EXPECT_EQ(names, (std::vector<std::string>{"Alpha", "Beta", "Gamma"}));

  std::vector<std::string> file_names, file_texts;
  for (const auto& [name, text] : scenario.source_files()) {
    file_names.push_back(name);
    file_texts.push_back(text);
  }
  EXPECT_EQ(f.open_dataset("scenario/file_names").read_strings(), file_names);
  EXPECT_EQ(f.open_dataset("scenario/file_texts").read_strings(), file_texts);
  EXPECT_EQ(f.open_dataset("scenario/overrides").read_strings(),
            (std::vector<std::string>{"run.agents=3000", "run.ticks=6"}));
  EXPECT_EQ(f.open_group("events").get_attribute<std::int64_t>("count"), 4);

  const SimulationSnapshot expected = sim.snapshot();
  const SimulationSnapshot stored = read_snapshot(file, 6);
  EXPECT_EQ(stored.tick, 6);
  EXPECT_EQ(stored.next_id, expected.next_id);
  EXPECT_EQ(stored.scale, expected.scale);
  EXPECT_EQ(stored.initial_labour, expected.initial_labour);
  expect_same_agents(expected.agents, stored.agents);
}

// ---- the scenario read back --------------------------------------------------------

void expect_same_policy(const PolicyParams& e, const PolicyParams& a) {
  EXPECT_EQ(e.classification, a.classification);
  EXPECT_EQ(e.benefit_equalization, a.benefit_equalization);
  EXPECT_EQ(e.residence_rule, a.residence_rule);
  EXPECT_EQ(e.unregistered_service_share, a.unregistered_service_share);
  EXPECT_EQ(e.reunion_rate, a.reunion_rate);
  EXPECT_EQ(e.points_quota, a.points_quota);
  EXPECT_EQ(e.points_min_insured_months, a.points_min_insured_months);
  EXPECT_EQ(e.points_max_age, a.points_max_age);
  EXPECT_EQ(e.threshold_months, a.threshold_months);
  EXPECT_EQ(e.threshold_require_home, a.threshold_require_home);
  EXPECT_EQ(e.talent_min_education, a.talent_min_education);
  EXPECT_EQ(e.talent_min_income, a.talent_min_income);
  EXPECT_EQ(e.purchase_min_price, a.purchase_min_price);
  EXPECT_EQ(e.land_on_transfer, a.land_on_transfer);
  EXPECT_EQ(e.land_compensation, a.land_compensation);
  EXPECT_EQ(e.exam_advantage, a.exam_advantage);
}

// "/a/b/events.csv:4" -> "events.csv:4"
std::string file_and_line(const std::string& origin) {
  return origin.substr(origin.rfind('/') + 1);
}

void expect_same_scenario(const Scenario& e, const Scenario& a) {
  EXPECT_EQ(e.name(), a.name());
  for (const ParameterSpec& spec : parameter_specs()) {
    EXPECT_EQ(parameter_value(e.params(), spec), parameter_value(a.params(), spec)) << spec.key;
  }
  ASSERT_EQ(e.region_count(), a.region_count());
  for (int i = 0; i < e.region_count(); ++i) {
    const Region& x = e.regions()[i];
    const Region& y = a.regions()[i];
    SCOPED_TRACE(x.name);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.province, y.province);
    EXPECT_EQ(x.lat, y.lat);
    EXPECT_EQ(x.lon, y.lon);
    EXPECT_EQ(x.population, y.population);
    EXPECT_EQ(x.migrants, y.migrants);
    EXPECT_EQ(x.emigrants, y.emigrants);
    EXPECT_EQ(x.urban_share, y.urban_share);
    EXPECT_EQ(x.urban_hukou_share, y.urban_hukou_share);
    EXPECT_EQ(x.urban_income, y.urban_income);
    EXPECT_EQ(x.rural_income, y.rural_income);
    EXPECT_EQ(x.cost_of_living, y.cost_of_living);
    EXPECT_EQ(x.household_size, y.household_size);
    EXPECT_EQ(x.local_revenue, y.local_revenue);
    EXPECT_EQ(x.local_expenditure, y.local_expenditure);
    expect_same_policy(x.policy, y.policy);
  }
  EXPECT_TRUE(e.distances_km() == a.distances_km());
  EXPECT_TRUE(e.migrant_stock() == a.migrant_stock());
  ASSERT_EQ(e.unit_costs().size(), a.unit_costs().size());
  for (std::size_t i = 0; i < e.unit_costs().size(); ++i) {
    EXPECT_EQ(e.unit_costs()[i].value, a.unit_costs()[i].value);
  }
  ASSERT_EQ(e.events().size(), a.events().size());
  for (std::size_t i = 0; i < e.events().size(); ++i) {
    const Event& x = e.events()[i];
    const Event& y = a.events()[i];
    SCOPED_TRACE(x.origin);
    EXPECT_EQ(x.date, y.date);
    EXPECT_EQ(x.tick, y.tick);
    EXPECT_EQ(x.target, y.target);
    EXPECT_EQ(x.regions, y.regions);
    EXPECT_EQ(x.action, y.action);
    EXPECT_EQ(x.assignments, y.assignments);
    EXPECT_EQ(x.describe(), y.describe());
    // The origin names the file the event was read from: the original path,
    // or the folder load_run_scenario wrote the files to. Same file and line.
    EXPECT_EQ(file_and_line(x.origin), file_and_line(y.origin));
  }
  EXPECT_EQ(e.source_files(), a.source_files());
}

// --set style overrides, as `run` passes them in RunMetadata.
std::vector<Override> with_set() {
  return {{"migration.hazard", "0.02", "--set"},
          {"policy.residence_rule", "points", "--set"},
          {"policy.points_quota", "5000", "--set"},
          {"run.agents", kAgents, "--agents"},
          {"run.seed", "7", "--seed"},
          {"run.ticks", "2", "--ticks"}};
}

TEST(RunFile, StoredScenarioLoadsBackEqual) {
  for (const auto& overrides : {small_run(2), with_set()}) {
    SCOPED_TRACE(std::to_string(overrides.size()) + " overrides");
    const TempDir dir;
    const auto path = scenarios_dir() / "toy-3";
    write_run(dir.path() / "run.h5", path, overrides, 2);
    const Scenario original = load_scenario(path, overrides);
    const Scenario stored = load_run_scenario(dir.path() / "run.h5", dir.path() / "scenario");
    expect_same_scenario(original, stored);
  }
}

// Regression: load_run_scenario wrote the base files to <folder>/base, and
// the what-if file, stored as "../toy-3-alpha-open.ini", beside it; its
// `base = toy-3` then named the missing <folder>/toy-3 ("no such scenario"),
// so no run of a what-if scenario could be resumed.
TEST(RunFile, StoredScenarioOfAWhatIfLoadsBackEqual) {
  for (const auto& overrides : {small_run(2), with_set()}) {
    SCOPED_TRACE(std::to_string(overrides.size()) + " overrides");
    const TempDir dir;
    const auto path = scenarios_dir() / "toy-3-alpha-open.ini";
    write_run(dir.path() / "run.h5", path, overrides, 2);
    EXPECT_EQ(read_run_info(dir.path() / "run.h5").scenario, "toy-3-alpha-open");
    const Scenario original = load_scenario(path, overrides);
    ASSERT_EQ(original.events().size(), 5u);
    const Scenario stored = load_run_scenario(dir.path() / "run.h5", dir.path() / "scenario");
    expect_same_scenario(original, stored);
  }
}

// ---- resuming ----------------------------------------------------------------------

class RunFileThreadsTest : public testing::ThreadCountTest {};
MIGRASIM_AT_THREAD_COUNTS(RunFileThreadsTest);

// 24 ticks straight equal 12 ticks, a snapshot, and 12 more from it, at 1, 2
// and 4 threads; and the results are those of the 1-thread run.
TEST_P(RunFileThreadsTest, ResumeFromASnapshotIsByteForByteTheSame) {
  const TempDir dir;
  const auto straight = dir.path() / "straight.h5";
  const auto split = dir.path() / "split.h5";
  write_run(straight, scenarios_dir() / "toy-3", small_run(24), 24, threads());
  write_run(split, scenarios_dir() / "toy-3", small_run(24), 12, threads(), 0, false);
  EXPECT_FALSE(read_run_info(split).complete);
  resume_run(split, 12, threads());
  const RunInfo info = read_run_info(split);
  EXPECT_TRUE(info.complete);
  EXPECT_EQ(info.ticks_done, 24);
  EXPECT_EQ(info.snapshots, (std::vector<std::int64_t>{12, 24}));
  const auto expected = results(straight, 24);
  ASSERT_EQ(expected.at("series/residents").shape, (std::vector<h5::Size>{25, 3}));
  expect_identical(expected, results(split, 24));
  if (is_reference()) return;
  // And the thread count changes nothing.
  const auto one = dir.path() / "straight-1-thread.h5";
  write_run(one, scenarios_dir() / "toy-3", small_run(24), 24, 1);
  expect_identical(results(one, 24), expected);
}

// The census tables (/census) of a run resumed in the middle of a five-year
// window equal those of the straight run byte for byte: the window's list of
// earlier locations travels in the snapshot (/snapshots/<tick>/census).
// toy-3 starts 2010-01; censuses at 2010-07 (its window opens before the
// start: declared unavailable) and 2015-07 (window from 2010-07, tick 6).
TEST_P(RunFileThreadsTest, CensusTablesOfAResumedRunAreByteForByteTheSame) {
  const TempDir dir;
  const auto straight = dir.path() / "straight.h5";
  const auto split = dir.path() / "split.h5";
  auto overrides = small_run(66);
  overrides.push_back({"run.census_dates", "2010-07,2015-07", "--set"});
  write_run(straight, scenarios_dir() / "toy-3", overrides, 66, threads(), 30);
  write_run(split, scenarios_dir() / "toy-3", overrides, 30, threads(), 0, false);
  {
    const h5::File f = h5::File::open(split);
    ASSERT_TRUE(f.has("snapshots/000030/census/2015-07/id"));
    EXPECT_EQ(
        f.open_group("snapshots/000030/census/2015-07").get_attribute<std::int64_t>("start_tick"),
        6);
  }
  resume_run(split, 36, threads());
  const auto expected = datasets(straight, "census");
  ASSERT_EQ(expected.count("2015-07/five_year_od"), 1u);
  ASSERT_EQ(expected.count("2010-07/hukou_stock"), 1u);
  EXPECT_EQ(expected.count("2010-07/five_year_od"), 0u);
  expect_identical(expected, datasets(split, "census"));
  // The mid-window snapshots too, and the thread count changes nothing.
  expect_identical(datasets(straight, "snapshots/000030"), datasets(split, "snapshots/000030"));
  const auto listed = read_census_list(split);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_FALSE(listed[0].five_year);
  EXPECT_EQ(listed[0].unavailable, "the earlier date 2005-07 precedes the run's start 2010-01");
  EXPECT_TRUE(listed[1].five_year);
  EXPECT_EQ(listed[1].tick, 66);
  EXPECT_GT(listed[1].earlier_locations, 0);
  if (is_reference()) return;
  const auto one = dir.path() / "straight-1-thread.h5";
  write_run(one, scenarios_dir() / "toy-3", overrides, 66, 1, 30);
  expect_identical(datasets(one, "census"), expected);
}

// A damaged census window in a snapshot is refused with a message naming
// it, as the agent arrays are (resume then falls back to an earlier one).
TEST(RunFile, DamagedCensusWindowIsBadInput) {
  const TempDir dir;
  const auto file = dir.path() / "run.h5";
  auto overrides = small_run(30);
  overrides.push_back({"run.census_dates", "2015-07", "--set"});
  write_run(file, scenarios_dir() / "toy-3", overrides, 30, 1, 0, false);
  const std::string group = "snapshots/000030/census/2015-07";
  std::int64_t count = 0;
  {
    h5::File f = h5::File::open(file, h5::Mode::read_write);
    count = f.open_group(group).get_attribute<std::int64_t>("count");
    ASSERT_GT(count, 0);
    f.open_group(group).set_attribute("count", count + 1);
  }
  const std::string n = std::to_string(count);
  EXPECT_EQ(input_error_of([&] { read_snapshot(file, 30); }),
            file.string() + ": /" + group + ": id and region hold " + n + " and " + n +
                " entries, count says " + std::to_string(count + 1) +
                " (the snapshot is damaged; resume from another)");
  {
    h5::File f = h5::File::open(file, h5::Mode::read_write);
    f.open_group(group).set_attribute("count", count);
    f.open_group(group).set_attribute("start_tick", std::int64_t{7});
  }
  EXPECT_EQ(input_error_of([&] { read_snapshot(file, 30); }),
            file.string() + ": /" + group +
                ": bad window (census_tick 66, start_tick 7, id_limit " +
                std::to_string(read_snapshot_id_limit(file, group)) + ", count " + n +
                "; the snapshot is damaged; resume from another)");
}

// The same with the program: run 12 with snapshots every 4, resume 12.
TEST(RunFile, ProgramResumeEqualsAStraightRun) {
  const TempDir dir;
  const std::string straight = (dir.path() / "straight.h5").string();
  const std::string split = (dir.path() / "split.h5").string();
  const Exit a =
      migrasim({"run", toy3(), "--agents", kAgents, "--ticks", "24", "--quiet", "--out", straight});
  ASSERT_EQ(a.code, 0) << a.err;
  const Exit b = migrasim({"run", toy3(), "--agents", kAgents, "--ticks", "12", "--snapshot-every",
                           "4", "--quiet", "--out", split});
  ASSERT_EQ(b.code, 0) << b.err;
  // `run` also snapshots the start, so that a run stopped early can resume.
  EXPECT_EQ(read_run_info(split).snapshots, (std::vector<std::int64_t>{0, 4, 8, 12}));
  const Exit c = migrasim({"resume", split, "--ticks", "12", "--quiet"});
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_EQ(c.err, "");
  const RunInfo info = read_run_info(split);
  EXPECT_TRUE(info.complete);
  EXPECT_EQ(info.ticks_done, 24);
  EXPECT_EQ(info.snapshots, (std::vector<std::int64_t>{0, 4, 8, 12, 16, 20, 24}));
  expect_identical(results(straight, 24), results(split, 24));
}

// SIGINT stops a run after the tick in progress with a snapshot, exit 130 and
// complete=false; resume carries it to the end as if never stopped.
TEST(RunFile, InterruptedRunResumesToTheSameSeries) {
  // No timing: the test pause hook holds the run after tick 3 (it writes
  // <dir>/paused and waits for <dir>/go or a signal), so SIGINT arrives at a
  // known tick however busy the machine is.
  const TempDir dir, pause;
  const std::string ticks = "40";
  const std::string agents = "5000";
  const std::string straight = (dir.path() / "straight.h5").string();
  const std::string stopped = (dir.path() / "stopped.h5").string();

  // The uninterrupted run, alongside.
  const TempDir whole_capture;
  const pid_t whole =
      spawn({"run", toy3(), "--agents", agents, "--ticks", ticks, "--quiet", "--out", straight},
            whole_capture);
  const TempDir capture;
  setenv("MIGRASIM_TEST_PAUSE_AFTER_TICK", "3", 1);
  setenv("MIGRASIM_TEST_PAUSE_DIR", pause.str().c_str(), 1);
  const pid_t pid = spawn(
      {"run", toy3(), "--agents", agents, "--ticks", ticks, "--quiet", "--out", stopped}, capture);
  unsetenv("MIGRASIM_TEST_PAUSE_AFTER_TICK");
  unsetenv("MIGRASIM_TEST_PAUSE_DIR");
  ASSERT_GT(pid, 0);
  // Waits for a file the run is certain to write; the deadline only ends a
  // broken test.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (!std::filesystem::exists(pause.path() / "paused") &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(std::filesystem::exists(pause.path() / "paused"));
  ASSERT_EQ(kill(pid, SIGINT), 0);
  const Exit r = wait_for(pid, capture);
  EXPECT_EQ(r.code, 130) << r.err;
  EXPECT_NE(r.err.find("migrasim run: stopped by signal 2 after tick "), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("; continue with: migrasim resume " + stopped), std::string::npos) << r.err;

  const RunInfo info = read_run_info(stopped);
  EXPECT_FALSE(info.complete);
  EXPECT_EQ(info.ticks_done, 3);
  ASSERT_FALSE(info.snapshots.empty());
  EXPECT_EQ(info.snapshots.back(), info.ticks_done);
  EXPECT_TRUE(info.torn_snapshots.empty());

  const Exit resumed = migrasim({"resume", stopped, "--quiet"});
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_EQ(resumed.err, "");
  const Exit w = wait_for(whole, whole_capture);
  ASSERT_EQ(w.code, 0) << w.err;
  const RunInfo done = read_run_info(stopped);
  EXPECT_TRUE(done.complete);
  EXPECT_EQ(done.ticks_done, 40);
  expect_identical(results(straight, 40), results(stopped, 40));
}

// Regression (see StoredScenarioOfAWhatIfLoadsBackEqual): `migrasim resume`
// of a what-if run failed with "<scratch>/toy-3: no such scenario".
TEST(RunFile, ProgramResumesAWhatIfRun) {
  // The what-if's own event (Alpha opens, 2011-01 = tick 12) falls after the
  // snapshot resumed from: the resumed run must still apply it.
  const TempDir dir;
  const std::string whatif = (scenarios_dir() / "toy-3-alpha-open.ini").string();
  const std::string straight = (dir.path() / "straight.h5").string();
  const std::string split = (dir.path() / "split.h5").string();
  const Exit a =
      migrasim({"run", whatif, "--agents", kAgents, "--ticks", "14", "--quiet", "--out", straight});
  ASSERT_EQ(a.code, 0) << a.err;
  const Exit b =
      migrasim({"run", whatif, "--agents", kAgents, "--ticks", "10", "--quiet", "--out", split});
  ASSERT_EQ(b.code, 0) << b.err;
  const Exit c = migrasim({"resume", split, "--ticks", "4", "--quiet"});
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_EQ(c.err, "");
  EXPECT_EQ(read_run_info(split).ticks_done, 14);
  expect_identical(results(straight, 14), results(split, 14));
}

// ---- torn snapshots ------------------------------------------------------------------

TEST(RunFile, TornSnapshotIsListedAndSkippedByResume) {
  const TempDir dir;
  const auto file = dir.path() / "run.h5";
  write_run(file, scenarios_dir() / "toy-3", small_run(6), 6);
  {
    h5::File f = h5::File::open(file, h5::Mode::read_write);
    f.create_group("snapshots/000099").set_attribute("tick", std::int64_t{99});
  }
  const RunInfo info = read_run_info(file);
  EXPECT_EQ(info.snapshots, std::vector<std::int64_t>{6});
  EXPECT_EQ(info.torn_snapshots, std::vector<std::int64_t>{99});

  const Exit r = migrasim({"resume", file.string(), "--ticks", "2", "--quiet"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err,
            "migrasim resume: snapshot at tick 99 is incomplete (torn); falling back to the "
            "snapshot at tick 6\n");
  const RunInfo after = read_run_info(file);
  EXPECT_EQ(after.snapshots, (std::vector<std::int64_t>{6, 8}));
  EXPECT_TRUE(after.torn_snapshots.empty());
  EXPECT_EQ(after.ticks_done, 8);
  EXPECT_TRUE(after.complete);
}

// A run killed while writing its last snapshot: the series go past the last
// complete snapshot; resume recomputes from it and ends where a straight run does.
TEST(RunFile, TornLastSnapshotIsRecomputedFromTheOneBefore) {
  const TempDir dir;
  const auto straight = dir.path() / "straight.h5";
  const auto torn = dir.path() / "torn.h5";
  write_run(straight, scenarios_dir() / "toy-3", small_run(10), 10);
  write_run(torn, scenarios_dir() / "toy-3", small_run(10), 6, 1, 4, false);
  {
    h5::File f = h5::File::open(torn, h5::Mode::read_write);
    f.open_group("snapshots/000006").set_attribute("complete", false);
  }
  const RunInfo info = read_run_info(torn);
  EXPECT_EQ(info.snapshots, std::vector<std::int64_t>{4});
  EXPECT_EQ(info.torn_snapshots, std::vector<std::int64_t>{6});
  EXPECT_EQ(info.ticks_done, 6);

  const Exit r = migrasim({"resume", torn.string(), "--quiet"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err,
            "migrasim resume: snapshot at tick 6 is incomplete (torn); falling back to the "
            "snapshot at tick 4\n"
            "migrasim resume: the series go to tick 6; resuming from the snapshot at tick 4 and "
            "recomputing after it\n");
  EXPECT_EQ(read_run_info(torn).ticks_done, 10);
  expect_identical(results(straight, 10), results(torn, 10));
}

// ---- files that are not run files ------------------------------------------------------

TEST(RunFile, BadFilesSayWhatIsWrong) {
  const TempDir dir;
  const auto run = [](const std::filesystem::path& file) { return read_run_info(file); };

  const auto missing = dir.path() / "missing.h5";
  EXPECT_EQ(input_error_of([&] { run(missing); }), missing.string() + ": no such file");

  const auto text = dir.write("text.h5", "tick,date\n0,2010-01\n");
  EXPECT_EQ(input_error_of([&] { run(text); }), text.string() + ": not an HDF5 file");

  const auto truncated = dir.path() / "truncated.h5";
  write_run(truncated, scenarios_dir() / "toy-3", small_run(2), 2);
  std::filesystem::resize_file(truncated, std::filesystem::file_size(truncated) / 2);
  const std::string cut = input_error_of([&] { run(truncated); });
  EXPECT_EQ(cut.rfind(truncated.string() + ": truncated HDF5 file: ", 0), 0u) << cut;

  const auto foreign = dir.path() / "foreign.h5";
  h5::File::create(foreign).create_group("data");
  EXPECT_EQ(input_error_of([&] { run(foreign); }),
            foreign.string() +
                ": not a migrasim run file (no 'format' attribute 'migrasim run "
                "file')");
  h5::File::open(foreign, h5::Mode::read_write).set_attribute("format", "some other format");
  EXPECT_EQ(input_error_of([&] { run(foreign); }),
            foreign.string() +
                ": not a migrasim run file (no 'format' attribute 'migrasim run "
                "file')");

  const auto version2 = dir.path() / "version2.h5";
  write_run(version2, scenarios_dir() / "toy-3", small_run(1), 1);
  h5::File::open(version2, h5::Mode::read_write).set_attribute("version", std::int64_t{2});
  EXPECT_EQ(input_error_of([&] { run(version2); }),
            version2.string() + ": run file version 2, this migrasim reads version 1");

  const auto no_series = dir.path() / "no-series.h5";
  write_run(no_series, scenarios_dir() / "toy-3", small_run(1), 1);
  h5::File::open(no_series, h5::Mode::read_write).remove("series");
  EXPECT_EQ(input_error_of([&] { run(no_series); }),
            no_series.string() + ": missing group '/series'");
  // The readers of resume check the same.
  const TempDir scratch;
  EXPECT_EQ(input_error_of([&] { load_run_scenario(no_series, scratch.path()); }),
            no_series.string() + ": missing group '/series'");
  EXPECT_EQ(input_error_of([&] { read_snapshot(version2, 1); }),
            version2.string() + ": run file version 2, this migrasim reads version 1");
  EXPECT_EQ(input_error_of([&] { read_snapshot(no_series, 5); }),
            no_series.string() + ": missing group '/series'");
}

TEST(RunFile, MissingSnapshotIsBadInput) {
  const TempDir dir;
  const auto file = dir.path() / "run.h5";
  write_run(file, scenarios_dir() / "toy-3", small_run(2), 2);
  EXPECT_EQ(input_error_of([&] { read_snapshot(file, 1); }),
            file.string() + ": missing group '/snapshots/000001'");
}

}  // namespace
}  // namespace migrasim
