#include "migrasim/model/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <span>

#include "household_step.hpp"
#include "migrasim/error.hpp"
#include "migrasim/exec/context.hpp"
#include "migrasim/model/demography.hpp"
#include "migrasim/model/population.hpp"
#include "migrasim/model/registration.hpp"
#include "registration_step.hpp"

namespace migrasim {

std::string_view phase_name(Phase p) {
  static constexpr std::string_view names[kPhases] = {"policy",    "fields", "agents", "admission",
                                                      "aggregate", "fiscal", "record"};
  return names[static_cast<int>(p)];
}

struct Simulation::ThreadState {
  detail::BlockScratch scratch;
  Aggregates aggregates;
};

Simulation::Simulation(const Scenario& scenario, const SimulationOptions& options)
    : scenario_(scenario),
      context_(options.threads),
      seed_(options.has_seed ? options.seed
                             : static_cast<std::uint64_t>(scenario.params().run.seed)) {
  const std::uint64_t agents =
      options.agents ? options.agents : static_cast<std::uint64_t>(scenario.params().run.agents);
  synthesize_population(scenario, agents, seed_, store_, options.block_target);
  scale_ = scenario.total_population() / static_cast<double>(store_.agent_count());
  for (const auto& r : scenario.regions()) policy_.push_back(r.policy);
  prepare();
  initial_labour_.assign(scenario.region_count(), 0.0);
  for (int j = 0; j < scenario.region_count(); ++j) {
    initial_labour_[j] = static_cast<double>(current_.at(j, Counter::employed));
  }
  update_region_fields(fields_, scenario_, policy_, current_, initial_labour_);
  detail::update_registration_table(*registration_, scenario_, policy_, fields_, seed_, tick_);
  fiscal_.calibrate(scenario_, current_, fields_, policy_, scale_);
  census_.take_if_due(tick_, store_, current_.stock, context_);  // a census at the start
}

Simulation::Simulation(const Scenario& scenario, const SimulationSnapshot& snapshot,
                       const SimulationOptions& options)
    : scenario_(scenario),
      context_(options.threads),
      seed_(options.has_seed ? options.seed
                             : static_cast<std::uint64_t>(scenario.params().run.seed)),
      scale_(snapshot.scale),
      tick_(snapshot.tick) {
  if (static_cast<int>(snapshot.initial_labour.size()) != scenario.region_count()) {
    throw Error("snapshot has " + std::to_string(snapshot.initial_labour.size()) +
                " regions, the scenario " + std::to_string(scenario.region_count()));
  }
  store_.clock = snapshot.tick;
  store_.assign(snapshot.agents, options.block_target);
  store_.next_id = snapshot.next_id;
  // The regime of each region: the start, then every event before this tick,
  // on the regions the run applied it to (its log; size tiers depend on the
  // residents at the time, which the snapshot no longer knows).
  for (const auto& r : scenario.regions()) policy_.push_back(r.policy);
  const auto& events = scenario.events();
  for (int i = 0; i < static_cast<int>(events.size()); ++i) {
    if (events[i].tick >= snapshot.tick) continue;
    const auto logged = std::find_if(snapshot.applied.begin(), snapshot.applied.end(),
                                     [&](const AppliedEvent& a) { return a.event == i; });
    if (logged != snapshot.applied.end()) {
      apply_event(i, logged->regions);
    } else if (!events[i].by_size()) {
      apply_event(i, events[i].regions);
    } else {
      throw Error("the snapshot at tick " + std::to_string(snapshot.tick) +
                  " does not say which regions the size-tier event of " + events[i].origin +
                  " applied to");
    }
  }
  prepare();
  initial_labour_ = snapshot.initial_labour;
  if (!snapshot.quota_used.empty()) {
    if (static_cast<int>(snapshot.quota_used.size()) != scenario.region_count()) {
      throw Error("snapshot has quota counts for " + std::to_string(snapshot.quota_used.size()) +
                  " regions, the scenario " + std::to_string(scenario.region_count()));
    }
    quota_used_ = snapshot.quota_used;
  }

  update_region_fields(fields_, scenario_, policy_, current_, initial_labour_);
  detail::update_registration_table(*registration_, scenario_, policy_, fields_, seed_, tick_);
  // Budgets: as the snapshot kept them; a snapshot without any (one made by
  // hand, for a test or a synthetic population) starts them here.
  const auto regions = static_cast<std::size_t>(scenario.region_count());
  const auto& calibration = snapshot.fiscal_calibration;
  if (snapshot.fiscal_balance.empty() && calibration.tax_rate.empty() &&
      calibration.other_per_resident.empty()) {
    fiscal_.calibrate(scenario_, current_, fields_, policy_, scale_);
  } else if (snapshot.fiscal_balance.size() != regions || calibration.tax_rate.size() != regions ||
             calibration.other_per_resident.size() != regions) {
    throw Error("snapshot has budgets for " + std::to_string(snapshot.fiscal_balance.size()) +
                " regions, the scenario " + std::to_string(regions));
  } else {
    fiscal_.restore(snapshot.fiscal_balance, calibration);
  }
  census_.restore(tick_, snapshot.census);
}

SimulationSnapshot Simulation::snapshot() const {
  return {tick_,
          store_.next_id,
          scale_,
          store_.records(),
          initial_labour_,
          applied_,
          quota_used_,
          fiscal_.balances(),
          fiscal_.calibration(),
          census_.windows()};
}

SimulationSnapshot Simulation::snapshot_header() const {
  return {tick_,
          store_.next_id,
          scale_,
          {},
          initial_labour_,
          applied_,
          quota_used_,
          fiscal_.balances(),
          fiscal_.calibration(),
          census_.windows()};
}

// The regions an event applies to now: its targets, and for a size-tier
// target those whose urban residents (residents x urban share) at the end of
// the last tick fall in the tier.
std::vector<int> Simulation::event_regions(const Event& e) const {
  if (!e.by_size()) return e.regions;
  std::vector<int> regions;
  for (int r : e.regions) {
    const double urban = static_cast<double>(current_.at(r, Counter::residents)) * scale_ *
                         scenario_.regions()[r].urban_share;
    if (in_size_tier(urban, e.urban_min, e.urban_max)) regions.push_back(r);
  }
  return regions;
}

void Simulation::apply_event(int index, const std::vector<int>& regions) {
  const Event& e = scenario_.events()[index];
  applied_.push_back({e.tick, index, regions});
  // A quota set in the middle of a year counts from then: the months of
  // the year already gone are taken as used.
  const int month = (scenario_.params().run.start.month - 1 + e.tick) % 12;
  for (int r : regions) {
    const PolicyParams before = policy_[r];
    Parameters scratch;
    scratch.policy = policy_[r];
    for (const auto& [key, value] : e.assignments) {
      assign_parameter(scratch, *find_parameter("policy." + key), value, {e.origin, 0});
    }
    policy_[r] = scratch.policy;
    const PolicyParams& after = policy_[r];
    const bool quota_now = after.residence_rule == ResidenceRule::points && after.points_quota > 0;
    const bool quota_before =
        before.residence_rule == ResidenceRule::points && before.points_quota > 0;
    if (quota_now && (!quota_before || before.points_quota != after.points_quota) &&
        static_cast<int>(quota_used_.size()) == scenario_.region_count()) {
      quota_used_[r] = static_cast<std::int64_t>(
          std::floor(static_cast<double>(after.points_quota) / scale_ * month / 12.0));
    }
  }
}

// Tables, fields, thread memory and counts shared by both constructors.
void Simulation::prepare() {
  build_phases();
  const int regions = scenario_.region_count();
  init_region_fields(fields_, scenario_);
  fields_.persons_per_agent = scale_;
  current_.resize(regions);
  registration_ = std::make_unique<detail::RegistrationTable>();
  points_cutoff_.assign(regions, std::numeric_limits<double>::quiet_NaN());
  totals_.assign(regions, {});
  allowance_.assign(2 * regions, -1);
  selection_ = std::make_unique<detail::SelectionScratch>();
  threshold_.assign(2 * regions, 0);
  key_lists_.reserve(64);
  quota_used_.assign(regions, 0);
  admitted_.assign(regions, 0);
  fiscal_.init(regions);
  census_.configure(*parse_month_list(scenario_.params().run.census_dates),
                    scenario_.params().run.start, regions);

  // The hazard as integer thresholds on a 53-bit draw, by role, age and
  // recency; only workers consider moving.
  const auto& m = scenario_.params().migration;
  hazard_threshold_.assign(4 * 256 * 2, 0);
  for (int age = 0; age < 256; ++age) {
    for (int recent = 0; recent < 2; ++recent) {
      const double h = std::min(1.0, m.hazard * hazard_age_factor(std::min(age, kMaxAge)) *
                                         (recent ? m.recent_mover_factor : 1.0));
      const int worker = static_cast<int>(Role::worker);
      hazard_threshold_[(worker * 256 + age) * 2 + recent] =
          static_cast<std::uint64_t>(h * 9007199254740992.0);
    }
  }
  death_chance_.assign(256, 1.0);
  for (int age = 0; age < 256; ++age) {
    death_chance_[age] = yearly_death_chance(scenario_.params().demography, age);
  }
  ensure_thread_states();
  newborns_.assign(store_.block_count(), 0);
  newborn_first_id_.assign(store_.block_count(), 0);
  newborn_slot_.assign(store_.block_count(), 0);
  aggregate_initial_state();
}

Simulation::~Simulation() = default;

// Working memory for every thread a loop may use, made before the tick loop
// (and again only if the thread count grows), so ticks never allocate.
void Simulation::ensure_thread_states() {
  const int regions = scenario_.region_count();
  while (static_cast<int>(threads_.size()) < context_.threads()) {
    auto state = std::make_unique<ThreadState>();
    state->scratch.out.reserve_block(store_.block_capacity());
    state->scratch.utilities.assign(regions, 0.0);
    state->scratch.pending.reserve(store_.block_capacity() / 8 + 16);
    state->scratch.eventful.reserve(store_.block_capacity() / 2 + 16);
    state->scratch.holes.reserve(store_.block_capacity() / 8 + 16);
    state->aggregates.resize(regions);
    threads_.push_back(std::move(state));
  }
}

// A phase of the model: one of the Simulation's own steps, as an object of
// the tick's list.
class Simulation::ModelPhase final : public TickPhase {
 public:
  ModelPhase(Phase id, void (Simulation::*body)()) : id_(id), body_(body) {}
  Phase id() const override { return id_; }
  void run(Simulation& sim) override { (sim.*body_)(); }

