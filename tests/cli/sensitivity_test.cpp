// `migrasim sensitivity SPEC.csv BASE WHATIF`: the spec's errors name file,
// line, field and value; a tiny one-at-a-time study and a tiny Morris study
// run for real on toy-3 and say which design and how many runs.
#include <gtest/gtest.h>

#include <algorithm>

#include "cli/cli_support.hpp"
#include "migrasim/analysis/sensitivity_spec.hpp"
#include "migrasim/error.hpp"

namespace migrasim::testing {
namespace {

const char* kSpec =
    "key,low,high,distribution,reason\n"
    "fiscal.discount_rate,0.02,0.06,uniform,a test range\n"
    "migration.migrant_wage_ratio,0.6,0.9,uniform,a test range\n";

TEST(SensitivitySpec, ReadsRowsAndNamesTheFileLineFieldAndValueOfErrors) {
  const TempDir dir;
  dir.write("s.csv", kSpec);
  const auto inputs = read_sensitivity_spec(dir.path() / "s.csv");
  ASSERT_EQ(inputs.size(), 2u);
  EXPECT_EQ(inputs[1].factor.key, "migration.migrant_wage_ratio");
  EXPECT_EQ(inputs[1].line, 3u);
  EXPECT_EQ(inputs[0].reason, "a test range");
  const auto error_of = [&](const std::string& text) {
    dir.write("bad.csv", text);
    try {
      (void)read_sensitivity_spec(dir.path() / "bad.csv");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_CONTAINS(error_of("key,low,high,distribution\nfiscal.discount_rate,0.02,0.06,normal\n"),
                  "bad.csv:2: column 'distribution': expected 'uniform' or 'loguniform', got "
                  "'normal'");
  EXPECT_CONTAINS(error_of("key,low,high,distribution\nfiscal.discount_rate,0.06,0.02,uniform\n"),
                  "bad.csv:2: column 'high'");
  EXPECT_CONTAINS(error_of("key,low,high,distribution\nfiscal.discount_rate,0,1,loguniform\n"),
                  "bad.csv:2: column 'low': a loguniform range must be above 0, got '0'");
  EXPECT_CONTAINS(error_of("key,low,high\nfiscal.discount_rate,0,1\n"), "distribution");
  EXPECT_CONTAINS(error_of("key,low,high,distribution\nfiscal.discount_rate,x,1,uniform\n"),
                  "bad.csv:2");
}

std::vector<std::string> toy_study(const std::string& spec) {
  return {"sensitivity",
          spec,
          scenario("toy-3"),
          scenario("toy-3-alpha-open.ini"),
          "--agents",
          "3000",
          "--ticks",
          "24",
          "--quiet",
          "--threads",
          "2"};
}

TEST(Sensitivity, OneAtATimeGivesTornadoDataFromRealRuns) {
  const TempDir dir;
  dir.write("s.csv", kSpec);
  auto args = toy_study(dir.str() + "/s.csv");
  args.insert(args.end(), {"--csv", dir.str() + "/t.csv", "--output", "newly_registered"});
  const CliResult r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_CONTAINS(r.out, "design oat over 2 inputs");
  EXPECT_CONTAINS(r.out, "5 design points, 10 runs of 3,000 agents");
  EXPECT_CONTAINS(r.out, "tornado");
  const std::string csv = read_all(dir.path() / "t.csv");
  EXPECT_EQ(csv.rfind("output,key,low,high,at_low,at_high,at_default,swing\n", 0), 0u);
  // One row per input, the header first.
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3) << csv;
  EXPECT_CONTAINS(csv, "\nnewly_registered,fiscal.discount_rate,0.02,");
  EXPECT_CONTAINS(csv, "\nnewly_registered,migration.migrant_wage_ratio,0.6");
}

TEST(Sensitivity, MorrisRanksTheInputsAndBadKeysNameTheLine) {
  const TempDir dir;
  dir.write("s.csv", kSpec);
  auto args = toy_study(dir.str() + "/s.csv");
  args.insert(args.end(), {"--design", "morris:2", "--output", "gross_cost_per_migrant"});
  const CliResult r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_CONTAINS(r.out, "design morris:2 over 2 inputs");
  EXPECT_CONTAINS(r.out, "6 design points, 12 runs");
  EXPECT_CONTAINS(r.out, "mu*");
  EXPECT_CONTAINS(r.out, "fiscal.discount_rate");

  dir.write("bad.csv", "key,low,high,distribution\nfiscal.no_such_key,1,2,uniform\n");
  const CliResult bad = run_cli(toy_study(dir.str() + "/bad.csv"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_CONTAINS(bad.err, "bad.csv:2: column 'key': 'fiscal.no_such_key'");
}

}  // namespace
}  // namespace migrasim::testing
