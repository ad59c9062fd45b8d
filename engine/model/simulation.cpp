#include "migrasim/model/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <span>

#include "migrasim/error.hpp"
#include "migrasim/exec/context.hpp"
#include "migrasim/model/demography.hpp"
#include "migrasim/model/population.hpp"
#include "migrasim/model/registration.hpp"
#include "model_phases.hpp"

namespace migrasim {

std::string_view phase_name(Phase p) {
  static constexpr std::string_view names[kPhases] = {"policy",    "fields", "agents", "admission",
                                                      "aggregate", "fiscal", "record"};
  return names[static_cast<int>(p)];
}

Simulation::Simulation(const Scenario& scenario, const SimulationOptions& options)
    : scenario_(scenario),
      context_(options.threads),
      seed_(options.has_seed ? options.seed
                             : static_cast<std::uint64_t>(scenario.params().run.seed)) {
  const std::uint64_t agents =
      options.agents ? options.agents : static_cast<std::uint64_t>(scenario.params().run.agents);
  synthesize_population(scenario, agents, seed_, store_, context_, options.block_target);
  scale_ = scenario.total_population() / static_cast<double>(store_.agent_count());
  for (const auto& r : scenario.regions()) policy_.push_back(r.policy);
  prepare();
  initial_labour_.assign(scenario.region_count(), 0.0);
  for (int j = 0; j < scenario.region_count(); ++j) {
    initial_labour_[j] = static_cast<double>(current_.at(j, Counter::employed));
  }
  apply_region_paths(fields_, scenario_, tick_);
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
      detail::apply_event(scenario_, i, logged->regions, scale_, policy_, applied_, quota_used_);
    } else if (!events[i].by_size()) {
      detail::apply_event(scenario_, i, events[i].regions, scale_, policy_, applied_, quota_used_);
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

  apply_region_paths(fields_, scenario_, tick_);
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
    fiscal_.restore(snapshot.fiscal_balance, calibration, current_, scale_);
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

// Tables, fields, thread memory and counts shared by both constructors.
void Simulation::prepare() {
  const int regions = scenario_.region_count();
  init_region_fields(fields_, scenario_);
  fields_.persons_per_agent = scale_;
  current_.resize(regions);
  registration_ = std::make_unique<detail::RegistrationTable>();
  points_cutoff_.assign(regions, std::numeric_limits<double>::quiet_NaN());
  totals_.assign(regions, {});
  quota_used_.assign(regions, 0);
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
  detail::ensure_workers(workers_, context_, store_.block_capacity(), regions);
  count_all(current_);
  build_phases();
}

Simulation::~Simulation() = default;

// The tick: the model's phases, each bound to the state it reads and
// writes, then the record phase.
void Simulation::build_phases() {
  using namespace detail;
  phases_.clear();
  phases_.push_back(
      std::make_unique<PolicyPhase>(PolicyPhase::Reads{scenario_, tick_, scale_, current_},
                                    PolicyPhase::Writes{policy_, applied_, quota_used_}));
  phases_.push_back(std::make_unique<FieldsPhase>(
      FieldsPhase::Reads{scenario_, tick_, seed_, policy_, current_, initial_labour_},
      FieldsPhase::Writes{fields_, *registration_}));
  phases_.push_back(std::make_unique<AgentPhase>(
      AgentPhase::Reads{scenario_, tick_, seed_, fields_, *registration_, hazard_threshold_,
                        death_chance_, context_},
      AgentPhase::Writes{store_, workers_, census_}));
  phases_.push_back(std::make_unique<AdmissionPhase>(
      AdmissionPhase::Reads{scenario_, tick_, scale_, *registration_, context_},
      AdmissionPhase::Writes{store_, workers_, quota_used_, points_cutoff_}));
  phases_.push_back(
      std::make_unique<AggregatePhase>(AggregatePhase::Reads{scenario_, workers_, context_},
                                       AggregatePhase::Writes{current_, totals_, store_}));
  phases_.push_back(std::make_unique<FiscalPhase>(
      FiscalPhase::Reads{scenario_, current_, fields_, policy_, scale_, tick_},
      FiscalPhase::Writes{fiscal_}));
  phases_.push_back(std::make_unique<RecordPhase>(
      RecordPhase::Reads{*this, recorder_, schedule_, tick_, store_, current_, context_},
      RecordPhase::Writes{census_}));
}

void Simulation::step() {
  for (const auto& phase : phases_) {
    const auto start = std::chrono::steady_clock::now();
    // The tick is done when the model's phases are: the record phase sees
    // the state at the end of the tick, as the run file's row describes it.
    if (phase->id() == Phase::record) ++tick_;
    phase->run();
    const int p = static_cast<int>(phase->id());
    if (const auto& hook = hooks_[p]) hook(*this);
    phase_seconds_[p] +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
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
