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
                                               "other",
                                               "social_security",
                                               "housing",
                                               "community"};
  static_assert(std::size(names) == kSpending);
  return names[static_cast<int>(s)];
}

std::string_view revenue_name(Revenue r) {
  static constexpr std::string_view names[] = {
      "local_tax",  "social_insurance", "transfers",    "fees",
      "income_tax", "consumption_tax",  "wage_premium", "fixed_local"};
  static_assert(std::size(names) == kRevenue);
  return names[static_cast<int>(r)];
}

bool social_insurance_financed(Spending s) {
  return s == Spending::pension || s == Spending::unemployment;
}

Serves serves(Spending s) {
  switch (s) {
    case Spending::pension:
    case Spending::unemployment:
      return Serves::insurance;
    case Spending::oneoff_housing:
    case Spending::oneoff_infrastructure:
    case Spending::land_compensation:
      return Serves::oneoff;
    case Spending::other:
    case Spending::community:
      return Serves::residents;
    default:  // health, education, dibao, unregistered, social_security, housing
      return Serves::hukou;
  }
}

void FiscalAccounts::init(int regions) {
  calibration_.tax_rate.assign(regions, 0.0);
  calibration_.other_per_resident.assign(regions, 0.0);
  spending_.assign(regions, {});
  revenue_.assign(regions, {});
  balance_.assign(regions, 0);
  previous_residents_.assign(regions, 0.0);
}

void FiscalAccounts::restore(std::vector<std::int64_t> balances, FiscalCalibration calibration,
                             const Aggregates& current, double scale) {
  balance_ = std::move(balances);
  calibration_ = std::move(calibration);
  spending_.assign(balance_.size(), {});
  revenue_.assign(balance_.size(), {});
  remember_residents(current, scale);
}

