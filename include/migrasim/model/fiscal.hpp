// The fiscal module (DESIGN.md s.1 "Fiscal accounting"): each region's
// budget, charged every tick (a month: yearly amounts / 12) for the services
// of its registered residents and credited with taxes, contributions,
// transfers and fees. Amounts are kept in integer fen (0.01 yuan), so that
// revenue - spending = change of the balance holds exactly.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
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
  count_
};
inline constexpr int kSpending = static_cast<int>(Spending::count_);
std::string_view spending_name(Spending s);

enum class Revenue : int {
  local_tax,         // effective local tax on the wage bill of employed residents
  social_insurance,  // contributions on the wages of formal workers
  transfers,         // central transfers (regions.csv central_transfers)
  fees,              // school fees paid by unregistered households
  count_
};
inline constexpr int kRevenue = static_cast<int>(Revenue::count_);
std::string_view revenue_name(Revenue r);

// Spending categories financed by social-insurance funds rather than the
// general budget (pension, unemployment): left out of the general-budget
// figures that are compared with published local budgets.
bool social_insurance_financed(Spending s);

// Per-region coefficients fixed at the start of a run.
struct FiscalCalibration {
  std::vector<double> tax_rate;            // share of the wage bill
  std::vector<double> other_per_resident;  // yuan/year
};

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
  void account(const Scenario& s, const Aggregates& tick, const RegionFields& fields,
               const std::vector<PolicyParams>& policy, double scale);

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
  // Continues a run: balances and coefficients as a snapshot kept them.
  void restore(std::vector<std::int64_t> balances, FiscalCalibration calibration);

 private:
  // The yuan of one tick, before rounding to fen.
  struct Amounts {
    std::array<double, kSpending> spending{};
    std::array<double, kRevenue> revenue{};
    double wage_bill = 0;  // yuan this tick
  };
  Amounts amounts(const Scenario& s, int region, const Aggregates& a, const RegionFields& fields,
                  const PolicyParams& policy, double scale) const;

  FiscalCalibration calibration_;
  std::vector<std::array<std::int64_t, kSpending>> spending_;
  std::vector<std::array<std::int64_t, kRevenue>> revenue_;
  std::vector<std::int64_t> balance_;
};

// Yuan from fen.
inline double yuan(std::int64_t fen) {
  return static_cast<double>(fen) / 100.0;
}

}  // namespace migrasim
