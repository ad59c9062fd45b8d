// What `migrasim compare` prints: the burden of a what-if as a table, CSV or
// JSON. Every form names the months compared (the months counted, first to
// last) and the month at whose end the balance is taken.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "migrasim/analysis/compare.hpp"

namespace migrasim::cli {

void print_table(std::ostream& out, const Burden& b);
void print_csv(std::ostream& out, const Burden& b);
void print_json(std::ostream& out, const Burden& b);

// The figures of a row as --csv and --json name them (the region column
// left out) and their values, in the same order (compare --replicates
// summarises each).
std::vector<std::string> burden_figure_names();
std::vector<double> burden_figures(const BurdenRow& row);

}  // namespace migrasim::cli
