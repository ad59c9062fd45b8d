// Population synthesis (see population.hpp). Households are built one at a
// time from a random sequence keyed by (seed, household number), so the
// result depends only on the scenario, the agent count and the seed.
#include "migrasim/model/population.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "migrasim/exec/context.hpp"
#include "migrasim/model/demography.hpp"
#include "migrasim/model/random.hpp"

namespace migrasim {

std::vector<std::int64_t> apportion(const std::vector<double>& weights, std::int64_t total) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<std::int64_t> out(weights.size(), 0);
  if (sum <= 0 || total <= 0) return out;
  std::vector<std::pair<double, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    out[i] = static_cast<std::int64_t>(std::floor(exact));
    given += out[i];
    remainders.emplace_back(exact - static_cast<double>(out[i]), i);
  }
  // Largest remainders first; ties to the lower index (a fixed rule).
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total && k < remainders.size(); ++k, ++given) {
    ++out[remainders[k].second];
  }
  return out;
}

namespace {

constexpr int kMaxHouseholdSize = 10;
constexpr double kSpouseShare = 0.85;  // households of 2+ whose second member is a spouse

// Ages of migrant workers, 2009 (data/demography.md s.5): 16-25 41.6%,
// 26-30 20.0%, 31-40 22.3%, 41-50 11.9%, 51-60 4.2%.
int migrant_head_age(double u) {
  const double cumulative[] = {0.416, 0.616, 0.839, 0.958, 1.0};
  const int from[] = {16, 26, 31, 41, 51}, width[] = {10, 5, 10, 10, 10};
  for (int k = 0; k < 5; ++k) {
    if (u < cumulative[k] || k == 4) {
      const double lower = k == 0 ? 0.0 : cumulative[k - 1];
      const double within = (u - lower) / (cumulative[k] - lower);
      return from[k] + std::min(width[k] - 1, static_cast<int>(within * width[k]));
    }
  }
  return 30;
}

// Synthesis in two passes, so that the work per agent runs in parallel and
// the result is the same as building the households one after another:
//  1. the plan (serial, cheap): which households exist, in order, with the
//     number each one's random sequence is keyed by. A migrant household's
//     composition is drawn here too, because whether its family comes along
//     depends on the running share of the households before it; a local
//     household needs only its size.
//  2. the build (parallel over jobs of consecutive households, through the
//     execution context): every member's traits, drawn from the household's
//     own sequence as pass 1 drew it, into a buffer per job; the buffers are
//     appended to the store in job order.
// Ids follow the order of creation, so a job's first id is the number of
// agents planned before it.
class Synthesizer {
 public:
  Synthesizer(const Scenario& s, std::uint64_t seed)
      : s_(s), p_(s.params().population), m_(s.params().migration), seed_(seed) {}

  void run(std::uint64_t agents, const ExecutionContext& context, AgentStore& store) {
    plan(agents);
    // Jobs are built in waves of a few per thread, so at most a wave's
    // buffers exist at once.
    const std::size_t wave = static_cast<std::size_t>(context.threads()) * 4;
    std::vector<std::vector<AgentRecord>> buffers(wave);
    std::vector<Scratch> scratch(static_cast<std::size_t>(context.threads()));
    for (std::size_t first = 0; first < jobs_.size(); first += wave) {
      const std::size_t count = std::min(wave, jobs_.size() - first);
      context.parallel_for("population synthesis", count, [&](std::size_t k, int thread) {
        buffers[k].clear();
        build(jobs_[first + k], scratch[thread], buffers[k]);
      });
      for (std::size_t k = 0; k < count; ++k) {
        for (const AgentRecord& a : buffers[k]) store.append(a);
      }
    }
  }

 private:
  // Consecutive households of one kind, built by one worker.
  struct Job {
    bool migrant = false;
    int region = 0;  // local: the region (migrant: see plans_)
    std::uint32_t first_household = 0;
    std::uint32_t households = 0;
    std::uint32_t first_id = 0;  // agents planned before this job
    std::int64_t room = 0;       // local: agents the region still needs
    std::size_t first_plan = 0;  // migrant: index into plans_
  };
  // A migrant household as pass 1 decided it.
  struct MigrantPlan {
    std::uint32_t household;
    int hukou, here;
    std::int64_t room;  // agents still to place in `here` from `hukou`
    bool with_family;
  };
  struct Scratch {
    std::vector<AgentRecord> members;
    std::vector<bool> in_r;
  };
  static constexpr std::uint32_t kMigrantJob = 1024, kLocalJob = 4096;  // households

