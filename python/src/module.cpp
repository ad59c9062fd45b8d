// The extension module migrasim._core (docs/python.md): the engine's errors
// as Python exceptions, then each part of the API (the bind_* functions).
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "migrasim/error.hpp"

namespace migrasim::python {

std::mutex& hdf5_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace migrasim::python

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  using namespace migrasim;
  m.doc() = "migrasim's engine (C++), bound with pybind11; use the package `migrasim`";
  m.attr("__version__") = MIGRASIM_VERSION_STRING;

  // The C++ hierarchy as Python classes; the message is the engine's own
  // (file, line, key and value). Registered base first: pybind11 tries the
  // translators newest first, so the most derived type wins.
  static py::exception<Error> error(m, "Error", PyExc_RuntimeError);
  static py::exception<InputError> input_error(m, "InputError", error.ptr());
  static py::exception<DiskFullError> disk_full(m, "DiskFullError", input_error.ptr());
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const DiskFullError& e) {
      disk_full(e.what());
    } catch (const InputError& e) {
      input_error(e.what());
    } catch (const Error& e) {
      error(e.what());
    }
  });

  python::bind_scenario(m);
  python::bind_simulation(m);
  python::bind_run_file(m);
  python::bind_compare(m);
}
