// migrasim_tick_bench: throughput, memory and a memory-bandwidth bound of the
// tick loop, for ONE agent count and ONE thread count per process (peak RSS is
// per process and never goes down, so bench/run_bench.sh loops over sizes).
//
//   migrasim_tick_bench [SCENARIO] [--agents N] [--threads T] [--warmup W]
//                       [--ticks T] [--block-target B] [--seed S]
//
// Prints one machine-readable `RESULT key=value ...` line and a few human
// lines. Uses only the engine's public API.
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "migrasim/error.hpp"
#include "migrasim/exec/context.hpp"
#include "migrasim/model/agent_store.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/scenario/scenario.hpp"

#ifndef MIGRASIM_SOURCE_DIR
#define MIGRASIM_SOURCE_DIR "."
#endif

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Options {
  std::string scenario = MIGRASIM_SOURCE_DIR "/scenarios/china-2007";
  std::uint64_t agents = 1'000'000;
  int threads = 1;
  int warmup = 1;
  int ticks = 6;
  std::size_t block_target = 0;  // 0 = the engine's default
  std::optional<std::uint64_t> seed;
};

void print_usage(std::FILE* to) {
  std::fprintf(to,
               "usage: migrasim_tick_bench [SCENARIO] [--agents N] [--threads T] [--warmup W]\n"
               "                           [--ticks T] [--block-target B] [--seed S]\n"
               "  SCENARIO         scenario folder or what-if .ini (default: %s)\n"
               "  --agents N       agents, one count; suffixes K, M, G allowed (default 1M)\n"
               "  --threads T      engine and bandwidth-kernel threads, 0 = all cores (default 1)\n"
               "  --warmup W       untimed ticks before the timed ones (default 1)\n"
               "  --ticks T        timed ticks (default 6)\n"
               "  --block-target B agents per work block (default: the engine's)\n"
               "  --seed S         run seed (default: the scenario's)\n"
               "One agent count and one thread count per process; bench/run_bench.sh runs a "
               "matrix.\n",
               MIGRASIM_SOURCE_DIR "/scenarios/china-2007");
}

[[noreturn]] void usage_error(const std::string& what) {
  std::fprintf(stderr, "migrasim_tick_bench: %s\n", what.c_str());
  print_usage(stderr);
  std::exit(2);
}

// "1M" -> 1'000'000, "2.5K" -> 2'500, "50000000" -> 50'000'000.
std::uint64_t parse_count(std::string_view option, const std::string& text) {
  if (text.find(',') != std::string::npos) {
    usage_error(std::string(option) + " takes one value per run, got '" + text +
                "' (bench/run_bench.sh runs a list)");
  }
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    usage_error(std::string(option) + ": expected a count such as 10M, got '" + text + "'");
  }
  double scale = 1;
  if (used + 1 == text.size()) {
    switch (text[used]) {
      case 'k':
      case 'K':
        scale = 1e3;
        break;
      case 'm':
      case 'M':
        scale = 1e6;
        break;
      case 'g':
      case 'G':
        scale = 1e9;
        break;
      default:
        used = 0;  // reject below
    }
    if (used) ++used;
  }
  const double count = value * scale;
  if (used != text.size() || !(count >= 1) || count > 4e9 || count != std::floor(count)) {
    usage_error(std::string(option) + ": expected a positive whole count such as 10M, got '" +
                text + "'");
  }
  return static_cast<std::uint64_t>(count);
}

int parse_int(std::string_view option, const std::string& text, int min) {
  std::size_t used = 0;
  long value = 0;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < min || value > 1'000'000) {
    usage_error(std::string(option) + ": expected an integer >= " + std::to_string(min) +
                ", got '" + text + "'");
  }
  return static_cast<int>(value);
}

Options parse_options(int argc, char** argv) {
  Options o;
  bool have_scenario = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      print_usage(stdout);
      std::exit(0);
    }
    if (arg.rfind("--", 0) == 0) {
      std::string name = arg, value;
      if (const auto eq = arg.find('='); eq != std::string::npos) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        usage_error(arg + ": missing value");
      }
      if (name == "--agents") {
        o.agents = parse_count(name, value);
      } else if (name == "--threads") {
        if (value.find(',') != std::string::npos) {
          usage_error("--threads takes one value per run, got '" + value +
                      "' (bench/run_bench.sh runs a list)");
        }
        o.threads = parse_int(name, value, 0);
      } else if (name == "--warmup") {
        o.warmup = parse_int(name, value, 0);
      } else if (name == "--ticks") {
        o.ticks = parse_int(name, value, 1);
      } else if (name == "--block-target") {
        o.block_target = parse_count(name, value);
      } else if (name == "--seed") {
        std::size_t used = 0;
        try {
          o.seed = std::stoull(value, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used == 0 || used != value.size() || value[0] == '-') {
          usage_error("--seed: expected a non-negative integer, got '" + value + "'");
        }
      } else {
        usage_error("unknown option " + name);
      }
    } else if (!have_scenario) {
      o.scenario = arg;
      have_scenario = true;
    } else {
      usage_error("unexpected argument '" + arg + "'");
    }
  }
  return o;
}

