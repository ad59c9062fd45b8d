// The execution context: each backend's parallel_for, reduce, exclusive_scan
// and gather on hand-made inputs (empty blocks included), the rank level
// through a stand-in communicator, and two simulations with different thread
// counts in one process.
#include <gtest/gtest.h>

#include <atomic>
#include <numeric>

#include "migrasim/exec/context.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim::testing {
namespace {

class ContextBackends : public ::testing::TestWithParam<int> {
 protected:
  ExecutionContext context() const { return ExecutionContext(GetParam()); }
};

TEST_P(ContextBackends, NamesItsBackend) {
  EXPECT_EQ(context().threads(), GetParam());
  EXPECT_STREQ(context().backend_name(), GetParam() == 1 ? "serial" : "openmp");
  EXPECT_EQ(context().ranks().size(), 1);
}

TEST_P(ContextBackends, ParallelForVisitsEveryItemOnceWithAThreadBelowTheCount) {
  const ExecutionContext c = context();
  for (const std::size_t n : {0u, 1u, 7u, 1000u}) {
    std::vector<std::atomic<int>> seen(n);
    std::atomic<bool> thread_in_range{true};
    c.parallel_for("visit", n, [&](std::size_t i, int thread) {
      ++seen[i];
      if (thread < 0 || thread >= c.threads()) thread_in_range = false;
    });
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(seen[i], 1) << i;
    EXPECT_TRUE(thread_in_range);
  }
}

TEST_P(ContextBackends, ReduceSumsEveryItemWhateverTheSplit) {
  const ExecutionContext c = context();
  for (const std::size_t n : {0u, 1u, 5u, 10'000u}) {
    std::vector<std::int64_t> partials(c.threads(), 0);
    std::int64_t total = 0;
    c.reduce(
        "sum", n, partials, total, [](std::size_t i, std::int64_t& p) { p += 3 * i + 1; },
        [](std::int64_t& t, std::int64_t p) { t += p; });
    EXPECT_EQ(total, static_cast<std::int64_t>(3 * (n * (n - 1) / 2) + n)) << n;
  }
}

TEST_P(ContextBackends, ExclusiveScanGivesEachBlockItsStart) {
  const ExecutionContext c = context();
  std::vector<std::uint32_t> counts = {3, 0, 0, 5, 1, 0};  // empty blocks among them
  EXPECT_EQ(c.exclusive_scan(std::span<std::uint32_t>(counts), 100u), 109u);
  EXPECT_EQ(counts, (std::vector<std::uint32_t>{100, 103, 103, 103, 108, 109}));
  std::vector<std::uint32_t> none;
  EXPECT_EQ(c.exclusive_scan(std::span<std::uint32_t>(none), 7u), 7u);
}

TEST_P(ContextBackends, GatherConcatenatesInOrder) {
  const ExecutionContext c = context();
  const std::vector<std::vector<int>> parts = {{1, 2}, {}, {3}, {}, {4, 5, 6}};
  EXPECT_EQ(c.gather(parts), (std::vector<int>{1, 2, 3, 4, 5, 6}));
  EXPECT_TRUE(c.gather(std::vector<std::vector<int>>{}).empty());
  EXPECT_TRUE(c.gather(std::vector<std::vector<int>>{{}, {}}).empty());
}

TEST_P(ContextBackends, GatherBlocksFillsEachBlockAtItsOffset) {
  const ExecutionContext c = context();
  // Blocks of 2, 0, 3, 0, 1 items: block b's items are 10 b + k.
  const std::vector<std::size_t> sizes = {2, 0, 3, 0, 1};
  const auto all = c.gather_blocks<int>(
      "test gather", sizes.size(), [&](std::size_t b) { return sizes[b]; },
      [&](std::size_t b, int* out) {
        for (std::size_t k = 0; k < sizes[b]; ++k) *out++ = static_cast<int>(10 * b + k);
      });
  EXPECT_EQ(all, (std::vector<int>{0, 1, 20, 21, 22, 40}));
  const auto none = c.gather_blocks<int>(
      "empty gather", 0, [](std::size_t) { return std::size_t{0}; }, [](std::size_t, int*) {});
  EXPECT_TRUE(none.empty());
  const auto empty_blocks = c.gather_blocks<int>(
      "empty blocks", 3, [](std::size_t) { return std::size_t{0}; }, [](std::size_t, int*) {});
  EXPECT_TRUE(empty_blocks.empty());
}

TEST_P(ContextBackends, AnExceptionInALoopNamesTheLoop) {
  const ExecutionContext c = context();
  try {
    c.parallel_for("failing loop", 100, [](std::size_t i, int) {
      if (i == 42) throw InputError("item 42");
    });
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "in parallel loop 'failing loop': item 42");
  }
}

INSTANTIATE_TEST_SUITE_P(, ContextBackends, ::testing::Values(1, 2, 4),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return "threads" + std::to_string(info.param);
                         });

