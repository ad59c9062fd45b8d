// The agent phase for one household at a time (DESIGN.md s.1, phase 3):
// demography on each member's birth month, the migration decision of each
// independent adult with family following, then counting. All random draws
// come from counter-based streams keyed by (seed, agent id, tick, purpose).
#include "household_step.hpp"

#include <algorithm>

#include "migrasim/demography.hpp"
#include "migrasim/random.hpp"

namespace migrasim::detail {

namespace {

bool is_working_parent(const AgentRecord& a) {
  const Role role = a.traits.role();
  return (role == Role::worker || role == Role::spouse) && a.age >= kAdultAge && a.age < kElderAge;
}

// Job status on arrival in `location`.
Employment arrival_employment(const MigrationParams& m, const AgentRecord& a, int location,
                              double u1, double u2) {
  const bool registered_here = a.hukou_region == location;
  if (registered_here && a.traits.hukou_type() == HukouType::agricultural) {
    return Employment::farming;
  }
  if (u1 < m.unemployment_rate) return Employment::unemployed;
  return u2 < (registered_here ? m.formal_share : m.migrant_formal_share) ? Employment::formal
                                                                         : Employment::informal;
}

void move_member(const TickInputs& in, AgentRecord& a, int to, Aggregates& agg) {
  const int from = a.location;
  ++agg.flows(from, to);
  ++agg.at(from, Counter::moves_out);
  ++agg.at(to, Counter::moves_in);
  a.location = static_cast<std::uint16_t>(to);
  a.months_at_location = 0;
  a.insured_months = 0;
  if (a.traits.employment() != Employment::not_working) {
    const auto w = RandomStream(in.seed, a.id, in.tick, Purpose::employment).block(0);
    a.traits.set_employment(arrival_employment(in.scenario->params().migration, a, to,
                                               uniform32(w[0]), uniform32(w[1])));
  }
}

// Demography of member i on its birth month. Returns false when it dies.
bool age_member(const TickInputs& in, AgentRecord* m, int i, int& k, std::uint32_t& births,
                Aggregates& agg) {
  AgentRecord& a = m[i];
  const auto& d = in.scenario->params().demography;
  const auto w = RandomStream(in.seed, a.id, in.tick, Purpose::demography).block(0);
  if (uniform32(w[0]) < yearly_death_chance(d, a.age)) {
    ++agg.at(a.location, Counter::deaths);
    return false;
  }
  if (a.age < 255) ++a.age;
  const Role role = a.traits.role();
  if (role == Role::child && a.age >= kAdultAge) {
    a.traits.set_role(Role::worker);
    a.traits.set_employment(arrival_employment(in.scenario->params().migration, a, a.location,
                                               uniform32(w[2]), uniform32(w[3])));
  } else if ((role == Role::worker || role == Role::spouse) && a.age >= kElderAge) {
    if (i > 0) a.traits.set_role(Role::elder);
    a.traits.set_employment(Employment::not_working);
  }
  if (a.traits.role() == Role::spouse && a.age >= kFertileFrom && a.age <= kFertileTo &&
      uniform32(w[1]) < d.fertility && k < kMaxMembers) {
    AgentRecord& baby = m[k++];
    baby = AgentRecord{};
    baby.id = kUnassignedId;
    baby.hukou_region = a.hukou_region;  // registration follows the mother
    baby.location = a.location;
    baby.birth_month = static_cast<std::uint8_t>(in.month);
    baby.traits.set_hukou_type(a.traits.hukou_type());
    baby.traits.set_holds_land(a.traits.holds_land());
    baby.traits.set_owns_home(a.traits.owns_home());
    baby.traits.set_role(Role::child);
    baby.traits.set_employment(Employment::not_working);
    ++agg.at(a.location, Counter::births);
    ++births;
  }
  return true;
}

// The migration decisions of the household's independent adults.
void migrate(const TickInputs& in, AgentRecord* m, bool* moved, int k, BlockScratch& scratch,
             Aggregates& agg) {
  const auto& mig = in.scenario->params().migration;
  const auto& pop = in.scenario->params().population;
  for (int i = 0; i < k; ++i) {
    AgentRecord& a = m[i];
    if (a.traits.role() != Role::worker || moved[i]) continue;
    const double hazard = mig.hazard * hazard_age_factor(a.age) *
                          (a.months_at_location < 24 ? mig.recent_mover_factor : 1.0);
    if (hazard <= 0 || in.hazard_draw.uniform(a.id) >= hazard) continue;
    const auto w = RandomStream(in.seed, a.id, in.tick, Purpose::migration).block(0);

    const int from = a.location;
    bool children_here = false;
    if (i == 0) {
      for (int j = 1; j < k; ++j) {
        children_here |= m[j].traits.role() == Role::child && m[j].location == from;
      }
    }
    const int c = chooser_class(a.traits.education(),
                                a.traits.hukou_type() != HukouType::agricultural, children_here);
    const int to = choose_destination(*in.fields, c, from, a.hukou_region,
                                      uniform53(w[1], w[2]), scratch.utilities.data());
    if (to == from) continue;
    move_member(in, a, to, agg);
    moved[i] = true;
    // The head's spouse and children at the old place come along together,
    // with the chance that makes ~40% of migrant workers live with family.
    if (i == 0 && uniform32(w[3]) < pop.family_migration_share) {
      for (int j = 1; j < k; ++j) {
        const Role role = m[j].traits.role();
        if ((role == Role::spouse || role == Role::child) && m[j].location == from && !moved[j]) {
          move_member(in, m[j], to, agg);
          moved[j] = true;
        }
      }
    }
  }
}

}  // namespace

void count_household(const AgentRecord* m, int k, Aggregates& agg) {
  for (int i = 0; i < k; ++i) {
    const AgentRecord& a = m[i];
    const int here = a.location, home = a.hukou_region;
    ++agg.stock(home, here);  // residents, registered, migrants: derive_from_stock()
    if (a.traits.hukou_type() != HukouType::agricultural) ++agg.at(here, Counter::urban_hukou);
    if (a.age < kAdultAge) {
      ++agg.at(here, Counter::children);
    } else if (a.age < kElderAge) {
      ++agg.at(here, Counter::working_age);
    } else {
      ++agg.at(here, Counter::elders);
    }
    switch (a.traits.employment()) {
      case Employment::formal:
        ++agg.at(here, Counter::formal);
        ++agg.at(here, Counter::employed);
        break;
      case Employment::informal: ++agg.at(here, Counter::employed); break;
      case Employment::unemployed: ++agg.at(here, Counter::unemployed); break;
      case Employment::farming: ++agg.at(here, Counter::farming); break;
      case Employment::not_working: break;
    }
    // A left-behind child lives apart from a working parent (head or spouse).
    if (a.traits.role() == Role::child) {
      bool apart = false;
      for (int j = 0; j < std::min(k, 2); ++j) {
        if (j != i && is_working_parent(m[j]) && m[j].location != here) apart = true;
      }
      if (apart) ++agg.at(here, Counter::left_behind);
    }
  }
}

std::uint32_t process_block(const TickInputs& in, AgentStore& store, std::size_t b,
                            BlockScratch& scratch, Aggregates& agg) {
  const std::size_t begin = store.block_begin(b), end = store.block_end(b);
  AgentStore& out = scratch.out;
  std::size_t written = 0;
  std::uint32_t births = 0;
  AgentRecord* m = scratch.members;

  for (std::size_t s = begin; s < end;) {
    // Gather the household.
    int n = 0;
    do {
      m[n++] = store.record(s++);
    } while (s < end && !store.traits[s].household_start() && n < kMaxMembers);

    // Demography on the birth month; survivors are compacted in place.
    int k = n, alive = 0;
    for (int i = 0; i < n; ++i) {
      const bool lives =
          m[i].birth_month != in.month || age_member(in, m, i, k, births, agg);
      if (lives) m[alive++] = m[i];
    }
    // Newborns were appended after the n members: move them behind the survivors.
    for (int i = n; i < k; ++i) m[alive++] = m[i];
    k = alive;
    if (k == 0) continue;
    // A widowed spouse heads the household and decides for it.
    if (m[0].traits.role() == Role::spouse) m[0].traits.set_role(Role::worker);

    std::fill(scratch.moved, scratch.moved + k, false);
    migrate(in, m, scratch.moved, k, scratch, agg);

    for (int i = 0; i < k; ++i) {
      AgentRecord& a = m[i];
      a.traits.set_household_start(i == 0);
      if (!scratch.moved[i] && a.months_at_location < 65535) ++a.months_at_location;
      if (a.traits.employment() == Employment::formal && a.insured_months < 65535) {
        ++a.insured_months;
      }
    }
    count_household(m, k, agg);
    if (written + k > out.block_capacity()) {
      throw std::length_error("agent block overflow (more births than the block has room for)");
    }
    for (int i = 0; i < k; ++i) out.put(written++, m[i]);
  }

  // Copy the rebuilt block back.
  const auto copy = [&](auto& to, const auto& from) {
    std::copy(from.begin(), from.begin() + static_cast<std::ptrdiff_t>(written),
              to.begin() + static_cast<std::ptrdiff_t>(begin));
  };
  copy(store.id, out.id);
  copy(store.hukou_region, out.hukou_region);
  copy(store.location, out.location);
  copy(store.age, out.age);
  copy(store.birth_month, out.birth_month);
  copy(store.months_at_location, out.months_at_location);
  copy(store.insured_months, out.insured_months);
  copy(store.traits, out.traits);
  store.block_size[b] = static_cast<std::uint32_t>(written);
  return births;
}

}  // namespace migrasim::detail