 private:
  Phase id_;
  void (Simulation::*body_)();
};

// The record phase: the tick to the recorder the program set, and a
// snapshot when the schedule says.
class Simulation::RecordPhase final : public TickPhase {
 public:
  Phase id() const override { return Phase::record; }
  void run(Simulation& sim) override { sim.record_phase(); }
};

void Simulation::build_phases() {
  phases_.clear();
  phases_.push_back(std::make_unique<ModelPhase>(Phase::policy, &Simulation::policy_phase));
  phases_.push_back(std::make_unique<ModelPhase>(Phase::fields, &Simulation::fields_phase));
  phases_.push_back(std::make_unique<ModelPhase>(Phase::agents, &Simulation::agent_phase));
  phases_.push_back(std::make_unique<ModelPhase>(Phase::admission, &Simulation::admission_phase));
  phases_.push_back(std::make_unique<ModelPhase>(Phase::aggregate, &Simulation::aggregate_phase));
  phases_.push_back(std::make_unique<ModelPhase>(Phase::fiscal, &Simulation::fiscal_phase));
  phases_.push_back(std::make_unique<RecordPhase>());
}

void Simulation::step() {
  for (const auto& phase : phases_) {
    const auto start = std::chrono::steady_clock::now();
    // The tick is done when the model's phases are: the record phase sees
    // the state at the end of the tick, as the run file's row describes it.
    if (phase->id() == Phase::record) ++tick_;
    phase->run(*this);
    const int p = static_cast<int>(phase->id());
    if (const auto& hook = hooks_[p]) hook(*this);
    phase_seconds_[p] +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
}

void Simulation::policy_phase() {
  // The scenario's events dated this tick change the regions' regime.
  const auto& events = scenario_.events();
  for (int i = 0; i < static_cast<int>(events.size()); ++i) {
    if (events[i].tick == tick_) apply_event(i, event_regions(events[i]));
  }
}

void Simulation::fields_phase() {
  update_region_fields(fields_, scenario_, policy_, current_, initial_labour_);
  detail::update_registration_table(*registration_, scenario_, policy_, fields_, seed_, tick_);
}

void Simulation::fiscal_phase() {
  fiscal_.account(scenario_, current_, fields_, policy_, scale_);
}

void Simulation::record_phase() {
  census_.take_if_due(tick_, store_, current_.stock, context_);
  if (recorder_ == nullptr) return;
  recorder_->record(*this);
  if (schedule_.due(tick_)) recorder_->snapshot(*this);
}

void Simulation::agent_phase() {
  for (auto& t : threads_) {
    t->aggregates.clear();
    t->scratch.applications.clear();
    t->scratch.keys.clear();
  }
  census_.open_windows(tick_, store_.next_id);
  const auto tick = static_cast<std::uint32_t>(tick_);
  const detail::TickInputs in{&scenario_,
                              &fields_,
                              seed_,
                              tick,
                              (scenario_.params().run.start.month - 1 + tick_) % 12,
                              HashDraw(seed_, tick, Purpose::migration),
                              HashDraw(seed_, tick, Purpose::demography),
                              hazard_threshold_.data(),
                              death_chance_.data(),
                              registration_.get(),
                              &census_.watch()};
  ensure_thread_states();
  for (auto& t : threads_) {  // before the loop: it appends within this capacity
    t->scratch.census_moves.clear();
    if (census_.watch().open > 0) t->scratch.census_moves.reserve(census_.thread_capacity());
  }
  if (newborns_.size() != store_.block_count()) {  // after a rebalance only
    newborns_.assign(store_.block_count(), 0);
    newborn_first_id_.assign(store_.block_count(), 0);
    newborn_slot_.assign(store_.block_count(), 0);
  }
  context_.parallel_for("agents", store_.block_count(), [&](std::size_t b, int thread) {
    ThreadState& t = *threads_[thread];
    newborns_[b] = detail::process_block(in, store_, b, t.scratch, t.aggregates);
    newborn_slot_[b] = t.scratch.first_newborn;
  });
  store_.clock = tick_ + 1;  // the arrays now describe the end of this tick
  // The census windows' first moves noted by the threads, in thread order.
  if (census_.watch().open > 0) {
    for (const auto& t : threads_) census_.collect(t->scratch.census_moves);
    census_.end_collect();
  }
  assign_newborn_ids();
}

// Newborns get ids in block order after the parallel loop: the ids depend
// only on who was born, never on which thread handled which block.
void Simulation::assign_newborn_ids() {
  std::copy(newborns_.begin(), newborns_.end(), newborn_first_id_.begin());
  const std::uint32_t next =
      context_.exclusive_scan(std::span<std::uint32_t>(newborn_first_id_), store_.next_id);
  context_.parallel_for("newborn ids", store_.block_count(), [&](std::size_t b, int) {
    if (newborns_[b] == 0) return;
    std::uint32_t id = newborn_first_id_[b];
    for (std::size_t s = newborn_slot_[b]; s < store_.block_end(b); ++s) {
      if (store_.id[s] == detail::kUnassignedId) store_.id[s] = id++;
    }
  });
  store_.next_id = next;
}

// Phase 4: per region, admit the applications by rule and quota. A quota
// (points) admits the highest keys whose persons fit this tick's share of
// the annual quota; everyone else eligible who applied is admitted. The
// admitted units are then transferred, each list by the thread that owns it.
void Simulation::admission_phase() {
  const int n = scenario_.region_count();
  const detail::RegistrationTable& table = *registration_;
  std::fill(points_cutoff_.begin(), points_cutoff_.end(), std::numeric_limits<double>::quiet_NaN());
  const int month = (scenario_.params().run.start.month - 1 + tick_) % 12;  // 0 = January
  if (month == 0) std::fill(quota_used_.begin(), quota_used_.end(), 0);
  if (!table.any) return;
  // A quota is a number of persons a calendar year. By month m (1-12) of
  // the year, floor(quota x m / 12) may have been admitted (in agents); what
  // is left unused carries to the next month, not to the next year.
  std::fill(allowance_.begin(), allowance_.end(), -1);
  for (int j = 0; j < n; ++j) {
    const RegionRule& rule = table.rules[j];
    if (rule.rule != ResidenceRule::points || rule.quota <= 0) continue;
    const double yearly = static_cast<double>(rule.quota) / scale_;
    const auto by_now = static_cast<std::int64_t>(std::floor(yearly * (month + 1) / 12.0));
    allowance_[j] = std::max<std::int64_t>(0, by_now - quota_used_[j]);
  }
  key_lists_.clear();
  for (const auto& t : threads_) key_lists_.push_back(&t->scratch.keys);
  detail::admission_thresholds(key_lists_, allowance_, 2 * n, context_, *selection_, threshold_);
  const std::vector<std::uint64_t>& threshold = threshold_;

  context_.parallel_for("admission", threads_.size(), [&](std::size_t i, int) {
    ThreadState& t = *threads_[i];
    for (const detail::Application& app : t.scratch.applications) {
      const int j = app.key.region % n;
      t.aggregates.at(j, Counter::applications) += app.key.persons;
      if (app.key.key < threshold[app.key.region]) continue;
      detail::transfer_unit(table, store_, app, t.aggregates);
    }
  });
  // The quota used (a sum) and the cut-off, the lowest score admitted (a
  // min: any order gives it), over the threads' lists, then the ranks.
  std::fill(admitted_.begin(), admitted_.end(), 0);
  context_.combine_in_order(threads_, admitted_, [&](std::vector<std::int64_t>&, const auto& t) {
    for (const detail::Application& app : t->scratch.applications) {
      const int j = app.key.region;
      if (j >= n || table.rules[j].rule != ResidenceRule::points) continue;
      if (app.key.key < threshold[j]) continue;
      if (allowance_[j] >= 0) admitted_[j] += app.key.persons;
      const double score = key_score(app.key.key);
      if (std::isnan(points_cutoff_[j]) || score < points_cutoff_[j]) points_cutoff_[j] = score;
    }
  });
  context_.sum_over_ranks(admitted_);
  context_.min_over_ranks(points_cutoff_);
  for (int j = 0; j < n; ++j) quota_used_[j] += admitted_[j];
}

void Simulation::aggregate_phase() {
  // The threads hold this tick's changes; fixed order, integer sums.
  current_.clear_tick_counts();
  context_.combine_in_order(threads_, current_,
                            [](Aggregates& total, const auto& t) { total.add(t->aggregates); });
  current_.derive_from_stock();
  for (int j = 0; j < scenario_.region_count(); ++j) {
    RegistrationTotals& r = totals_[j];
    r.applications += current_.at(j, Counter::applications);
    r.admissions += current_.at(j, Counter::admissions);
    r.conversions += current_.at(j, Counter::conversions);
    r.land_surrendered += current_.at(j, Counter::land_surrendered);
  }
  store_.rebalance_if_needed();
}

void Simulation::aggregate_initial_state() {
  count_all(current_);
}

bool Simulation::verify_aggregates() const {
  Aggregates fresh(scenario_.region_count());
  count_all(fresh);
  return fresh.same_state(current_);
}

void Simulation::count_all(Aggregates& out) const {
  std::vector<Aggregates> partials(context_.threads(), Aggregates(scenario_.region_count()));
  out.clear();
  context_.reduce(
      "full count", store_.block_count(), partials, out,
      [&](std::size_t b, Aggregates& agg) {
        AgentRecord members[detail::kMaxMembers];
        for (std::size_t s = store_.block_begin(b); s < store_.block_end(b);) {
          int k = 0;
          do {
            members[k++] = store_.record(s++);
          } while (s < store_.block_end(b) && !store_.traits[s].household_start() &&
                   k < detail::kMaxMembers);
          detail::count_household(members, k, agg, +1);
        }
      },
      [](Aggregates& total, const Aggregates& part) { total.add(part); });
  out.derive_from_stock();
}

}  // namespace migrasim
