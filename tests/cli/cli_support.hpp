// Helpers for tests that run the migrasim program as a subprocess: run it
// with arguments, capture stdout, stderr and the exit code.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace migrasim::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Single-quotes `arg` for /bin/sh.
inline std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

inline std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs MIGRASIM_EXE with `args` (in folder `cwd` if given, with the
// environment assignments `env` if given), capturing stdout and stderr
// separately.
inline CliResult run_cli(const std::vector<std::string>& args, const std::string& cwd = "",
                         const std::string& env = "") {
  const TempDir capture;
  const auto out_file = capture.path() / "stdout.txt";
  const auto err_file = capture.path() / "stderr.txt";
  std::string command = cwd.empty() ? "" : "cd " + shell_quote(cwd) + " && ";
  if (!env.empty()) command += "env " + env + " ";  // e.g. "MIGRASIM_TEST_PAUSE_AFTER_TICK=2"
  command += shell_quote(MIGRASIM_EXE);
  for (const auto& arg : args) command += " " + shell_quote(arg);
  command +=
      " </dev/null >" + shell_quote(out_file.string()) + " 2>" + shell_quote(err_file.string());
  const int status = std::system(command.c_str());
  CliResult result;
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  result.out = read_all(out_file);
  result.err = read_all(err_file);
  return result;
}

inline CliResult run_cli(std::initializer_list<std::string> args) {
  return run_cli(std::vector<std::string>(args));
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

#define EXPECT_CONTAINS(text, part) \
  EXPECT_TRUE(contains(text, part)) << "expected to find: " << (part) << "\nin:\n" << (text)

inline std::string scenario(const std::string& name) {
  return (scenarios_dir() / name).string();
}

// The line of the validate summary that starts with `label` (e.g. "agents").
std::string summary_line(const std::string& out, const std::string& label) {
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("  " + label + " ", 0) == 0) return line;
  }
  return "<no '" + label + "' line>";
}

}  // namespace migrasim::testing
