// `migrasim report` as a user runs it: the page it writes for a toy-3 run
// (and against a baseline), the --out policy, and the errors of bad options.
// How the page looks in a browser: report_browser (CMakeLists.txt beside).
#include <gtest/gtest.h>

#include <regex>

#include "cli/cli_support.hpp"
#include "test_support.hpp"

namespace migrasim::testing {
namespace {

// One toy-3 run and its alpha-open what-if (same seed), shared by the tests.
class ReportCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    for (const auto& [scenario, file] :
         {std::pair{"toy-3", "toy.h5"}, std::pair{"toy-3-alpha-open.ini", "open.h5"}}) {
      const CliResult r =
          run_cli({"run", (scenarios_dir() / scenario).string(), "--agents", "6000", "--ticks",
                   "30", "--seed", "3", "--quiet", "--out", (dir_->path() / file).string()});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string path(const std::string& name) { return (dir_->path() / name).string(); }
  static TempDir* dir_;
};
TempDir* ReportCli::dir_ = nullptr;

TEST_F(ReportCli, WritesOneSelfContainedPage) {
  const CliResult r = run_cli({"report", path("toy.h5"), "--out", path("a.html")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_CONTAINS(r.out, "wrote " + path("a.html"));
  const std::string html = read_all(path("a.html"));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex("(src|href)=\"(https?:)?//")));
  for (const char* id : {"what-ran", "table-events", "chart-national-migrants", "map-regions",
                         "chart-region-2", "chart-flows", "chart-spending", "chart-revenue"}) {
    EXPECT_CONTAINS(html, std::string("id=\"") + id + "\"");
  }
  // The toy's four events, by date, tag the time axes.
  EXPECT_CONTAINS(html, "<td>2012-01</td><td>Alpha</td><td>residence_rule</td>");
  EXPECT_CONTAINS(html, ">3,4</text>");
  // Without a baseline there is no comparison.
  EXPECT_EQ(html.find("chart-delta-spending"), std::string::npos);
}

TEST_F(ReportCli, AgainstABaselineShowsTheChangeAndCompareFigures) {
  const CliResult r =
      run_cli({"report", path("open.h5"), "--against", path("toy.h5"), "--out", path("b.html")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = read_all(path("b.html"));
  for (const char* id : {"chart-delta-spending", "chart-per-migrant", "table-compare"}) {
    EXPECT_CONTAINS(html, std::string("id=\"") + id + "\"");
  }
  EXPECT_CONTAINS(html, "Map: delta spending");  // the default map with a baseline
  EXPECT_CONTAINS(html, "cost per migrant");
}

TEST_F(ReportCli, RefusesToReplaceAFileWithoutOverwrite) {
  TempDir here;
  const std::string out = here.write("r.html", "keep me").string();
  CliResult r = run_cli({"report", path("toy.h5"), "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_CONTAINS(r.err, "already exists");
  EXPECT_EQ(read_all(out), "keep me");
  r = run_cli({"report", path("toy.h5"), "--out", out, "--overwrite"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_CONTAINS(read_all(out), "<!DOCTYPE html>");
}

TEST_F(ReportCli, MapOptions) {
  CliResult r = run_cli({"report", path("toy.h5"), "--map", "registered_share", "--month",
                         "2010-06", "--out", path("c.html")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_CONTAINS(read_all(path("c.html")), "Map: registered share, 2010-06");
  r = run_cli({"report", path("toy.h5"), "--map", "delta_spending", "--out", path("d.html")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_CONTAINS(r.err, "--map delta_spending: a change needs a baseline: --against BASE.h5");
  EXPECT_FALSE(std::filesystem::exists(path("d.html")));
  r = run_cli({"report", path("toy.h5"), "--map", "migrant", "--out", path("e.html")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_CONTAINS(r.err, "--map migrant: not a quantity");
  r = run_cli({"report", path("toy.h5"), "--month", "2030-01", "--out", path("f.html")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_CONTAINS(r.err, "--month 2030-01: the run simulated 2010-01 to 2012-06");
  r = run_cli({"report", path("toy.h5"), "--month", "June", "--out", path("g.html")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_CONTAINS(r.err, "--month: expected YYYY-MM, got 'June'");
}

TEST_F(ReportCli, RefusesRunsThatCannotBeCompared) {
  const CliResult other =
      run_cli({"run", (scenarios_dir() / "toy-3").string(), "--agents", "6000", "--ticks", "30",
               "--seed", "4", "--quiet", "--out", path("seed4.h5")});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  const CliResult r =
      run_cli({"report", path("open.h5"), "--against", path("seed4.h5"), "--out", path("h.html")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_CONTAINS(r.err, "seed");
  EXPECT_FALSE(std::filesystem::exists(path("h.html")));
}

TEST_F(ReportCli, RefusesAFileThatIsNotARun) {
  TempDir here;
  const std::string text = here.write("x.h5", "not hdf5").string();
  const CliResult r = run_cli({"report", text, "--out", (here.path() / "x.html").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_CONTAINS(r.err, "not an HDF5 file");
  EXPECT_FALSE(std::filesystem::exists(here.path() / "x.html"));
}

}  // namespace
}  // namespace migrasim::testing
