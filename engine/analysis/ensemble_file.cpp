// The ensemble file (ensemble_file.hpp; layout in docs/hdf5-schema.md
// section 14).
#include "migrasim/analysis/ensemble_file.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "io/run_file_layout.hpp"
#include "migrasim/analysis/sensitivity.hpp"
#include "migrasim/error.hpp"
#include "migrasim/io/h5.hpp"
#include "migrasim/io/run_series.hpp"
#include "migrasim/model/simulation.hpp"

namespace migrasim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kFormat = "migrasim ensemble";
constexpr std::int64_t kVersion = 1;

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::string exact(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

std::string series_path(std::string_view group, std::string_view name) {
  return std::string(group) + "/" + std::string(name);
}

std::size_t series_index(std::string_view name) {
  for (std::size_t s = 0; s < std::size(kRunSeries); ++s) {
    if (kRunSeries[s].name == name) return s;
  }
  throw Error("internal: no run series '" + std::string(name) + "'");
}

}  // namespace

std::uint64_t EnsembleSpec::seed_of(std::size_t member) const {
  const int r = replicate_of(member);
  // Kept below 1e18, the largest run.seed a scenario takes.
  return r == 0 ? base_seed
                : splitmix64(base_seed + static_cast<std::uint64_t>(r)) % 1000000000000000000ull;
}

std::vector<Override> EnsembleSpec::member_overrides(std::size_t member) const {
  std::vector<Override> out;
  for (const std::string& o : overrides) {
    const auto eq = o.find('=');
    out.push_back({o.substr(0, eq), o.substr(eq + 1), "ensemble"});
  }
  if (has_design) {
    const std::size_t p = point_of(member);
    for (std::size_t f = 0; f < design.factor_count(); ++f) {
      const double v = design.value(p, f);
      if (!std::isnan(v)) out.push_back({design.factors[f].key, exact(v), "--vary"});
    }
  }
  out.push_back({"run.seed", std::to_string(seed_of(member)), "ensemble replicate"});
  return out;
}

std::string EnsembleSpec::signature() const {
  std::string s = "scenario=" + scenario_path + ";seed=" + std::to_string(base_seed) +
                  ";replicates=" + std::to_string(replicates) + ";rows=" + std::to_string(rows);
  for (const auto& o : overrides) s += ";set " + o;
  if (has_design) {
    s += ";design=" + std::string(design_kind_name(design.kind));
    for (const auto& f : design.factors) {
      s += ";factor " + f.key + "=" + exact(f.low) + ":" + exact(f.high) +
           (f.scale == FactorScale::log ? ":log" : "");
    }
    for (std::size_t p = 0; p < design.members(); ++p) {
      for (std::size_t f = 0; f < design.factor_count(); ++f) s += "," + exact(design.value(p, f));
    }
  }
  return s;
}

// ------------------------------------------------------------ MemberSeries

MemberSeries::MemberSeries(int regions, int rows)
    : regions_(regions),
      rows_(rows),
      values_(std::size(kRunSeries), std::vector<double>(static_cast<std::size_t>(rows) * regions)),
      national_(std::size(kRunSeries), std::vector<double>(rows, kNaN)) {}

void MemberSeries::record(const Simulation& sim) {
  if (rows_recorded_ >= rows_) throw Error("internal: member records more rows than planned");
  std::vector<std::int64_t> ints;
  std::vector<double> reals;
  const std::size_t row = static_cast<std::size_t>(rows_recorded_);
  const std::size_t employed = series_index("employed");
  for (std::size_t s = 0; s < std::size(kRunSeries); ++s) {
    detail::series_row(sim, kRunSeries[s], ints, reals);
    double* out = &values_[s][row * regions_];
    for (int r = 0; r < regions_; ++r) {
      out[r] = kRunSeries[s].type == SeriesType::int64 ? static_cast<double>(ints[r]) : reals[r];
    }
  }
  // National figures, combined as the run file's readers combine them.
  for (std::size_t s = 0; s < std::size(kRunSeries); ++s) {
    const double* v = &values_[s][row * regions_];
    const double* w = &values_[employed][row * regions_];
    double total = 0, weight = 0, lowest = kNaN;
    for (int r = 0; r < regions_; ++r) {
      switch (kRunSeries[s].combine) {
        case SeriesCombine::sum:
          total += v[r];
          break;
        case SeriesCombine::employed_weight:
          total += v[r] * w[r];
          weight += w[r];
          break;
        case SeriesCombine::minimum:
          if (!std::isnan(v[r]) && (std::isnan(lowest) || v[r] < lowest)) lowest = v[r];
          break;
      }
    }
    national_[s][row] = kRunSeries[s].combine == SeriesCombine::sum ? total
                        : kRunSeries[s].combine == SeriesCombine::minimum
                            ? lowest
                            : (weight > 0 ? total / weight : kNaN);
  }
  ++rows_recorded_;
}