  void plan(std::uint64_t agents) {
    const int n = s_.region_count();
    std::vector<double> population;
    for (const auto& r : s_.regions()) population.push_back(r.population);
    const auto residents = apportion(population, static_cast<std::int64_t>(agents));

    std::vector<std::int64_t> left_behind(n, 0);
    std::vector<std::int64_t> migrants(n, 0);
    std::uint32_t household = 0, planned = 0;
    std::int64_t migrant_heads = 0, family_heads = 0;
    Scratch sc;
    for (int r = 0; r < n; ++r) {
      const Region& region = s_.regions()[r];
      migrants[r] = region.population > 0
                        ? std::min<std::int64_t>(residents[r],
                                                 std::llround(static_cast<double>(residents[r]) *
                                                              region.migrants / region.population))
                        : 0;
      const auto by_origin = apportion(origin_weights(r), migrants[r]);
      for (int h = 0; h < n; ++h) {
        for (std::int64_t left = by_origin[h]; left > 0;) {
          RandomSequence rng(seed_, household, 0, Purpose::synthesis);
          compose_migrant(h, rng, sc);
          // Only heads with a spouse or child can live with family. Heads
          // that have one bring them as long as the running share of all
          // migrant heads living with family is below the target: the share
          // then matches it to within one household, whatever the sizes.
          bool has_family = false;
          for (std::size_t i = 1; i < sc.members.size(); ++i) {
            const Role role = sc.members[i].traits.role();
            has_family |= role == Role::spouse || role == Role::child;
          }
          const bool with_family =
              has_family && left >= 2 &&
              static_cast<double>(family_heads) <
                  p_.family_migration_share * static_cast<double>(migrant_heads + 1);
          ++migrant_heads;
          family_heads += with_family;
          const std::int64_t added_here = place_migrants(with_family, left, sc);
          const auto size = static_cast<std::uint32_t>(sc.members.size());
          add_migrant({household++, h, r, left, with_family}, planned);
          planned += size;
          left_behind[h] += size - added_here;
          left -= added_here;
        }
      }
    }
    for (int h = 0; h < n; ++h) {
      const Region& region = s_.regions()[h];
      for (std::int64_t left = residents[h] - migrants[h] - left_behind[h]; left > 0;) {
        if (jobs_.empty() || jobs_.back().migrant || jobs_.back().region != h ||
            jobs_.back().households == kLocalJob) {
          jobs_.push_back({false, h, household, 0, planned, left, 0});
        }
        RandomSequence rng(seed_, household++, 0, Purpose::synthesis);
        const auto size = static_cast<std::uint32_t>(
            std::min<std::int64_t>(household_size(region.household_size, rng), left));
        ++jobs_.back().households;
        planned += size;
        left -= size;
      }
    }
  }

  void add_migrant(const MigrantPlan& plan, std::uint32_t planned) {
    if (jobs_.empty() || jobs_.back().households == kMigrantJob) {
      jobs_.push_back({true, 0, plan.household, 0, planned, 0, plans_.size()});
    }
    plans_.push_back(plan);
    ++jobs_.back().households;
  }

  void build(const Job& job, Scratch& sc, std::vector<AgentRecord>& out) const {
    std::uint32_t next_id = job.first_id;
    if (job.migrant) {
      for (std::uint32_t k = 0; k < job.households; ++k) {
        const MigrantPlan& plan = plans_[job.first_plan + k];
        RandomSequence rng(seed_, plan.household, 0, Purpose::synthesis);
        const auto [type, owns_home] = compose_migrant(plan.hukou, rng, sc);
        place_migrants(plan.with_family, plan.room, sc);
        for (std::size_t i = 0; i < sc.members.size(); ++i) {
          const int here = sc.in_r[i] ? plan.here : plan.hukou;
          // Family left at home is not a migrant: local education, no home
          // at r.
          AgentRecord& a = sc.members[i];
          finish_member(a, plan.hukou, here, type, here == plan.here,
                        owns_home && here == plan.here, rng, next_id);
          a.traits.set_member(static_cast<int>(i), static_cast<int>(sc.members.size()));
          out.push_back(a);
        }
      }
      return;
    }
    std::int64_t room = job.room;
    for (std::uint32_t k = 0; k < job.households; ++k) {
      room -= local_household(job.region, job.first_household + k, room, sc, next_id, out);
    }
  }

