#include "migrasim/series_csv.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>

#include "migrasim/error.hpp"
#include "migrasim/simulation.hpp"
#include "run_file_layout.hpp"

namespace migrasim {

namespace {
// The same counters, in the same order, as the run file's /series.
constexpr const auto& kColumns = detail::kSeriesCounters;
}

SeriesCsvWriter::SeriesCsvWriter(std::filesystem::path path)
    : path_(std::move(path)), partial_(path_.string() + ".partial") {
  file_ = std::fopen(partial_.c_str(), "w");
  if (!file_) {
    throw InputError(partial_.string() + ": cannot write: " + std::strerror(errno));
  }
  std::fprintf(file_, "tick,date,region");
  for (Counter c : kColumns) std::fprintf(file_, ",%s", std::string(counter_name(c)).c_str());
  std::fprintf(file_, ",wage\n");
}

SeriesCsvWriter::~SeriesCsvWriter() {
  if (file_) std::fclose(file_);
}

void SeriesCsvWriter::write(const Simulation& sim) {
  const Aggregates& a = sim.aggregates();
  const std::string date = sim.scenario().params().run.start.plus(sim.tick()).str();
  for (int r = 0; r < a.regions(); ++r) {
    std::fprintf(file_, "%d,%s,%s", sim.tick(), date.c_str(),
                 sim.scenario().regions()[r].name.c_str());
    for (Counter c : kColumns) {
      std::fprintf(file_, ",%.0f", std::round(static_cast<double>(a.at(r, c)) * sim.scale()));
    }
    std::fprintf(file_, ",%.2f\n", sim.fields().wage[r]);
  }
  if (std::fflush(file_) != 0) throw Error(partial_.string() + ": write failed");
}

void SeriesCsvWriter::finish() {
  if (std::fclose(file_) != 0) {
    file_ = nullptr;
    throw Error(partial_.string() + ": write failed");
  }
  file_ = nullptr;
  std::filesystem::rename(partial_, path_);
}

}  // namespace migrasim
