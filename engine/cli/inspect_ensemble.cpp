#include "inspect_ensemble.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "migrasim/io/h5.hpp"

namespace migrasim::cli {

namespace {

std::string yyyymm(std::int32_t d) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d", d / 100, d % 100);
  return b;
}

}  // namespace

bool print_if_ensemble(std::ostream& out, const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) return false;
  std::optional<h5::File> opened;
  try {
    opened.emplace(h5::File::open(path));
  } catch (const std::exception&) {
    return false;  // the run-file reader gives the error
  }
  const h5::File& f = *opened;
  if (!f.has_attribute("format") || f.get_attribute<std::string>("format") != "migrasim ensemble") {
    return false;
  }
  const auto done = f.open_dataset("members/done").read_vector<std::uint8_t>();
  const auto seeds = f.open_dataset("members/seed").read_vector<std::uint64_t>();
  const auto dates = f.open_dataset("date").read_vector<std::int32_t>();
  const auto regions = f.open_dataset("regions").read_strings();
  const long finished = std::count(done.begin(), done.end(), std::uint8_t{1});
  const auto replicates = f.get_attribute<std::int64_t>("replicates");
  out << path << ": ensemble of " << f.get_attribute<std::string>("scenario") << " ("
      << f.get_attribute<std::string>("scenario_name") << ")\n"
      << "  members: " << done.size() << " (" << done.size() / std::max<std::int64_t>(1, replicates)
      << " design points x " << replicates << " replicates), " << finished << " done"
      << (f.get_attribute<bool>("complete") ? ", complete" : ", not complete (--resume continues)")
      << "\n  design: " << f.get_attribute<std::string>("design") << "; base seed "
      << f.get_attribute<std::int64_t>("base_seed") << "; seeds";
  for (std::size_t i = 0; i < std::min<std::size_t>(seeds.size(), replicates); ++i) {
    out << " " << seeds[i];
  }
  out << "\n  rows: " << dates.size() << " (" << (dates.empty() ? "" : yyyymm(dates.front()))
      << " to " << (dates.empty() ? "" : yyyymm(dates.back())) << "), " << regions.size()
      << " regions\n";
  if (f.has("factors/key")) {
    const auto keys = f.open_dataset("factors/key").read_strings();
    const auto scales = f.open_dataset("factors/scale").read_strings();
    const auto low = f.open_dataset("factors/low").read_vector<double>();
    const auto high = f.open_dataset("factors/high").read_vector<double>();
    out << "  factors:\n";
    for (std::size_t k = 0; k < keys.size(); ++k) {
      char line[300];
      std::snprintf(line, sizeof line, "    %-40s %12.6g to %-12.6g %s\n", keys[k].c_str(), low[k],
                    high[k], scales[k].c_str());
      out << line;
    }
  }
  const auto series = f.open_group("series").list();
  out << "  series (" << series.size() << ", [member][row][region] in /series, [member][row] in "
      << "/national):";
  for (const auto& s : series) out << " " << s;
  out << "\n  quantiles across replicates: "
      << (f.has("quantiles") ? "/quantiles/<series>/{p05,p50,p95,mean}" : "none (one replicate)")
      << "\n  command: " << f.get_attribute<std::string>("command_line") << "\n";
  return true;
}

}  // namespace migrasim::cli
