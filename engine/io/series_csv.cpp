#include "migrasim/io/series_csv.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>

#include "csv_field.hpp"
#include "migrasim/error.hpp"
#include "migrasim/io/run_series.hpp"
#include "migrasim/model/simulation.hpp"
#include "run_file_layout.hpp"

namespace migrasim {

namespace {

// A float64 series value: yuan with two decimals (whole fen), others in
// full; NaN (no value) as an empty field.
std::string real_text(const SeriesSpec& s, double v) {
  if (std::isnan(v)) return "";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, s.units.starts_with("yuan") ? "%.2f" : "%.10g", v);
  return buffer;
}

// A failed write: a full disk is the user's to fix (exit 2), anything else
// is an error of the system.
[[noreturn]] void write_failed(const std::filesystem::path& file) {
  const int os_error = errno;
  if (os_error == ENOSPC || os_error == EDQUOT) {
    throw DiskFullError("disk full writing " + file.string() + " (" + std::strerror(os_error) +
                        ")");
  }
  throw Error(file.string() + ": write failed: " + std::strerror(os_error));
}

}  // namespace

SeriesCsvWriter::SeriesCsvWriter(std::filesystem::path path)
    : path_(std::move(path)), partial_(path_.string() + ".partial") {
  file_ = std::fopen(partial_.c_str(), "w");
  if (!file_) {
    throw InputError(partial_.string() + ": cannot write: " + std::strerror(errno));
  }
  // The same series, in the same order, as the run file's /series.
  std::fprintf(file_, "tick,date,counted_month,region");
  for (const SeriesSpec& s : kRunSeries) std::fprintf(file_, ",%s", std::string(s.name).c_str());
  std::fprintf(file_, "\n");
}

SeriesCsvWriter::~SeriesCsvWriter() {
  if (file_) std::fclose(file_);
}

void SeriesCsvWriter::write(const Simulation& sim) {
  const int regions = sim.scenario().region_count();
  const Month date = sim.scenario().params().run.start.plus(sim.tick());
  const auto counted = described_month(SeriesKind::counter, date, sim.tick());
  const std::string lead = std::to_string(sim.tick()) + "," + date.str() + "," +
                           (counted ? counted->str() : std::string()) + ",";
  std::vector<std::string> lines(regions);
  for (int r = 0; r < regions; ++r) lines[r] = lead + csv_field(sim.scenario().regions()[r].name);
  std::vector<std::int64_t> ints;
  std::vector<double> reals;
  for (const SeriesSpec& s : kRunSeries) {
    detail::series_row(sim, s, ints, reals);
    for (int r = 0; r < regions; ++r) {
      lines[r] += ',';
      lines[r] += s.type == SeriesType::int64 ? std::to_string(ints[r]) : real_text(s, reals[r]);
    }
  }
  for (const std::string& line : lines) std::fprintf(file_, "%s\n", line.c_str());
  if (std::fflush(file_) != 0) write_failed(partial_);
}

void SeriesCsvWriter::finish() {
  if (std::fclose(file_) != 0) {
    file_ = nullptr;
    write_failed(partial_);
  }
  file_ = nullptr;
  std::filesystem::rename(partial_, path_);
}

}  // namespace migrasim