void FiscalAccounts::remember_residents(const Aggregates& a, double scale) {
  previous_residents_.assign(balance_.size(), 0.0);
  for (std::size_t j = 0; j < previous_residents_.size(); ++j) {
    previous_residents_[j] =
        static_cast<double>(a.at(static_cast<int>(j), Counter::residents)) * scale;
  }
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

namespace {

// Persons by cell of the profile (age group 0-5, 6-15, 16-64, 65+;
// employment; scheme 0 rural / 1 urban; registered here 0 / 1).
struct Heads {
  double all[2][2] = {}, pupils[2][2] = {}, elders[2][2] = {}, unemployed[2][2] = {};
  double employed[2] = {}, formal[2] = {};  // by registered
  double registered() const { return all[0][1] + all[1][1]; }
  double unregistered() const { return all[0][0] + all[1][0]; }
  double pupils_of(int reg) const { return pupils[0][reg] + pupils[1][reg]; }
};

Heads heads_of(const Aggregates& a, int j, double scale) {
  Heads h;
  for (int age = 0; age < Aggregates::kAgeGroups; ++age) {
    for (int job = 0; job < 5; ++job) {
      for (int scheme = 0; scheme < 2; ++scheme) {
        for (int reg = 0; reg < 2; ++reg) {
          const double n =
              static_cast<double>(a.profile_count(j, age, job, scheme == 1, reg == 1)) * scale;
          h.all[scheme][reg] += n;
          if (age == 1) h.pupils[scheme][reg] += n;
          if (age == 3) h.elders[scheme][reg] += n;
          if (job == static_cast<int>(Employment::unemployed)) h.unemployed[scheme][reg] += n;
          if (job == static_cast<int>(Employment::formal) ||
              job == static_cast<int>(Employment::informal)) {
            h.employed[reg] += n;
          }
          if (job == static_cast<int>(Employment::formal)) h.formal[reg] += n;
        }
      }
    }
  }
  return h;
}

constexpr int kReg = 1, kUnreg = 0;

}  // namespace

FiscalAccounts::Amounts FiscalAccounts::amounts(const Scenario& s, int j, const Aggregates& a,
                                                const RegionFields& fields,
                                                const PolicyParams& policy, double scale,
                                                int months) const {
  const auto& f = s.params().fiscal;
  const auto& m = s.params().migration;
  const UnitCosts& costs = s.unit_costs()[j];
  const Region& region = s.regions()[j];
  const double equalization = effective_equalization(policy);
  // Real growth of every unit cost since the start (exactly 1 at growth 0).
  const double growth =
      f.unit_cost_growth == 0 ? 1.0 : std::pow(1.0 + f.unit_cost_growth, months / 12.0);
  // The yearly unit cost of a category for a scheme (0 rural, 1 urban).
  const auto unit = [&](int scheme, CostCategory c) {
    const double urban = costs.get(Scheme::urban, c), rural = costs.get(Scheme::rural, c);
    return growth * (scheme == 1 ? urban : rural + equalization * (urban - rural));
  };
  const double dibao_share[2] = {f.dibao_share_rural, f.dibao_share_urban};
  const Heads h = heads_of(a, j, scale);
  const bool functional = calibration_.functional() && calibration_.education_per_pupil[j] >= 0;

  Amounts out;
  auto& sp = out.spending;
  const auto add = [&](Spending c, double yearly) { sp[static_cast<int>(c)] += yearly / 12.0; };
  const double share = policy.unregistered_service_share;
  if (functional) {
    // Functional budget (docs/model.md s.6.7): each function's amount per
    // beneficiary fixed at the start; the unregistered count at `share` in
    // education and health (their part is the `unregistered` category).
    const double e = growth * calibration_.education_per_pupil[j];
    const double hl = growth * calibration_.health_per_resident[j];
    add(Spending::education, h.pupils_of(kReg) * e);
    add(Spending::health, h.registered() * hl);
    add(Spending::unregistered, share * (h.pupils_of(kUnreg) * e + h.unregistered() * hl));
    add(Spending::social_security, h.registered() * growth * calibration_.social_per_registered[j]);
    add(Spending::housing, h.registered() * growth * calibration_.housing_per_registered[j]);
  }
  for (int scheme = 0; scheme < 2; ++scheme) {
    add(Spending::pension, h.elders[scheme][kReg] * unit(scheme, CostCategory::pension));
    add(Spending::dibao,
        h.all[scheme][kReg] * dibao_share[scheme] * unit(scheme, CostCategory::dibao));
    if (!functional) {
      add(Spending::health, h.all[scheme][kReg] * unit(scheme, CostCategory::health));
      add(Spending::education, h.pupils[scheme][kReg] * unit(scheme, CostCategory::education));
      add(Spending::unregistered,
          share * (h.all[scheme][kUnreg] * unit(scheme, CostCategory::health) +
                   h.pupils[scheme][kUnreg] * unit(scheme, CostCategory::education)));
    }
  }
  add(Spending::unemployment, h.unemployed[1][kReg] * unit(1, CostCategory::unemployment));
  // One-off costs. Under `registration`, per person newly registered
  // (migrants admitted and locals converted); under `growth`, per person of
  // the region's net growth of residents this month: new capacity and new
  // dwellings are built for more people, not for people who already live
  // there and only change their hukou (docs/model.md s.6.8).
  const double residents = static_cast<double>(a.at(j, Counter::residents)) * scale;
  const double charged =
      f.infrastructure_on == InfrastructureOn::registration
          ? static_cast<double>(a.at(j, Counter::admissions) + a.at(j, Counter::conversions)) *
                scale
          : std::max(0.0, residents - previous_residents_[j]);
  sp[static_cast<int>(Spending::oneoff_housing)] +=
      charged * growth * costs.get(Scheme::urban, CostCategory::oneoff_housing);
  sp[static_cast<int>(Spending::oneoff_infrastructure)] +=
      charged * growth * costs.get(Scheme::urban, CostCategory::oneoff_infrastructure);
  if (policy.land_on_transfer == LandOnTransfer::compensate) {
    sp[static_cast<int>(Spending::land_compensation)] +=
        static_cast<double>(a.at(j, Counter::land_surrendered)) * scale * policy.land_compensation;
  }
  if (functional) {
    add(Spending::community, residents * growth * calibration_.community_per_resident[j]);
  }
  add(Spending::other, residents * growth * calibration_.other_per_resident[j]);

  // Revenue. Wages per year of a worker of wage multiplier 1; unregistered
  // workers earn migrant_wage_ratio of it.
  const double wage = fields.wage[j];
  const double ratio = m.migrant_wage_ratio;
  out.wage_bill = (h.employed[kReg] + h.employed[kUnreg] * ratio) * wage / 12.0;
  auto& rv = out.revenue;
  if (f.revenue_model == RevenueModel::average) {
    rv[static_cast<int>(Revenue::local_tax)] = calibration_.tax_rate[j] * out.wage_bill;
  } else {
    // Marginal (docs/model.md s.6.8): the local share of income tax on
    // formal wages and of indirect taxes on what workers spend, at the
    // migrant wage; the registered workers' premium above it as its own
    // line; the rest of local revenue fixed at the start.
    const double income = f.income_tax_rate * f.income_tax_local_share;
    const double consumption =
        f.consumption_share * f.consumption_tax_rate * f.consumption_tax_local_share;
    rv[static_cast<int>(Revenue::income_tax)] =
        income * (h.formal[kReg] + h.formal[kUnreg]) * ratio * wage / 12.0;
    rv[static_cast<int>(Revenue::consumption_tax)] =
        consumption * (h.employed[kReg] + h.employed[kUnreg]) * ratio * wage / 12.0;
    rv[static_cast<int>(Revenue::wage_premium)] =
        (income * h.formal[kReg] + consumption * h.employed[kReg]) * (1.0 - ratio) * wage / 12.0;
    if (!calibration_.fixed_revenue.empty()) {
      rv[static_cast<int>(Revenue::fixed_local)] = calibration_.fixed_revenue[j] / 12.0;
    }
  }
  rv[static_cast<int>(Revenue::social_insurance)] =
      f.social_insurance_rate * (h.formal[kReg] + h.formal[kUnreg] * ratio) * wage / 12.0;
  rv[static_cast<int>(Revenue::transfers)] = region.central_transfers / 12.0;
  rv[static_cast<int>(Revenue::fees)] =
      (h.pupils_of(kUnreg)) * costs.get(Scheme::urban, CostCategory::school_fee) / 12.0;
  return out;
}

void FiscalAccounts::calibrate(const Scenario& s, const Aggregates& start,
                               const RegionFields& fields, const std::vector<PolicyParams>& policy,
                               double scale) {
  const auto& f = s.params().fiscal;
  const int n = s.region_count();
  remember_residents(start, scale);
  calibration_.education_per_pupil.clear();
  calibration_.health_per_resident.clear();
  calibration_.social_per_registered.clear();
  calibration_.housing_per_registered.clear();
  calibration_.community_per_resident.clear();
  calibration_.fixed_revenue.clear();
  const bool functional = f.budget_model == BudgetModel::functional;
  if (functional) {
    // -1: the region has no budget to split (no local_revenue, or
    // fiscal.calibrate = 0) and is charged as under `legacy`.
    for (auto* v : {&calibration_.education_per_pupil, &calibration_.health_per_resident,
                    &calibration_.social_per_registered, &calibration_.housing_per_registered,
                    &calibration_.community_per_resident}) {
      v->assign(n, -1.0);
    }
  }
  for (int j = 0; j < n; ++j) {
    const Region& region = s.regions()[j];
    calibration_.tax_rate[j] = f.local_tax_rate;
    calibration_.other_per_resident[j] = 0.0;
    if (!f.calibrate || !region.local_revenue) continue;
    const double budget = *region.local_revenue + region.central_transfers;  // yuan/year
    const double residents = static_cast<double>(start.at(j, Counter::residents)) * scale;
    if (functional && residents > 0) {
      // Each function's amount: budget.csv, else its national share of the
      // budget; divided among its beneficiaries at the start.
      const Heads h = heads_of(start, j, scale);
      const FunctionBudget& given = s.budgets()[j];
      const auto amount = [&](BudgetFunction fn, double national_share) {
        const double x = given.get(fn);
        return std::isnan(x) ? national_share * budget : x;
      };
      const double share = policy[j].unregistered_service_share;
      const double pupils = h.pupils_of(kReg) + share * h.pupils_of(kUnreg);
      const double served = h.registered() + share * h.unregistered();
      const double registered = h.registered();
      // Dibao is charged by its own unit costs; it is part of social
      // security, so the function's per-person amount is what is left.
      double dibao = 0;
      const UnitCosts& costs = s.unit_costs()[j];
      const double dibao_share[2] = {f.dibao_share_rural, f.dibao_share_urban};
      for (int scheme = 0; scheme < 2; ++scheme) {
        const double u = scheme == 1 ? costs.get(Scheme::urban, CostCategory::dibao)
                                     : costs.get(Scheme::rural, CostCategory::dibao);
        dibao += h.all[scheme][kReg] * dibao_share[scheme] * u;
      }
      calibration_.education_per_pupil[j] =
          pupils > 0 ? amount(BudgetFunction::education, f.share_education) / pupils : 0.0;
      calibration_.health_per_resident[j] =
          served > 0 ? amount(BudgetFunction::health, f.share_health) / served : 0.0;
      calibration_.social_per_registered[j] =
          registered > 0
              ? std::max(0.0,
                         amount(BudgetFunction::social_security, f.share_social_security) - dibao) /
                    registered
              : 0.0;
      calibration_.housing_per_registered[j] =
          registered > 0 ? amount(BudgetFunction::housing, f.share_housing) / registered : 0.0;
      calibration_.community_per_resident[j] =
          amount(BudgetFunction::community, f.share_community) / residents;
    }
    const Amounts base = amounts(s, j, start, fields, policy[j], scale, 0);
    const double fees = base.revenue[static_cast<int>(Revenue::fees)];
    if (base.wage_bill > 0) {
      calibration_.tax_rate[j] =
          std::max(0.0, (*region.local_revenue / 12.0 - fees) / base.wage_bill);
    }
    if (f.revenue_model == RevenueModel::marginal) {
      // Local revenue not tied to wages (enterprise taxes, land, fees of
      // firms ...): what the start year's revenue leaves after the marginal
      // lines, held fixed.
      if (calibration_.fixed_revenue.empty()) calibration_.fixed_revenue.assign(n, 0.0);
      double wage_linked = 0;
      for (const Revenue r :
           {Revenue::income_tax, Revenue::consumption_tax, Revenue::wage_premium, Revenue::fees}) {
        wage_linked += base.revenue[static_cast<int>(r)];
      }
      calibration_.fixed_revenue[j] = std::max(0.0, *region.local_revenue - 12.0 * wage_linked);
    }
    double general = 0;  // this month's general-budget spending before `other`
    for (int c = 0; c < kSpending; ++c) {
      const auto category = static_cast<Spending>(c);
      if (!social_insurance_financed(category) && category != Spending::other) {
        general += base.spending[c];
      }
    }
    const double target = budget / 12.0;
    if (residents > 0) {
      calibration_.other_per_resident[j] = std::max(0.0, (target - general) * 12.0 / residents);
    }
  }
}

void FiscalAccounts::account(const Scenario& s, const Aggregates& tick, const RegionFields& fields,
                             const std::vector<PolicyParams>& policy, double scale, int months) {
  for (int j = 0; j < s.region_count(); ++j) {
    const Amounts x = amounts(s, j, tick, fields, policy[j], scale, months);
    std::int64_t in = 0, out = 0;
    for (int c = 0; c < kSpending; ++c)
      out += spending_[j][c] = std::llround(x.spending[c] * 100.0);
    for (int c = 0; c < kRevenue; ++c) in += revenue_[j][c] = std::llround(x.revenue[c] * 100.0);
    balance_[j] += in - out;
  }
  remember_residents(tick, scale);
}

}  // namespace migrasim
