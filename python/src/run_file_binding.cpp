// migrasim._core.read_run: the arrays of a run file (docs/hdf5-schema.md),
// read by the engine's own HDF5 layer, so that a missing, foreign or
// truncated file is refused with the message `migrasim inspect` gives. The
// package's read_run (python/migrasim/_frames.py) makes the DataFrames.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "bindings.hpp"
#include "io/run_file_layout.hpp"
#include "migrasim/io/h5.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/io/run_series.hpp"

namespace migrasim::python {

namespace {

// A dataset's rows [0, rows) as a NumPy array of shape rows x inner shape.
template <class T>
struct Block {
  std::vector<T> values;
  std::vector<py::ssize_t> shape;
};

template <class T>
Block<T> read_block(const h5::Dataset& d, h5::Size rows) {
  Block<T> b{d.read_rows<T>(0, rows), {static_cast<py::ssize_t>(rows)}};
  const std::vector<h5::Size> shape = d.shape();
  for (std::size_t i = 1; i < shape.size(); ++i)
    b.shape.push_back(static_cast<py::ssize_t>(shape[i]));
  return b;
}

template <class T>
py::array_t<T> to_array(const Block<T>& b) {
  py::array_t<T> out(b.shape);
  std::copy(b.values.begin(), b.values.end(), out.mutable_data());
  return out;
}

// What read_run reads, before any Python object is made (so that the file
// is read with the GIL released and the HDF5 lock held).
struct RunArrays {
  RunInfo info;
  std::vector<std::string> regions, provinces;
  Block<std::int64_t> tick;
  Block<std::int32_t> date;
  std::vector<std::string> int_names, real_names;
  std::vector<Block<std::int64_t>> ints;
  std::vector<Block<double>> reals;
  bool flows = false;
  Block<std::int64_t> moves, stock;
};

RunArrays read_arrays(const std::filesystem::path& path, bool flows) {
  RunArrays r;
  r.info = read_run_info(path);  // refuses what is not a run file of our version
  const h5::File file = h5::File::open(path);
  r.regions = file.open_dataset("regions/name").read_strings();
  r.provinces = file.open_dataset("regions/province").read_strings();
  const h5::Dataset ticks = file.open_dataset(detail::series_path(kSeriesTick));
  const h5::Size rows = ticks.shape().at(0);
  r.tick = read_block<std::int64_t>(ticks, rows);
  r.date = read_block<std::int32_t>(file.open_dataset(detail::series_path(kSeriesDate)), rows);
  for (const SeriesSpec& spec : kRunSeries) {
    const std::string where = detail::series_path(spec.name);
    if (!file.has(where)) continue;  // older files lack some (the budgets)
    const h5::Dataset d = file.open_dataset(where);
    if (spec.type == SeriesType::int64) {
      r.int_names.emplace_back(spec.name);
      r.ints.push_back(read_block<std::int64_t>(d, rows));
    } else {
      r.real_names.emplace_back(spec.name);
      r.reals.push_back(read_block<double>(d, rows));
    }
  }
  r.flows = flows;
  if (flows) {
    r.moves = read_block<std::int64_t>(file.open_dataset(detail::kFlowsMoves), rows);
    r.stock = read_block<std::int64_t>(file.open_dataset(detail::kFlowsStock), rows);
  }
  return r;
}

py::dict info_dict(const RunInfo& i) {
  py::dict d;
  d["scenario"] = i.scenario;
  d["seed"] = i.seed;
  d["agents"] = i.agents;
  d["scale"] = i.scale;
  d["start_date"] = i.start_date;
  d["ticks_done"] = i.ticks_done;
  d["threads"] = i.threads;
  d["command_line"] = i.command_line;
  d["complete"] = i.complete;
  d["snapshots"] = i.snapshots;
  d["torn_snapshots"] = i.torn_snapshots;
  return d;
}

}  // namespace

void bind_run_file(py::module_& m) {
  m.def(
      "read_run",
      [](const std::filesystem::path& path, bool flows) {
        RunArrays r;
        {
          py::gil_scoped_release release;
          std::lock_guard lock(hdf5_mutex());
          r = read_arrays(path, flows);
        }
        py::dict out;
        out["info"] = info_dict(r.info);
        out["regions"] = r.regions;
        out["provinces"] = r.provinces;
        out["tick"] = to_array(r.tick);
        out["date"] = to_array(r.date);
        py::dict series;  // in the order of kRunSeries
        std::size_t i = 0, j = 0;
        for (const SeriesSpec& spec : kRunSeries) {
          if (i < r.int_names.size() && r.int_names[i] == spec.name) {
            series[py::str(r.int_names[i])] = to_array(r.ints[i]);
            ++i;
          } else if (j < r.real_names.size() && r.real_names[j] == spec.name) {
            series[py::str(r.real_names[j])] = to_array(r.reals[j]);
            ++j;
          }
        }
        out["series"] = series;
        out["moves"] = r.flows ? py::object(to_array(r.moves)) : py::object(py::none());
        out["stock"] = r.flows ? py::object(to_array(r.stock)) : py::object(py::none());
        return out;
      },
      py::arg("path"), py::arg("flows") = true,
      "The arrays of a run file: info, regions, tick, date (YYYYMM), series {name: [row][region]}, "
      "moves and stock ([row][origin][destination], persons; None without flows)");
}

}  // namespace migrasim::python
