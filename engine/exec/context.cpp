#include "migrasim/exec/context.hpp"

#include <omp.h>

#include <exception>
#include <string>

#include "migrasim/error.hpp"

namespace migrasim {

ExecutionContext::ExecutionContext(int threads, std::shared_ptr<const RankCommunicator> ranks)
    : threads_(threads > 0 ? threads : omp_get_num_procs()),
      ranks_(ranks ? std::move(ranks) : std::make_shared<const SingleRank>()) {}

int ExecutionContext::cores() {
  return omp_get_num_procs();
}

void ExecutionContext::run(std::string_view label, std::size_t n,
                           void (*body)(void*, std::size_t, int), void* context) const {
  // Exceptions must not cross an OpenMP region: keep the first, rethrow it
  // after the loop, named by the loop's label (the serial backend does the
  // same, so a message does not depend on the thread count).
  std::exception_ptr failure = nullptr;
  if (threads_ <= 1 || n <= 1) {  // the serial backend
    try {
      for (std::size_t i = 0; i < n; ++i) body(context, i, 0);
    } catch (...) {
      failure = std::current_exception();
    }
  } else {  // the OpenMP backend
#pragma omp parallel num_threads(threads_)
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
  }
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      throw Error("in parallel loop '" + std::string(label) + "': " + e.what());
    }
  }
}

}  // namespace migrasim
