#include "migrasim/model/region_fields.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "migrasim/scenario/region_groups.hpp"

namespace migrasim {

void init_region_fields(RegionFields& f, const Scenario& scenario) {
  const int n = scenario.region_count();
  const auto& m = scenario.params().migration;
  f.regions = n;
  f.wage.assign(n, 0.0);
  f.urban_income.resize(n);
  f.rural_income.resize(n);
  for (int j = 0; j < n; ++j) {
    f.urban_income[j] = scenario.regions()[j].urban_income;
    f.rural_income[j] = scenario.regions()[j].rural_income;
  }
  f.employment_rate.assign(n, 1.0);
  f.network = Eigen::MatrixXd::Zero(n, n);
  f.move_cost = Eigen::MatrixXd::Zero(n, n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (i != j) {
        f.move_cost(i, j) =
            m.b_dist * std::log1p(scenario.distances_km()(i, j) / m.d0_km) + m.c_move;
      }
    }
  }
  f.registered_term.assign(static_cast<std::size_t>(kChooserClasses) * n, 0.0);
  f.unregistered_term.assign(static_cast<std::size_t>(kChooserClasses) * n, 0.0);
  f.registered_weight.assign(f.registered_term.size(), 0.0);
  f.unregistered_weight.assign(f.unregistered_term.size(), 0.0);
  f.network_weight = Eigen::MatrixXd::Ones(n, n);
  std::vector<std::string> names, provinces;
  for (const Region& r : scenario.regions()) {
    names.push_back(r.name);
    provinces.push_back(r.province);
  }
  f.province = group_regions(names, provinces, true).of_region;
  f.size.assign(n, 0.0);
  f.size_weight.assign(n, 1.0);
  f.move_weight = (-f.move_cost.transpose()).array().exp().matrix();
}

void apply_region_paths(RegionFields& f, const Scenario& scenario, int tick) {
  for (const RegionPath& path : scenario.region_paths()) {
    const double value = path.at(tick);
    if (path.key == PathKey::urban_income) {
      f.urban_income[path.region] = value;
    } else {
      f.rural_income[path.region] = value;
    }
  }
}

void update_region_fields(RegionFields& f, const Scenario& scenario,
                          const std::vector<PolicyParams>& policy, const Aggregates& last,
                          const std::vector<double>& initial_labour) {
  const int n = f.regions;
  const auto& m = scenario.params().migration;
  const double multiplier[kEducationLevels] = {m.wage_primary, m.wage_junior, m.wage_senior,
                                               m.wage_college};

  for (int j = 0; j < n; ++j) {
    const Region& r = scenario.regions()[j];
    const double labour = static_cast<double>(last.at(j, Counter::employed));
    const double seeking = labour + static_cast<double>(last.at(j, Counter::unemployed));
    f.wage[j] = initial_labour[j] > 0 && labour > 0
                    ? f.urban_income[j] * std::pow(labour / initial_labour[j], -m.wage_elasticity)
                    : f.urban_income[j];
    f.employment_rate[j] = seeking > 0 ? labour / seeking : 1.0 - m.unemployment_rate;
  }

  for (int j = 0; j < n; ++j) {
    const double residents = static_cast<double>(last.at(j, Counter::residents));
    // An empty region is no destination when size counts (weight 0).
    f.size[j] = m.b_size == 0   ? 0.0
                : residents > 0 ? m.b_size * std::log(residents * f.persons_per_agent / m.size_ref)
                                : -INFINITY;
    f.size_weight[j] = std::exp(f.size[j]);
    for (int h = 0; h < n; ++h) {
      const double stock = static_cast<double>(last.stock(h, j));
      // Home province: a region of the chooser's province but not its own.
      const double province = f.province[h] == f.province[j] ? m.b_province : 0.0;
      f.network(h, j) = h == j ? 0.0
                        : residents <= 0
                            ? province
                            : m.b_net * std::log1p(m.net_k * stock / residents) + province;
      f.network_weight(j, h) = std::exp(f.network(h, j));
    }
  }

  for (int j = 0; j < n; ++j) {
    const Region& r = scenario.regions()[j];
    const PolicyParams& p = policy[j];
    const UnitCosts& costs = scenario.unit_costs()[j];
    const double equalization = effective_equalization(p);
    for (int e = 0; e < kEducationLevels; ++e) {
      for (int urban = 0; urban < 2; ++urban) {
        for (int kids = 0; kids < 2; ++kids) {
          const int c = chooser_class(static_cast<Education>(e), urban, kids);
          // Yearly value of services the class's scheme gives in j, yuan.
          const auto scheme_value = [&](Scheme s) {
            return costs.get(s, CostCategory::health) +
                   (kids ? costs.get(s, CostCategory::education) : 0.0);
          };
          const double rural = scheme_value(Scheme::rural),
                       urban_value = scheme_value(Scheme::urban);
          const double services =
              urban ? urban_value : rural + equalization * (urban_value - rural);
          const double wage_income =
              f.employment_rate[j] * f.wage[j] * multiplier[e] / r.cost_of_living;
          const double income_registered =
              urban ? wage_income : f.rural_income[j] / r.cost_of_living;
          const double income_unregistered = wage_income * m.migrant_wage_ratio;
          const double fees = kids ? costs.get(Scheme::urban, CostCategory::school_fee) : 0.0;

          // The exam advantage is a service of the registered pupil.
          const double exam = kids ? p.exam_advantage : 0.0;
          f.registered_term[c * n + j] = m.b_inc * std::log(income_registered) +
                                         m.b_svc * (services + exam) / 1e4 + m.b_home +
                                         r.attraction;
          f.registered_weight[c * n + j] = std::exp(f.registered_term[c * n + j]);
          // Where no one is employed (E_j = 0: few agents, all unemployed) a
          // wage income is 0 and its log -inf: the alternative gets weight 0,
          // never NaN (0/0 fees would be).
          const double fee_term = fees > 0 ? m.b_fee * fees / income_unregistered : 0.0;
          f.unregistered_term[c * n + j] = m.b_inc * std::log(income_unregistered) +
                                           m.b_svc * services * p.unregistered_service_share / 1e4 -
                                           fee_term + r.attraction;
          f.unregistered_weight[c * n + j] = std::exp(f.unregistered_term[c * n + j]);
        }
      }
    }
  }
}