// Peak resident set of this process so far, bytes (Linux: ru_maxrss in KiB).
double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;
}

// CPU seconds (user + system) this process has used so far, all threads.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * t.tv_usec; };
  return s(usage.ru_utime) + s(usage.ru_stime);
}

// STREAM-style copy and triad, best of `reps`, on arrays of `bytes` each, with
// `threads` OpenMP threads (pages first touched by the same threads).
// Bytes moved are counted as STREAM does (write-allocate traffic not counted).
struct Bandwidth {
  double copy_GBps = 0;
  double triad_GBps = 0;
  double seconds = 0;  // wall time of the whole measurement
};

Bandwidth measure_bandwidth(std::size_t bytes, int threads, int reps = 3) {
  const auto start = Clock::now();
  const std::size_t n = std::max<std::size_t>(bytes / sizeof(double), 1);
  const std::unique_ptr<double[]> a(new double[n]);
  const std::unique_ptr<double[]> b(new double[n]);
  const std::unique_ptr<double[]> c(new double[n]);
  double* const pa = a.get();
  double* const pb = b.get();
  double* const pc = c.get();
  const auto count = static_cast<std::ptrdiff_t>(n);

#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::ptrdiff_t i = 0; i < count; ++i) {
    pa[i] = 1.0;
    pb[i] = 2.0;
    pc[i] = 0.5;
  }

  const double array_bytes = static_cast<double>(n * sizeof(double));
  Bandwidth result;
  double best_copy = std::numeric_limits<double>::infinity();
  double best_triad = best_copy;
  for (int r = 0; r < reps; ++r) {
    // copy: read one array, write one (the tick's volume: state read + written)
    auto t0 = Clock::now();
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::ptrdiff_t i = 0; i < count; ++i) pc[i] = pa[i];
    best_copy = std::min(best_copy, seconds_since(t0));

    // triad: read two arrays, write one
    const double s = 3.0;
    t0 = Clock::now();
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::ptrdiff_t i = 0; i < count; ++i) pa[i] = pb[i] + s * pc[i];
    best_triad = std::min(best_triad, seconds_since(t0));
  }
  // Use the results so no kernel can be dropped.
  volatile double sink = pa[n / 2] + pc[n - 1];
  (void)sink;

  result.copy_GBps = 2 * array_bytes / best_copy / 1e9;
  result.triad_GBps = 3 * array_bytes / best_triad / 1e9;
  result.seconds = seconds_since(start);
  return result;
}

