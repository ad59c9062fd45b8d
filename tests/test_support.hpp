// Helpers shared by the tests: temporary scenario folders and assertions on
// exact error messages.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "migrasim/error.hpp"

namespace migrasim::testing {

inline std::filesystem::path source_dir() {
  return MIGRASIM_SOURCE_DIR;
}
inline std::filesystem::path scenarios_dir() {
  return source_dir() / "scenarios";
}

// A fresh folder under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::random_device device;
    path_ = std::filesystem::temp_directory_path() /
            ("migrasim-test-" + std::to_string(device()) + std::to_string(device()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

  // Writes `text` to path()/name exactly as given (binary, no newline added).
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  // Copies a shipped scenario folder into path()/name.
  std::filesystem::path copy_scenario(const std::string& scenario, const std::string& name) const {
    const auto target = path_ / name;
    std::filesystem::copy(scenarios_dir() / scenario, target,
                          std::filesystem::copy_options::recursive);
    return target;
  }

 private:
  std::filesystem::path path_;
};

// Runs `statement` and returns the message of the InputError it throws, or
// "<no InputError>" so that a failing comparison shows what happened.
template <class F>
std::string input_error_of(F&& statement) {
  try {
    statement();
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("<other exception> ") + e.what();
  }
  return "<no InputError>";
}

}  // namespace migrasim::testing
