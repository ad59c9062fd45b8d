// Shared by the libFuzzer targets in this folder (built with the `fuzz`
// preset, run by tools/fuzz.sh; see docs/testing.md).
//
// Every reader takes a file, so each input is written to a scratch file and
// handed to the reader as a user's file would be. A migrasim::Error (an
// InputError above all) is a correct rejection; anything else that escapes --
// another exception type, a crash, a sanitizer report, a hang -- is a finding.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "migrasim/error.hpp"
#include "migrasim/scenario/scenario.hpp"

namespace migrasim::fuzz {

// The scenario whose parameters and regions the CSV and event targets check
// against (its own files are part of their seed corpus).
inline const Scenario& toy3() {
  static const Scenario scenario =
      load_scenario(std::filesystem::path(MIGRASIM_SOURCE_DIR) / "scenarios" / "toy-3");
  return scenario;
}

// The scratch folder of this process, removed when it exits normally.
class ScratchDir {
 public:
  ScratchDir()
      : path_(std::filesystem::temp_directory_path() /
              ("migrasim-fuzz-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A scratch file of this process, rewritten with each input.
inline std::filesystem::path write_input(const std::uint8_t* data, std::size_t size,
                                         const std::string& suffix) {
  static const ScratchDir dir;
  const auto file = dir.path() / ("input" + suffix);
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return file;
}

// Runs `body`, treating migrasim::Error as a correct rejection of the input.
template <class F>
int rejecting_errors(F&& body) {
  try {
    body();
  } catch (const Error&) {
  }
  return 0;
}

}  // namespace migrasim::fuzz
