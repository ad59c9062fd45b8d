// Fuzz target: events.csv (engine/scenario/event_reader.cpp): the drafts read, then
// each parsed against the toy-3 scenario's parameters and regions.
#include "fuzz_support.hpp"
#include "scenario/scenario_readers.hpp"

using namespace migrasim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Scenario& base = fuzz::toy3();
  const auto file = fuzz::write_input(data, size, ".csv");
  return fuzz::rejecting_errors([&] {
    for (const auto& draft : detail::read_event_drafts(file, "events.csv")) {
      detail::parse_event(draft, base.params(), base.regions(), base.provinces());
    }
  });
}