  // Weights of hukou regions for migrants living in r.
  std::vector<double> origin_weights(int r) const {
    const int n = s_.region_count();
    std::vector<double> w(n, 0.0);
    for (int h = 0; h < n; ++h) {
      if (h == r) continue;
      w[h] = s_.has_migrant_stock()
                 ? s_.migrant_stock()(h, r)
                 // Gravity: origin population over distance (50 km floor).
                 : s_.regions()[h].population / std::max(50.0, s_.distances_km()(h, r));
    }
    return w;
  }

  int household_size(double mean, RandomSequence& rng) const {
    // 1 + Poisson(mean - 1), at most kMaxHouseholdSize (2010 census mean 3.10).
    const double lambda = std::max(0.0, mean - 1.0);
    double u = rng.uniform(), term = std::exp(-lambda), cumulative = term;
    int k = 0;
    while (u > cumulative && k < kMaxHouseholdSize - 1) {
      ++k;
      term *= lambda / k;
      cumulative += term;
    }
    return 1 + k;
  }

  Education education(RandomSequence& rng, bool migrant) const {
    const double u = rng.uniform();
    const double college = migrant ? p_.migrant_edu_college : p_.edu_college;
    const double senior = migrant ? p_.migrant_edu_senior : p_.edu_senior;
    const double junior = migrant ? p_.migrant_edu_junior : p_.edu_junior;
    if (u < college) return Education::college;
    if (u < college + senior) return Education::senior;
    if (u < college + senior + junior) return Education::junior;
    return Education::primary;
  }

  Employment employment(RandomSequence& rng, bool registered_here, bool agricultural) const {
    if (registered_here && agricultural) return Employment::farming;
    if (rng.uniform() < m_.unemployment_rate) return Employment::unemployed;
    const double formal = registered_here ? m_.formal_share : m_.migrant_formal_share;
    return rng.uniform() < formal ? Employment::formal : Employment::informal;
  }

  // Chances that a member other than head and spouse is a child or an elder,
  // set so that the shares of children (0-14) and elders (65+) match
  // [population] in expectation for households of this mean size.
  std::pair<double, double> slot_chances(double mean_size) const {
    const double lambda = std::max(0.0, mean_size - 1.0);
    const double other_slots =
        std::max(1e-9, mean_size - 1.0 - kSpouseShare * (1.0 - std::exp(-lambda)));
    double child = p_.age_0_14 * mean_size * (16.0 / 15.0) / other_slots;
    double elder = p_.age_65_plus * mean_size / other_slots;
    if (child + elder > 1.0) {
      const double shrink = 1.0 / (child + elder);
      child *= shrink;
      elder *= shrink;
    }
    return {child, elder};
  }

  // Roles and ages of a household of `size`, head first. Other members'
  // chances are set so that the region's shares of children (0-14) and
  // elders (65+) match [population] in expectation.
  void compose(int size, double mean_size, int head_age, RandomSequence& rng,
               std::vector<AgentRecord>& members) const {
    members.assign(size, AgentRecord{});
    const auto [child, elder] = slot_chances(mean_size);
    members[0].traits.set_role(Role::worker);
    members[0].age = static_cast<std::uint8_t>(head_age);
    for (int i = 1; i < size; ++i) {
      AgentRecord& a = members[i];
      if (i == 1 && rng.uniform() < kSpouseShare) {
        a.traits.set_role(Role::spouse);
        a.age = static_cast<std::uint8_t>(
            std::clamp(head_age - 3 + static_cast<int>(rng.below(7)), 18, 64));
        continue;
      }
      const double u = rng.uniform();
      if (u < child) {
        a.traits.set_role(Role::child);
        a.age = static_cast<std::uint8_t>(rng.below(16));
      } else if (u < child + elder) {
        a.traits.set_role(Role::elder);
        a.age = static_cast<std::uint8_t>(
            std::min(100, kElderAge + static_cast<int>(-8.0 * std::log(1.0 - rng.uniform()))));
      } else {
        a.traits.set_role(Role::worker);
        a.age = static_cast<std::uint8_t>(kAdultAge + rng.below(15));
      }
    }
  }