// A stand-in for a second rank that holds the same data as this one: what
// an MPI backend would do with MPI_Allreduce and MPI_Exscan over two ranks.
class TwinRanks final : public RankCommunicator {
 public:
  int rank() const override { return 1; }
  int size() const override { return 2; }
  void sum(std::span<std::int64_t> values) const override {
    for (auto& v : values) v *= 2;
  }
  void min(std::span<double>) const override {}
  std::int64_t exclusive_scan(std::int64_t value) const override { return value; }
  // Rank 0's bytes (the twin's, the same) then this rank's.
  std::vector<unsigned char> gather(std::span<const unsigned char> bytes) const override {
    std::vector<unsigned char> all(bytes.begin(), bytes.end());
    all.insert(all.end(), bytes.begin(), bytes.end());
    return all;
  }
  void broadcast(std::span<unsigned char>) const override {}
};

TEST(Context, TheRankLevelGoesThroughTheCommunicator) {
  const ExecutionContext c(2, std::make_shared<const TwinRanks>());
  EXPECT_EQ(c.ranks().size(), 2);
  std::vector<std::int64_t> counts = {1, 2, 3};
  c.sum_over_ranks(counts);
  EXPECT_EQ(counts, (std::vector<std::int64_t>{2, 4, 6}));
  // This rank's numbering starts after the twin's 6 items.
  std::vector<std::uint32_t> blocks = {2, 4};
  EXPECT_EQ(c.exclusive_scan(std::span<std::uint32_t>(blocks), 10u), 22u);
  EXPECT_EQ(blocks, (std::vector<std::uint32_t>{16, 18}));
  // Gathers concatenate the ranks' parts.
  EXPECT_EQ(c.gather(std::vector<std::vector<int>>{{1}, {2, 3}}),
            (std::vector<int>{1, 2, 3, 1, 2, 3}));
  const auto field = c.gather_blocks<std::uint16_t>(
      "twin gather", 2, [](std::size_t b) { return b + 1; },
      [](std::size_t b, std::uint16_t* out) {
        for (std::size_t k = 0; k <= b; ++k) *out++ = static_cast<std::uint16_t>(7 + b);
      });
  EXPECT_EQ(field, (std::vector<std::uint16_t>{7, 8, 8, 7, 8, 8}));
}

TEST(Context, ZeroThreadsMeansEveryCore) {
  EXPECT_GE(ExecutionContext(0).threads(), 1);
}

bool same_agents(const std::vector<AgentRecord>& a, const std::vector<AgentRecord>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const AgentRecord &x = a[i], &y = b[i];
    if (x.id != y.id || x.hukou_region != y.hukou_region || x.location != y.location ||
        x.age != y.age || x.birth_month != y.birth_month ||
        x.months_at_location != y.months_at_location || x.insured_months != y.insured_months ||
        x.traits.bits != y.traits.bits) {
      return false;
    }
  }
  return true;
}

// Two simulations in one process, one at 1 thread and one at 4, stepped in
// turn: each gives what it gives alone (no thread count is shared).
TEST(Context, TwoSimulationsWithTheirOwnThreadCountsInOneProcess) {
  const Scenario s = load_scenario(scenarios_dir() / "toy-3-alpha-open.ini");
  const auto options = [](int threads) {
    SimulationOptions o;
    o.agents = 20'000;
    o.block_target = 512;
    o.threads = threads;
    return o;
  };
  const auto alone = [&](int threads) {
    Simulation sim(s, options(threads));
    for (int t = 0; t < 14; ++t) sim.step();
    return sim.agents().records();
  };
  Simulation one(s, options(1)), four(s, options(4));
  EXPECT_EQ(one.context().threads(), 1);
  EXPECT_EQ(four.context().threads(), 4);
  for (int t = 0; t < 14; ++t) {
    one.step();
    four.step();
  }
  const auto reference = alone(1);
  EXPECT_TRUE(same_agents(one.agents().records(), reference));
  EXPECT_TRUE(same_agents(four.agents().records(), reference));
  EXPECT_TRUE(same_agents(alone(4), reference));
  EXPECT_TRUE(one.aggregates().same_state(four.aggregates()));
}

}  // namespace
}  // namespace migrasim::testing
