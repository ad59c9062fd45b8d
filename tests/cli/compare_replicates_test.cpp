// `migrasim compare --replicates N`: pairs of runs with the ensemble's
// seeds, each figure as p05 <= p50 <= p95 with its mean; a baseline against
// itself has intervals of exactly zero; N = 1 is the plain comparison.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli_support.hpp"

namespace migrasim::testing {
namespace {

using json = nlohmann::json;

std::vector<std::string> toy_compare(const std::string& whatif) {
  return {"compare", scenario("toy-3"), whatif, "--agents", "4000", "--ticks", "24", "--quiet"};
}

// Every figure of every row of a --replicates --json document.
template <typename Check>
void each_figure(const json& doc, Check check) {
  std::vector<json> rows(doc["regions"].begin(), doc["regions"].end());
  rows.push_back(doc["national"]);
  for (const json& row : rows) {
    for (const auto& [key, figure] : row.items()) {
      if (key == "region") continue;
      check(row["region"].get<std::string>() + " " + key, figure);
    }
  }
}

TEST(CompareReplicates, EveryFigureHasAnOrderedIntervalAndAMean) {
  auto args = toy_compare(scenario("toy-3-alpha-open.ini"));
  args.insert(args.end(), {"--replicates", "3", "--threads", "2", "--json"});
  const CliResult r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["replicates"], 3);
  ASSERT_EQ(doc["seeds"].size(), 3u);
  EXPECT_EQ(doc["seeds"][0], 42u);  // replicate 0: the scenario's seed, as in an ensemble
  int figures = 0;
  each_figure(doc, [&](const std::string& what, const json& f) {
    ASSERT_TRUE(f.is_object()) << what;
    if (f["p50"].is_null()) return;  // no replicate has a value (e.g. none registered)
    ++figures;
    EXPECT_LE(f["p05"].get<double>(), f["p50"].get<double>()) << what;
    EXPECT_LE(f["p50"].get<double>(), f["p95"].get<double>()) << what;
    EXPECT_LE(f["p05"].get<double>(), f["mean"].get<double>()) << what;
    EXPECT_GE(f["p95"].get<double>(), f["mean"].get<double>()) << what;
  });
  EXPECT_GT(figures, 20);
  // The seeds differ, so the national number registered is not one value.
  const json& nr = doc["national"]["newly_registered"];
  EXPECT_LT(nr["p05"].get<double>(), nr["p95"].get<double>());

  // The same as CSV (four columns a figure) and as a table ("a (b–c)").
  args.back() = "--csv";
  const CliResult csv = run_cli(args);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("region,newly_registered_p05,newly_registered_p50,newly_registered_p95,"
                          "newly_registered_mean,",
                          0),
            0u);
  EXPECT_CONTAINS(csv.out, "\nNational,");
  args.pop_back();
  const CliResult table = run_cli(args);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_CONTAINS(table.out, "over 3 replicates");
  EXPECT_CONTAINS(table.out, "Gross /migrant");
  EXPECT_CONTAINS(table.out, "–");
}

TEST(CompareReplicates, ABaselineAgainstItselfHasIntervalsOfZero) {
  auto args = toy_compare(scenario("toy-3"));
  args.insert(args.end(), {"--replicates", "3", "--json"});
  const CliResult r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  each_figure(doc, [&](const std::string& what, const json& f) {
    if (what.ends_with("base_spending_per_year") || f["p50"].is_null()) return;
    EXPECT_EQ(f["p05"].get<double>(), 0.0) << what;
    EXPECT_EQ(f["p95"].get<double>(), 0.0) << what;
  });
}

TEST(CompareReplicates, OneReplicateIsThePlainComparison) {
  auto args = toy_compare(scenario("toy-3-alpha-open.ini"));
  args.push_back("--json");
  const CliResult plain = run_cli(args);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  args.insert(args.end(), {"--replicates", "1"});
  const CliResult one = run_cli(args);
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, plain.out);
}

TEST(CompareReplicates, RunFilesAreRefused) {
  const TempDir dir;
  dir.write("base.h5", "");
  const CliResult r = run_cli(
      {"compare", dir.str() + "/base.h5", scenario("toy-3"), "--replicates", "2", "--quiet"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_CONTAINS(r.err, "--replicates: BASE and WHATIF must be scenarios");
}

}  // namespace
}  // namespace migrasim::testing
