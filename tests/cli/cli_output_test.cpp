// What the program writes for people and spreadsheets: each number under the
// month it describes (a row holds stocks at the start of its month and the
// counters of the month before), CSV quoted as RFC 4180 says, JSON escaped,
// inspect's options and series names, the national wage, wide names.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "migrasim/io/run_series.hpp"
#include "test_support.hpp"

namespace migrasim::testing {
namespace {

// The records of a CSV text, fields unquoted as RFC 4180 says (no line
// breaks inside fields here).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.emplace_back();
      } else {
        fields.back() += c;
      }
    }
    records.push_back(fields);
  }
  return records;
}

// A CSV as rows of column name -> field, checking every record has as many
// fields as the header.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& text) {
  const auto records = parse_csv(text);
  std::vector<std::map<std::string, std::string>> rows;
  if (records.empty()) return rows;
  for (std::size_t k = 1; k < records.size(); ++k) {
    EXPECT_EQ(records[k].size(), records[0].size()) << "record " << k << " of\n" << text;
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < records[k].size() && i < records[0].size(); ++i) {
      row[records[0][i]] = records[k][i];
    }
    rows.push_back(row);
  }
  return rows;
}

// toy-3 with its region Alpha renamed in every file (scenario CSVs quote it).
std::string renamed_toy(const TempDir& dir, const std::string& name) {
  const auto folder = dir.copy_scenario("toy-3", "renamed");
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  quoted += "\"";
  for (const char* file :
       {"regions.csv", "distances.csv", "migrant_stock.csv", "events.csv", "benefits.csv"}) {
    std::string text = read_all(folder / file);
    for (std::size_t at = text.find("Alpha"); at != std::string::npos;
         at = text.find("Alpha", at + quoted.size())) {
      text.replace(at, 5, quoted);
    }
    std::ofstream(folder / file, std::ios::binary) << text;
  }
  return folder.string();
}

