// Fuzz target: event lines as written in INI files (`add = date, target,
// action, value, parameters...` in [events]; engine/scenario/event_reader.cpp). Each
// line of the input is one value, split and parsed against the toy-3
// scenario as the loader does.
#include <sstream>

#include "fuzz_support.hpp"
#include "migrasim/scenario/detail/csv.hpp"
#include "scenario/scenario_readers.hpp"

using namespace migrasim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Scenario& base = fuzz::toy3();
  std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
  std::string line;
  std::size_t number = 0;
  while (std::getline(lines, line)) {
    const SourceLocation at{"whatif.ini", ++number};
    fuzz::rejecting_errors([&] {
      const detail::EventDraft draft{at, "key 'events.add': ", split_csv_line(line, at)};
      detail::parse_event(draft, base.params(), base.regions(), base.provinces());
    });
  }
  return 0;
}
