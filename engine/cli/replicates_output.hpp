// What `migrasim compare --replicates N` prints: every figure of every row
// as its median and 90% interval across the replicates, and the mean. In
// --json an object {p05, p50, p95, mean, n} per figure (n: the replicates
// with a value); in --csv four columns per figure, <figure>_p05, _p50, _p95
// and _mean; in the table "median (p05–p95)".
#pragma once

#include <ostream>

#include "migrasim/analysis/replicates.hpp"

namespace migrasim::cli {

void print_table(std::ostream& out, const ReplicatedBurden& b);
void print_csv(std::ostream& out, const ReplicatedBurden& b);
void print_json(std::ostream& out, const ReplicatedBurden& b);

}  // namespace migrasim::cli
