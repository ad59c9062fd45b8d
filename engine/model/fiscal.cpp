// Budgets per region and tick (DESIGN.md s.1 "Fiscal accounting"): the
// unit costs of benefits.csv times the registered residents of each scheme
// (rural costs raised by benefit_equalization under `unified`), plus shares
// for unregistered residents, one-off costs of newly registered migrants and
// land compensation; revenue from the wage bill, contributions, transfers
// and fees. Yearly amounts are charged a twelfth per tick.
#include "migrasim/model/fiscal.hpp"

#include <algorithm>
#include <cmath>

namespace migrasim {

std::string_view spending_name(Spending s) {
  static constexpr std::string_view names[] = {"pension",
                                               "health",
                                               "education",
                                               "unemployment",
                                               "dibao",
                                               "unregistered",
                                               "oneoff_housing",
                                               "oneoff_infrastructure",
                                               "land_compensation",
                                               "other"};
  static_assert(std::size(names) == kSpending);
  return names[static_cast<int>(s)];
}

std::string_view revenue_name(Revenue r) {
  static constexpr std::string_view names[] = {"local_tax", "social_insurance", "transfers",
                                               "fees"};
  static_assert(std::size(names) == kRevenue);
  return names[static_cast<int>(r)];
}

bool social_insurance_financed(Spending s) {
  return s == Spending::pension || s == Spending::unemployment;
}

void FiscalAccounts::init(int regions) {
  calibration_.tax_rate.assign(regions, 0.0);
  calibration_.other_per_resident.assign(regions, 0.0);
  spending_.assign(regions, {});
  revenue_.assign(regions, {});
  balance_.assign(regions, 0);
}

void FiscalAccounts::restore(std::vector<std::int64_t> balances, FiscalCalibration calibration) {
  balance_ = std::move(balances);
  calibration_ = std::move(calibration);
  spending_.assign(balance_.size(), {});
  revenue_.assign(balance_.size(), {});
}

std::int64_t FiscalAccounts::total_spending(int region) const {
  std::int64_t sum = 0;
  for (std::int64_t v : spending_[region]) sum += v;
  return sum;
}

std::int64_t FiscalAccounts::total_revenue(int region) const {
  std::int64_t sum = 0;
  for (std::int64_t v : revenue_[region]) sum += v;
  return sum;
}

FiscalAccounts::Amounts FiscalAccounts::amounts(const Scenario& s, int j, const Aggregates& a,
                                                const RegionFields& fields,
                                                const PolicyParams& policy, double scale) const {
  const auto& f = s.params().fiscal;
  const auto& m = s.params().migration;
  const UnitCosts& costs = s.unit_costs()[j];
  const Region& region = s.regions()[j];
  const double equalization = effective_equalization(policy);
  // The yearly unit cost of a category for a scheme (0 rural, 1 urban).
  const auto unit = [&](int scheme, CostCategory c) {
    const double urban = costs.get(Scheme::urban, c), rural = costs.get(Scheme::rural, c);
    return scheme == 1 ? urban : rural + equalization * (urban - rural);
  };
  const double dibao_share[2] = {f.dibao_share_rural, f.dibao_share_urban};

  // Persons by cell of the profile (age group 0-5, 6-15, 16-64, 65+;
  // employment; scheme; registered here).
  double all[2][2] = {}, pupils[2][2] = {}, elders[2][2] = {}, unemployed[2][2] = {};
  double employed[2] = {}, formal[2] = {};  // by registered
  for (int age = 0; age < Aggregates::kAgeGroups; ++age) {
    for (int job = 0; job < 5; ++job) {
      for (int scheme = 0; scheme < 2; ++scheme) {
        for (int reg = 0; reg < 2; ++reg) {
          const double n =
              static_cast<double>(a.profile_count(j, age, job, scheme == 1, reg == 1)) * scale;
          all[scheme][reg] += n;
          if (age == 1) pupils[scheme][reg] += n;
          if (age == 3) elders[scheme][reg] += n;
          if (job == static_cast<int>(Employment::unemployed)) unemployed[scheme][reg] += n;
          if (job == static_cast<int>(Employment::formal) ||
              job == static_cast<int>(Employment::informal)) {
            employed[reg] += n;
          }
          if (job == static_cast<int>(Employment::formal)) formal[reg] += n;
        }
      }
    }
  }
  constexpr int kReg = 1, kUnreg = 0;
  Amounts out;
  auto& sp = out.spending;
  const auto add = [&](Spending c, double yearly) { sp[static_cast<int>(c)] += yearly / 12.0; };
  for (int scheme = 0; scheme < 2; ++scheme) {
    add(Spending::pension, elders[scheme][kReg] * unit(scheme, CostCategory::pension));
    add(Spending::health, all[scheme][kReg] * unit(scheme, CostCategory::health));
    add(Spending::education, pupils[scheme][kReg] * unit(scheme, CostCategory::education));
    add(Spending::dibao,
        all[scheme][kReg] * dibao_share[scheme] * unit(scheme, CostCategory::dibao));
    add(Spending::unregistered,
        policy.unregistered_service_share *
            (all[scheme][kUnreg] * unit(scheme, CostCategory::health) +
             pupils[scheme][kUnreg] * unit(scheme, CostCategory::education)));
  }
  add(Spending::unemployment, unemployed[1][kReg] * unit(1, CostCategory::unemployment));
  // Newly registered: migrants admitted and local residents converted (both
  // become urban residents the city must house and serve).
  const double admitted =
      static_cast<double>(a.at(j, Counter::admissions) + a.at(j, Counter::conversions)) * scale;
  sp[static_cast<int>(Spending::oneoff_housing)] +=
      admitted * costs.get(Scheme::urban, CostCategory::oneoff_housing);
  sp[static_cast<int>(Spending::oneoff_infrastructure)] +=
      admitted * costs.get(Scheme::urban, CostCategory::oneoff_infrastructure);
  if (policy.land_on_transfer == LandOnTransfer::compensate) {
    sp[static_cast<int>(Spending::land_compensation)] +=
        static_cast<double>(a.at(j, Counter::land_surrendered)) * scale * policy.land_compensation;
  }
  const double residents = static_cast<double>(a.at(j, Counter::residents)) * scale;
  add(Spending::other, residents * calibration_.other_per_resident[j]);

  // Revenue. Wages per year of a worker of wage multiplier 1; unregistered
  // workers earn migrant_wage_ratio of it.
  const double wage = fields.wage[j];
  out.wage_bill = (employed[kReg] + employed[kUnreg] * m.migrant_wage_ratio) * wage / 12.0;
  auto& rv = out.revenue;
  rv[static_cast<int>(Revenue::local_tax)] = calibration_.tax_rate[j] * out.wage_bill;
  rv[static_cast<int>(Revenue::social_insurance)] =
      f.social_insurance_rate * (formal[kReg] + formal[kUnreg] * m.migrant_wage_ratio) * wage /
      12.0;
  rv[static_cast<int>(Revenue::transfers)] = region.central_transfers / 12.0;
  rv[static_cast<int>(Revenue::fees)] = (pupils[0][kUnreg] + pupils[1][kUnreg]) *
                                        costs.get(Scheme::urban, CostCategory::school_fee) / 12.0;
  return out;
}

void FiscalAccounts::calibrate(const Scenario& s, const Aggregates& start,
                               const RegionFields& fields, const std::vector<PolicyParams>& policy,
                               double scale) {
  const auto& f = s.params().fiscal;
  for (int j = 0; j < s.region_count(); ++j) {
    const Region& region = s.regions()[j];
    calibration_.tax_rate[j] = f.local_tax_rate;
    calibration_.other_per_resident[j] = 0.0;
    if (!f.calibrate || !region.local_revenue) continue;
    const Amounts base = amounts(s, j, start, fields, policy[j], scale);
    const double fees = base.revenue[static_cast<int>(Revenue::fees)];
    if (base.wage_bill > 0) {
      calibration_.tax_rate[j] =
          std::max(0.0, (*region.local_revenue / 12.0 - fees) / base.wage_bill);
    }
    double general = 0;  // this month's general-budget spending before `other`
    for (int c = 0; c < kSpending; ++c) {
      const auto category = static_cast<Spending>(c);
      if (!social_insurance_financed(category) && category != Spending::other) {
        general += base.spending[c];
      }
    }
    const double target = (*region.local_revenue + region.central_transfers) / 12.0;
    const double residents = static_cast<double>(start.at(j, Counter::residents)) * scale;
    if (residents > 0) {
      calibration_.other_per_resident[j] = std::max(0.0, (target - general) * 12.0 / residents);
    }
  }
}

void FiscalAccounts::account(const Scenario& s, const Aggregates& tick, const RegionFields& fields,
                             const std::vector<PolicyParams>& policy, double scale) {
  for (int j = 0; j < s.region_count(); ++j) {
    const Amounts x = amounts(s, j, tick, fields, policy[j], scale);
    std::int64_t in = 0, out = 0;
    for (int c = 0; c < kSpending; ++c)
      out += spending_[j][c] = std::llround(x.spending[c] * 100.0);
    for (int c = 0; c < kRevenue; ++c) in += revenue_[j][c] = std::llround(x.revenue[c] * 100.0);
    balance_[j] += in - out;
  }
}

}  // namespace migrasim
