// The fiscal module (DESIGN.md s.1 "Fiscal accounting"): each region's
// budget, charged every tick (a month: yearly amounts / 12) for the services
// of its registered residents and credited with taxes, contributions,
// transfers and fees. Amounts are kept in integer fen (0.01 yuan), so that
// revenue - spending = change of the balance holds exactly.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "migrasim/model/aggregates.hpp"
#include "migrasim/model/region_fields.hpp"
#include "migrasim/scenario/scenario.hpp"

namespace migrasim {

enum class Spending : int {
  pension,         // registered elders (65+), by scheme
  health,          // every registered resident, by scheme
  education,       // registered pupils aged 6-15, by scheme
  unemployment,    // registered unemployed with the urban scheme
  dibao,           // minimum living allowance: a poor share of registered residents
  unregistered,    // unregistered_service_share of health and education, unregistered residents
  oneoff_housing,  // per migrant newly admitted to registration, once
  oneoff_infrastructure,  // per person newly registered (admitted or converted), once
  land_compensation,      // per person surrendering land under `compensate`
  other,                  // general public spending per resident, not linked to hukou
  // Functional budgets (fiscal.budget_model = functional; zero under legacy):
  social_security,  // social security and employment, registered residents only
  housing,          // security housing, registered residents only
  community,        // urban community affairs and infrastructure upkeep, every resident
  count_
};
inline constexpr int kSpending = static_cast<int>(Spending::count_);
std::string_view spending_name(Spending s);

enum class Revenue : int {
  local_tax,         // effective local tax on the wage bill of employed residents
  social_insurance,  // contributions on the wages of formal workers
  transfers,         // central transfers (regions.csv central_transfers)
  fees,              // school fees paid by unregistered households
  // Marginal revenue (fiscal.revenue_model = marginal; zero under average):
  income_tax,       // local share of personal income tax on formal wages
  consumption_tax,  // local share of indirect taxes on workers' consumption
  wage_premium,     // both taxes on the wage premium of registered workers
  fixed_local,      // the rest of local revenue, fixed at the start
  count_
};
inline constexpr int kRevenue = static_cast<int>(Revenue::count_);
std::string_view revenue_name(Revenue r);

// Spending categories financed by social-insurance funds rather than the
// general budget (pension, unemployment): left out of the general-budget
// figures that are compared with published local budgets.
bool social_insurance_financed(Spending s);

// Whom a spending category serves, which decides where `compare` puts its
// change (docs/model.md s.6.9): one-off items; items that follow hukou
// status (registered only, or registered with a share for the unregistered),
// which registration changes; items paid per resident whatever the hukou,
// which only a change of residents changes; social-insurance funds.
enum class Serves { oneoff, hukou, residents, insurance };
Serves serves(Spending s);
// Revenue of the general budget (not the social-insurance funds).
inline bool general_revenue(Revenue r) {
  return r != Revenue::social_insurance;
}

// Per-region coefficients fixed at the start of a run.
struct FiscalCalibration {
  std::vector<double> tax_rate;            // share of the wage bill
  std::vector<double> other_per_resident;  // yuan/year
  // Functional budgets (fiscal.budget_model = functional), yuan/year per
  // beneficiary at start prices; empty under legacy (and in run files from
  // before them). Beneficiaries: education per pupil aged 6-15 (the
  // unregistered counted at unregistered_service_share), health per resident
  // (the same), social security and housing per registered resident,
  // community per resident.
  std::vector<double> education_per_pupil, health_per_resident, social_per_registered,
      housing_per_registered, community_per_resident;
  // Marginal revenue (fiscal.revenue_model = marginal): local revenue not
  // tied to wages, yuan/year, fixed at the start. Empty otherwise.
  std::vector<double> fixed_revenue;
  bool functional() const { return !education_per_pupil.empty(); }
};

// The v2 vectors of a calibration by name, for the snapshot in a run file
// (fiscal_ prefix; tax_rate and other_per_resident are written apart).
inline std::array<std::pair<const char*, std::vector<double>*>, 6> fiscal_calibration_fields(
    FiscalCalibration& c) {
  return {{{"fiscal_education_per_pupil", &c.education_per_pupil},
           {"fiscal_health_per_resident", &c.health_per_resident},
           {"fiscal_social_per_registered", &c.social_per_registered},
           {"fiscal_housing_per_registered", &c.housing_per_registered},
           {"fiscal_community_per_resident", &c.community_per_resident},
           {"fiscal_fixed_revenue", &c.fixed_revenue}}};
}
inline std::array<std::pair<const char*, const std::vector<double>*>, 6> fiscal_calibration_fields(
    const FiscalCalibration& c) {
  auto& m = const_cast<FiscalCalibration&>(c);
  const auto x = fiscal_calibration_fields(m);
  std::array<std::pair<const char*, const std::vector<double>*>, 6> out;
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = {x[i].first, x[i].second};
  return out;
}

class FiscalAccounts {
 public:
  // Sizes everything; balances start at 0.
  void init(int regions);

