// Fuzz target: region_paths.csv (engine/scenario/region_paths_reader.cpp), read against the toy-3
// scenario's regions and start month; every path it accepts is then evaluated at a few ticks.
#include "fuzz_support.hpp"
#include "scenario/scenario_readers.hpp"

using namespace migrasim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Scenario& base = fuzz::toy3();
  const auto file = fuzz::write_input(data, size, ".csv");
  return fuzz::rejecting_errors([&] {
    const auto paths = detail::read_region_paths(file, "region_paths.csv", base.regions(),
                                                 base.params().run.start);
    for (const RegionPath& p : paths) {
      for (int tick : {-100000, -1, 0, 1, 12, 100000}) (void)p.at(tick);
    }
  });
}
