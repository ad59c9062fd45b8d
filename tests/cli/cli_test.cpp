// The migrasim command-line program, run as a subprocess: subcommands, help,
// exit codes (0 success, 2 bad input, 1 internal error / not built yet) and
// the exact messages for bad input.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "migrasim/detail/text.hpp"
#include "test_support.hpp"

namespace migrasim::testing {
namespace {

// The suite is named `cli` (lower case) so that `ctest -R cli` selects it.

const char* const kCommands[] = {"run",    "resume",   "inspect", "compare",
                                 "report", "ensemble", "validate"};

// --- top level ---------------------------------------------------------------

TEST(cli, HelpListsTheFiveCommands) {
  const CliResult r = run_cli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_CONTAINS(r.out, "Usage: migrasim COMMAND [options]");
  EXPECT_CONTAINS(r.out, "  run SCENARIO [options]\n");
  EXPECT_CONTAINS(r.out, "  resume FILE.h5 [options]\n");
  EXPECT_CONTAINS(r.out, "  inspect FILE.h5 [options]\n");
  EXPECT_CONTAINS(r.out, "  compare BASE WHATIF [options]\n");
  EXPECT_CONTAINS(r.out, "  report RUN.h5 [--against BASE.h5] [options]\n");
  EXPECT_CONTAINS(r.out, "  ensemble SCENARIO [options]\n");
  EXPECT_CONTAINS(r.out, "  validate SCENARIO [options]\n");
  EXPECT_CONTAINS(r.out, "Exit codes: 0 success, 2 bad input, 1 internal error.");
  EXPECT_EQ(r.err, "");
}

TEST(cli, NoArgumentsIsBadInputAndPrintsUsage) {
  const CliResult r = run_cli({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_CONTAINS(r.err, "Usage: migrasim COMMAND [options]");
}

TEST(cli, UnknownCommandIsBadInput) {
  const CliResult r = run_cli({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "migrasim: unknown command 'frobnicate'; commands: run, resume, inspect, compare, "
            "report, ensemble, sensitivity, validate (see 'migrasim --help')\n");
}

// --- subcommand help ---------------------------------------------------------

TEST(cli, EachCommandHasHelp) {
  for (const char* command : kCommands) {
    SCOPED_TRACE(command);
    const CliResult r = run_cli({command, "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out.rfind(std::string("Usage: migrasim ") + command + " ", 0), 0u) << r.out;
    EXPECT_CONTAINS(r.out, "-h [ --help ]");
  }
}

TEST(cli, RunHelpShowsOptionsDefaultsAndUnits) {
  const CliResult r = run_cli({"run", "--help"});
  ASSERT_EQ(r.exit_code, 0);
  for (const char* option : {"--agents N", "--ticks N", "--seed S", "--snapshot-every K",
                             "--set SECTION.KEY=VALUE", "-q [ --quiet ]"}) {
    EXPECT_CONTAINS(r.out, option);
  }
  EXPECT_CONTAINS(r.out, "--threads T (=0)");
  EXPECT_CONTAINS(r.out, "--out FILE (=run.h5)");
  EXPECT_CONTAINS(r.out, "months");
  EXPECT_CONTAINS(r.out, "agents");
}

TEST(cli, OtherCommandsHelpShowTheirOptions) {
  const CliResult resume = run_cli({"resume", "--help"});
  EXPECT_EQ(resume.exit_code, 0);
  for (const char* option : {"--ticks N", "--snapshot-every K", "--threads T (=0)", "--out FILE"}) {
    EXPECT_CONTAINS(resume.out, option);
  }
  const CliResult inspect = run_cli({"inspect", "--help"});
  EXPECT_EQ(inspect.exit_code, 0);
  for (const char* option : {"--series NAME", "--region R", "--csv"}) {
    EXPECT_CONTAINS(inspect.out, option);
  }
  const CliResult compare = run_cli({"compare", "--help"});
  EXPECT_EQ(compare.exit_code, 0);
  for (const char* option : {"--discount-rate R", "--horizon YEARS", "--csv", "--json"}) {
    EXPECT_CONTAINS(compare.out, option);
  }
  const CliResult validate = run_cli({"validate", "--help"});
  EXPECT_EQ(validate.exit_code, 0);
  for (const char* option :
       {"--agents N", "--ticks N", "--set SECTION.KEY=VALUE", "--regions N (=40)", "--list-keys"}) {
    EXPECT_CONTAINS(validate.out, option);
  }
}

// --- validate ----------------------------------------------------------------

TEST(cli, ValidateToy3) {
  const CliResult r = run_cli({"validate", scenario("toy-3")});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("Scenario toy-3", 0), 0u) << r.out;
  EXPECT_EQ(summary_line(r.out, "population"), "  population    3,000,000 residents (persons)");
  EXPECT_EQ(summary_line(r.out, "run"), "  run           from 2010-01 for 36 months, seed 42");
  EXPECT_EQ(summary_line(r.out, "events"), "  events        4");
  EXPECT_CONTAINS(r.out, "\nEvents by date\n");
  EXPECT_CONTAINS(r.out, "  2010-07 (tick 6)  Beta: ");
  EXPECT_CONTAINS(r.out, "  2011-01 (tick 12)  East (2 regions): ");
  EXPECT_CONTAINS(r.out, "  2012-01 (tick 24)  Alpha: ");
  EXPECT_CONTAINS(r.out, "  2012-01 (tick 24)  * (3 regions): ");
  EXPECT_CONTAINS(r.out, "\nScenario toy-3 is valid.\n");
}

// A size tier is resolved at its date; validate says how many regions the
// start's urban residents put in it (toy-3: Alpha 0.9 M, Beta 0.36 M, Gamma 0.42 M).
TEST(cli, ValidateCountsASizeTierAtTheStart) {
  const TempDir dir;
  const auto file = dir.write("tier.ini", "[scenario]\nbase = " + scenario("toy-3") +
                                              "\n[events]\nadd = 2010-03, urban:0-0.5M, "
                                              "residence_rule, open\n");
  const CliResult r = run_cli({"validate", file.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_CONTAINS(r.out,
                  "  2010-03 (tick 2)  urban:0-0.5M (2 of 3 regions with the start's urban "
                  "residents; resolved at the date): residence_rule=open");
}

TEST(cli, ValidateChina2007) {
  const CliResult r = run_cli({"validate", scenario("china-2007")});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(summary_line(r.out, "population"), "  population    1,299,190,000 residents (persons)");
  EXPECT_CONTAINS(r.out, "\nScenario china-2007 is valid.\n");
}

TEST(cli, ValidateWhatIfShowsTheAddedEvent) {
  const CliResult r = run_cli({"validate", scenario("toy-3-alpha-open.ini")});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("Scenario toy-3-alpha-open", 0), 0u) << r.out;
  EXPECT_EQ(summary_line(r.out, "events"), "  events        5");
  EXPECT_CONTAINS(r.out,
                  "  2011-01 (tick 12)  Alpha: residence_rule=threshold threshold_months=6  [");
  EXPECT_CONTAINS(r.out, "toy-3-alpha-open.ini:8]\n");
  EXPECT_CONTAINS(r.out, "\nScenario toy-3-alpha-open is valid.\n");
}

// --- --agents ----------------------------------------------------------------

TEST(cli, AgentsAcceptsSuffixesAndExponents) {
  const std::pair<const char*, const char*> cases[] = {
      {"10M", "10,000,000"}, {"2.5e6", "2,500,000"}, {"500k", "500,000"}, {"1000000", "1,000,000"}};
  for (const auto& [given, shown] : cases) {
    SCOPED_TRACE(given);
    const CliResult r = run_cli({"validate", scenario("toy-3"), "--agents", given});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(
        summary_line(r.out, "agents").rfind(std::string("  agents        ") + shown + " (", 0), 0u)
        << summary_line(r.out, "agents");
  }
}

TEST(cli, AgentsRejectsWhatIsNotAPositiveWholeNumber) {
  for (const char* given : {"abc", "1.5", "0", "-3"}) {
    SCOPED_TRACE(given);
    const CliResult r = run_cli({"validate", scenario("toy-3"), "--agents", given});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err,
              std::string("error: --agents: expected a positive whole number such as 1000000, "
                          "2.5e6 or 10M, got '") +
                  given + "'\n");
  }
}

// --- --set, --ticks ------------------------------------------------------------

TEST(cli, SetUnknownKeySuggestsTheNearestKey) {
  const CliResult r = run_cli({"validate", scenario("toy-3"), "--set", "migration.hazzard=0.1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: --set: unknown key 'migration.hazzard' (did you mean 'migration.hazard'?)\n");
}

TEST(cli, SetOutOfRangeValue) {
  const CliResult r = run_cli({"validate", scenario("toy-3"), "--set", "migration.hazard=2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: --set: key 'migration.hazard': expected a number in [0, 1], got '2'\n");
}

TEST(cli, SetRunTicks) {
  const CliResult r = run_cli({"validate", scenario("toy-3"), "--set", "run.ticks=24"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(summary_line(r.out, "run"), "  run           from 2010-01 for 24 months, seed 42");
}

TEST(cli, TicksOption) {
  const CliResult r = run_cli({"validate", scenario("toy-3"), "--ticks", "5"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(summary_line(r.out, "run"), "  run           from 2010-01 for 5 months, seed 42");
}

// --- missing scenario ----------------------------------------------------------

TEST(cli, MissingScenarioPathIsBadInput) {
  const TempDir dir;
  const std::string missing = (dir.path() / "no-such-scenario").string();
  const CliResult r = run_cli({"validate", missing});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: " + missing +
                       ": no such scenario (expected a folder with scenario.ini, or a what-if "
                       ".ini file)\n");
}

TEST(cli, ValidateWithoutScenarioIsBadInput) {
  const CliResult r = run_cli({"validate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: migrasim validate: missing SCENARIO (usage: migrasim validate SCENARIO "
            "[options])\n");
}

// --- run ---------------------------------------------------------------------

// `run` writes an HDF5 run file, run.h5 unless --out says otherwise.
TEST(cli, RunWritesAnHdf5RunFileByDefault) {
  const TempDir dir;
  const CliResult r =
      run_cli({"run", scenario("toy-3"), "--ticks", "3", "--agents", "3000", "--quiet"}, dir.str());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "migrasim run: warning: 4 events fall after the run's last month 2010-03 and "
            "will not be applied (the first: 2010-07, " +
                scenario("toy-3") + "/events.csv:2; it needs --ticks 7 or more)\n");
  EXPECT_CONTAINS(r.out, "Run of toy-3: 3 months from 2010-01 to 2010-03");
  EXPECT_CONTAINS(r.out, "\nRun file run.h5 (HDF5)");
  const std::string file = read_all(dir.path() / "run.h5");
  EXPECT_EQ(file.substr(0, 8), std::string("\x89HDF\r\n\x1a\n", 8)) << "not an HDF5 file";
}

TEST(cli, RunWritesTheGivenHdf5File) {
  const TempDir dir;
  const std::string out = (dir.path() / "x.h5").string();
  const CliResult r = run_cli(
      {"run", scenario("toy-3"), "--ticks", "2", "--agents", "3000", "--quiet", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_CONTAINS(r.out, "\nRun file " + out + " (HDF5)");
  EXPECT_TRUE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "run.h5"));
}

// With --out FILE.csv, `run` writes the series CSV instead.
TEST(cli, RunSimulatesAndWritesTheSeries) {
  const TempDir dir;
  const std::string out = (dir.path() / "series.csv").string();
  const CliResult r = run_cli(
      {"run", scenario("toy-3"), "--ticks", "3", "--agents", "3000", "--quiet", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "migrasim run: warning: 4 events fall after the run's last month 2010-03 and "
            "will not be applied (the first: 2010-07, " +
                scenario("toy-3") + "/events.csv:2; it needs --ticks 7 or more)\n");
  EXPECT_CONTAINS(r.out, "Run of toy-3: 3 months from 2010-01 to 2010-03");
  EXPECT_CONTAINS(r.out, "National");
  EXPECT_CONTAINS(r.out, "agent-ticks/s");
  EXPECT_CONTAINS(r.out, "peak memory");
  EXPECT_CONTAINS(r.out, "Series written to " + out + " (CSV; no snapshots, cannot resume)\n");
  std::ifstream in(out);
  ASSERT_TRUE(in) << "no series file";
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("tick,date,counted_month,region,residents,registered,migrants", 0), 0u)
      << header;
  int rows = 0;
  for (std::string line; std::getline(in, line);) ++rows;
  EXPECT_EQ(rows, 3 * 4);  // 3 regions x (start + 3 ticks)
  EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "run.h5"));
}

TEST(cli, RunChecksOverridesBeforeRunning) {
  const CliResult r = run_cli({"run", scenario("toy-3"), "--set", "foo.bar=1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: --set: unknown key 'foo.bar'\n");
}

TEST(cli, RunRejectsNegativeThreads) {
  const CliResult r = run_cli({"run", "--threads", "-1", scenario("toy-3")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: --threads: expected a non-negative integer (0 = all cores), got '-1'\n");
}

TEST(cli, FileCommandsWithoutAFileAreBadInput) {
  const std::pair<const char*, const char*> cases[] = {
      {"resume", "FILE.h5 (usage: migrasim resume FILE.h5 [options])"},
      {"inspect", "FILE.h5 (usage: migrasim inspect FILE.h5 [options])"},
      {"compare", "BASE (usage: migrasim compare BASE WHATIF [options])"}};
  for (const auto& [command, missing] : cases) {
    SCOPED_TRACE(command);
    const CliResult r = run_cli({command});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, std::string("error: migrasim ") + command + ": missing " + missing + "\n");
  }
  const CliResult r = run_cli({"compare", "base.h5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: migrasim compare: missing WHATIF (usage: migrasim compare BASE WHATIF "
            "[options])\n");
  for (const char* command : {"inspect", "resume"}) {
    SCOPED_TRACE(command);
    const CliResult gone = run_cli({command, "no-such-run.h5"});
    EXPECT_EQ(gone.exit_code, 2);
    EXPECT_EQ(gone.err, "error: no-such-run.h5: file not found\n");
  }
}

// A path that is no run file is bad input (exit 2) named in the message:
// an empty .h5 file, and a file that does not exist (taken for a scenario,
// and refused before anything runs).
TEST(cli, CompareOfAFileThatIsNoRunFileIsBadInput) {
  TempDir dir;
  dir.write("base.h5", "");
  dir.write("whatif.h5", "");
  const CliResult r = run_cli({"compare", dir.str() + "/base.h5", dir.str() + "/whatif.h5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_CONTAINS(r.err, "base.h5");
  const CliResult missing =
      run_cli({"compare", dir.str() + "/gone.h5", dir.str() + "/whatif.h5", "--quiet"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.out, "");
  EXPECT_CONTAINS(missing.err, "gone.h5");
}

TEST(cli, CompareTwoScenariosPrintsTheBurdenAsATableCsvAndJson) {
  TempDir dir;
  const std::string base = scenario("toy-3"), open = scenario("toy-3-alpha-open.ini");
  const std::vector<std::string> small = {"--agents", "5000", "--ticks", "24", "--quiet"};
  auto args = std::vector<std::string>{"compare", base, open, "--keep", dir.str()};
  args.insert(args.end(), small.begin(), small.end());
  const CliResult table = run_cli(args);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_CONTAINS(table.out, "Fiscal burden of toy-3-alpha-open against toy-3: 24 months");
  EXPECT_CONTAINS(table.out, "\nAlpha ");
  EXPECT_CONTAINS(table.out, "\nNational ");
  // The kept run files compare again, as CSV and JSON.
  const std::string a = dir.str() + "/base.h5", b = dir.str() + "/whatif.h5";
  const CliResult csv = run_cli({"compare", a, b, "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("region,newly_registered,delta_spending_per_year,", 0), 0u);
  EXPECT_CONTAINS(csv.out, "\nNational,");
  const CliResult json = run_cli({"compare", a, b, "--json", "--by", "province"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_CONTAINS(json.out, "\"region\": \"East\"");
  EXPECT_CONTAINS(json.out, "\"national\": {\n    \"region\": \"National\"");
  const CliResult same = run_cli({"compare", a, a});
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_CONTAINS(same.out, "(no region differs)");
  const CliResult bad = run_cli({"compare", a, b, "--by", "county"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_CONTAINS(bad.err, "--by: expected 'region' or 'province', got 'county'");
}

// --- inspect and resume ------------------------------------------------------------

// A short toy-3 run in `dir`: run.h5, 3000 agents.
std::string short_run(const TempDir& dir, int ticks) {
  const std::string out = (dir.path() / "run.h5").string();
  const CliResult r = run_cli({"run", scenario("toy-3"), "--ticks", std::to_string(ticks),
                               "--agents", "3000", "--quiet", "--out", out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return out;
}

TEST(cli, InspectShowsTheRun) {
  const TempDir dir;
  const std::string file = short_run(dir, 6);
  const CliResult r = run_cli({"inspect", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("Run file " + file + "\n", 0), 0u) << r.out;
  EXPECT_EQ(summary_line(r.out, "scenario"), "  scenario      toy-3");
  EXPECT_EQ(summary_line(r.out, "seed"), "  seed          42");
  EXPECT_EQ(summary_line(r.out, "months"), "  months        6 from 2010-01");
  EXPECT_EQ(summary_line(r.out, "complete"), "  complete      yes");
  EXPECT_CONTAINS(r.out, "\nNational stocks at the start of each month (persons)\n");
  EXPECT_CONTAINS(r.out, "\nNational counts during each month (persons)\n");
  EXPECT_CONTAINS(r.out, "\nLargest flows over the run (persons moved, 2010-01 to 2010-06)\n");
}

TEST(cli, InspectSeriesOfARegionAsCsv) {
  const TempDir dir;
  const std::string file = short_run(dir, 6);
  const CliResult r =
      run_cli({"inspect", file, "--series", "migrants", "--region", "Alpha", "--csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "tick,date,counted_month,migrants");
  int rows = 0;
  while (std::getline(lines, line)) {
    // Row t: the stock at the start of 2010-(t+1), the end of the month counted, 2010-t.
    const std::string counted = rows == 0 ? "" : "2010-0" + std::to_string(rows);
    const std::string prefix =
        std::to_string(rows) + ",2010-0" + std::to_string(rows + 1) + "," + counted + ",";
    EXPECT_EQ(line.rfind(prefix, 0), 0u) << line;
    EXPECT_GT(line.size(), prefix.size()) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 6 + 1);  // the start and each tick
}

TEST(cli, InspectUnknownSeriesOrRegionSuggests) {
  const TempDir dir;
  const std::string file = short_run(dir, 2);
  const CliResult series = run_cli({"inspect", file, "--series", "migrnts"});
  EXPECT_EQ(series.exit_code, 2);
  EXPECT_EQ(series.out, "");
  EXPECT_EQ(series.err.rfind("error: --series migrnts: no such series in " + file +
                                 " (did you mean 'migrants'?); it holds: residents, registered, ",
                             0),
            0u)
      << series.err;
  const CliResult region = run_cli({"inspect", file, "--series", "migrants", "--region", "Alpah"});
  EXPECT_EQ(region.exit_code, 2);
  EXPECT_EQ(region.out, "");
  EXPECT_EQ(region.err, "error: --region Alpah: unknown region (did you mean 'Alpha'?)\n");
}

// The values of an `inspect --series ... --csv` output, one per row.
std::vector<double> csv_values(const std::string& out) {
  std::istringstream lines(out);
  std::string line;
  std::getline(lines, line);  // header
  std::vector<double> v;
  while (std::getline(lines, line)) v.push_back(std::stod(line.substr(line.rfind(',') + 1)));
  return v;
}

// toy-3's province East is Alpha + Beta: a province's series is the sum of
// its regions', and the summary gains a table by province and the flows
// between provinces.
TEST(cli, InspectByProvinceSumsTheRegionsOfAProvince) {
  const TempDir dir;
  const std::string file = short_run(dir, 6);
  const auto series = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"inspect", file, "--series", "residents", "--csv"};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliResult r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return csv_values(r.out);
  };
  const auto alpha = series({"--region", "Alpha"}), beta = series({"--region", "Beta"});
  const auto east = series({"--region", "East", "--by", "province"});
  ASSERT_EQ(east.size(), 7u);
  for (std::size_t t = 0; t < east.size(); ++t) EXPECT_EQ(east[t], alpha[t] + beta[t]) << t;
  EXPECT_GT(east[0], 0);

  const CliResult summary = run_cli({"inspect", file, "--by", "province"});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  EXPECT_CONTAINS(summary.out, "\nBy province at the end of 2010-06 (persons;");
  EXPECT_CONTAINS(summary.out,
                  "\nLargest flows over the run (persons moved, between provinces, 2010-01 to "
                  "2010-06)\n");
  const std::string east_row = summary_line(summary.out, "East");
  const std::string residents = group_thousands(static_cast<long long>(east.back()));
  EXPECT_NE(east_row.find(" " + residents + " "), std::string::npos) << east_row;
  EXPECT_EQ(summary.out.find("East               -> East"), std::string::npos);

  const CliResult bad = run_cli({"inspect", file, "--by", "county"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "error: --by: expected 'region' or 'province', got 'county'\n");
  const CliResult city =
      run_cli({"inspect", file, "--series", "residents", "--region", "Alpha", "--by", "province"});
  EXPECT_EQ(city.exit_code, 2);
  EXPECT_CONTAINS(city.err, "--region Alpha: unknown province");
}

TEST(cli, InspectAndResumeOfATextFileAreBadInput) {
  const TempDir dir;
  const std::string text = dir.write("series.h5", "tick,date\n0,2010-01\n").string();
  for (const char* command : {"inspect", "resume"}) {
    SCOPED_TRACE(command);
    const CliResult r = run_cli({command, text});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "error: " + text + ": not an HDF5 file\n");
  }
}

TEST(cli, ResumeContinuesAFinishedRun) {
  const TempDir dir;
  const std::string file = short_run(dir, 6);
  const CliResult r = run_cli({"resume", file, "--ticks", "6", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_CONTAINS(r.out, "Run of toy-3: 6 months from 2010-07 to 2010-12");
  EXPECT_CONTAINS(r.out, "\nRun file " + file + " (HDF5)");
  const CliResult inspect = run_cli({"inspect", file});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
  EXPECT_EQ(summary_line(inspect.out, "months"), "  months        12 from 2010-01");
  EXPECT_EQ(summary_line(inspect.out, "complete"), "  complete      yes");
}

TEST(cli, ResumeIntoACopyLeavesTheRunAlone) {
  const TempDir dir;
  const std::string file = short_run(dir, 3);
  const std::string copy = (dir.path() / "longer.h5").string();
  const CliResult r = run_cli({"resume", file, "--ticks", "3", "--quiet", "--out", copy});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(summary_line(run_cli({"inspect", file}).out, "months"),
            "  months        3 from 2010-01");
  EXPECT_EQ(summary_line(run_cli({"inspect", copy}).out, "months"),
            "  months        6 from 2010-01");
}

}  // namespace
}  // namespace migrasim::testing

namespace migrasim::testing {
namespace {

// --verbose logs each policy event on stderr when it is applied.
TEST(cli, RunVerboseLogsEventsAsTheyApply) {
  const TempDir dir;
  const CliResult r = run_cli({"run", scenario("toy-3"), "--ticks", "13", "--agents", "3000",
                               "--quiet", "--verbose", "--out", (dir.path() / "v.h5").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string events = scenario("toy-3") + "/events.csv";
  EXPECT_EQ(r.err,
            "migrasim run: warning: 2 events fall after the run's last month 2011-01 and will "
            "not be applied (the first: 2012-01, " +
                events +
                ":4; it needs --ticks 25 or more)\n"
                "policy: tick 6 (2010-07) Beta: classification=unified "
                "benefit_equalization=0 [" +
                events +
                ":2]\n"
                "policy: tick 12 (2011-01) East (2 regions): classification=unified "
                "benefit_equalization=0.5 [" +
                events + ":3]\n");
}

}  // namespace
}  // namespace migrasim::testing
