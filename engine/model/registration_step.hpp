// Internal: the registration part of the agent and admission phases.
//
// At the end of its month each household's would-be applicants (the head,
// and any independent adult living apart from the head) are tested against
// the rule of the region where they live; those eligible apply when
// registering is worth it. Applications are kept in per-thread lists and
// decided in the admission phase, then the admitted units are transferred.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "migrasim/exec/context.hpp"
#include "migrasim/model/agent_store.hpp"
#include "migrasim/model/aggregates.hpp"
#include "migrasim/model/random.hpp"
#include "migrasim/model/region_fields.hpp"
#include "migrasim/model/registration.hpp"
#include "migrasim/scenario/scenario.hpp"

namespace migrasim::detail {

// admission_thresholds (registration.hpp) into `threshold`, with working
// memory kept between ticks, so the tick loop allocates nothing once the
// vectors have grown: the radix selection's prefixes, allowances left, open
// regions and 256-bin histograms.
struct SelectionScratch {
  std::vector<std::uint64_t> prefix;
  std::vector<std::int64_t> remaining;
  std::vector<char> open;
  std::vector<std::array<std::int64_t, 256>> histogram;
};
void admission_thresholds(const std::vector<const std::vector<ApplicationKey>*>& lists,
                          const std::vector<std::int64_t>& allowance, int regions,
                          const ExecutionContext& context, SelectionScratch& scratch,
                          std::vector<std::uint64_t>& threshold);

// Per-tick values the application decision reads, by region.
struct RegistrationTable {
  std::vector<RegionRule> rules;
  bool any = false;  // some region admits someone this tick
  // Per region, for the quick tests of the applicant walk: 1 where someone may
  // register (migrants), and where local agricultural residents may convert.
  std::vector<std::uint8_t> admits, converts;
  bool monthly = false;       // some region takes applications every month
  bool any_converts = false;  // some region converts local agricultural hukou
  int month = 0;              // 0 = January: whose yearly review it is
  double max_reunion = 0;     // the largest yearly reunion chance of a closed region
  // Yearly value, yuan, of the services a registered person of scheme s
  // (0 rural, 1 urban) gets in region j: health for everyone, plus
  // education for a pupil (aged 6-15). The rural scheme is raised by the
  // region's equalization.
  std::vector<double> health[2], education[2];
  std::vector<double> school_fee;              // yuan/year per unregistered pupil
  std::vector<double> wage[kEducationLevels];  // yuan/year, expected, registered worker in j
  std::vector<double> land_value;              // yuan per land holder with hukou in h (PV)
  double annuity = 0;                          // PV of 1 yuan/year over the horizon
  double migrant_wage_ratio = 1;
  HashDraw chance_draw{0, 0, Purpose::registration};
  HashDraw tie_draw{0, 0, Purpose::admission};
};

void update_registration_table(RegistrationTable& t, const Scenario& scenario,
                               const std::vector<PolicyParams>& policy, const RegionFields& fields,
                               std::uint64_t seed, int tick);

// One application, with what the admission phase needs to carry it out.
struct Application {
  ApplicationKey key;
  std::size_t block = 0;
  std::size_t slot = 0;     // of the applicant (the head for a household unit)
  bool head = false;        // the unit is the head and its co-located dependents
  bool conversion = false;  // a local agricultural resident converting (not a migrant)
  bool buys_home = false;   // the purchase rule: the unit buys a home now
};

// Considers the applicants of the household members m[0..k) (records at the
// end of the tick; slot of member i = first_slot + i for i < in_place) and
// appends the applications to `out`.
void consider_applications(const RegistrationTable& t, const AgentRecord* m, int k,
                           std::size_t block, std::size_t first_slot, int in_place,
                           std::vector<Application>& out, std::vector<ApplicationKey>& keys);

// After a block was compacted: the slots of apps[from_index..] (the block's
// applications) from slot `first` on are moved as the compaction moved them
// (holes removed, newborns inserted).
void fix_application_slots(std::vector<Application>& apps, std::size_t from_index,
                           std::size_t first, const std::vector<std::size_t>& holes,
                           const std::vector<std::pair<std::size_t, AgentRecord>>& pending);

// Carries out an admitted application: the unit's members get the region's
// registration (non-agricultural hukou; land surrendered if the rule says
// so), counted into `agg` by differences. Returns the persons transferred.
int transfer_unit(const RegistrationTable& t, AgentStore& st, const Application& a,
                  Aggregates& agg);

// Adds (+1) or removes (-1) one person from the stock and profile counts.
void count_member(const AgentRecord& a, Aggregates& agg, int sign);

}  // namespace migrasim::detail
