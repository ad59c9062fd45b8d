// The run file's series as data (migrasim/run_series.hpp): the names agree
// with the engine's enums, the writer creates exactly these datasets with
// these types and units, and docs/hdf5-schema.md section 7 lists the same
// series, in the same order, with the same type, units and kind.
#include "migrasim/io/run_series.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "migrasim/io/h5.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

using testing::TempDir;

TEST(run_series, NamesFollowTheEnginesEnums) {
  std::set<int> counters;
  std::set<std::string> names;
  for (const SeriesSpec& s : kRunSeries) {
    EXPECT_TRUE(names.insert(std::string(s.name)).second) << "twice: " << s.name;
    EXPECT_EQ(find_series(s.name), &s);
    switch (s.source) {
      case SeriesSource::counter:
        EXPECT_EQ(s.name, counter_name(static_cast<Counter>(s.index)));
        EXPECT_EQ(s.type, SeriesType::int64);
        EXPECT_EQ(s.units, "persons");
        counters.insert(s.index);
        break;
      case SeriesSource::spending:
        EXPECT_EQ(s.name, "spending_" + std::string(spending_name(static_cast<Spending>(s.index))));
        break;
      case SeriesSource::revenue:
        EXPECT_EQ(s.name, "revenue_" + std::string(revenue_name(static_cast<Revenue>(s.index))));
        break;
      default:
        break;
    }
  }
  EXPECT_EQ(counters.size(), static_cast<std::size_t>(kCounters)) << "every counter is a series";
  EXPECT_EQ(find_series("date"), nullptr);
  EXPECT_EQ(find_series("nonsense"), nullptr);
}

// Which are counters: what happens during a month (flows, money spent or
// received in it, the wage paid in it); the rest are stocks at a moment.
TEST(run_series, CountersAreTheMonthsFlowsAndStocksTheStateAtItsStart) {
  for (const char* name : {"births", "deaths", "moves_in", "moves_out", "applications",
                           "admissions", "conversions", "land_surrendered", "wage", "points_cutoff",
                           "spending_total", "spending_pension", "revenue_total", "revenue_fees"}) {
    ASSERT_NE(find_series(name), nullptr) << name;
    EXPECT_EQ(find_series(name)->kind, SeriesKind::counter) << name;
  }
  for (const char* name : {"residents", "registered", "migrants", "emigrants", "left_behind",
                           "employed", "unified", "balance", "debt"}) {
    ASSERT_NE(find_series(name), nullptr) << name;
    EXPECT_EQ(find_series(name)->kind, SeriesKind::stock) << name;
  }
  const Month feb{2011, 2};
  EXPECT_EQ(described_month(SeriesKind::stock, feb, 13), feb);
  EXPECT_EQ(described_month(SeriesKind::counter, feb, 13), (Month{2011, 1}));
  EXPECT_EQ(described_month(SeriesKind::counter, feb, 0), std::nullopt);
}

TEST(run_series, TheWriterCreatesExactlyTheseSeries) {
  const TempDir dir;
  const Scenario scenario =
      load_scenario(testing::scenarios_dir() / "toy-3", {{"run.agents", "3000", "test"}});
  const Simulation sim(scenario);
  const auto path = dir.path() / "run.h5";
  {
    RunWriter writer = RunWriter::create(path, scenario, sim, {"test", 1, path, {}});
    writer.finish(sim, true);
  }
  const h5::File file = h5::File::open(path);
  const h5::Group series = file.open_group("series");
  std::set<std::string> expected = {"tick", "date"};
  for (const SeriesSpec& s : kRunSeries) {
    expected.insert(std::string(s.name));
    const h5::Dataset d = series.open_dataset(std::string(s.name));
    EXPECT_EQ(d.element_type(), s.type == SeriesType::int64 ? h5::Type::int64 : h5::Type::float64)
        << s.name;
    EXPECT_EQ(d.get_attribute<std::string>("units"), s.units) << s.name;
    EXPECT_EQ(d.shape(), (std::vector<h5::Size>{1, 3})) << s.name;
  }
  const auto listed = series.list();
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), expected);
}

// The cells of a Markdown table row "| a | b | c |".
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '|') {
      const auto first = cell.find_first_not_of(' '), last = cell.find_last_not_of(' ');
      out.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return out;
}

TEST(run_series, TheSchemaDocumentListsTheSameSeries) {
  std::ifstream in(testing::source_dir() / "docs" / "hdf5-schema.md");
  ASSERT_TRUE(in);
  std::vector<std::vector<std::string>> rows;
  bool section = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) section = line.rfind("## 7.", 0) == 0;
    if (section && line.rfind("| `", 0) == 0) rows.push_back(cells(line));
  }
  ASSERT_EQ(rows.size(), std::size(kRunSeries) + 2) << "tick, date and every series";
  EXPECT_EQ(rows[0][0], "`tick`");
  EXPECT_EQ(rows[1][0], "`date`");
  for (std::size_t k = 0; k < std::size(kRunSeries); ++k) {
    const SeriesSpec& s = kRunSeries[k];
    const auto& row = rows[k + 2];  // | name | type | shape | units | kind | meaning |
    ASSERT_GE(row.size(), 6u) << s.name;
    EXPECT_EQ(row[0], "`" + std::string(s.name) + "`");
    EXPECT_EQ(row[1], s.type == SeriesType::int64 ? "int64" : "float64") << s.name;
    EXPECT_EQ(row[2], "[T][R]") << s.name;
    EXPECT_EQ(row[3], "`" + std::string(s.units) + "`") << s.name;
    EXPECT_EQ(row[4], kind_name(s.kind)) << s.name;
  }
}

}  // namespace
}  // namespace migrasim
