#include "migrasim/scenario/detail/csv.hpp"

#include <fstream>
#include <sstream>

#include "migrasim/detail/text.hpp"

namespace migrasim {

std::string read_text_file(const std::filesystem::path& file, const std::string& display) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw_input_error({display, 0},
                      std::filesystem::exists(file, ec) ? "not a regular file" : "file not found");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw_input_error({display, 0}, "cannot open file for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string raw = buffer.str();
  // Files saved by spreadsheet programs on Windows: BOM and CRLF are fine.
  if (raw.size() >= 3 && raw.compare(0, 3, "\xEF\xBB\xBF") == 0) raw.erase(0, 3);
  std::string text;
  text.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
    text += raw[i] == '\r' ? '\n' : raw[i];
  }
  return text;
}

std::vector<std::string> split_csv_line(std::string_view line, const SourceLocation& where) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;      // inside a quoted section
  bool was_quoted = false;  // the field began with a quote: keep its blanks
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && trim(field).empty()) {
      field.clear();
      quoted = true;
      was_quoted = true;
    } else if (c == ',') {
      fields.push_back(was_quoted ? field : std::string(trim(field)));
      field.clear();
      was_quoted = false;
    } else if (was_quoted && c != ' ' && c != '\t') {
      throw_input_error(where, "unexpected text after a closing quote");
    } else if (!was_quoted) {
      field += c;
    }
  }
  if (quoted) throw_input_error(where, "unterminated quoted field");
  fields.push_back(was_quoted ? field : std::string(trim(field)));
  return fields;
}

CsvTable read_csv(const std::filesystem::path& file, const std::string& display) {
  const std::string text = read_text_file(file, display);
  CsvTable table;
  table.display_name = display;
  std::istringstream lines(text);
  std::string line;
  std::size_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    const std::string_view content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    auto fields = split_csv_line(line, {display, number});
    if (table.header_line == 0) {
      table.header_line = number;
      table.header = std::move(fields);
    } else {
      table.rows.push_back({number, std::move(fields)});
    }
  }
  if (table.header_line == 0)
    throw_input_error({display, 0}, "empty file (expected a header line)");
  return table;
}

ColumnIndex::ColumnIndex(const CsvTable& table, const std::vector<ColumnSpec>& specs,
                         bool open_tail)
    : names_(table.header), open_tail_(open_tail) {
  const SourceLocation where = table.at(table.header_line);
  std::vector<std::string> known;
  for (const auto& spec : specs) known.push_back(spec.name);
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const std::string& name = names_[i];
    if (name.empty())
      throw_input_error(where, "empty column name in position " + std::to_string(i + 1));
    for (std::size_t j = 0; j < i; ++j) {
      if (names_[j] == name) throw_input_error(where, "duplicate column '" + name + "'");
    }
    bool is_known = false;
    for (const auto& k : known) is_known = is_known || k == name;
    if (!is_known) {
      throw_input_error(where, "unknown column '" + name + "'" + did_you_mean(name, known));
    }
  }
  for (const auto& spec : specs) {
    if (spec.required && !find(spec.name)) {
      throw_input_error(where, "missing required column '" + spec.name + "'");
    }
  }
}

std::optional<std::size_t> ColumnIndex::find(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return i;
  }
  return std::nullopt;
}

std::size_t ColumnIndex::at(std::string_view name) const {
  const auto i = find(name);
  if (!i) throw Error("internal: column '" + std::string(name) + "' is not in the table");
  return *i;
}

void ColumnIndex::check_width(const CsvTable& table, const CsvRow& row) const {
  const std::size_t expected = names_.size();
  const std::size_t got = row.fields.size();
  if (open_tail_ ? got < expected - 1 : got != expected) {
    throw_input_error(table.at(row.line), "expected " + std::string(open_tail_ ? "at least " : "") +
                                              std::to_string(open_tail_ ? expected - 1 : expected) +
                                              " fields, got " + std::to_string(got));
  }
}

namespace {

[[noreturn]] void bad_cell(const CsvTable& table, const CsvRow& row, std::size_t col,
                           const std::string& expected) {
  throw_input_error(table.at(row.line), "column '" + table.header[col] + "': expected " + expected +
                                            ", got '" + row.fields[col] + "'");
}

}  // namespace

double cell_real(const CsvTable& table, const CsvRow& row, std::size_t col, double min,
                 double max) {
  const auto value = parse_real(row.fields[col]);
  if (!value || *value < min || *value > max)
    bad_cell(table, row, col, describe_range(false, min, max));
  return *value;
}

long long cell_integer(const CsvTable& table, const CsvRow& row, std::size_t col, double min,
                       double max) {
  const auto value = parse_integer(row.fields[col]);
  if (!value || static_cast<double>(*value) < min || static_cast<double>(*value) > max) {
    bad_cell(table, row, col, describe_range(true, min, max));
  }
  return *value;
}

const std::string& cell_text(const CsvTable& table, const CsvRow& row, std::size_t col) {
  if (row.fields[col].empty()) bad_cell(table, row, col, "a value");
  return row.fields[col];
}

}  // namespace migrasim
