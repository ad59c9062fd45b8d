// The execution context (docs/architecture.md): where the engine's work
// runs. Each Simulation owns one, so two simulations in one process may use
// different thread counts; every parallel loop and every reduction across
// workers goes through it. Two levels: threads inside a process (backends:
// serial, OpenMP) and ranks across processes (a RankCommunicator: one rank
// today; an MPI backend implements the same interface without touching the
// model). Results never depend on the thread or rank count: partials are
// combined in a fixed order and sums are of integers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace migrasim {

// The rank level: what an MPI backend provides (MPI_Allreduce,
// MPI_Exscan, MPI_Gatherv, MPI_Bcast). SingleRank is the one-process case.
class RankCommunicator {
 public:
  virtual ~RankCommunicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Element-wise sum over the ranks, result on every rank.
  virtual void sum(std::span<std::int64_t> values) const = 0;
  // Element-wise minimum over the ranks, NaN meaning "none" (it loses to
  // any number), result on every rank.
  virtual void min(std::span<double> values) const = 0;
  // The sum of `value` over the ranks before this one.
  virtual std::int64_t exclusive_scan(std::int64_t value) const = 0;
  // Every rank's bytes, concatenated in rank order, on rank 0.
  virtual std::vector<unsigned char> gather(std::span<const unsigned char> bytes) const = 0;
  // Rank 0's bytes on every rank.
  virtual void broadcast(std::span<unsigned char> bytes) const = 0;
};

class SingleRank final : public RankCommunicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void sum(std::span<std::int64_t>) const override {}
  void min(std::span<double>) const override {}
  std::int64_t exclusive_scan(std::int64_t) const override { return 0; }
  std::vector<unsigned char> gather(std::span<const unsigned char> bytes) const override {
    return {bytes.begin(), bytes.end()};
  }
  void broadcast(std::span<unsigned char>) const override {}
};

enum class Backend { serial, openmp };

class ExecutionContext {
 public:
  // `threads` 0 = all the machine's cores; 1 = the serial backend.
  explicit ExecutionContext(int threads = 1, std::shared_ptr<const RankCommunicator> ranks = {});

  int threads() const { return threads_; }
  // The cores of this machine (what threads 0 means).
  static int cores();
  Backend backend() const { return threads_ > 1 ? Backend::openmp : Backend::serial; }
  const char* backend_name() const { return threads_ > 1 ? "openmp" : "serial"; }
  const RankCommunicator& ranks() const { return *ranks_; }

  // Calls body(i, thread) for i in [0, n); `thread` in [0, threads()) lets
  // callers keep per-thread accumulators. Every loop carries a label (for
  // profiles and error messages: an exception in the body is rethrown as
  // Error "in parallel loop '<label>': ...").
  template <class Body>
  void parallel_for(std::string_view label, std::size_t n, Body&& body) const {
    run(
        label, n,
        [](void* context, std::size_t i, int thread) { (*static_cast<Body*>(context))(i, thread); },
        &body);
  }

  // Reduction over [0, n): body(i, partial) adds item i into the calling
  // thread's `partials[thread]` (threads() of them, made before the loop);
  // then combine(total, partial) in thread order. Integer accumulators make
  // the result independent of the thread count.
  template <class Acc, class Body, class Combine>
  void reduce(std::string_view label, std::size_t n, std::vector<Acc>& partials, Acc& total,
              Body&& body, Combine&& combine) const {
    parallel_for(label, n, [&](std::size_t i, int thread) { body(i, partials[thread]); });
    combine_in_order(partials, total, combine);
  }

  // Combines per-worker partials made elsewhere (a phase's thread states),
  // in their order.
  template <class Parts, class Acc, class Combine>
  void combine_in_order(const Parts& partials, Acc& total, Combine&& combine) const {
    for (const auto& part : partials) combine(total, part);
  }

  // Element-wise sum of integer counters over the ranks (a no-op on one).
  void sum_over_ranks(std::span<std::int64_t> values) const { ranks_->sum(values); }
  // Element-wise minimum over the ranks (NaN = none).
  void min_over_ranks(std::span<double> values) const { ranks_->min(values); }

  // Replaces counts[i] by start + the sum of counts before i (this rank's
  // share of a global numbering: start is what earlier ranks used) and
  // returns the end. Empty input returns start.
  template <class T>
  T exclusive_scan(std::span<T> counts, T start) const {
    T next = start + static_cast<T>(ranks_->exclusive_scan(static_cast<std::int64_t>(sum(counts))));
    for (T& c : counts) {
      const T here = c;
      c = next;
      next += here;
    }
    return next;
  }

  // The parts concatenated in order (blocks, then ranks: on rank 0; other
  // ranks get their own part). Trivially copyable values.
  template <class T>
  std::vector<T> gather(const std::vector<std::vector<T>>& parts) const {
    std::vector<T> all;
    std::size_t size = 0;
    for (const auto& p : parts) size += p.size();
    all.reserve(size);
    for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
    return over_ranks(std::move(all));
  }

  // A field of every item of `blocks` blocks, in block order then rank
  // order, on rank 0 (other ranks get their own blocks'): block b holds
  // size_of(b) items and fill(b, out) writes them from `out` on. The blocks
  // are filled in parallel, each at its offset (an exclusive scan of the
  // sizes), so the only memory is the result. Trivially copyable values.
  template <class T, class SizeOf, class Fill>
  std::vector<T> gather_blocks(std::string_view label, std::size_t blocks, SizeOf&& size_of,
                               Fill&& fill) const {
    std::vector<std::size_t> offset(blocks);
    for (std::size_t b = 0; b < blocks; ++b) offset[b] = size_of(b);
    const std::size_t total = exclusive_scan_here(std::span<std::size_t>(offset));
    std::vector<T> all(total);
    parallel_for(label, blocks, [&](std::size_t b, int) { fill(b, all.data() + offset[b]); });
    return over_ranks(std::move(all));
  }

  // Rank 0's value on every rank (trivially copyable values).
  template <class T>
  void broadcast(T& value) const {
    ranks_->broadcast({reinterpret_cast<unsigned char*>(&value), sizeof value});
  }

 private:
  template <class T>
  static T sum(std::span<T> values) {
    T s{};
    for (const T& v : values) s += v;
    return s;
  }
  // The exclusive scan within this rank only; returns the total.
  template <class T>
  static T exclusive_scan_here(std::span<T> counts) {
    T next{};
    for (T& c : counts) {
      const T here = c;
      c = next;
      next += here;
    }
    return next;
  }
  // This rank's values, then every other rank's, concatenated on rank 0.
  template <class T>
  std::vector<T> over_ranks(std::vector<T> mine) const {
    if (ranks_->size() == 1) return mine;
    const auto bytes = ranks_->gather(
        {reinterpret_cast<const unsigned char*>(mine.data()), mine.size() * sizeof(T)});
    std::vector<T> all(bytes.size() / sizeof(T));
    std::memcpy(all.data(), bytes.data(), all.size() * sizeof(T));
    return all;
  }
  void run(std::string_view label, std::size_t n, void (*body)(void*, std::size_t, int),
           void* context) const;

  int threads_ = 1;
  std::shared_ptr<const RankCommunicator> ranks_;
};

}  // namespace migrasim