namespace {

// Utilities V_j of one chooser into `v`; returns the largest.
double utilities(const RegionFields& f, int c, int location, int hukou, double* v) {
  const int n = f.regions;
  const double* reg = &f.registered_term[c * n];
  const double* unreg = &f.unregistered_term[c * n];
  double best = -INFINITY;
  for (int j = 0; j < n; ++j) {
    const double value = (j == hukou      ? reg[j]
                          : j == location ? unreg[j] + f.network(hukou, j)
                                          : unreg[j] + f.network(hukou, j) + f.size[j]) -
                         f.move_cost(location, j);
    v[j] = value;
    best = std::max(best, value);
  }
  return best;
}

}  // namespace

int choose_destination(const RegionFields& f, int c, int location, int hukou, double u,
                       double* scratch) {
  const int n = f.regions;
  // Weights exp(V_j) as products of per-tick factors, summed in region order
  // (a fixed order: the same result on any thread).
  const double* reg = &f.registered_weight[c * n];
  const double* unreg = &f.unregistered_weight[c * n];
  const double* net = f.network_weight.col(hukou).data();
  const double* move = f.move_weight.col(location).data();
  const double* size = f.size_weight.data();
  double total = 0;
  for (int j = 0; j < n; ++j) {
    const double away = unreg[j] * net[j] * (j == location ? 1.0 : size[j]);
    total += (j == hukou ? reg[j] : away) * move[j];
    scratch[j] = total;
  }
  if (!(total > 0) || !std::isfinite(total)) {
    // Utilities too large or small for plain weights: shift by the largest.
    const double best = utilities(f, c, location, hukou, scratch);
    // No alternative has any value (no income anywhere it could go): it stays.
    if (best == -INFINITY) return location;
    total = 0;
    for (int j = 0; j < n; ++j) {
      total += std::exp(scratch[j] - best);
      scratch[j] = total;
    }
  }
  // The first j whose cumulative weight exceeds u x total: a binary search
  // of the (non-decreasing) sums, the same j as a scan from the front.
  const double target = u * total;
  const double* first_above = std::upper_bound(scratch, scratch + n, target);
  return first_above == scratch + n ? n - 1 : static_cast<int>(first_above - scratch);
}

std::vector<double> destination_probabilities(const RegionFields& f, int c, int location,
                                              int hukou) {
  std::vector<double> p(f.regions);
  const double best = utilities(f, c, location, hukou, p.data());
  if (best == -INFINITY) {  // as choose_destination: it stays
    std::fill(p.begin(), p.end(), 0.0);
    p[location] = 1.0;
    return p;
  }
  double total = 0;
  for (double& x : p) total += (x = std::exp(x - best));
  for (double& x : p) x /= total;
  return p;
}

}  // namespace migrasim