// ---------------------------------------------------------- EnsembleWriter

struct EnsembleWriter::Impl {
  Impl(h5::File f, std::filesystem::path p) : file(std::move(f)), path(std::move(p)) {}
  h5::File file;
  std::filesystem::path path;
  EnsembleSpec spec;
  int regions = 0;
  std::vector<bool> done;
};

EnsembleWriter::EnsembleWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EnsembleWriter::EnsembleWriter(EnsembleWriter&&) noexcept = default;
EnsembleWriter::~EnsembleWriter() = default;

const std::vector<bool>& EnsembleWriter::done() const {
  return impl_->done;
}

EnsembleWriter EnsembleWriter::create(const std::filesystem::path& path, const Scenario& scenario,
                                      const EnsembleSpec& spec) {
  auto impl = std::make_unique<Impl>(h5::File::create(path), path);
  impl->spec = spec;
  impl->regions = scenario.region_count();
  impl->done.assign(spec.members(), false);
  h5::File& f = impl->file;
  const auto members = static_cast<h5::Size>(spec.members());
  const auto rows = static_cast<h5::Size>(spec.rows);
  const auto regions = static_cast<h5::Size>(impl->regions);
  f.set_attribute("format", std::string(kFormat));
  f.set_attribute("format_version", kVersion);
  f.set_attribute("signature", spec.signature());
  f.set_attribute("command_line", spec.command_line);
  f.set_attribute("scenario", spec.scenario_path);
  f.set_attribute("scenario_name", scenario.name());
  f.set_attribute("replicates", static_cast<std::int64_t>(spec.replicates));
  f.set_attribute("base_seed", static_cast<std::int64_t>(spec.base_seed));
  f.set_attribute("design",
                  spec.has_design ? std::string(design_kind_name(spec.design.kind)) : "replicates");
  f.set_attribute("complete", false);
  f.set_attribute("members_done", std::int64_t{0});

  std::vector<std::string> names;
  for (const auto& r : scenario.regions()) names.push_back(r.name);
  f.write_dataset("regions", names);
  std::vector<std::int32_t> dates;
  for (int t = 0; t < spec.rows; ++t) {
    const Month m = scenario.params().run.start.plus(t);
    dates.push_back(m.year * 100 + m.month);
  }
  f.write_dataset("date", dates).set_attribute("units", "yyyymm of each row (row 0: the start)");

  h5::Group g = f.create_group("members");
  std::vector<std::int64_t> index, replicate, point;
  std::vector<std::uint64_t> seed;
  for (std::size_t m = 0; m < spec.members(); ++m) {
    index.push_back(static_cast<std::int64_t>(m));
    replicate.push_back(spec.replicate_of(m));
    point.push_back(static_cast<std::int64_t>(spec.point_of(m)));
    seed.push_back(spec.seed_of(m));
  }
  g.write_dataset("index", index);
  g.write_dataset("seed", seed);
  g.write_dataset("replicate", replicate);
  g.write_dataset("point", point).set_attribute("meaning", "design point (row of /factors/values)");
  g.create_dataset<std::uint8_t>("done", {members});
  g.create_dataset<double>("wall_seconds", {members}).set_attribute("units", "s");
  if (spec.has_design) {
    h5::Group fg = f.create_group("factors");
    std::vector<std::string> keys, scales;
    std::vector<double> low, high, values;
    for (const auto& factor : spec.design.factors) {
      keys.push_back(factor.key);
      scales.push_back(factor.scale == FactorScale::log ? "log" : "linear");
      low.push_back(factor.low);
      high.push_back(factor.high);
    }
    for (std::size_t p = 0; p < spec.design.members(); ++p) {
      for (std::size_t k = 0; k < spec.design.factor_count(); ++k) {
        values.push_back(spec.design.value(p, k));
      }
    }
    fg.write_dataset("key", keys);
    fg.write_dataset("scale", scales);
    fg.write_dataset("low", low);
    fg.write_dataset("high", high);
    fg.write_dataset("positions", spec.design.positions.empty()
                                      ? std::vector<double>(values.size(), kNaN)
                                      : spec.design.positions);
    h5::Dataset v = fg.write_dataset("values", values);
    v.set_attribute("shape", "[points][factors], row-major; NaN = the scenario's value");
  }
  h5::Group series = f.create_group("series");
  h5::Group national = f.create_group("national");
  const h5::Layout by_member{1, 0, false};
  for (const SeriesSpec& s : kRunSeries) {
    series.create_dataset<double>(s.name, {members, rows, regions}, by_member)
        .set_attribute("units", std::string(s.units));
    national.create_dataset<double>(s.name, {members, rows}, by_member)
        .set_attribute("units", std::string(s.units));
  }
  f.flush();
  return EnsembleWriter(std::move(impl));
}

