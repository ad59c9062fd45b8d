// The one parallel-loop helper of the engine. Every loop carries a label
// (for profiles and error messages). Backends: OpenMP (default) or serial
// (threads = 1). Work items are whole units (agent blocks, households), and
// results never depend on which thread ran an item.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace migrasim {

// Threads used by parallel_for; 0 = all the machine's cores.
void set_thread_count(int threads);
int thread_count();

namespace detail {
void run_parallel(std::string_view label, std::size_t n, void (*body)(void*, std::size_t, int),
                  void* context);
}

// Calls body(i, thread) for i in [0, n); `thread` in [0, thread_count()) lets
// callers keep thread-local accumulators, reduced afterwards in a fixed order.
template <class Body>
void parallel_for(std::string_view label, std::size_t n, Body&& body) {
  detail::run_parallel(
      label, n,
      [](void* context, std::size_t i, int thread) { (*static_cast<Body*>(context))(i, thread); },
      &body);
}

// Reduction over [0, n): body(i, partial) adds item i into the calling
// thread's `partials[thread]`; afterwards the partials are combined into
// `total` in thread order with combine(total, partial). `partials` must hold
// thread_count() accumulators, made before the loop (no allocation here).
// Integer accumulators make the result independent of the thread count.
template <class Acc, class Body, class Combine>
void parallel_reduce(std::string_view label, std::size_t n, std::vector<Acc>& partials, Acc& total,
                     Body&& body, Combine&& combine) {
  parallel_for(label, n, [&](std::size_t i, int thread) { body(i, partials[thread]); });
  for (const Acc& part : partials) combine(total, part);
}

}  // namespace migrasim
