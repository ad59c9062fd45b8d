// `migrasim ensemble`: members recorded in one file, the same bytes for any
// number of members at once, a killed ensemble resumed to the same bytes,
// quantiles between the replicates' extremes, designs over --vary factors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "cli/cli_support.hpp"
#include "migrasim/io/h5.hpp"
#include "migrasim/io/run_series.hpp"

namespace migrasim::testing {
namespace {

std::vector<std::string> toy_ensemble(const std::string& out) {
  return {"ensemble", scenario("toy-3"), "--agents", "6000", "--ticks",
          "8",        "--quiet",         "--out",    out};
}

// Every series, national series and quantile of two ensemble files.
void expect_same_results(const std::filesystem::path& a, const std::filesystem::path& b) {
  const h5::File fa = h5::File::open(a), fb = h5::File::open(b);
  for (const SeriesSpec& s : kRunSeries) {
    for (const std::string group : {"series/", "national/"}) {
      const std::string path = group + std::string(s.name);
      const auto x = fa.open_dataset(path).read_rows<double>(0, fa.open_dataset(path).rows());
      const auto y = fb.open_dataset(path).read_rows<double>(0, fb.open_dataset(path).rows());
      ASSERT_EQ(x.size(), y.size()) << path;
      for (std::size_t i = 0; i < x.size(); ++i) {
        ASSERT_TRUE(x[i] == y[i] || (std::isnan(x[i]) && std::isnan(y[i]))) << path << " " << i;
      }
    }
  }
  EXPECT_EQ(fa.open_dataset("members/seed").read_vector<std::uint64_t>(),
            fb.open_dataset("members/seed").read_vector<std::uint64_t>());
}

TEST(Ensemble, ReplicatesAreRecordedWithQuantilesBetweenTheirExtremes) {
  const TempDir dir;
  const auto out = dir.path() / "e.h5";
  auto args = toy_ensemble(out.string());
  args.insert(args.end(), {"--replicates", "4", "--threads", "2"});
  const CliResult r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const h5::File f = h5::File::open(out);
  EXPECT_TRUE(f.get_attribute<bool>("complete"));
  EXPECT_EQ(f.open_dataset("series/migrants").shape(), (std::vector<h5::Size>{4, 9, 3}));
  const auto seeds = f.open_dataset("members/seed").read_vector<std::uint64_t>();
  EXPECT_EQ(seeds[0], 42u);  // replicate 0 runs with the scenario's seed
  EXPECT_NE(seeds[1], seeds[2]);
  const auto migrants = f.open_dataset("national/migrants").read_matrix<double>();
  const auto p05 = f.open_dataset("quantiles/migrants/national_p05").read_matrix<double>();
  const auto p95 = f.open_dataset("quantiles/migrants/national_p95").read_matrix<double>();
  const int last = 8;
  const double lowest = migrants.col(last).minCoeff(), highest = migrants.col(last).maxCoeff();
  EXPECT_LT(lowest, highest);  // the replicates differ
  EXPECT_GE(p05(0, last), lowest);
  EXPECT_LE(p95(0, last), highest);
  EXPECT_LT(p05(0, last), p95(0, last));

  // inspect knows ensemble files.
  const CliResult shown = run_cli({"inspect", out.string()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_CONTAINS(shown.out, "ensemble of");
  EXPECT_CONTAINS(shown.out, "members: 4 (1 design points x 4 replicates), 4 done, complete");
  EXPECT_CONTAINS(shown.out, "design: replicates; base seed 42; seeds 42 ");
  EXPECT_CONTAINS(shown.out, " migrants");
  EXPECT_CONTAINS(shown.out, "/quantiles/<series>/{p05,p50,p95,mean}");
}

// Replicate 0 runs with the scenario's seed: its series are those of a
// plain `run` (every run-file series, every row and region).
TEST(Ensemble, ReplicateZeroIsThePlainRun) {
  const TempDir dir;
  const auto ensemble = dir.path() / "e.h5", plain = dir.path() / "run.h5";
  auto args = toy_ensemble(ensemble.string());
  args.insert(args.end(), {"--replicates", "2", "--threads", "2"});
  ASSERT_EQ(run_cli(args).exit_code, 0);
  const CliResult r = run_cli({"run", scenario("toy-3"), "--agents", "6000", "--ticks", "8",
                               "--quiet", "--threads", "1", "--out", plain.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const h5::File fe = h5::File::open(ensemble), fr = h5::File::open(plain);
  for (const SeriesSpec& s : kRunSeries) {
    const std::string name(s.name);
    const h5::Dataset run_series = fr.open_dataset("series/" + name);
    std::vector<double> expected;
    if (s.type == SeriesType::int64) {
      for (auto v : run_series.read_rows<std::int64_t>(0, run_series.rows())) {
        expected.push_back(static_cast<double>(v));
      }
    } else {
      expected = run_series.read_rows<double>(0, run_series.rows());
    }
    const auto member0 = fe.open_dataset("series/" + name).read_rows<double>(0, 1);
    ASSERT_EQ(member0.size(), expected.size()) << name;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      ASSERT_TRUE(member0[i] == expected[i] || (std::isnan(member0[i]) && std::isnan(expected[i])))
          << name << " " << i << ": " << member0[i] << " vs " << expected[i];
    }
  }
}

TEST(Ensemble, SameBytesForAnyNumberOfMembersAtOnceAndAfterAResume) {
  const TempDir dir;
  const auto one = dir.path() / "one.h5", two = dir.path() / "two.h5",
             killed = dir.path() / "killed.h5";
  auto args = toy_ensemble(one.string());
  args.insert(args.end(), {"--replicates", "3", "--threads", "1"});
  ASSERT_EQ(run_cli(args).exit_code, 0);
  args = toy_ensemble(two.string());
  args.insert(args.end(), {"--replicates", "3", "--threads", "2"});
  ASSERT_EQ(run_cli(args).exit_code, 0);
  expect_same_results(one, two);

  args = toy_ensemble(killed.string());
  args.insert(args.end(), {"--replicates", "3", "--threads", "1"});
  const CliResult stopped = run_cli(args, "", "MIGRASIM_TEST_STOP_AFTER_MEMBERS=2");
  EXPECT_NE(stopped.exit_code, 0);
  EXPECT_CONTAINS(stopped.err, "--resume");
  EXPECT_FALSE(h5::File::open(killed).get_attribute<bool>("complete"));
  // Other arguments: refused, the file untouched.
  auto other = args;
  other.insert(other.end(), {"--resume", "--seed", "7"});
  const CliResult refused = run_cli(other);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_CONTAINS(refused.err, "made for another ensemble");
  args.push_back("--resume");
  const CliResult resumed = run_cli(args);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_TRUE(h5::File::open(killed).get_attribute<bool>("complete"));
  expect_same_results(one, killed);
}

TEST(Ensemble, DesignsOverVaryFactors) {
  const TempDir dir;
  const auto out = dir.path() / "m.h5";
  auto args = toy_ensemble(out.string());
  args.insert(args.end(), {"--vary", "migration.hazard=0.001:0.01:log", "--vary",
                           "migration.b_inc=0.5:1.5", "--design", "morris:2", "--threads", "2"});
  const CliResult r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const h5::File f = h5::File::open(out);
  EXPECT_EQ(f.get_attribute<std::string>("design"), "morris");
  const auto values = f.open_dataset("factors/values").read_vector<double>();
  ASSERT_EQ(values.size(), 2u * 3u * 2u);  // 2 trajectories x 3 points x 2 factors
  for (std::size_t i = 0; i < values.size(); i += 2) {
    EXPECT_GE(values[i], 0.001 * (1 - 1e-12));
    EXPECT_LE(values[i], 0.01 * (1 + 1e-12));
  }
  EXPECT_FALSE(f.has("quantiles"));  // one replicate: nothing to take quantiles over

  auto bad = toy_ensemble((dir.path() / "bad.h5").string());
  bad.insert(bad.end(), {"--vary", "migration.no_such_key=0:1"});
  const CliResult refused = run_cli(bad);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_CONTAINS(refused.err, "no_such_key");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "bad.h5"));
}

TEST(Ensemble, DesignFileGivesTheValuesOfEachPoint) {
  const TempDir dir;
  dir.write("d.csv",
            "migration.hazard,migration.b_inc\n"
            "0.002,0.8\n"
            "0.004,\n");
  const auto out = dir.path() / "d.h5";
  auto args = toy_ensemble(out.string());
  args.insert(args.end(), {"--design-file", dir.str() + "/d.csv", "--threads", "2"});
  const CliResult r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const h5::File f = h5::File::open(out);
  EXPECT_EQ(f.get_attribute<std::string>("design"), "file");
  const auto values = f.open_dataset("factors/values").read_vector<double>();
  ASSERT_EQ(values.size(), 4u);
  EXPECT_EQ(values[0], 0.002);
  EXPECT_EQ(values[1], 0.8);
  EXPECT_EQ(values[2], 0.004);
  EXPECT_TRUE(std::isnan(values[3]));  // an empty cell: the scenario's value

  // Point 1 equals a plain ensemble with the value set.
  const auto plain = dir.path() / "plain.h5";
  auto set = toy_ensemble(plain.string());
  set.insert(set.end(), {"--set", "migration.hazard=0.004"});
  ASSERT_EQ(run_cli(set).exit_code, 0);
  const auto a = f.open_dataset("national/migrants").read_matrix<double>();
  const auto b = h5::File::open(plain).open_dataset("national/migrants").read_matrix<double>();
  for (Eigen::Index t = 0; t < a.cols(); ++t) EXPECT_EQ(a(1, t), b(0, t)) << t;

  dir.write("bad.csv", "migration.hazard\n0.002\nfast\n");
  auto bad = toy_ensemble((dir.path() / "bad.h5").string());
  bad.insert(bad.end(), {"--design-file", dir.str() + "/bad.csv"});
  const CliResult refused = run_cli(bad);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_CONTAINS(refused.err, "bad.csv:3: column 'migration.hazard'");
  EXPECT_CONTAINS(refused.err, "'fast'");
}

}  // namespace
}  // namespace migrasim::testing
