// The one parallel-loop helper of the engine. Every loop carries a label
// (for profiles and error messages). Backends: OpenMP (default) or serial
// (threads = 1). Work items are whole units (agent blocks, households), and
// results never depend on which thread ran an item.
#pragma once

#include <cstddef>
#include <string_view>

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

}  // namespace migrasim
