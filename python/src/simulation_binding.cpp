// migrasim._core.Simulation: one run in memory, as `migrasim run` makes it.
// It owns its engine Simulation (which owns its ExecutionContext, so
// `threads` is per object), keeps the scenario alive, steps with the GIL
// released, and can record to a run file exactly as the CLI does.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <optional>

#include "bindings.hpp"
#include "io/run_file_layout.hpp"
#include "migrasim/error.hpp"
#include "migrasim/exec/context.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/io/run_series.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/scenario/scenario_limits.hpp"

namespace migrasim::python {

namespace {

template <class T>
py::array_t<T> to_array(const std::vector<T>& values) {
  py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

// Hands each tick to a run file, as the CLI's output does.
class RunFileRecorder final : public Recorder {
 public:
  RunFileRecorder(RunWriter writer, std::filesystem::path path)
      : writer_(std::move(writer)), path_(std::move(path)) {}
  void record(const Simulation& sim) override { writer_.record(sim); }
  void snapshot(const Simulation& sim) override {
    writer_.snapshot(sim);
    last_snapshot_ = sim.tick();
  }
  // The last snapshot (unless written at this tick already) and the end.
  void finish(const Simulation& sim, bool complete) {
    if (last_snapshot_ != sim.tick()) snapshot(sim);
    writer_.finish(sim, complete);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  RunWriter writer_;
  std::filesystem::path path_;
  int last_snapshot_ = -1;
};

class PySimulation {
 public:
  PySimulation(const ScenarioHandle& scenario, std::optional<std::uint64_t> agents,
               std::optional<std::uint64_t> seed, int threads)
      : scenario_(with_run_overrides(scenario, agents, seed)) {
    if (threads < 0) {
      throw InputError("threads=" + std::to_string(threads) +
                       ": expected a non-negative integer (0 = all cores)");
    }
    const Scenario& s = scenario_->scenario;
    check_memory(s, threads > 0 ? threads : ExecutionContext::cores());
    SimulationOptions options;
    options.threads = threads;
    py::gil_scoped_release release;  // synthesis of the population
    sim_ = std::make_unique<Simulation>(s, options);
  }

  ~PySimulation() {
    try {
      close();
    } catch (...) {  // a destructor must not throw; close() reports errors when called
    }
  }
  PySimulation(const PySimulation&) = delete;
  PySimulation& operator=(const PySimulation&) = delete;

  void step() {
    py::gil_scoped_release release;
    step_unlocked();
  }

  // `ticks` more months (default: up to the scenario's run.ticks); Ctrl-C
  // stops it between months with KeyboardInterrupt.
  void run(std::optional<long> ticks) {
    const long n = ticks ? *ticks : std::max(0L, scenario_->scenario.params().run.ticks - tick());
    if (n < 0) throw InputError("run(ticks=" + std::to_string(n) + "): expected ticks >= 0");
    for (long i = 0; i < n; ++i) {
      {
        py::gil_scoped_release release;
        step_unlocked();
      }
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    }
  }

  int tick() const { return sim_->tick(); }
  const Simulation& sim() const { return *sim_; }
  const ScenarioHandle& scenario() const { return scenario_; }

  // The current row of series `name`, one value per region, as the run
  // file's row sim.tick() holds it (counts in persons, money in yuan).
  py::array series(const std::string& name) const {
    const SeriesSpec* spec = find_series(name);
    if (spec == nullptr) {
      std::string known;
      for (const std::string& n : series_names()) known += (known.empty() ? "" : ", ") + n;
      throw InputError("series '" + name + "': no such series (the series: " + known + ")");
    }
    std::vector<std::int64_t> ints;
    std::vector<double> reals;
    detail::series_row(*sim_, *spec, ints, reals);
    if (spec->type == SeriesType::int64) return to_array(ints);
    return to_array(reals);
  }

  // Origin x destination, persons: the moves of the last tick, or the stock
  // [hukou region][location] at its end.
  py::array_t<std::int64_t> matrix(bool stock) const {
    const CountMatrix& m = stock ? sim_->aggregates().stock : sim_->aggregates().flows;
    const auto n = static_cast<py::ssize_t>(m.rows());
    py::array_t<std::int64_t> out({n, static_cast<py::ssize_t>(m.cols())});
    auto view = out.mutable_unchecked<2>();
    for (py::ssize_t i = 0; i < n; ++i) {
      for (py::ssize_t j = 0; j < m.cols(); ++j)
        view(i, j) = detail::persons(m(i, j), sim_->scale());
    }
    return out;
  }

  py::dict snapshot() const;

  void record(const std::filesystem::path& path, const std::string& command_line) {
    if (recorder_) {
      throw InputError(path.string() + ": this simulation is already recording to " +
                       recorder_->path().string());
    }
    if (tick() != 0) {
      throw InputError(path.string() +
                       ": record() before the first step (the simulation is at "
                       "tick " +
                       std::to_string(tick()) + "), so that the file holds the whole run");
    }
    const Scenario& s = scenario_->scenario;
    py::gil_scoped_release release;
    std::lock_guard lock(hdf5_mutex());
    RunMetadata meta{command_line, sim_->context().threads(), scenario_->path,
                     scenario_->overrides};
    auto recorder =
        std::make_unique<RunFileRecorder>(RunWriter::create(path, s, *sim_, meta), path);
    // As `migrasim run`: a snapshot at the start, then on the schedule.
    recorder->snapshot(*sim_);
    recorder_ = std::move(recorder);
    sim_->set_recorder(recorder_.get(), SnapshotSchedule{s.params().run.snapshot_every,
                                                         static_cast<int>(s.params().run.ticks)});
  }

  // Ends the run file (last snapshot; complete when run.ticks are done).
  void close() {
    if (!recorder_) return;
    std::unique_ptr<RunFileRecorder> recorder = std::move(recorder_);
    sim_->set_recorder(nullptr);
    std::lock_guard lock(hdf5_mutex());
    recorder->finish(*sim_, tick() >= scenario_->scenario.params().run.ticks);
  }

  std::optional<std::string> recording() const {
    if (!recorder_) return std::nullopt;
    return recorder_->path().string();
  }

 private:
  static ScenarioHandle with_run_overrides(const ScenarioHandle& scenario,
                                           std::optional<std::uint64_t> agents,
                                           std::optional<std::uint64_t> seed) {
    if (!agents && !seed) return scenario;
    // As the CLI's --agents and --seed: overrides after the others.
    std::vector<Override> overrides = scenario->overrides;
    if (agents) overrides.push_back({"run.agents", std::to_string(*agents), "agents="});
    if (seed) overrides.push_back({"run.seed", std::to_string(*seed), "seed="});
    return load(scenario->path, std::move(overrides));
  }

  void step_unlocked() {
    if (recorder_) {
      std::lock_guard lock(hdf5_mutex());
      sim_->step();
    } else {
      sim_->step();
    }
  }

  ScenarioHandle scenario_;  // before sim_: it must outlive it
  std::unique_ptr<Simulation> sim_;
  std::unique_ptr<RunFileRecorder> recorder_;
};

py::dict PySimulation::snapshot() const {
  const SimulationSnapshot snap = sim_->snapshot();
  const std::size_t n = snap.agents.size();
  std::vector<std::uint32_t> id(n);
  std::vector<std::uint16_t> hukou(n), location(n), months(n), insured(n), traits(n);
  std::vector<std::uint8_t> age(n), birth_month(n), hukou_type(n), role(n), education(n),
      employment(n), household_size(n);
  std::vector<bool> land(n), home(n), head(n);
  for (std::size_t i = 0; i < n; ++i) {
    const AgentRecord& a = snap.agents[i];
    id[i] = a.id;
    hukou[i] = a.hukou_region;
    location[i] = a.location;
    age[i] = a.age;
    birth_month[i] = a.birth_month;
    months[i] = a.months_at_location;
    insured[i] = a.insured_months;
    traits[i] = a.traits.bits;
    hukou_type[i] = static_cast<std::uint8_t>(a.traits.hukou_type());
    role[i] = static_cast<std::uint8_t>(a.traits.role());
    education[i] = static_cast<std::uint8_t>(a.traits.education());
    employment[i] = static_cast<std::uint8_t>(a.traits.employment());
    household_size[i] = static_cast<std::uint8_t>(a.traits.household_size());
    land[i] = a.traits.holds_land();
    home[i] = a.traits.owns_home();
    head[i] = a.traits.household_start();
  }
  const auto flags = [](const std::vector<bool>& v) {
    py::array_t<bool> out(static_cast<py::ssize_t>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) out.mutable_data()[i] = v[i];
    return out;
  };
  py::dict agents;
  agents["id"] = to_array(id);
  agents["hukou_region"] = to_array(hukou);
  agents["location"] = to_array(location);
  agents["age"] = to_array(age);
  agents["birth_month"] = to_array(birth_month);
  agents["months_at_location"] = to_array(months);
  agents["insured_months"] = to_array(insured);
  agents["hukou_type"] = to_array(hukou_type);
  agents["role"] = to_array(role);
  agents["education"] = to_array(education);
  agents["employment"] = to_array(employment);
  agents["holds_land"] = flags(land);
  agents["owns_home"] = flags(home);
  agents["household_head"] = flags(head);
  agents["household_size"] = to_array(household_size);
  agents["traits"] = to_array(traits);
  py::dict out;
  out["tick"] = snap.tick;
  out["next_id"] = snap.next_id;
  out["scale"] = snap.scale;
  out["agents"] = agents;
  out["quota_used"] = to_array(snap.quota_used);
  std::vector<double> balance;
  for (std::int64_t fen : snap.fiscal_balance) balance.push_back(static_cast<double>(fen) / 100);
  out["fiscal_balance"] = to_array(balance);
  return out;
}

}  // namespace

void bind_simulation(py::module_& m) {
  m.def("series_info", [] {
    py::list out;
    for (const SeriesSpec& s : kRunSeries) {
      py::dict d;
      d["name"] = std::string(s.name);
      d["type"] = s.type == SeriesType::int64 ? "int64" : "float64";
      d["kind"] = std::string(kind_name(s.kind));
      d["units"] = std::string(s.units);
      d["meaning"] = std::string(s.meaning);
      d["combine"] = s.combine == SeriesCombine::sum               ? "sum"
                     : s.combine == SeriesCombine::employed_weight ? "employed_weight"
                                                                   : "minimum";
      out.append(d);
    }
    return out;
  });

  py::class_<PySimulation>(m, "Simulation")
      .def(py::init<const ScenarioHandle&, std::optional<std::uint64_t>,
                    std::optional<std::uint64_t>, int>(),
           py::arg("scenario"), py::arg("agents") = py::none(), py::arg("seed") = py::none(),
           py::arg("threads") = 1)
      .def("step", &PySimulation::step)
      .def("run", &PySimulation::run, py::arg("ticks") = py::none())
      .def_property_readonly("tick", &PySimulation::tick)
      .def_property_readonly("date", [](const PySimulation& s) { return s.sim().date().str(); })
      .def_property_readonly("seed", [](const PySimulation& s) { return s.sim().seed(); })
      .def_property_readonly("scale", [](const PySimulation& s) { return s.sim().scale(); })
      .def_property_readonly("agent_count",
                             [](const PySimulation& s) { return s.sim().agents().agent_count(); })
      .def_property_readonly("threads",
                             [](const PySimulation& s) { return s.sim().context().threads(); })
      .def_property_readonly("scenario", &PySimulation::scenario)
      .def_property_readonly("recording", &PySimulation::recording)
      .def("series", &PySimulation::series, py::arg("name"))
      .def("moves", [](const PySimulation& s) { return s.matrix(false); })
      .def("stock", [](const PySimulation& s) { return s.matrix(true); })
      .def("snapshot", &PySimulation::snapshot)
      .def("applied_events",
           [](const PySimulation& s) {
             py::list out;
             const Scenario& sc = s.sim().scenario();
             for (const AppliedEvent& a : s.sim().applied_events()) {
               const Event& e = sc.events()[a.event];
               std::vector<std::string> regions;
               for (int r : a.regions) regions.push_back(sc.regions()[r].name);
               py::dict d;
               d["tick"] = a.tick;
               d["date"] = e.date.str();
               d["target"] = e.target;
               d["change"] = e.describe();
               d["regions"] = regions;
               d["origin"] = e.origin;
               out.append(d);
             }
             return out;
           })
      .def("phase_seconds",
           [](const PySimulation& s) {
             py::dict d;
             for (int p = 0; p < kPhases; ++p) {
               d[py::str(std::string(phase_name(static_cast<Phase>(p))))] =
                   s.sim().phase_seconds()[p];
             }
             return d;
           })
      .def("record", &PySimulation::record, py::arg("path"), py::arg("command_line"))
      .def("close", &PySimulation::close);
}

}  // namespace migrasim::python
