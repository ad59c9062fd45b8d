// Internal to the Python module (python/src/): what the binding files share.
// Each bind_* function adds one part of the API to the module `_core`; the
// pure-Python package python/migrasim/ builds the public API on them.
#pragma once

#include <pybind11/pybind11.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "migrasim/scenario/scenario.hpp"

namespace migrasim::python {

namespace py = pybind11;

// A loaded scenario and what it was loaded from: Simulation(agents=, seed=)
// loads it again with those as overrides, as `migrasim run --agents --seed`
// does, so that the run (and its run file's stored parameters) is the
// CLI's to the byte.
struct LoadedScenario {
  std::filesystem::path path;
  std::vector<Override> overrides;
  Scenario scenario;
};
using ScenarioHandle = std::shared_ptr<LoadedScenario>;  // never changed after loading

// Loads `path` with `overrides` (InputError as the CLI gives it).
ScenarioHandle load(const std::filesystem::path& path, std::vector<Override> overrides);

// HDF5 is built without thread safety (migrasim/io/h5.hpp): every call that
// reads or writes a run file holds this lock, taken with the GIL released
// (a step that records, read_run, compare), so that Python threads cannot
// enter HDF5 together.
std::mutex& hdf5_mutex();

void bind_scenario(py::module_& m);
void bind_simulation(py::module_& m);
void bind_run_file(py::module_& m);
void bind_compare(py::module_& m);

}  // namespace migrasim::python
