// Fuzz target: the run file's header and snapshots (engine/io/run_file_reader.cpp):
// read_run_info, then read_snapshot of each snapshot it lists. The input is
// written to a file as `inspect` and `resume` would find it.
#include "fuzz_support.hpp"
#include "migrasim/io/run_file.hpp"

using namespace migrasim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = fuzz::write_input(data, size, ".h5");
  return fuzz::rejecting_errors([&] {
    const RunInfo info = read_run_info(file);
    for (const std::int64_t tick : info.snapshots) read_snapshot(file, tick);
  });
}
