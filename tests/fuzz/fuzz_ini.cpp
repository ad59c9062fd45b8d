// Fuzz target: scenario.ini and what-if files (engine/scenario/ini_reader.cpp), then
// each key assigned as the loader does, events.add lines parsed, and the
// parameters validated.
#include "fuzz_support.hpp"
#include "migrasim/scenario/detail/csv.hpp"
#include "migrasim/scenario/parameter_table.hpp"
#include "scenario/scenario_readers.hpp"

using namespace migrasim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Scenario& base = fuzz::toy3();
  const auto file = fuzz::write_input(data, size, ".ini");
  return fuzz::rejecting_errors([&] {
    Parameters params = base.params();
    std::vector<detail::EventDraft> drafts;
    for (const auto& e : detail::read_ini(file, "scenario.ini")) {
      const SourceLocation at{"scenario.ini", e.line};
      if (e.key == "events.add") {
        drafts.push_back({at, "key 'events.add': ", split_csv_line(e.value, at)});
      } else if (e.key != "scenario.base") {
        assign_parameter(params, *find_parameter(e.key), e.value, at);
      }
    }
    validate_parameters(params, {"scenario.ini", 0});
    for (const auto& draft : drafts) {
      detail::parse_event(draft, params, base.regions(), base.provinces());
    }
  });
}
