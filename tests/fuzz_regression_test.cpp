// Regression tests for the inputs that crashed a reader under the fuzz
// targets of tests/fuzz (docs/testing.md): each is fed through the loader as
// a user's file and must be refused with a clear InputError.
#include <gtest/gtest.h>

#include <string>

#include "migrasim/scenario.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

using testing::input_error_of;
using testing::scenarios_dir;
using testing::TempDir;

std::string what_if(const std::string& body) {
  return "[scenario]\nbase = " + (scenarios_dir() / "toy-3").string() + "\n" + body;
}

// Boost.Program_options reads "[run.]" as [run], the reader's own line scan
// did not: a key repeated under it made the duplicate-key message read past
// the end of the scan's map (ASan: stack-buffer-overflow in read_ini,
// engine/ini_reader.cpp). Found while writing tests/fuzz/fuzz_ini.cpp.
TEST(FuzzRegression, IniSectionEndingInADotIsRefused) {
  const TempDir dir;
  const auto file = dir.write("whatif.ini", what_if("[run.]\nticks = 1\nticks = 2\n"));
  EXPECT_EQ(input_error_of([&] { load_scenario(file); }),
            file.string() +
                ":3: expected '[section]', got '[run.]' (a section name cannot be empty or end "
                "in '.')");
}

// "[ ]" became "[]" for Boost, whose section code then reads *rbegin() of
// the empty name (undefined behaviour; found by reading Boost's parser).
TEST(FuzzRegression, IniEmptySectionIsRefused) {
  const TempDir dir;
  const auto file = dir.write("whatif.ini", what_if("[ ]\nticks = 1\n"));
  EXPECT_EQ(input_error_of([&] { load_scenario(file); }),
            file.string() +
                ":3: expected '[section]', got '[ ]' (a section name cannot be empty or end in "
                "'.')");
}

}  // namespace
}  // namespace migrasim
