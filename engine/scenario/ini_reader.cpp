// Reads scenario.ini and what-if files with Boost.Program_options.
#include <map>
#include <sstream>

#include <boost/program_options.hpp>

#include "migrasim/detail/text.hpp"
#include "migrasim/scenario/parameter_table.hpp"
#include "scenario_readers.hpp"

namespace po = boost::program_options;

namespace migrasim::detail {

namespace {

// Boost's parser reports neither lines nor which occurrence is which, so we
// scan the text once for syntax and the line of each key's occurrences.
std::map<std::string, std::vector<std::size_t>> scan_lines(const std::string& text,
                                                           const std::string& display) {
  std::map<std::string, std::vector<std::size_t>> lines;
  std::istringstream in(text);
  std::string raw;
  std::string section;
  std::size_t number = 0;
  while (std::getline(in, raw)) {
    ++number;
    std::string_view line = raw;
    line = line.substr(0, line.find('#'));  // Boost treats '#' as a comment anywhere
    line = trim(line);
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']' || line.size() < 3) {
        throw_input_error({display, number},
                          "expected '[section]', got '" + std::string(line) + "'");
      }
      section = std::string(trim(line.substr(1, line.size() - 2)));
      // Boost reads "[run.]" as [run] and "[ ]" as an empty prefix, which this
      // scan would not: the two must agree on every key (a duplicate key
      // under "[run.]" read past the end of `lines` below).
      if (section.empty() || section.back() == '.') {
        throw_input_error({display, number},
                          "expected '[section]', got '" + std::string(line) +
                              "' (a section name cannot be empty or end in '.')");
      }
      continue;
    }
    const auto equals = line.find('=');
    if (equals == std::string_view::npos || trim(line.substr(0, equals)).empty()) {
      throw_input_error({display, number},
                        "expected 'key = value' or '[section]', got '" + std::string(line) + "'");
    }
    const std::string name(trim(line.substr(0, equals)));
    lines[section.empty() ? name : section + "." + name].push_back(number);
  }
  return lines;
}

std::string suggest_key(const std::string& key) {
  auto keys = parameter_keys();
  keys.emplace_back("events.add");
  std::string hint = did_you_mean(key, keys);
  if (!hint.empty()) return hint;
  // A known name in the wrong (or no) section: "ticks" -> "run.ticks".
  const std::string name = key.substr(key.find('.') + 1);
  for (const auto& candidate : keys) {
    const std::string candidate_name = candidate.substr(candidate.find('.') + 1);
    if (!closest_match(name, {candidate_name}).empty())
      return " (did you mean '" + candidate + "'?)";
  }
  return "";
}

}  // namespace

std::vector<IniEntry> read_ini(const std::filesystem::path& file, const std::string& display) {
  const std::string text = read_text_file(file, display);
  const auto lines = scan_lines(text, display);

  po::options_description known;
  for (const auto& spec : parameter_specs()) {
    known.add_options()(std::string(spec.key).c_str(), po::value<std::vector<std::string>>());
  }
  known.add_options()("events.add", po::value<std::vector<std::string>>());

  // Boost keeps blanks inside "[ run ]"; our scan does not. Hand Boost the
  // text with section headers trimmed so both agree.
  std::string normalized;
  {
    std::istringstream lines_in(text);
    std::string raw;
    while (std::getline(lines_in, raw)) {
      const std::string_view line = trim(std::string_view(raw).substr(0, raw.find('#')));
      if (!line.empty() && line.front() == '[' && line.back() == ']') {
        normalized += "[" + std::string(trim(line.substr(1, line.size() - 2))) + "]\n";
      } else {
        normalized += raw + "\n";
      }
    }
  }
  std::istringstream in(normalized);
  po::parsed_options parsed(&known);
  try {
    parsed = po::parse_config_file(in, known, /*allow_unregistered=*/true);
  } catch (const po::error& e) {
    throw_input_error({display, 0}, e.what());
  }

  std::vector<IniEntry> entries;
  std::map<std::string, std::size_t> seen;  // occurrences so far, to find each line
  for (const auto& option : parsed.options) {
    const std::string& key = option.string_key;
    const auto found = lines.find(key);
    const std::size_t occurrence = seen[key]++;
    const std::size_t line =
        found != lines.end() && occurrence < found->second.size() ? found->second[occurrence] : 0;
    if (option.unregistered) {
      throw_input_error({display, line}, "unknown key '" + key + "'" + suggest_key(key));
    }
    if (occurrence > 0 && key != "events.add") {
      const std::size_t first = found != lines.end() ? found->second.front() : 0;
      throw_input_error({display, line}, "duplicate key '" + key + "' (first on line " +
                                             std::to_string(first) + ")");
    }
    entries.push_back({key, option.value.empty() ? std::string() : option.value.front(), line});
  }
  return entries;
}

}  // namespace migrasim::detail
