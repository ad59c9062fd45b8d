// The agent phase for one household at a time (DESIGN.md s.1, phase 3):
// demography on each member's birth month, the migration decision of each
// independent adult with family following, then counting. All random draws
// come from counter-based streams keyed by (seed, agent id, tick, purpose).
#include "household_step.hpp"

#include <algorithm>
#include <cstring>

#include "migrasim/model/demography.hpp"
#include "migrasim/model/random.hpp"

namespace migrasim::detail {

namespace {

// The two demography numbers of a birthday, from one 53-bit hash draw:
// 26 bits each for death and birth (resolution 1.5e-8, far below any rate).
struct DemographyDraw {
  explicit DemographyDraw(std::uint64_t bits)
      : death(static_cast<double>(bits & 0x3FFFFFFu) * (1.0 / 67108864.0)),
        birth(static_cast<double>((bits >> 26) & 0x3FFFFFFu) * (1.0 / 67108864.0)) {}
  double death, birth;
};

// Yearly chance of a birth on the birthday of member `index` (after ageing):
// spouses aged 20-39, and, at a lower rate, the grown children living in the
// household (the model forms no new households: their children are born
// into it, as in three-generation households).
double birth_chance(const DemographyParams& d, Role role, int index, int age) {
  if (age < kFertileFrom || age > kFertileTo) return 0.0;
  if (role == Role::spouse) return d.fertility;
  if (role == Role::worker && index > 0) return d.fertility * d.other_adult_fertility;
  return 0.0;
}

// The monthly hazard test, identical on the fast and the slow path: an
// integer comparison of the agent's 53-bit hash draw with the threshold of
// its (age, recent mover) cell.
// Branch-free: the threshold is 0 for every role but worker and for ages
// without a hazard, and no draw is below 0.
inline bool considers_moving(const TickInputs& in, Role role, int age, int months_here,
                             std::uint32_t id) {
  const std::uint64_t threshold =
      in.hazard_threshold[(static_cast<int>(role) * 256 + age) * 2 + (months_here < 24)];
  return in.hazard_draw.bits53(id) < threshold;
}

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

void move_member(const TickInputs& in, AgentRecord& a, int to, Aggregates& agg,
                 std::vector<CensusMove>& census_moves) {
  const int from = a.location;
  // The census's earlier location: noted at an agent's first move in a window.
  if (in.census != nullptr && in.census->open > 0) {
    note_census_move(*in.census, static_cast<int>(in.tick) - a.months_at_location, a.id, from,
                     census_moves);
  }
  ++agg.flows(from, to);
  ++agg.at(from, Counter::moves_out);
  ++agg.at(to, Counter::moves_in);
  a.location = static_cast<std::uint16_t>(to);
  a.traits.set_owns_home(false);  // the home is where they came from
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
  const DemographyDraw draw(in.demography_draw.bits53(a.id));
  if (draw.death < in.death_chance[a.age]) {
    ++agg.at(a.location, Counter::deaths);
    return false;
  }
  if (a.age < 255) ++a.age;
  const Role role = a.traits.role();
  if (role == Role::child && a.age >= kAdultAge) {
    a.traits.set_role(Role::worker);
    const auto w = RandomStream(in.seed, a.id, in.tick, Purpose::employment).block(1);
    a.traits.set_employment(arrival_employment(in.scenario->params().migration, a, a.location,
                                               uniform32(w[0]), uniform32(w[1])));
  } else if ((role == Role::worker || role == Role::spouse) && a.age >= kElderAge) {
    if (i > 0) a.traits.set_role(Role::elder);
    a.traits.set_employment(Employment::not_working);
  }
  if (draw.birth < birth_chance(d, a.traits.role(), i, a.age) && k < kMaxMembers) {
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
  const auto& pop = in.scenario->params().population;
  for (int i = 0; i < k; ++i) {
    AgentRecord& a = m[i];
    if (a.traits.role() != Role::worker || moved[i]) continue;
    if (!considers_moving(in, Role::worker, a.age, a.months_at_location, a.id)) continue;
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
    const int to = choose_destination(*in.fields, c, from, a.hukou_region, uniform53(w[1], w[2]),
                                      scratch.utilities.data());
    if (to == from) continue;
    move_member(in, a, to, agg, scratch.census_moves);
    moved[i] = true;
    // The head's spouse and children at the old place come along together,
    // with the chance that makes ~40% of migrant workers live with family.
    if (i == 0 && uniform32(w[3]) < pop.family_migration_share) {
      for (int j = 1; j < k; ++j) {
        const Role role = m[j].traits.role();
        if ((role == Role::spouse || role == Role::child) && m[j].location == from && !moved[j]) {
          move_member(in, m[j], to, agg, scratch.census_moves);
          moved[j] = true;
        }
      }
    }
  }
}

}  // namespace

void count_household(const AgentRecord* m, int k, Aggregates& agg, int sign) {
  for (int i = 0; i < k; ++i) {
    const AgentRecord& a = m[i];
    const int here = a.location;
    count_member(a, agg, sign);
    // A left-behind child lives apart from a working parent (head or spouse).
    if (a.traits.role() == Role::child) {
      bool apart = false;
      for (int j = 0; j < std::min(k, 2); ++j) {
        const bool parent = j == 0 || m[j].traits.role() == Role::spouse;  // head or spouse
        if (j != i && parent && is_working_parent(m[j]) && m[j].location != here) apart = true;
      }
      if (apart) agg.at(here, Counter::left_behind) += sign;
    }
  }
}

namespace {

// Most households have a quiet month: nobody dies, gives birth or considers
// moving. Their month (birthdays with ageing and role changes included) is
// applied straight in the arrays. The test replays the eventful path's
// decisions exactly, so both paths give the same result for any household.
// `reunion` is set when a member with its yearly registration review now
// drew below the largest family-reunion chance of any region (a screen: the
// exact test needs where it lives and is registered).
bool quiet_month(const TickInputs& in, AgentStore& st, std::size_t hs, std::size_t he,
                 BlockScratch& scratch, Aggregates& agg, bool& birthdays, bool& reunion) {
  // Raw pointers: byte-sized stores (age) would otherwise make the compiler
  // reload every vector's data pointer after each write.
  const std::uint32_t* __restrict id = st.id.data() + hs;
  std::uint8_t* __restrict age = st.age.data() + hs;
  const std::uint8_t* __restrict birth_month = st.birth_month.data() + hs;
  const std::int16_t* __restrict arrival = st.arrival.data() + hs;
  Traits* __restrict traits = st.traits.data() + hs;
  const int n = static_cast<int>(he - hs);
  const int month = in.month;
  const int tick = static_cast<int>(in.tick);

  // 1. Does anything happen? (The same tests, in the same order, as the
  //    eventful path: death, then birth after the birthday, then the hazard.)
  bool regroup = false, moving = false;
  for (int i = 0; i < n; ++i) {
    int a = age[i];
    Role role = traits[i].role();
    if (birth_month[i] == month) {
      birthdays = true;
      const DemographyDraw draw(in.demography_draw.bits53(id[i]));
      if (draw.death < in.death_chance[a]) return false;
      a = std::min(a + 1, 255);
      regroup |= a == 6 || a == kAdultAge || a == kElderAge;  // age group (maybe role) changes
      if (role == Role::child && a >= kAdultAge) {
        role = Role::worker;
      } else if ((role == Role::worker || role == Role::spouse) && a >= kElderAge && i > 0) {
        role = Role::elder;
      }
      if (draw.birth < birth_chance(in.scenario->params().demography, role, i, a) &&
          n < kMaxMembers) {
        return false;
      }
      reunion |= role == Role::worker && in.registration->max_reunion > 0 &&
                 in.registration->chance_draw.uniform(id[i]) < in.registration->max_reunion;
    }
    moving |= considers_moving(in, role, a, tick - arrival[i], id[i]);
  }
  if (moving) return false;
  if (!birthdays) return true;  // the month passes: the arrays need no change

  // 2. Birthdays: ageing, and role changes at 16 and 65 (re-counted).
  AgentRecord* m = nullptr;
  if (regroup) {
    m = scratch.members;
    for (int i = 0; i < n; ++i) m[i] = st.record(hs + i, tick);
    count_household(m, n, agg, -1);
  }
  const auto& mig = in.scenario->params().migration;
  for (int i = 0; i < n; ++i) {
    if (birth_month[i] != month) continue;
    Traits t = traits[i];
    if (age[i] < 255) ++age[i];
    const Role role = t.role();
    if (role == Role::child && age[i] >= kAdultAge) {
      t.set_role(Role::worker);
      const AgentRecord a = st.record(hs + i, tick);
      const auto w = RandomStream(in.seed, a.id, in.tick, Purpose::employment).block(1);
      t.set_employment(arrival_employment(mig, a, a.location, uniform32(w[0]), uniform32(w[1])));
      // Insured months start counting from now if the new job is formal.
      // A child has no insured months; a formal job counts this month.
      st.insured[hs + i] =
          static_cast<std::int16_t>(t.employment() == Employment::formal ? tick : 0);
    } else if ((role == Role::worker || role == Role::spouse) && age[i] >= kElderAge) {
      if (i > 0) t.set_role(Role::elder);
      if (t.employment() == Employment::formal) {  // freeze the insured months
        st.insured[hs + i] =
            static_cast<std::int16_t>(AgentStore::insured_from(tick, st.insured[hs + i], true));
      }
      t.set_employment(Employment::not_working);
    }
    traits[i] = t;
  }
  if (regroup) {
    for (int i = 0; i < n; ++i) m[i] = st.record(hs + i, tick);
    count_household(m, n, agg, +1);
  }
  return true;
}

// Whether household [hs, he) holds someone who could register this month:
// a worker applying for itself (the head, or an adult living apart from the
// head) who lives away from its registration where a rule admits, or is a
// local agricultural resident where a rule converts. A `closed` region's
// family reunion is tested here already (a cheap draw, once a year), so
// that records are built only for the few who pass.
inline bool worth_considering(const RegistrationTable& t, const AgentStore& st, std::size_t hs,
                              std::size_t he) {
  const std::uint16_t* location = st.location.data();
  const std::uint16_t* hukou = st.hukou_region.data();
  for (std::size_t x = hs; x < he; ++x) {
    if (st.traits[x].role() != Role::worker) continue;
    const int j = location[x];
    if (x != hs && j == location[hs] && hukou[x] == hukou[hs]) continue;  // in the head's unit
    const bool migrant = hukou[x] != j;
    if (migrant ? !t.admits[j]
                : !(t.converts[j] && st.traits[x].hukou_type() == HukouType::agricultural)) {
      continue;
    }
    const RegionRule& rule = t.rules[j];
    if (rule.monthly()) return true;
    if (st.birth_month[x] == t.month && t.chance_draw.uniform(st.id[x]) < rule.reunion_yearly) {
      return true;
    }
  }
  return false;
}

void consider_household(const TickInputs& in, const AgentStore& st, std::size_t b, std::size_t hs,
                        std::size_t he, BlockScratch& scratch) {
  AgentRecord* m = scratch.members;
  const int k = static_cast<int>(he - hs);
  for (int i = 0; i < k; ++i) m[i] = st.record(hs + i, static_cast<int>(in.tick) + 1);
  consider_applications(*in.registration, m, k, b, hs, k, scratch.applications, scratch.keys);
}

// The applications of the quiet households of block b when some region
// takes applications every month (the eventful households made theirs
// already). A separate pass over two arrays, four slots at a time while
// everyone lives where registered: cheaper than reading them in the quiet
// path itself.
void consider_quiet_households(const TickInputs& in, const AgentStore& st, std::size_t b,
                               BlockScratch& scratch) {
  const RegistrationTable& t = *in.registration;
  const std::size_t begin = st.block_begin(b), end = st.block_end(b);
  const std::uint16_t* location = st.location.data();
  const std::uint16_t* hukou = st.hukou_region.data();
  std::size_t next_eventful = 0;
  for (std::size_t s = begin; s < end; ++s) {
    if (!t.any_converts) {
      while (s + 4 <= end) {
        std::uint64_t here4, hukou4;
        std::memcpy(&here4, location + s, sizeof here4);
        std::memcpy(&hukou4, hukou + s, sizeof hukou4);
        if (here4 != hukou4) break;
        s += 4;
      }
      if (s >= end) break;
    }
    const int here = location[s];
    const bool candidate = hukou[s] != here
                               ? t.admits[here] != 0
                               : t.any_converts && t.converts[here] &&
                                     st.traits[s].hukou_type() == HukouType::agricultural;
    if (!candidate) continue;
    std::size_t hs = s;
    while (hs > begin && !st.traits[hs].household_start()) --hs;
    while (next_eventful < scratch.eventful.size() && scratch.eventful[next_eventful] < hs) {
      ++next_eventful;
    }
    // The next head ends the household. (Not the size on the head: an
    // eventful household's size already counts newborns that are inserted
    // only when the block is compacted.)
    std::size_t he = hs + 1;
    while (he < end && !st.traits[he].household_start()) ++he;
    const bool eventful =
        next_eventful < scratch.eventful.size() && scratch.eventful[next_eventful] == hs;
    if (!eventful && worth_considering(t, st, hs, he))
      consider_household(in, st, b, hs, he, scratch);
    s = std::max(s, he - 1);  // the household is done (an eventful one may have shrunk)
  }
}

// The full treatment: demography, migration, then update and count. The
// survivors are written back in place; slots of the dead become holes and
// newborns wait in `pending` until the block is compacted.
void eventful_household(const TickInputs& in, AgentStore& st, std::size_t block, std::size_t hs,
                        std::size_t he, BlockScratch& scratch, Aggregates& agg,
                        std::uint32_t& births) {
  AgentRecord* m = scratch.members;
  const int n = static_cast<int>(he - hs);
  const int tick = static_cast<int>(in.tick);
  for (int i = 0; i < n; ++i) m[i] = st.record(hs + i, tick);
  count_household(m, n, agg, -1);  // counts are kept up to date by differences

  int k = n, alive = 0;
  for (int i = 0; i < n; ++i) {
    const bool lives = m[i].birth_month != in.month || age_member(in, m, i, k, births, agg);
    if (lives) m[alive++] = m[i];
  }
  // Newborns were appended after the n members: move them behind the survivors.
  for (int i = n; i < k; ++i) m[alive++] = m[i];
  k = alive;
  if (k > 0) {
    // A widowed spouse heads the household and decides for it.
    if (m[0].traits.role() == Role::spouse) m[0].traits.set_role(Role::worker);
    std::fill(scratch.moved, scratch.moved + k, false);
    migrate(in, m, scratch.moved, k, scratch, agg);
    for (int i = 0; i < k; ++i) {
      AgentRecord& a = m[i];
      a.traits.set_member(i, k);
      if (!scratch.moved[i] && a.months_at_location < 65535) ++a.months_at_location;
      if (a.traits.employment() == Employment::formal && a.insured_months < 65535) {
        ++a.insured_months;
      }
    }
    count_household(m, k, agg, +1);
  }
  const int in_place = std::min(k, n);
  for (int i = 0; i < in_place; ++i) {
    st.put(hs + i, m[i], tick + 1);
    if (m[i].id == kUnassignedId) scratch.first_newborn = std::min(scratch.first_newborn, hs + i);
  }
  for (int i = in_place; i < n; ++i) {
    st.id[hs + i] = kHole;
    scratch.holes.push_back(hs + i);
  }
  for (int i = in_place; i < k; ++i) scratch.pending.push_back({he, m[i]});
  if (k > 0 && in.registration->any) {
    consider_applications(*in.registration, m, k, block, hs, in_place, scratch.applications,
                          scratch.keys);
  }
}

}  // namespace

std::uint32_t process_block(const TickInputs& in, AgentStore& store, std::size_t b,
                            BlockScratch& scratch, Aggregates& agg) {
  const std::size_t begin = store.block_begin(b), end = store.block_end(b);
  std::uint32_t births = 0;
  scratch.pending.clear();
  scratch.holes.clear();
  scratch.first_newborn = end;
  const std::size_t first_application = scratch.applications.size();
  const RegistrationTable& registration = *in.registration;
  scratch.eventful.clear();

  for (std::size_t hs = begin; hs < end;) {
    // The head knows its household's size (below 15); else scan for the next head.
    const int size = store.traits[hs].household_size();
    std::size_t he = hs + 1;
    if (size > 0 && size < 15) {
      he = std::min(end, hs + size);
    } else {
      while (he < end && !store.traits[he].household_start()) ++he;
    }
    bool birthdays = false, reunion = false;
    if (!quiet_month(in, store, hs, he, scratch, agg, birthdays, reunion)) {
      eventful_household(in, store, b, hs, he, scratch, agg, births);
      if (registration.monthly) scratch.eventful.push_back(hs);
    } else if (!registration.monthly && reunion && worth_considering(registration, store, hs, he)) {
      // Only `closed` regions with family reunion: reviewed once a year, in
      // the birth month, so only households with a birthday are looked at,
      // and of those only the few whose draw passes the largest reunion
      // chance (the draw needs only the id, already at hand) go further.
      consider_household(in, store, b, hs, he, scratch);
    }
    hs = he;
  }
  if (registration.monthly) {
    consider_quiet_households(in, store, b, scratch);
    // Applications must be in slot order for the slot fix-up below.
    std::sort(scratch.applications.begin() + static_cast<std::ptrdiff_t>(first_application),
              scratch.applications.end(),
              [](const Application& x, const Application& y) { return x.slot < y.slot; });
  }
  if (scratch.holes.empty() && scratch.pending.empty()) return births;

  // Compact: from the first hole or insertion on, copy survivors and insert
  // newborns (after their household) into the scratch block, then back.
  const auto& holes = scratch.holes;
  const auto& pending = scratch.pending;
  const std::size_t first =
      std::min(holes.empty() ? end : holes.front(), pending.empty() ? end : pending.front().first);
  // Everything from `first` on may move: newborn ids are searched from there.
  scratch.first_newborn = std::min(scratch.first_newborn, first);
  AgentStore& out = scratch.out;
  std::size_t written = 0;
  // Runs of live agents are copied array by array; newborns go in between.
  const auto copy_run = [&](std::size_t from, std::size_t to) {
    if (to <= from) return;
    out.copy_slots(store, from, to - from, written);
    written += to - from;
  };
  // Walk the holes and insertions (both in slot order); an insertion before
  // slot p goes ahead of a hole at p (the newborn ends the household before).
  constexpr std::size_t kNone = ~std::size_t{0};
  std::size_t next_hole = 0, next = 0, run_start = first;
  bool overflow = false;
  while (next_hole < holes.size() || next < pending.size()) {
    const std::size_t hole = next_hole < holes.size() ? holes[next_hole] : kNone;
    const std::size_t insert = next < pending.size() ? pending[next].first : kNone;
    if (insert <= hole) {
      copy_run(run_start, insert);
      run_start = insert;
      if (first - begin + written >= store.block_capacity()) {
        overflow = true;
        break;
      }
      out.put(written++, pending[next++].second, static_cast<int>(in.tick) + 1);
    } else {
      copy_run(run_start, hole);
      run_start = hole + 1;
      ++next_hole;
    }
  }
  copy_run(run_start, end);
  if (overflow || first - begin + written > store.block_capacity()) {
    throw std::length_error("agent block overflow (more births than the block has room for)");
  }
  store.copy_slots(out, 0, written, first);
  if (scratch.applications.size() > first_application) {
    fix_application_slots(scratch.applications, first_application, first, holes, pending);
  }
  store.block_size[b] = static_cast<std::uint32_t>(first - begin + written);
  return births;
}

}  // namespace migrasim::detail
