#include "run_folder.hpp"

#include <unistd.h>

#include <string>

#include "migrasim/error.hpp"

namespace migrasim::cli {

RunFolder::RunFolder(const po::variables_map& vm) {
  if (vm.count("keep")) {
    path_ = vm["keep"].as<std::string>();
    std::filesystem::create_directories(path_);
    return;
  }
  std::string pattern =
      (std::filesystem::temp_directory_path() / "migrasim-compare-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw Error("cannot create a temporary folder under " +
                std::filesystem::temp_directory_path().string());
  }
  path_ = pattern;
  temporary_ = true;
}

RunFolder::~RunFolder() {
  std::error_code ec;
  if (temporary_) std::filesystem::remove_all(path_, ec);
}

}  // namespace migrasim::cli
