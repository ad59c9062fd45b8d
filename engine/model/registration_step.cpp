// The registration part of the agent and admission phases (DESIGN.md s.1,
// phases 3 and 4): who applies, and the transfer of those admitted.
#include "registration_step.hpp"

#include <algorithm>
#include <cmath>

namespace migrasim::detail {

namespace {

constexpr int kRural = 0, kUrban = 1;

bool pupil(const AgentRecord& a) {
  return a.age >= 6 && a.age < 16;
}
bool employed(const AgentRecord& a) {
  const Employment e = a.traits.employment();
  return e == Employment::formal || e == Employment::informal;
}
int scheme_of(const AgentRecord& a) {
  return a.traits.hukou_type() == HukouType::agricultural ? kRural : kUrban;
}

// The members registered with applicant i of m[0..k): the head takes every
// member living with it under the same registration; another adult only
// itself.
template <class F>
void for_unit(const AgentRecord* m, int k, int i, F&& f) {
  if (i != 0) {
    f(m[i]);
    return;
  }
  for (int j = 0; j < k; ++j) {
    if (m[j].location == m[0].location && m[j].hukou_region == m[0].hukou_region) f(m[j]);
  }
}

}  // namespace

void update_registration_table(RegistrationTable& t, const Scenario& scenario,
                               const std::vector<PolicyParams>& policy, const RegionFields& fields,
                               std::uint64_t seed, int tick) {
  const int n = scenario.region_count();
  const auto& m = scenario.params().migration;
  t.rules.resize(n);
  t.admits.assign(n, 0);
  t.converts.assign(n, 0);
  t.any = false;
  t.monthly = false;
  t.any_converts = false;
  t.max_reunion = 0;
  t.month = (scenario.params().run.start.month - 1 + tick) % 12;
  for (int s = 0; s < 2; ++s) {
    t.health[s].resize(n);
    t.education[s].resize(n);
  }
  t.school_fee.resize(n);
  for (auto& w : t.wage) w.resize(n);
  t.land_value.resize(n);
  t.annuity = annuity_factor(scenario.params().fiscal.discount_rate,
                             static_cast<int>(scenario.params().fiscal.horizon_years));
  t.migrant_wage_ratio = m.migrant_wage_ratio;
  const double multiplier[kEducationLevels] = {m.wage_primary, m.wage_junior, m.wage_senior,
                                               m.wage_college};
  for (int j = 0; j < n; ++j) {
    RegionRule& r = t.rules[j];
    r = compile_rule(policy[j]);
    t.any |= r.admits_anyone();
    t.admits[j] = r.admits_anyone();
    t.converts[j] = r.local_conversion && !r.unified && r.rule != ResidenceRule::closed;
    t.monthly |= r.monthly();
    t.max_reunion = std::max(t.max_reunion, r.reunion_yearly);
    t.any_converts |= t.converts[j] != 0;
    const UnitCosts& c = scenario.unit_costs()[j];
    for (const auto category : {CostCategory::health, CostCategory::education}) {
      const double rural = c.get(Scheme::rural, category), urban = c.get(Scheme::urban, category);
      auto& table = category == CostCategory::health ? t.health : t.education;
      table[kRural][j] = rural + r.equalization * (urban - rural);
      table[kUrban][j] = urban;
    }
    t.school_fee[j] = c.get(Scheme::urban, CostCategory::school_fee);
    for (int e = 0; e < kEducationLevels; ++e) {
      t.wage[e][j] = fields.employment_rate[j] * fields.wage[j] * multiplier[e];
    }
    const Region& region = scenario.regions()[j];
    t.land_value[j] = t.annuity * m.land_income_share * region.rural_income;
  }
  t.chance_draw = HashDraw(seed, static_cast<std::uint32_t>(tick), Purpose::registration);
  t.tie_draw = HashDraw(seed, static_cast<std::uint32_t>(tick), Purpose::admission);
}

void consider_applications(const RegistrationTable& t, const AgentRecord* m, int k,
                           std::size_t block, std::size_t first_slot, int in_place,
                           std::vector<Application>& out, std::vector<ApplicationKey>& keys) {
  for (int i = 0; i < std::min(k, in_place); ++i) {
    const AgentRecord& a = m[i];
    if (a.traits.role() != Role::worker) continue;
    // Registered with the head when living with it under the same hukou.
    if (i > 0 && a.location == m[0].location && a.hukou_region == m[0].hukou_region) continue;
    const int j = a.location;
    const RegionRule& rule = t.rules[j];
    if (!rule.admits_anyone()) continue;
    const bool migrant = a.hukou_region != j;
    // Local conversion (agricultural to non-agricultural) follows the
    // region's rule under `dual`; `closed` converts no one.
    const bool conversion =
        !migrant && a.traits.hukou_type() == HukouType::agricultural && t.converts[j] != 0;
    if (!migrant && !conversion) continue;
    // Family reunion: the yearly review and its draw decide before anything
    // else is looked at (the same test as eligible(), done early).
    if (rule.rule == ResidenceRule::closed &&
        (a.birth_month != t.month || !(t.chance_draw.uniform(a.id) < rule.reunion_yearly))) {
      continue;
    }

    // Eligibility first (cheap, and false for most: a closed region admits
    // by family reunion with a small chance), then the value of registering.
    ApplicantFacts facts;
    facts.age = a.age;
    facts.education = a.traits.education();
    facts.employment = a.traits.employment();
    facts.months_here = a.months_at_location;
    facts.insured_months = a.insured_months;
    facts.owns_home = a.traits.owns_home();
    facts.review_month = a.birth_month == t.month;
    const double wage_factor = migrant ? t.migrant_wage_ratio : 1.0;
    facts.income = employed(a) ? t.wage[static_cast<int>(facts.education)][j] * wage_factor : 0.0;
    if (rule.reunion_yearly > 0 || rule.rule == ResidenceRule::purchase) {
      facts.chance = t.chance_draw.uniform(a.id);
    }
    if (rule.rule == ResidenceRule::purchase) {
      for_unit(m, k, i, [&](const AgentRecord& b) {
        if (employed(b)) {
          facts.household_income += t.wage[static_cast<int>(b.traits.education())][j] * wage_factor;
        }
      });
    }
    // Family reunion is a way in beside the rule (under `closed` the rule).
    const bool by_reunion =
        migrant && rule.rule != ResidenceRule::closed && family_reunion(rule, facts);
    bool buys_home = false;
    if (!by_reunion && !eligible(rule, facts, &buys_home)) continue;

    // The yearly gain of registering, yuan, summed over the unit, and what
    // the unit gives up (land) or receives (compensation), once.
    double gain = 0;
    int persons = 0, land_holders = 0;
    for_unit(m, k, i, [&](const AgentRecord& b) {
      if (conversion && b.traits.hukou_type() != HukouType::agricultural) return;
      ++persons;
      const int s = scheme_of(b);
      const double now_share = migrant ? rule.unregistered_share : 1.0;
      gain += t.health[kUrban][j] - now_share * t.health[s][j];
      if (pupil(b)) {
        gain += t.education[kUrban][j] - now_share * t.education[s][j];
        // A local pupil sits the region's exam already; a migrant pupil
        // gains the advantage and stops paying the fee.
        if (migrant) gain += rule.exam_advantage + t.school_fee[j];
      }
      if (employed(b) && migrant) {
        gain += t.wage[static_cast<int>(b.traits.education())][j] * (1.0 - t.migrant_wage_ratio);
      }
      if (b.traits.holds_land()) ++land_holders;
    });
    double balance = t.annuity * gain;
    if (rule.land != LandOnTransfer::keep) {
      balance -= land_holders * t.land_value[a.hukou_region];
      if (rule.land == LandOnTransfer::compensate) balance += land_holders * rule.land_compensation;
    }
    if (!(balance > 0)) continue;

    Application app;
    app.key.key = application_key(points_score(rule, facts), t.tie_draw.bits53(a.id), a.id);
    // Conversions and family reunion are not under the migrants' quota: they
    // are selected as a region of their own, numbered after the real ones.
    app.key.region = conversion || by_reunion ? j + static_cast<int>(t.rules.size()) : j;
    app.key.persons = persons;
    app.block = block;
    app.slot = first_slot + static_cast<std::size_t>(i);
    app.head = i == 0;
    app.conversion = conversion;
    app.buys_home = buys_home;
    out.push_back(app);
    keys.push_back(app.key);
  }
}

void fix_application_slots(std::vector<Application>& apps, std::size_t from_index,
                           std::size_t first, const std::vector<std::size_t>& holes,
                           const std::vector<std::pair<std::size_t, AgentRecord>>& pending) {
  // Both lists and the applications are in slot order: one merge walk.
  std::size_t h = 0, p = 0;
  for (std::size_t i = from_index; i < apps.size(); ++i) {
    Application& a = apps[i];
    if (a.slot < first) continue;
    while (h < holes.size() && holes[h] < a.slot) ++h;
    while (p < pending.size() && pending[p].first <= a.slot) ++p;
    a.slot = a.slot - h + p;
  }
}

void count_member(const AgentRecord& a, Aggregates& agg, int sign) {
  const int here = a.location;
  agg.stock(a.hukou_region, here) += sign;
  agg.profile_at(here, Aggregates::profile(Aggregates::age_group(a.age),
                                           static_cast<int>(a.traits.employment()),
                                           a.traits.hukou_type() != HukouType::agricultural,
                                           a.hukou_region == here)) += sign;
}

int transfer_unit(const RegistrationTable& t, AgentStore& st, const Application& app,
                  Aggregates& agg) {
  const int to = st.location[app.slot];
  const int from = st.hukou_region[app.slot];
  const RegionRule& rule = t.rules[to];
  std::size_t end = app.slot + 1;
  if (app.head) {
    const std::size_t block_end = st.block_end(app.block);
    while (end < block_end && !st.traits[end].household_start()) ++end;
  }
  int persons = 0, land = 0;
  for (std::size_t s = app.slot; s < end; ++s) {
    if (st.location[s] != to || st.hukou_region[s] != from) continue;
    if (app.conversion && st.traits[s].hukou_type() != HukouType::agricultural) continue;
    AgentRecord a = st.record(s);
    count_member(a, agg, -1);
    a.hukou_region = static_cast<std::uint16_t>(to);
    a.traits.set_hukou_type(HukouType::non_agricultural);
    if (rule.land != LandOnTransfer::keep && a.traits.holds_land()) {
      a.traits.set_holds_land(false);
      ++land;
    }
    if (app.buys_home) a.traits.set_owns_home(true);
    count_member(a, agg, +1);
    st.put(s, a);
    ++persons;
  }
  agg.at(to, app.conversion ? Counter::conversions : Counter::admissions) += persons;
  agg.at(to, Counter::land_surrendered) += land;
  return persons;
}

}  // namespace migrasim::detail
