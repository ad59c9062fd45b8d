// Regression tests for the inputs that crashed a reader under the fuzz
// targets of tests/fuzz (docs/testing.md): each is fed through the loader as
// a user's file and must be refused with a clear InputError.
#include <gtest/gtest.h>

#include <string>

#include "migrasim/io/h5.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/scenario/scenario.hpp"
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
// engine/scenario/ini_reader.cpp). Found while writing tests/fuzz/fuzz_ini.cpp.
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

// A run file whose snapshot's initial_labour claimed about 2^60 values (its
// shape corrupted, no storage behind it) made read_snapshot allocate that
// many doubles: ASan's "requested allocation size exceeds maximum" under
// fuzz_run_file, std::bad_alloc or std::length_error without it. Rebuilt here
// with HDF5: a chunked dataset resized to 2^60 rows without writing any.
TEST(FuzzRegression, SnapshotArrayLargerThanTheFileIsRefused) {
  const TempDir dir;
  const auto file = dir.path() / "run.h5";
  const Scenario scenario =
      load_scenario(scenarios_dir() / "toy-3", {{"run.agents", "300", "--agents"}});
  {
    Simulation sim(scenario);
    RunWriter writer =
        RunWriter::create(file, scenario, sim, {"migrasim run (test)", 1, scenarios_dir(), {}});
    writer.snapshot(sim);
    writer.finish(sim, true);
  }
  ASSERT_EQ(read_run_info(file).snapshots, std::vector<std::int64_t>{0});
  std::string snapshot;
  {
    h5::File f = h5::File::open(file, h5::Mode::read_write);
    snapshot = "snapshots/" + f.open_group("snapshots").list().at(0);
    h5::Group g = f.open_group(snapshot);
    g.remove("initial_labour");
    g.create_extendible<double>("initial_labour", {}, 1024).resize_rows(h5::Size{1} << 60);
  }
  const std::string message = input_error_of([&] { read_snapshot(file, 0); });
  const std::string expected = file.string() + ": /" + snapshot +
                               "/initial_labour holds 1152921504606846976 values, more than a "
                               "file of ";
  EXPECT_EQ(message.substr(0, expected.size()), expected) << message;
  EXPECT_NE(message.find(" bytes can store"), std::string::npos) << message;
}

}  // namespace
}  // namespace migrasim
