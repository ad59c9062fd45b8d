#include "migrasim/scenario/detail/csv.hpp"

#include <gtest/gtest.h>

#include "migrasim/detail/text.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

using testing::input_error_of;
using testing::TempDir;

TEST(Csv, ReadsHeaderRowsAndLineNumbers) {
  TempDir dir;
  const auto file = dir.write("a.csv", "# comment\nname,value\n\nx, 1\n  y ,2\n");
  const CsvTable t = read_csv(file, "a.csv");
  EXPECT_EQ(t.header_line, 2u);
  EXPECT_EQ(t.header, (std::vector<std::string>{"name", "value"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].line, 4u);
  EXPECT_EQ(t.rows[1].fields, (std::vector<std::string>{"y", "2"}));
}

TEST(Csv, AcceptsByteOrderMarkAndCrlf) {
  TempDir dir;
  const auto file = dir.write("b.csv", "\xEF\xBB\xBFname,value\r\nx,1\r\ny,2\r\n");
  const CsvTable t = read_csv(file, "b.csv");
  EXPECT_EQ(t.header, (std::vector<std::string>{"name", "value"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1].fields[1], "2");
}

TEST(Csv, HonoursQuotes) {
  const auto fields = split_csv_line(R"(a,"b, c","say ""hi""", " d ")", {"q.csv", 1});
  EXPECT_EQ(fields, (std::vector<std::string>{"a", "b, c", "say \"hi\"", " d "}));
}

TEST(Csv, ReportsBrokenQuotes) {
  EXPECT_EQ(input_error_of([] {
              split_csv_line(R"(a,"b)", {"q.csv", 3});
            }),
            "q.csv:3: unterminated quoted field");
  EXPECT_EQ(input_error_of([] {
              split_csv_line(R"(a,"b"c)", {"q.csv", 4});
            }),
            "q.csv:4: unexpected text after a closing quote");
}

TEST(Csv, MissingAndEmptyFiles) {
  TempDir dir;
  EXPECT_EQ(input_error_of([&] { read_csv(dir.path() / "none.csv", "none.csv"); }),
            "none.csv: file not found");
  const auto empty = dir.write("e.csv", "\n# only a comment\n");
  EXPECT_EQ(input_error_of([&] { read_csv(empty, "e.csv"); }),
            "e.csv: empty file (expected a header line)");
}

TEST(ColumnIndex, ChecksHeaderAgainstSpecs) {
  TempDir dir;
  const std::vector<ColumnSpec> specs = {{"name", true}, {"value", true}, {"note", false}};
  const auto check = [&](const std::string& header) {
    const auto file = dir.write("c.csv", header + "\n");
    return input_error_of([&] { ColumnIndex(read_csv(file, "c.csv"), specs); });
  };
  EXPECT_EQ(check("name,value"), "<no InputError>");
  EXPECT_EQ(check("name"), "c.csv:1: missing required column 'value'");
  EXPECT_EQ(check("name,value,value"), "c.csv:1: duplicate column 'value'");
  EXPECT_EQ(check("name,valeu"), "c.csv:1: unknown column 'valeu' (did you mean 'value'?)");
  EXPECT_EQ(check("name,value,"), "c.csv:1: empty column name in position 3");
}

TEST(CellReaders, NameColumnRangeAndValue) {
  TempDir dir;
  const auto file = dir.write("d.csv", "n,v\nx,-3\ny,abc\nz,7\n");
  const CsvTable t = read_csv(file, "d.csv");
  EXPECT_EQ(input_error_of([&] { cell_real(t, t.rows[0], 1, 0, kUnbounded); }),
            "d.csv:2: column 'v': expected a non-negative number, got '-3'");
  EXPECT_EQ(input_error_of([&] { cell_real(t, t.rows[1], 1, 0, 1); }),
            "d.csv:3: column 'v': expected a number in [0, 1], got 'abc'");
  EXPECT_EQ(cell_integer(t, t.rows[2], 1, 0, 10), 7);
  EXPECT_EQ(input_error_of([&] { cell_integer(t, t.rows[2], 1, 1, 5); }),
            "d.csv:4: column 'v': expected an integer in [1, 5], got '7'");
}

}  // namespace
}  // namespace migrasim
