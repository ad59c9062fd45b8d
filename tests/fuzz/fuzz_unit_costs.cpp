// Fuzz target: benefits.csv (engine/scenario/unit_cost_reader.cpp), read against the toy-3
// scenario's parameters and regions.
#include "fuzz_support.hpp"
#include "scenario/scenario_readers.hpp"

using namespace migrasim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Scenario& base = fuzz::toy3();
  const auto file = fuzz::write_input(data, size, ".csv");
  return fuzz::rejecting_errors(
      [&] { detail::read_unit_costs(file, "benefits.csv", base.regions()); });
}