  // Fills in everything but roles and ages; `here` is where each member lives.
  void finish_member(AgentRecord& a, int hukou, int here, HukouType type, bool migrant_household,
                     bool owns_home, RandomSequence& rng, std::uint32_t& next_id) const {
    a.id = next_id++;
    a.hukou_region = static_cast<std::uint16_t>(hukou);
    a.location = static_cast<std::uint16_t>(here);
    a.birth_month = static_cast<std::uint8_t>(rng.below(12));
    a.traits.set_hukou_type(type);
    a.traits.set_holds_land(type == HukouType::agricultural);
    a.traits.set_owns_home(owns_home);
    const Role role = a.traits.role();
    const bool adult = role == Role::worker || role == Role::spouse || role == Role::elder;
    a.traits.set_education(adult ? education(rng, migrant_household) : Education::primary);
    const bool registered_here = hukou == here;
    if ((role == Role::worker || role == Role::spouse) && a.age >= kAdultAge && a.age < kElderAge) {
      a.traits.set_employment(employment(rng, registered_here, type == HukouType::agricultural));
    } else {
      a.traits.set_employment(Employment::not_working);
    }
    const int lived = registered_here
                          ? a.age * 12 + a.birth_month
                          : static_cast<int>(rng.below(12 * std::clamp(a.age - 15, 1, 10)));
    a.months_at_location = static_cast<std::uint16_t>(std::min(lived, 65535));
    a.insured_months = a.traits.employment() == Employment::formal
                           ? static_cast<std::uint16_t>(rng.below(a.months_at_location + 1u))
                           : 0;
  }

  // The first draws of a migrant household with hukou h: its size, hukou
  // type, home ownership and members (roles and ages, in sc.members).
  std::pair<HukouType, bool> compose_migrant(int h, RandomSequence& rng, Scratch& sc) const {
    const double mean = s_.regions()[h].household_size;
    const int size = household_size(mean, rng);
    const HukouType type = rng.uniform() < p_.migrant_rural_share ? HukouType::agricultural
                                                                  : HukouType::non_agricultural;
    const bool owns_home = rng.uniform() < p_.migrant_home_ownership;
    compose(size, mean, migrant_head_age(rng.uniform()), rng, sc.members);
    return {type, owns_home};
  }

  // Who of a migrant household lives in r (sc.in_r): the head; with family,
  // spouse and children first, then other working-age members, while r has
  // `room`. Elders and anyone beyond the room stay in h (left behind), so
  // r's count is exact. Returns the agents placed in r.
  static std::int64_t place_migrants(bool with_family, std::int64_t room, Scratch& sc) {
    std::vector<bool>& in_r = sc.in_r;
    in_r.assign(sc.members.size(), false);
    in_r[0] = true;
    std::int64_t added_here = 1;
    for (int pass = 0; pass < 2 && with_family; ++pass) {
      for (std::size_t i = 1; i < sc.members.size() && added_here < room; ++i) {
        const Role role = sc.members[i].traits.role();
        const bool dependent = role == Role::spouse || role == Role::child;
        if (!in_r[i] && (pass == 0 ? dependent : role == Role::worker)) {
          in_r[i] = true;
          ++added_here;
        }
      }
    }
    return added_here;
  }

  // A household of region h registered there (at most `room` agents),
  // appended to `out`; returns its size.
  std::int64_t local_household(int h, std::uint32_t household, std::int64_t room, Scratch& sc,
                               std::uint32_t& next_id, std::vector<AgentRecord>& out) const {
    RandomSequence rng(seed_, household, 0, Purpose::synthesis);
    const Region& region = s_.regions()[h];
    const int size =
        static_cast<int>(std::min<std::int64_t>(household_size(region.household_size, rng), room));
    const HukouType type = rng.uniform() < region.urban_hukou_share ? HukouType::non_agricultural
                                                                    : HukouType::agricultural;
    const bool owns_home = type != HukouType::agricultural && rng.uniform() < p_.home_ownership;
    compose(size, region.household_size, 20 + static_cast<int>(rng.below(45)), rng, sc.members);
    for (std::size_t i = 0; i < sc.members.size(); ++i) {
      finish_member(sc.members[i], h, h, type, false, owns_home, rng, next_id);
      sc.members[i].traits.set_member(static_cast<int>(i), static_cast<int>(sc.members.size()));
      out.push_back(sc.members[i]);
    }
    return size;
  }

  const Scenario& s_;
  const PopulationParams& p_;
  const MigrationParams& m_;
  std::uint64_t seed_;
  std::vector<Job> jobs_;
  std::vector<MigrantPlan> plans_;
};

}  // namespace

void synthesize_population(const Scenario& scenario, std::uint64_t agents, std::uint64_t seed,
                           AgentStore& store, const ExecutionContext& context,
                           std::size_t block_target) {
  store.begin_fill(agents + agents / 50, block_target);
  Synthesizer(scenario, seed).run(agents, context, store);
  store.end_fill();
}

}  // namespace migrasim