  // Derives the coefficients from the state at the start. With
  // fiscal.calibrate = 1, a region with local_revenue gets the tax rate
  // that makes its general revenue (tax + fees) equal local_revenue, and the
  // other spending per resident that makes its general spending equal
  // local_revenue + central_transfers (a balanced general budget in the
  // start year); otherwise fiscal.local_tax_rate and no other spending.
  void calibrate(const Scenario& s, const Aggregates& start, const RegionFields& fields,
                 const std::vector<PolicyParams>& policy, double scale);

  // Charges and credits one tick from its aggregates (persons = agents x
  // scale) and adds the result to the balances.
  // `months` is the months since the start of the run (unit costs grow by
  // fiscal.unit_cost_growth a year).
  void account(const Scenario& s, const Aggregates& tick, const RegionFields& fields,
               const std::vector<PolicyParams>& policy, double scale, int months = 0);

  // This tick, fen.
  std::int64_t spending(int region, Spending c) const {
    return spending_[region][static_cast<int>(c)];
  }
  std::int64_t revenue(int region, Revenue c) const {
    return revenue_[region][static_cast<int>(c)];
  }
  std::int64_t total_spending(int region) const;
  std::int64_t total_revenue(int region) const;
  // At the end of the last tick (carried from the start), fen; debt is
  // what a negative balance owes.
  std::int64_t balance(int region) const { return balance_[region]; }
  std::int64_t debt(int region) const { return balance_[region] < 0 ? -balance_[region] : 0; }

  const FiscalCalibration& calibration() const { return calibration_; }
  const std::vector<std::int64_t>& balances() const { return balance_; }
  // Continues a run: balances and coefficients as a snapshot kept them;
  // `current` (the restored state) gives the residents that growth is
  // measured from (fiscal.infrastructure_on = growth).
  void restore(std::vector<std::int64_t> balances, FiscalCalibration calibration,
               const Aggregates& current, double scale);

 private:
  // The yuan of one tick, before rounding to fen.
  struct Amounts {
    std::array<double, kSpending> spending{};
    std::array<double, kRevenue> revenue{};
    double wage_bill = 0;  // yuan this tick
  };
  Amounts amounts(const Scenario& s, int region, const Aggregates& a, const RegionFields& fields,
                  const PolicyParams& policy, double scale, int months) const;
  void remember_residents(const Aggregates& a, double scale);

  FiscalCalibration calibration_;
  std::vector<std::array<std::int64_t, kSpending>> spending_;
  std::vector<std::array<std::int64_t, kRevenue>> revenue_;
  std::vector<std::int64_t> balance_;
  // Residents (persons) at the end of the previous tick: infrastructure and
  // housing are built for net growth above it (infrastructure_on = growth).
  std::vector<double> previous_residents_;
};

// Yuan from fen.
inline double yuan(std::int64_t fen) {
  return static_cast<double>(fen) / 100.0;
}

}  // namespace migrasim
