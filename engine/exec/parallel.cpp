#include "migrasim/exec/parallel.hpp"

#include <omp.h>

#include <exception>
#include <string>

#include "migrasim/error.hpp"

namespace migrasim {

namespace {
int g_threads = 1;  // set once by the program before a run; read by loops
}

void set_thread_count(int threads) {
  g_threads = threads > 0 ? threads : omp_get_num_procs();
}

int thread_count() {
  return g_threads;
}

namespace detail {

void run_parallel(std::string_view label, std::size_t n, void (*body)(void*, std::size_t, int),
                  void* context) {
  if (g_threads <= 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) body(context, i, 0);
    return;
  }
  // Exceptions must not cross the OpenMP region: keep the first, rethrow.
  std::exception_ptr failure = nullptr;
#pragma omp parallel num_threads(g_threads)
  {
    const int thread = omp_get_thread_num();
#pragma omp for schedule(dynamic, 1)
    for (std::size_t i = 0; i < n; ++i) {
      try {
        body(context, i, thread);
      } catch (...) {
#pragma omp critical(migrasim_parallel_failure)
        if (!failure) failure = std::current_exception();
      }
    }
  }
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      throw Error("in parallel loop '" + std::string(label) + "': " + e.what());
    }
  }
}

}  // namespace detail
}  // namespace migrasim
