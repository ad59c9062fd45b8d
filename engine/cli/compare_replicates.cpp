#include "compare_replicates.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>

#include "compare_output.hpp"
#include "migrasim/analysis/ensemble_file.hpp"
#include "migrasim/error.hpp"
#include "migrasim/exec/context.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/model/simulation.hpp"
#include "output_file.hpp"
#include "run_folder.hpp"
#include "run_loop.hpp"

namespace migrasim::cli {

namespace {

// HDF5 is used from one thread at a time: the pairs' run files are written
// and read under this lock (a month's row is small next to a month's
// simulation, so the members hardly wait).
std::mutex& hdf5_lock() {
  static std::mutex m;
  return m;
}

// A run file's output taken under the lock.
class LockedOutput final : public RunOutput {
 public:
  explicit LockedOutput(std::unique_ptr<RunOutput> inner) : inner_(std::move(inner)) {}
  ~LockedOutput() override {
    const std::lock_guard<std::mutex> lock(hdf5_lock());
    inner_.reset();
  }
  void record(const Simulation& sim) override {
    const std::lock_guard<std::mutex> lock(hdf5_lock());
    inner_->record(sim);
  }
  void snapshot(const Simulation& sim) override {
    const std::lock_guard<std::mutex> lock(hdf5_lock());
    inner_->snapshot(sim);
  }
  void finish(const Simulation& sim, bool complete) override {
    const std::lock_guard<std::mutex> lock(hdf5_lock());
    inner_->finish(sim, complete);
  }
  std::string describe() const override { return inner_->describe(); }

 private:
  std::unique_ptr<RunOutput> inner_;
};

bool is_run_file(const std::string& path) {
  const std::filesystem::path p(path);
  return std::filesystem::is_regular_file(p) && p.extension() == ".h5";
}

// The overrides of replicate r: the command's, its seed last.
std::vector<Override> with_seed(std::vector<Override> overrides, std::uint64_t seed) {
  std::erase_if(overrides, [](const Override& o) { return o.key == "run.seed"; });
  overrides.push_back({"run.seed", std::to_string(seed), "compare replicate"});
  return overrides;
}

// One run into `out` (the caller's thread; HDF5 under the lock).
void run_one(const std::string& path, const std::vector<Override>& overrides, int threads,
             const std::filesystem::path& out, const std::string& command_line) {
  const Scenario scenario = load_scenario(path, overrides);
  SimulationOptions options;
  options.threads = threads;
  Simulation sim(scenario, options);
  RunMetadata meta{command_line, sim.context().threads(), path, overrides};
  std::unique_ptr<RunOutput> output;
  {
    const std::lock_guard<std::mutex> lock(hdf5_lock());
    output = hdf5_output(RunWriter::create(out, scenario, sim, meta), out);
  }
  LockedOutput locked(std::move(output));
  const LoopResult result = run_ticks(sim, static_cast<int>(scenario.params().run.ticks),
                                      scenario.params().run.snapshot_every, locked, true);
  if (result.signal != 0) {
    throw Interrupted(result.signal, "stopped by signal " + std::to_string(result.signal) +
                                         " while running " + path);
  }
}

}  // namespace

std::vector<Burden> run_compared_pairs(const std::string& base, const std::string& whatif,
                                       const std::vector<std::vector<Override>>& pairs,
                                       const po::variables_map& vm, const BurdenOptions& o,
                                       const std::string& command_line, const char* command) {
  const bool quiet = vm["quiet"].as<bool>();
  const int n = static_cast<int>(pairs.size());
  const int threads = threads_option(vm);
  const int cores = std::max(1, threads > 0 ? threads : ExecutionContext::cores());
  const int at_once = std::max(1, std::min(n, cores));
  const int member_threads = std::max(1, cores / at_once);
  check_run_fits(load_scenario(base, pairs.front()), at_once * member_threads);

  const RunFolder folder(vm);
  const auto file = [&](const char* kind, int r) {
    return folder.path() / (std::string(kind) + "-" + std::to_string(r) + ".h5");
  };
  for (int r = 0; r < n; ++r) {
    for (const char* kind : {"base", "whatif"}) {
      claim_output(file(kind, r), vm["overwrite"].as<bool>());
    }
  }
  if (!quiet) {
    std::fprintf(stderr, "%s: %d pairs of runs (baseline and what-if), %d at once x %d thread(s)\n",
                 command, n, at_once, member_threads);
  }
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  std::vector<Burden> burdens(static_cast<std::size_t>(n));
  const ExecutionContext pool(at_once);
  for (int first = 0; first < n; first += at_once) {
    const int count = std::min(at_once, n - first);
    std::vector<std::exception_ptr> failures(static_cast<std::size_t>(count));
    pool.parallel_for("compared pairs", static_cast<std::size_t>(count), [&](std::size_t k, int) {
      const int r = first + static_cast<int>(k);
      try {
        run_one(base, pairs[r], member_threads, file("base", r), command_line);
        run_one(whatif, pairs[r], member_threads, file("whatif", r), command_line);
        const std::lock_guard<std::mutex> lock(hdf5_lock());
        burdens[r] = compare_runs(file("base", r), file("whatif", r), o);
      } catch (...) {
        failures[k] = std::current_exception();
      }
    });
    // Rethrown here, as they were (an interruption stays one, bad input
    // stays bad input), the first pair's first.
    for (const auto& failure : failures) {
      if (failure) std::rethrow_exception(failure);
    }
    throw_if_stopped(std::string(command) + ": after pair " + std::to_string(first + count));
    if (!quiet) {
      const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
      std::fprintf(stderr, "%s: %d/%d pairs, %.1f s\n", command, first + count, n, elapsed);
    }
  }
  return burdens;
}

ReplicatedBurden compare_replicates(const std::string& base, const std::string& whatif,
                                    const po::variables_map& vm, const BurdenOptions& o,
                                    int replicates, const std::string& command_line) {
  if (is_run_file(base) || is_run_file(whatif)) {
    throw InputError(
        "--replicates: BASE and WHATIF must be scenarios (folders or what-if .ini files), not "
        "run files: each replicate runs both with its own seed");
  }
  const std::vector<Override> overrides = overrides_from(vm);
  // Everything loads and is checked before anything runs.
  const Scenario base_scenario = load_scenario(base, overrides);
  print_scenario_warnings("compare", base_scenario);
  EnsembleSpec seeds_of;  // the ensemble's seeds: replicate 0 runs with the base seed
  seeds_of.base_seed = static_cast<std::uint64_t>(base_scenario.params().run.seed);
  seeds_of.replicates = replicates;
  std::vector<std::uint64_t> seeds;
  std::vector<std::vector<Override>> pairs;
  for (int r = 0; r < replicates; ++r) {
    seeds.push_back(seeds_of.seed_of(r));
    pairs.push_back(with_seed(overrides, seeds.back()));
  }
  const Scenario a = load_scenario(base, pairs[0]), b = load_scenario(whatif, pairs[0]);
  print_scenario_warnings("compare", b);
  check_comparable(identity_of(a, base), identity_of(b, whatif), o.common_span);
  const auto burdens = run_compared_pairs(base, whatif, pairs, vm, o, command_line, "compare");
  return summarize_replicates(burdens, seeds, burden_figures);
}

}  // namespace migrasim::cli