EnsembleWriter EnsembleWriter::reopen(const std::filesystem::path& path, const EnsembleSpec& spec) {
  auto impl = std::make_unique<Impl>(h5::File::open(path, h5::Mode::read_write), path);
  h5::File& f = impl->file;
  if (!f.has_attribute("format") || f.get_attribute<std::string>("format") != kFormat) {
    throw InputError(path.string() + ": not an ensemble file (no format=\"" + std::string(kFormat) +
                     "\" attribute)");
  }
  if (f.get_attribute<std::string>("signature") != spec.signature()) {
    throw InputError(path.string() +
                     ": made for another ensemble (scenario, overrides, seed, replicates, ticks "
                     "or design differ); give the same arguments as the run that made it, or "
                     "another --out");
  }
  impl->spec = spec;
  impl->regions = static_cast<int>(f.open_dataset("regions").rows());
  const auto done = f.open_dataset("members/done").read_vector<std::uint8_t>();
  impl->done.assign(done.begin(), done.end());
  f.set_attribute("complete", false);
  f.flush();
  return EnsembleWriter(std::move(impl));
}

void EnsembleWriter::write_member(std::size_t member, const MemberSeries& series) {
  h5::File& f = impl_->file;
  if (series.rows_recorded() != impl_->spec.rows) {
    throw Error("internal: member " + std::to_string(member) + " recorded " +
                std::to_string(series.rows_recorded()) + " rows of " +
                std::to_string(impl_->spec.rows));
  }
  for (std::size_t s = 0; s < std::size(kRunSeries); ++s) {
    f.open_dataset(series_path("series", kRunSeries[s].name)).write_slice(member, series.values(s));
    f.open_dataset(series_path("national", kRunSeries[s].name))
        .write_slice(member, series.national(s));
  }
  const std::vector<double> wall = {series.wall_seconds};
  f.open_dataset("members/wall_seconds").write_slice(member, wall);
  f.flush();  // the data first, then the flag that says they are there
  const std::vector<std::uint8_t> one = {1};
  f.open_dataset("members/done").write_slice(member, one);
  impl_->done[member] = true;
  f.set_attribute("members_done", static_cast<std::int64_t>(
                                      std::count(impl_->done.begin(), impl_->done.end(), true)));
  f.flush();
}

void EnsembleWriter::finish() {
  h5::File& f = impl_->file;
  const EnsembleSpec& spec = impl_->spec;
  const std::size_t R = static_cast<std::size_t>(spec.replicates), P = spec.points();
  const std::size_t rows = static_cast<std::size_t>(spec.rows);
  const std::size_t regions = static_cast<std::size_t>(impl_->regions);
  if (R >= 2) {
    if (f.has("quantiles")) f.remove("quantiles");
    h5::Group q = f.create_group("quantiles");
    q.set_attribute("meaning",
                    "p05, p50, p95 (type 7) and mean over the replicates of each design point");
    std::vector<double> values(R);
    for (const SeriesSpec& s : kRunSeries) {
      h5::Group g = q.create_group(s.name);
      for (const char* group : {"series", "national"}) {
        const auto all =
            f.open_dataset(series_path(group, s.name)).read_rows<double>(0, spec.members());
        const std::size_t width = std::string(group) == "series" ? regions : 1;
        const std::size_t per_member = rows * width;
        std::vector<double> p05(P * per_member), p50(P * per_member), p95(P * per_member),
            mean(P * per_member);
        for (std::size_t p = 0; p < P; ++p) {
          for (std::size_t i = 0; i < per_member; ++i) {
            for (std::size_t r = 0; r < R; ++r) values[r] = all[(p * R + r) * per_member + i];
            const Quantiles qs = summarize(values);
            p05[p * per_member + i] = qs.p05;
            p50[p * per_member + i] = qs.p50;
            p95[p * per_member + i] = qs.p95;
            mean[p * per_member + i] = qs.mean;
          }
        }
        const std::string prefix = std::string(group) == "series" ? "" : "national_";
        const std::vector<h5::Size> shape =
            width == 1 ? std::vector<h5::Size>{P, rows} : std::vector<h5::Size>{P, rows, regions};
        const auto write = [&](const std::string& name, const std::vector<double>& v) {
          g.create_dataset<double>(name, shape).write_slice(0, v);
        };
        write(prefix + "p05", p05);
        write(prefix + "p50", p50);
        write(prefix + "p95", p95);
        write(prefix + "mean", mean);
      }
    }
  }
  f.set_attribute("complete", true);
  f.flush();
}

}  // namespace migrasim