int run(const Options& o) {
  const double rss_start = peak_rss_bytes();
  auto start = Clock::now();
  const migrasim::Scenario scenario = migrasim::load_scenario(o.scenario);
  const double load_s = seconds_since(start);

  // The Simulation's own execution context sizes its per-thread state.
  const int threads = migrasim::ExecutionContext(o.threads).threads();
  const double rss_base = peak_rss_bytes();

  migrasim::SimulationOptions sim_options;
  sim_options.threads = threads;
  sim_options.agents = o.agents;
  if (o.block_target) sim_options.block_target = o.block_target;
  if (o.seed) {
    sim_options.seed = *o.seed;
    sim_options.has_seed = true;
  }

  std::uint64_t agents = 0;
  double setup_s = 0, tick_s = 0, min_tick_s = 0, max_tick_s = 0;
  double agent_ticks = 0, alloc_bytes = 0, peak_rss = 0, cpu_util = 0;
  std::uint64_t agents_end = 0;
  std::size_t blocks = 0;
  std::array<double, migrasim::kPhases> phase_s{};
  {
    start = Clock::now();
    migrasim::Simulation sim(scenario, sim_options);
    setup_s = seconds_since(start);
    agents = sim.agents().agent_count();
    blocks = sim.agents().block_count();

    for (int t = 0; t < o.warmup; ++t) sim.step();
    const auto phases_before = sim.phase_seconds();

    min_tick_s = std::numeric_limits<double>::infinity();
    const double cpu_before = cpu_seconds();
    for (int t = 0; t < o.ticks; ++t) {
      // The population changes (births, deaths): count the agents each tick
      // processes, outside the timed region.
      agent_ticks += static_cast<double>(sim.agents().agent_count());
      const auto t0 = Clock::now();
      sim.step();
      const double s = seconds_since(t0);
      tick_s += s;
      min_tick_s = std::min(min_tick_s, s);
      max_tick_s = std::max(max_tick_s, s);
    }
    // Below 1 when other processes took CPU from this run's threads (OpenMP
    // threads spin while they wait, so an idle-but-ours thread still counts).
    cpu_util = (cpu_seconds() - cpu_before) / (tick_s * threads);
    for (int p = 0; p < migrasim::kPhases; ++p) {
      phase_s[p] = sim.phase_seconds()[p] - phases_before[p];
    }
    agents_end = sim.agents().agent_count();
    alloc_bytes = static_cast<double>(sim.agents().bytes_allocated());
    // Before the bandwidth arrays exist: peak RSS is monotone per process.
    peak_rss = peak_rss_bytes();
  }

  constexpr double kState = migrasim::AgentStore::kBytesPerAgent;
  const auto n = static_cast<double>(agents);
  const double agent_ticks_per_s = agent_ticks / tick_s;

  // Arrays as large as the agent state: copy reads agents x kBytesPerAgent and
  // writes the same, as the tick does.
  const Bandwidth bw = measure_bandwidth(
      static_cast<std::size_t>(agents) * migrasim::AgentStore::kBytesPerAgent, threads);
  const double bound = bw.triad_GBps * 1e9 / (2 * kState);
  const double ratio = agent_ticks_per_s / bound;

  std::printf(
      "RESULT agents=%llu requested_agents=%llu threads=%d warmup=%d ticks=%d blocks=%zu "
      "agent_ticks_per_s=%.6g tick_s=%.6g min_tick_s=%.6g max_tick_s=%.6g "
      "state_bytes=%.0f alloc_bytes_per_agent=%.3f peak_bytes_per_agent=%.3f "
      "peak_over_base_bytes_per_agent=%.3f peak_rss_MiB=%.1f "
      "copy_GBps=%.4g triad_GBps=%.4g bound_agent_ticks_per_s=%.6g ratio=%.4f "
      "setup_s=%.4g load_s=%.4g agents_end=%llu cpu_util=%.3f",
      static_cast<unsigned long long>(agents), static_cast<unsigned long long>(o.agents), threads,
      o.warmup, o.ticks, blocks, agent_ticks_per_s, tick_s, min_tick_s, max_tick_s, kState,
      alloc_bytes / n, peak_rss / n, (peak_rss - rss_base) / n, peak_rss / 1048576.0, bw.copy_GBps,
      bw.triad_GBps, bound, ratio, setup_s, load_s, static_cast<unsigned long long>(agents_end),
      cpu_util);
  for (int p = 0; p < migrasim::kPhases; ++p) {
    const std::string_view name = migrasim::phase_name(static_cast<migrasim::Phase>(p));
    std::printf(" phase_%.*s_s=%.4g", static_cast<int>(name.size()), name.data(), phase_s[p]);
  }
  std::printf("\n");

  std::printf("%s: %llu agents, %d thread%s, %d warm-up + %d timed ticks\n",
              scenario.name().c_str(), static_cast<unsigned long long>(agents), threads,
              threads == 1 ? "" : "s", o.warmup, o.ticks);
  std::printf("  set-up %.2f s (scenario load %.3f s); ticks %.3f s (%.3f-%.3f s each)\n", setup_s,
              load_s, tick_s, min_tick_s, max_tick_s);
  if (cpu_util < 0.9) {
    std::printf(
        "  WARNING: the ticks got %.0f%% of %d core%s: other processes were running, "
        "timings are low\n",
        100 * cpu_util, threads, threads == 1 ? "" : "s");
  }
  std::printf(
      "  %.1f M agent-ticks/s; bound %.1f M/s from triad %.2f GB/s (copy %.2f GB/s); "
      "%.0f%% of bound\n",
      agent_ticks_per_s / 1e6, bound / 1e6, bw.triad_GBps, bw.copy_GBps, 100 * ratio);
  std::printf(
      "  bytes/agent: state %.0f, allocated %.2f, peak RSS %.2f (%.2f above the %.1f MiB "
      "before set-up; process start %.1f MiB)\n",
      kState, alloc_bytes / n, peak_rss / n, (peak_rss - rss_base) / n, rss_base / 1048576.0,
      rss_start / 1048576.0);
  std::printf("  phases over the timed ticks (s):");
  for (int p = 0; p < migrasim::kPhases; ++p) {
    const std::string_view name = migrasim::phase_name(static_cast<migrasim::Phase>(p));
    std::printf(" %.*s %.4f", static_cast<int>(name.size()), name.data(), phase_s[p]);
  }
  std::printf("\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  try {
    return run(options);
  } catch (const migrasim::InputError& e) {
    std::fprintf(stderr, "migrasim_tick_bench: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "migrasim_tick_bench: internal error: %s\n", e.what());
    return 1;
  }
}
