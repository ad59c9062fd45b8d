// The fields phase: per-region quantities every agent decision reads,
// computed once per tick from the previous tick's aggregates (DESIGN.md s.1):
// wages w_j = w0_j (L_j / L0_j)^(-eta), employment rates, network terms, and
// the destination-utility terms of each chooser class, so that a chooser's
// utility for region j is a few additions.
#pragma once

#include <vector>

#include <Eigen/Core>

#include "migrasim/model/agent_store.hpp"
#include "migrasim/model/aggregates.hpp"
#include "migrasim/scenario/scenario.hpp"

namespace migrasim {

// Chooser classes: education (4) x urban hukou (2) x children with them (2).
inline constexpr int kChooserClasses = kEducationLevels * 2 * 2;
inline int chooser_class(Education e, bool urban_hukou, bool with_children) {
  return (static_cast<int>(e) * 2 + (urban_hukou ? 1 : 0)) * 2 + (with_children ? 1 : 0);
}

struct RegionFields {
  int regions = 0;
  std::vector<double> wage;  // yuan/year, registered worker of wage multiplier 1
  // The incomes of this tick, yuan/person/year: regions.csv's, or the
  // scenario's region path at the tick (apply_region_paths).
  std::vector<double> urban_income;
  std::vector<double> rural_income;
  std::vector<double> employment_rate;  // employed / (employed + unemployed), non-farm
  // [hukou h][j] b_net ln(1 + k M_hj / N_j) + b_province [same province]; 0 when j = h
  Eigen::MatrixXd network;
  std::vector<int> province;  // [j] index of the region's province (first-seen order)
  Eigen::MatrixXd move_cost;  // [i][j] b_dist ln(1 + d_ij/d0) + c_move; 0 on the diagonal
  // b_size ln(N_j / size_ref), N_j residents in persons: the number of places
  // region j stands for. Counts for destinations other than where the chooser
  // lives and where it belongs (both one definite place); 0 when b_size = 0.
  std::vector<double> size;
  double persons_per_agent = 1.0;  // the run's scale, set by the simulation
  // Utility of region j for class c when registered there (j is the chooser's
  // hukou region: income, services, b_home, exam advantage) and when not.
  std::vector<double> registered_term;    // [c * regions + j]
  std::vector<double> unregistered_term;  // [c * regions + j]

  // The same terms as weights exp(term), so a chooser's weight for j is a
  // product (no exp per chooser): weight_j = exp(V_j).
  Eigen::MatrixXd network_weight;           // [j][h] exp(network(h, j)), column per hukou
  Eigen::MatrixXd move_weight;              // [j][i] exp(-move_cost(i, j)), column per origin
  std::vector<double> size_weight;          // [j] exp(size[j])
  std::vector<double> registered_weight;    // [c * regions + j]
  std::vector<double> unregistered_weight;  // [c * regions + j]

  double registered(int c, int j) const { return registered_term[c * regions + j]; }
  double unregistered(int c, int j) const { return unregistered_term[c * regions + j]; }
};

// Sets the constant parts (move costs) and sizes everything.
void init_region_fields(RegionFields& fields, const Scenario& scenario);

// Sets this tick's incomes from the scenario's region paths (regions.csv's
// values where a region has none). Call before update_region_fields.
void apply_region_paths(RegionFields& fields, const Scenario& scenario, int tick);

// Recomputes the per-tick parts from the last aggregates, the labour supply
// at the start (L0) and each region's current policy.
void update_region_fields(RegionFields& fields, const Scenario& scenario,
                          const std::vector<PolicyParams>& policy, const Aggregates& last,
                          const std::vector<double>& initial_labour);

// Exact multinomial-logit draw of a destination for a chooser of class `c`
// living in `location` with hukou `hukou`, from the uniform `u` in [0, 1).
// O(regions) sums and an O(log regions) search; `scratch` must hold `regions`
// doubles.
int choose_destination(const RegionFields& fields, int c, int location, int hukou, double u,
                       double* scratch);

// The choice probabilities themselves (for tests and reports).
std::vector<double> destination_probabilities(const RegionFields& fields, int c, int location,
                                              int hukou);

}  // namespace migrasim
