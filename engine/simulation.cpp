#include "migrasim/simulation.hpp"

#include <chrono>

#include "household_step.hpp"
#include "migrasim/demography.hpp"
#include "migrasim/error.hpp"
#include "migrasim/parallel.hpp"
#include "migrasim/population.hpp"

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
}

Simulation::Simulation(const Scenario& scenario, const SimulationSnapshot& snapshot,
                       const SimulationOptions& options)
    : scenario_(scenario),
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
  // The regime of each region: the start, then every event before this tick.
  for (const auto& r : scenario.regions()) policy_.push_back(r.policy);
  for (const Event& e : scenario.events()) {
    if (e.tick < snapshot.tick) apply_event(e);
  }
  prepare();
  initial_labour_ = snapshot.initial_labour;
  update_region_fields(fields_, scenario_, policy_, current_, initial_labour_);
}

SimulationSnapshot Simulation::snapshot() const {
  return {tick_, store_.next_id, scale_, store_.records(), initial_labour_};
}

SimulationSnapshot Simulation::snapshot_header() const {
  return {tick_, store_.next_id, scale_, {}, initial_labour_};
}

void Simulation::apply_event(const Event& e) {
  for (int r : e.regions) {
    Parameters scratch;
    scratch.policy = policy_[r];
    for (const auto& [key, value] : e.assignments) {
      assign_parameter(scratch, *find_parameter("policy." + key), value, {e.origin, 0});
    }
    policy_[r] = scratch.policy;
  }
}

// Tables, fields, thread memory and counts shared by both constructors.
void Simulation::prepare() {
  const int regions = scenario_.region_count();
  init_region_fields(fields_, scenario_);
  current_.resize(regions);

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
  while (static_cast<int>(threads_.size()) < std::max(1, thread_count())) {
    auto state = std::make_unique<ThreadState>();
    state->scratch.out.reserve_block(store_.block_capacity());
    state->scratch.utilities.assign(regions, 0.0);
    state->scratch.pending.reserve(store_.block_capacity() / 8 + 16);
    state->scratch.holes.reserve(store_.block_capacity() / 8 + 16);
    state->aggregates.resize(regions);
    threads_.push_back(std::move(state));
  }
}

void Simulation::run_phase(Phase phase, const std::function<void()>& body) {
  const auto start = std::chrono::steady_clock::now();
  body();
  if (const auto& hook = hooks_[static_cast<int>(phase)]) hook(*this);
  phase_seconds_[static_cast<int>(phase)] +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Simulation::step() {
  run_phase(Phase::policy, [&] {
    // The scenario's events dated this tick change the regions' regime.
    for (const Event& e : scenario_.events()) {
      if (e.tick == tick_) apply_event(e);
    }
  });
  run_phase(Phase::fields,
            [&] { update_region_fields(fields_, scenario_, policy_, current_, initial_labour_); });
  run_phase(Phase::agents, [&] { agent_phase(); });
  run_phase(Phase::admission, [] {});
  run_phase(Phase::aggregate, [&] { aggregate_phase(); });
  run_phase(Phase::fiscal, [] {});
  ++tick_;
  run_phase(Phase::record, [] {});
}

void Simulation::agent_phase() {
  for (auto& t : threads_) t->aggregates.clear();
  const auto tick = static_cast<std::uint32_t>(tick_);
  const detail::TickInputs in{&scenario_,
                              &fields_,
                              seed_,
                              tick,
                              (scenario_.params().run.start.month - 1 + tick_) % 12,
                              HashDraw(seed_, tick, Purpose::migration),
                              HashDraw(seed_, tick, Purpose::demography),
                              hazard_threshold_.data(),
                              death_chance_.data()};
  ensure_thread_states();
  if (newborns_.size() != store_.block_count()) {  // after a rebalance only
    newborns_.assign(store_.block_count(), 0);
    newborn_first_id_.assign(store_.block_count(), 0);
    newborn_slot_.assign(store_.block_count(), 0);
  }
  parallel_for("agents", store_.block_count(), [&](std::size_t b, int thread) {
    ThreadState& t = *threads_[thread];
    newborns_[b] = detail::process_block(in, store_, b, t.scratch, t.aggregates);
    newborn_slot_[b] = t.scratch.first_newborn;
  });
  store_.clock = tick_ + 1;  // the arrays now describe the end of this tick
  assign_newborn_ids();
}

// Newborns get ids in block order after the parallel loop: the ids depend
// only on who was born, never on which thread handled which block.
void Simulation::assign_newborn_ids() {
  std::uint32_t next = store_.next_id;
  for (std::size_t b = 0; b < newborns_.size(); ++b) {
    newborn_first_id_[b] = next;
    next += newborns_[b];
  }
  parallel_for("newborn ids", store_.block_count(), [&](std::size_t b, int) {
    if (newborns_[b] == 0) return;
    std::uint32_t id = newborn_first_id_[b];
    for (std::size_t s = newborn_slot_[b]; s < store_.block_end(b); ++s) {
      if (store_.id[s] == detail::kUnassignedId) store_.id[s] = id++;
    }
  });
  store_.next_id = next;
}

void Simulation::aggregate_phase() {
  // The threads hold this tick's changes; fixed order, integer sums.
  current_.clear_tick_counts();
  for (const auto& t : threads_) current_.add(t->aggregates);
  current_.derive_from_stock();
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
  std::vector<Aggregates> partials(std::max(1, thread_count()),
                                   Aggregates(scenario_.region_count()));
  out.clear();
  parallel_reduce(
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
