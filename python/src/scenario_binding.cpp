// migrasim._core.Scenario and load_scenario: the immutable description a
// Simulation is built from, loaded by the engine's own loader (so every
// error names file, line, key and value as the CLI's do).
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "bindings.hpp"
#include "migrasim/scenario/parameter_table.hpp"
#include "migrasim/scenario/scenario_limits.hpp"

namespace migrasim::python {

ScenarioHandle load(const std::filesystem::path& path, std::vector<Override> overrides) {
  Scenario scenario = load_scenario(path, overrides);
  return std::make_shared<LoadedScenario>(
      LoadedScenario{path, std::move(overrides), std::move(scenario)});
}

namespace {

py::dict event_dict(const Event& e) {
  py::dict d;
  d["date"] = e.date.str();
  d["tick"] = e.tick;
  d["target"] = e.target;
  d["action"] = e.action;
  d["change"] = e.describe();
  d["origin"] = e.origin;
  return d;
}

}  // namespace

void bind_scenario(py::module_& m) {
  py::class_<LoadedScenario, std::shared_ptr<LoadedScenario>>(
      m, "Scenario", "A loaded, validated scenario (immutable); see migrasim.load_scenario")
      .def_property_readonly("name", [](const LoadedScenario& s) { return s.scenario.name(); })
      .def_property_readonly("path", [](const LoadedScenario& s) { return s.path.string(); })
      .def_property_readonly("overrides",
                             [](const LoadedScenario& s) {
                               py::dict d;
                               for (const Override& o : s.overrides) d[py::str(o.key)] = o.value;
                               return d;
                             })
      .def_property_readonly("regions",
                             [](const LoadedScenario& s) {
                               std::vector<std::string> names;
                               for (const Region& r : s.scenario.regions()) names.push_back(r.name);
                               return names;
                             })
      .def_property_readonly("region_provinces",
                             [](const LoadedScenario& s) {
                               std::vector<std::string> names;
                               for (const Region& r : s.scenario.regions()) {
                                 names.push_back(r.province);
                               }
                               return names;
                             })
      .def_property_readonly(
          "start", [](const LoadedScenario& s) { return s.scenario.params().run.start.str(); })
      .def_property_readonly("ticks",
                             [](const LoadedScenario& s) { return s.scenario.params().run.ticks; })
      .def_property_readonly("agents",
                             [](const LoadedScenario& s) { return s.scenario.params().run.agents; })
      .def_property_readonly("seed",
                             [](const LoadedScenario& s) { return s.scenario.params().run.seed; })
      .def_property_readonly("population",
                             [](const LoadedScenario& s) { return s.scenario.total_population(); })
      .def_property_readonly("parameters",
                             [](const LoadedScenario& s) {
                               py::dict d;
                               for (const ParameterSpec& spec : parameter_specs()) {
                                 d[py::str(std::string(spec.key))] =
                                     parameter_value(s.scenario.params(), spec);
                               }
                               return d;
                             })
      .def_property_readonly("events",
                             [](const LoadedScenario& s) {
                               py::list events;
                               for (const Event& e : s.scenario.events()) {
                                 events.append(event_dict(e));
                               }
                               return events;
                             })
      .def_property_readonly(
          "warnings", [](const LoadedScenario& s) { return scenario_warnings(s.scenario); },
          "What `migrasim run` warns of before a run (regions with very few agents, ...)")
      .def("__repr__", [](const LoadedScenario& s) {
        return "<migrasim.Scenario '" + s.scenario.name() + "' from " + s.path.string() + ": " +
               std::to_string(s.scenario.region_count()) + " regions, " +
               std::to_string(s.scenario.params().run.ticks) + " months from " +
               s.scenario.params().run.start.str() + ">";
      });

  m.def(
      "load_scenario",
      [](const std::filesystem::path& path,
         const std::vector<std::pair<std::string, std::string>>& pairs) {
        std::vector<Override> overrides;
        for (const auto& [key, value] : pairs) overrides.push_back({key, value, "overrides"});
        return load(path, std::move(overrides));
      },
      py::arg("path"), py::arg("overrides"),
      "Loads a scenario folder or what-if .ini with (key, text) overrides, as --set");
}

}  // namespace migrasim::python
