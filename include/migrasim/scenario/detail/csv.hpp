// Internal to the engine (detail/: not installed, not part of the API).
// A strict reader for the scenario's CSV files. Accepts a UTF-8 byte-order
// mark and CRLF line ends, skips blank lines and lines starting with '#',
// and understands double-quoted fields. Errors name the file and line.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrasim/error.hpp"

namespace migrasim {

struct CsvRow {
  std::size_t line = 0;  // 1-based line number in the file
  std::vector<std::string> fields;
};

struct CsvTable {
  std::string display_name;  // how messages name the file
  std::size_t header_line = 0;
  std::vector<std::string> header;
  std::vector<CsvRow> rows;

  SourceLocation at(std::size_t line) const { return {display_name, line}; }
};

// Reads the whole file as text with the BOM stripped and CRLF turned into LF.
// Throws InputError "<display>: file not found" when it is missing.
std::string read_text_file(const std::filesystem::path& file, const std::string& display);

// Splits one CSV line into fields (quotes honoured, blanks around fields trimmed).
std::vector<std::string> split_csv_line(std::string_view line, const SourceLocation& where);

// Reads a CSV file with a header line.
CsvTable read_csv(const std::filesystem::path& file, const std::string& display);

// What a table's columns must be: checked once against the header, giving
// "missing required column", "duplicate column" and "unknown column" errors.
struct ColumnSpec {
  std::string name;
  bool required = true;
};

class ColumnIndex {
 public:
  // `open_tail`: the last spec absorbs any extra trailing fields (events).
  ColumnIndex(const CsvTable& table, const std::vector<ColumnSpec>& specs, bool open_tail = false);

  // Position of a column in each row, or nullopt when an optional column is absent.
  std::optional<std::size_t> find(std::string_view name) const;
  std::size_t at(std::string_view name) const;  // required column

  // Checks a row's field count (exact, or at least the header's with open_tail).
  void check_width(const CsvTable& table, const CsvRow& row) const;

 private:
  std::vector<std::string> names_;
  bool open_tail_ = false;
};

// Cell readers. They throw "<file>:<line>: column '<c>': expected <range>, got '<v>'".
double cell_real(const CsvTable& table, const CsvRow& row, std::size_t col, double min, double max);
long long cell_integer(const CsvTable& table, const CsvRow& row, std::size_t col, double min,
                       double max);
const std::string& cell_text(const CsvTable& table, const CsvRow& row, std::size_t col);

}  // namespace migrasim