// Alpha opens to residents of six months in January 2011 (toy-3-alpha-open):
// its admissions peak in that month, and must be shown under 2011-01.
TEST(cli_output, SeriesCsvShowsACounterUnderTheMonthItCounts) {
  const TempDir dir;
  const std::string out = (dir.path() / "open.csv").string();
  const CliResult r = run_cli({"run", scenario("toy-3-alpha-open.ini"), "--ticks", "15", "--agents",
                               "5000", "--quiet", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = read_all(out);
  ASSERT_EQ(text.rfind("tick,date,counted_month,region,", 0), 0u) << text.substr(0, 200);
  const auto rows = csv_rows(text);
  ASSERT_EQ(rows.size(), 3u * 16);
  const std::map<std::string, std::string>* peak = nullptr;
  for (const auto& row : rows) {
    const int tick = std::stoi(row.at("tick"));
    if (tick == 0) {
      EXPECT_EQ(row.at("counted_month"), "") << "row 0 counts no month";
      EXPECT_EQ(row.at("admissions"), "0");
    } else {
      // The month counted is the month before the row's date.
      const int month = (tick - 1) % 12 + 1, year = 2010 + (tick - 1) / 12;
      char expected[16];
      std::snprintf(expected, sizeof expected, "%04d-%02d", year, month);
      EXPECT_EQ(row.at("counted_month"), expected) << "tick " << tick;
    }
    if (row.at("region") != "Alpha") continue;
    if (!peak || std::stol(row.at("admissions")) > std::stol(peak->at("admissions"))) peak = &row;
  }
  ASSERT_NE(peak, nullptr);
  EXPECT_GT(std::stol(peak->at("admissions")), 0);
  EXPECT_EQ(peak->at("counted_month"), "2011-01");
  EXPECT_EQ(peak->at("date"), "2011-02");  // the stocks of that row: at the start of February
  // Every series of the run file is a column, in its order, after the region.
  std::string header = "tick,date,counted_month,region";
  for (const SeriesSpec& s : kRunSeries) header += "," + std::string(s.name);
  EXPECT_EQ(text.substr(0, text.find('\n')), header);
}

TEST(cli_output, InspectShowsCountersUnderTheMonthCountedAndStocksAtTheStart) {
  const TempDir dir;
  const std::string file = (dir.path() / "open.h5").string();
  const CliResult run = run_cli({"run", scenario("toy-3-alpha-open.ini"), "--ticks", "15",
                                 "--agents", "5000", "--quiet", "--out", file});
  ASSERT_EQ(run.exit_code, 0) << run.err;

  // The table: the month of the largest admissions is January 2011.
  const CliResult table = run_cli({"inspect", file, "--series", "admissions", "--region", "Alpha"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_CONTAINS(table.out, "admissions (Alpha; persons; during each month)\n");
  std::istringstream lines(table.out);
  std::string line, peak_month, first_month;
  long peak = -1;
  std::getline(lines, line);  // title
  std::getline(lines, line);  // column names
  EXPECT_CONTAINS(line, "month");
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string tick, month, value;
    fields >> tick >> month >> value;
    value.erase(std::remove(value.begin(), value.end(), ','), value.end());
    if (first_month.empty()) first_month = month;
    if (std::stol(value) > peak) {
      peak = std::stol(value);
      peak_month = month;
    }
  }
  EXPECT_EQ(first_month, "2010-01");  // row 0 counts no month and is not shown
  EXPECT_EQ(peak_month, "2011-01");

  // CSV: counted_month beside date.
  const CliResult csv =
      run_cli({"inspect", file, "--series", "admissions", "--region", "Alpha", "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  const auto rows = csv_rows(csv.out);
  ASSERT_EQ(rows.size(), 16u);
  const auto top = std::max_element(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::stol(a.at("admissions")) < std::stol(b.at("admissions"));
  });
  EXPECT_EQ(top->at("counted_month"), "2011-01");
  EXPECT_EQ(top->at("date"), "2011-02");
  EXPECT_EQ(rows[0].at("counted_month"), "");

  // A stock is shown at the start of each month, from the run's first.
  const CliResult stock = run_cli({"inspect", file, "--series", "residents"});
  ASSERT_EQ(stock.exit_code, 0) << stock.err;
  EXPECT_CONTAINS(stock.out, "residents (national; persons; at the start of each month)\n");
  EXPECT_CONTAINS(stock.out, "\n       0  2010-01   ");

  // The overview labels both.
  const CliResult overview = run_cli({"inspect", file});
  ASSERT_EQ(overview.exit_code, 0) << overview.err;
  EXPECT_CONTAINS(overview.out, "\nNational stocks at the start of each month (persons)\n");
  EXPECT_CONTAINS(overview.out, "\n  start of       residents");
  EXPECT_CONTAINS(overview.out, "\nNational counts during each month (persons)\n");
  EXPECT_CONTAINS(overview.out, "\n  2010-12  ");  // tick 12 counts December 2010
}

TEST(cli_output, CsvQuotesRegionNamesWithCommasAndQuotes) {
  const TempDir dir;
  const std::string name = "Foo, \"Bar\"";
  const std::string toy = renamed_toy(dir, name);
  const std::string quoted = "\"Foo, \"\"Bar\"\"\"";

  const std::string series = (dir.path() / "series.csv").string();
  const CliResult run =
      run_cli({"run", toy, "--ticks", "2", "--agents", "3000", "--quiet", "--out", series});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string text = read_all(series);
  EXPECT_CONTAINS(text, "\n0,2010-01,," + quoted + ",");
  const auto rows = csv_rows(text);  // checks the field counts
  ASSERT_EQ(rows.size(), 9u);
  EXPECT_EQ(rows[0].at("region"), name);

  const std::string file = (dir.path() / "run.h5").string();
  ASSERT_EQ(
      run_cli({"run", toy, "--ticks", "2", "--agents", "3000", "--quiet", "--out", file}).exit_code,
      0);
  const CliResult compare = run_cli({"compare", file, file, "--csv"});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_CONTAINS(compare.out, "\n" + quoted + ",");
  const auto burden = csv_rows(compare.out);
  ASSERT_EQ(burden.size(), 4u);  // three regions and National
  EXPECT_EQ(burden[0].at("region"), name);
  EXPECT_EQ(burden[0].at("first_month"), "2010-01");
  EXPECT_EQ(burden[0].at("last_month"), "2010-02");

  const CliResult inspect =
      run_cli({"inspect", file, "--series", "residents", "--region", name, "--csv"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
  EXPECT_EQ(csv_rows(inspect.out).size(), 3u);
}

TEST(cli_output, CompareJsonEscapesControlCharactersAndQuotes) {
  const TempDir dir;
  const std::string file = (dir.path() / "run.h5").string();
  const std::string toy = renamed_toy(dir, "Al\x01pha \"A\"");
  ASSERT_EQ(
      run_cli({"run", toy, "--ticks", "2", "--agents", "3000", "--quiet", "--out", file}).exit_code,
      0);
  const CliResult json = run_cli({"compare", file, file, "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_CONTAINS(json.out, "\"region\": \"Al\\u0001pha \\\"A\\\"\"");
  EXPECT_EQ(json.out.find('\x01'), std::string::npos) << "a raw control character";
  EXPECT_CONTAINS(json.out, "\"first_month\": \"2010-01\"");
  EXPECT_CONTAINS(json.out, "\"last_month\": \"2010-02\"");
  // The table shows the name with the control character escaped.
  const CliResult table = run_cli({"compare", file, file});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out.find('\x01'), std::string::npos);
}

TEST(cli_output, InspectRegionOrCsvWithoutSeriesIsBadInput) {
  const TempDir dir;
  const std::string file = (dir.path() / "run.h5").string();
  ASSERT_EQ(run_cli({"run", scenario("toy-3"), "--ticks", "1", "--agents", "3000", "--quiet",
                     "--out", file})
                .exit_code,
            0);
  const CliResult region = run_cli({"inspect", file, "--region", "Alpha"});
  EXPECT_EQ(region.exit_code, 2);
  EXPECT_EQ(region.out, "");
  EXPECT_EQ(region.err,
            "error: --region Alpha: only with --series NAME (which series of the region?)\n");
  const CliResult csv = run_cli({"inspect", file, "--csv"});
  EXPECT_EQ(csv.exit_code, 2);
  EXPECT_EQ(csv.out, "");
  EXPECT_EQ(csv.err, "error: --csv: only with --series NAME\n");
}

TEST(cli_output, InspectSeriesNamesTheSeriesItTakes) {
  const CliResult help = run_cli({"inspect", "--help"});
  ASSERT_EQ(help.exit_code, 0);
  EXPECT_CONTAINS(help.out, "stocks, at the start of each month:\n    residents registered");
  EXPECT_CONTAINS(help.out, "counters, shown under the month they count:\n    births deaths");
  for (const SeriesSpec& s : kRunSeries) EXPECT_CONTAINS(help.out, " " + std::string(s.name));

  const TempDir dir;
  const std::string file = (dir.path() / "run.h5").string();
  ASSERT_EQ(run_cli({"run", scenario("toy-3"), "--ticks", "1", "--agents", "3000", "--quiet",
                     "--out", file})
                .exit_code,
            0);
  const CliResult date = run_cli({"inspect", file, "--series", "date"});
  EXPECT_EQ(date.exit_code, 2);
  EXPECT_EQ(date.err.find("did you mean"), std::string::npos) << date.err;
  EXPECT_EQ(date.err.rfind("error: --series date: the rows' tick and date are printed beside "
                           "every series; name a series: residents, registered, ",
                           0),
            0u)
      << date.err;
  const CliResult typo = run_cli({"inspect", file, "--series", "admisions"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_CONTAINS(typo.err, "(did you mean 'admissions'?); it holds: residents, ");
  EXPECT_CONTAINS(typo.err, ", balance, debt\n");
}

// The national wage is the mean wage per worker: the regions' wages weighted
// by their employed, not the plain mean of the regions.
TEST(cli_output, NationalWageIsWeightedByEmployed) {
  const TempDir dir;
  const std::string file = (dir.path() / "run.h5").string();
  ASSERT_EQ(run_cli({"run", scenario("toy-3"), "--ticks", "3", "--agents", "3000", "--quiet",
                     "--out", file})
                .exit_code,
            0);
  const auto column = [&](const std::string& series, const std::string& region) {
    std::vector<std::string> args = {"inspect", file, "--series", series, "--csv"};
    if (!region.empty()) args.insert(args.end(), {"--region", region});
    const CliResult r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<double> v;
    for (const auto& row : csv_rows(r.out)) v.push_back(std::stod(row.at(series)));
    return v;
  };
  const auto national = column("wage", "");
  ASSERT_EQ(national.size(), 4u);
  std::vector<double> weighted(4, 0.0), workers(4, 0.0), plain(4, 0.0);
  for (const char* region : {"Alpha", "Beta", "Gamma"}) {
    const auto wage = column("wage", region), employed = column("employed", region);
    for (std::size_t t = 0; t < 4; ++t) {
      weighted[t] += wage[t] * employed[t];
      workers[t] += employed[t];
      plain[t] += wage[t] / 3;
    }
  }
  for (std::size_t t = 0; t < 4; ++t) {
    const double expected = weighted[t] / workers[t];
    EXPECT_NEAR(national[t], expected, 1e-6 * expected) << t;
    EXPECT_GT(std::abs(national[t] - plain[t]), 100.0) << "the plain mean, at row " << t;
  }
}

// The lines of `out` from the one starting with `first` to the one starting
// with `last`.
std::vector<std::string> block(const std::string& out, const std::string& first,
                               const std::string& last) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(first, 0) == 0) inside = true;
    if (inside) lines.push_back(line);
    if (inside && line.rfind(last, 0) == 0) break;
  }
  return lines;
}

TEST(cli_output, LongRegionNamesKeepTheColumnsAligned) {
  const TempDir dir;
  const std::string name = "Alpha Autonomous Prefecture Of The Long Name";
  const std::string toy = renamed_toy(dir, name);
  const CliResult validate = run_cli({"validate", toy});
  ASSERT_EQ(validate.exit_code, 0) << validate.err;
  const auto regions = block(validate.out, "Region ", "Gamma ");
  ASSERT_EQ(regions.size(), 4u) << validate.out;
  // Right-aligned columns up to the urban share, then the rule.
  const std::size_t rule = regions[0].find("  Rule");
  ASSERT_NE(rule, std::string::npos);
  for (std::size_t k = 1; k < regions.size(); ++k) {
    ASSERT_GT(regions[k].size(), rule) << regions[k];
    EXPECT_EQ(regions[k][rule - 1], '%') << regions[k];
    EXPECT_EQ(regions[k].substr(rule, 2), "  ") << regions[k];
  }
  EXPECT_CONTAINS(validate.out, "\n" + name + " East ");

  const std::string file = (dir.path() / "run.h5").string();
  const CliResult run =
      run_cli({"run", toy, "--ticks", "2", "--agents", "3000", "--quiet", "--out", file});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* first : {"Region ", "Registration "}) {
    const auto table = block(run.out, first, "National ");
    ASSERT_EQ(table.size(), 5u) << run.out;
    for (const auto& line : table) EXPECT_EQ(line.size(), table[0].size()) << line;
  }
  const CliResult compare = run_cli({"compare", file, file});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_CONTAINS(compare.out, "\nRegion" + std::string(name.size() - 6, ' ') + " ");
}

// A flow chunk that no longer inflates: said as a damaged file, in the
// user's words, not as HDF5's call that failed. The chunk is found with h5py
// (a required dependency, tools/install-deps.sh).
TEST(cli_output, InspectOfADamagedChunkSaysTheFileIsDamaged) {
  if (std::system("/usr/bin/python3 -c 'import h5py' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-h5py not installed";
  }
  const TempDir dir;
  const std::string file = (dir.path() / "run.h5").string();
  ASSERT_EQ(run_cli({"run", scenario("toy-3"), "--ticks", "3", "--agents", "3000", "--quiet",
                     "--out", file})
                .exit_code,
            0);
  const auto script = dir.write("damage.py", R"(import sys, h5py
with h5py.File(sys.argv[1], 'r') as f:
    chunk = f['flows/moves'].id.get_chunk_info(1)
with open(sys.argv[1], 'r+b') as out:
    out.seek(chunk.byte_offset)
    out.write(b'\xff' * chunk.size)
)");
  ASSERT_EQ(
      std::system(
          ("/usr/bin/python3 " + shell_quote(script.string()) + " " + shell_quote(file)).c_str()),
      0);
  const CliResult r = run_cli({"inspect", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(
      r.err.rfind("error: " + file + ": cannot read /flows/moves: the file is damaged (HDF5: ", 0),
      0u)
      << r.err;
}

TEST(cli_output, ValidateAndRunSayWhichAgentCountTheyShow) {
  const CliResult validate = run_cli({"validate", scenario("toy-3"), "--agents", "3000"});
  ASSERT_EQ(validate.exit_code, 0) << validate.err;
  EXPECT_EQ(summary_line(validate.out, "agents")
                .rfind("  agents        3,000 (at the start, as "
                       "asked; scale 1000.00 persons per agent;",
                       0),
            0u)
      << summary_line(validate.out, "agents");
  const TempDir dir;
  const CliResult run = run_cli({"run", scenario("toy-3"), "--ticks", "2", "--agents", "3000",
                                 "--quiet", "--out", (dir.path() / "r.h5").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_CONTAINS(run.out, " agents at the end (after births and deaths; scale 1000 persons");
}

}  // namespace
}  // namespace migrasim::testing
