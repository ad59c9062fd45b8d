// Determinism-relevant tests registered once per thread count, as Cabana
// registers its tests once per backend: a fixture derived from
// ThreadCountTest, its TEST_Ps written once, and
//   MIGRASIM_AT_THREAD_COUNTS(Fixture);
// give Fixture.Name/threads1, /threads2 and /threads4, each its own ctest test.
// A test compares what it gets at threads() with the same work at 1 thread
// (results must not depend on the thread count); at threads1 it checks the
// reference itself.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "migrasim/exec/parallel.hpp"

namespace migrasim::testing {

inline constexpr int kThreadCounts[] = {1, 2, 4};

class ThreadCountTest : public ::testing::TestWithParam<int> {
 protected:
  // The thread count this instance checks.
  int threads() const { return GetParam(); }
  // Whether this instance is the 1-thread reference itself.
  bool is_reference() const { return threads() == 1; }
  // What to name this instance in messages: "2 threads".
  std::string threads_label() const {
    return std::to_string(threads()) + (threads() == 1 ? " thread" : " threads");
  }

  // The thread count is global: every test starts and ends at 1.
  void SetUp() override { set_thread_count(1); }
  void TearDown() override { set_thread_count(1); }
};

inline std::string thread_count_name(const ::testing::TestParamInfo<int>& info) {
  return "threads" + std::to_string(info.param);
}

}  // namespace migrasim::testing

// Registers every TEST_P of `fixture` at 1, 2 and 4 threads.
#define MIGRASIM_AT_THREAD_COUNTS(fixture)                                                     \
  INSTANTIATE_TEST_SUITE_P(, fixture, ::testing::ValuesIn(::migrasim::testing::kThreadCounts), \
                           ::migrasim::testing::thread_count_name)
