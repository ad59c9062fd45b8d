// The fiscal burden of a what-if against a baseline, from their run files
// (DESIGN.md s.1): per region and nationally, the change of spending by
// category, the migrants newly registered, and the cost per newly registered
// migrant (one-off, and one-off plus the NPV of the recurring cost).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "migrasim/model/fiscal.hpp"
#include "migrasim/scenario/scenario.hpp"

namespace migrasim {

struct BurdenRow {
  std::string name;  // region, province or "National"
  // Averages per year over the compared months, what-if minus baseline, yuan.
  std::array<double, kSpending> delta_spending{};
  double delta_spending_total = 0;
  double base_spending_total = 0;  // yuan/year, the baseline's
  double delta_revenue_total = 0;
  double delta_balance_end = 0;  // yuan, at the last compared month
  // Persons: admissions + conversions, what-if minus baseline, whole run.
  double newly_registered = 0;
  double oneoff = 0;                   // yuan over the run: one-off categories + land compensation
  double all_recurring_last_year = 0;  // yuan/year: every other category (the old definition)
  // Per newly registered migrant (NaN when none): one-off, all recurring
  // categories per year, and one-off + NPV of them over the horizon (the
  // definition before issue 14, kept for comparison: = gross under legacy).
  double oneoff_per_migrant = 0, recurring_per_migrant = 0, cost_per_migrant = 0;
  // The decomposition (docs/model.md s.6.9; what-if minus baseline):
  double induced_arrivals = 0;     // persons: Δresidents at the last compared month
  double recurring_last_year = 0;  // yuan/year: hukou-linked categories (+ insurance under legacy)
  double induced_last_year = 0;    // yuan/year: residence-linked categories
  double revenue_last_year = 0;    // yuan/year: general-budget revenue
  double insurance_last_year = 0;  // yuan/year: contributions − pensions − unemployment benefits
  // Per newly registered migrant, yuan (NaN when too few): one-off; NPVs
  // over the horizon of the last year's recurring, induced and revenue
  // amounts; gross = one-off + recurring + induced; net = gross − revenue
  // (each rounded to the fen first, so the identities hold exactly in fen);
  // the social-insurance funds' net apart.
  double recurring_npv_per_migrant = 0, induced_npv_per_migrant = 0, revenue_npv_per_migrant = 0,
         gross_cost_per_migrant = 0, net_cost_per_migrant = 0, insurance_net_npv_per_migrant = 0;
  double share_of_base() const {
    return base_spending_total != 0 ? delta_spending_total / base_spending_total : 0.0;
  }
};

struct BurdenOptions {
  double discount_rate = -1;  // 1/year; negative = the baseline scenario's fiscal.discount_rate
  int horizon_years = -1;     // negative = the baseline scenario's fiscal.horizon_years
  bool by_province = false;   // sum regions into their provinces
  bool common_span = false;   // runs of different lengths: compare the months both have
};

// What must agree between a baseline and a what-if for the difference of
// their outputs to be the what-if's effect, not chance (another seed) or
// another population (other agents, regions or data files).
struct RunIdentity {
  std::string label;  // as the user named it
  std::uint64_t seed = 0;
  std::int64_t agents = 0;  // run.agents (asked; births and deaths change the count later)
  std::string start;        // YYYY-MM
  std::int64_t months = 0;  // run (a run file) or to run (a scenario)
  std::vector<std::string> regions;
  // The base folder's files, verbatim (what-if .ini files, which carry the
  // what-if's own keys and events, are left out).
  std::map<std::string, std::string> base_files;
};
RunIdentity identity_of(const Scenario& scenario, const std::string& label);
RunIdentity identity_of_run(const std::filesystem::path& run_file);  // InputError if unreadable

// Throws InputError listing every difference (with both values) unless
// there is none; the months may differ when `common_span`.
void check_comparable(const RunIdentity& base, const RunIdentity& whatif, bool common_span);

struct Burden {
  std::string base_scenario, whatif_scenario;
  std::string start_date;
  int months = 0;  // compared (the shorter run)
  double discount_rate = 0;
  int horizon_years = 0;
  double annuity = 0;          // PV of 1 yuan a year over the horizon
  bool legacy_budget = false;  // the runs used fiscal.budget_model = legacy (or predate it)
  std::vector<BurdenRow> rows;
  BurdenRow national;
  std::vector<std::string> notes;  // e.g. different seeds or agent counts
};

// Reads both run files and compares them month by month. Throws InputError
// when they cannot be compared (check_comparable).
Burden compare_runs(const std::filesystem::path& base, const std::filesystem::path& whatif,
                    const BurdenOptions& options = {});

}  // namespace migrasim
