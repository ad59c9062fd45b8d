// A folder for the runs `compare` (and `compare --replicates`) makes of
// scenarios: --keep DIR (kept), or a fresh temporary one removed however the
// command ends (an error, a signal).
#pragma once

#include <filesystem>

#include "cli_options.hpp"

namespace migrasim::cli {

class RunFolder {
 public:
  explicit RunFolder(const po::variables_map& vm);
  ~RunFolder();
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }
  bool temporary() const { return temporary_; }

 private:
  std::filesystem::path path_;
  bool temporary_ = false;
};

}  // namespace migrasim::cli
