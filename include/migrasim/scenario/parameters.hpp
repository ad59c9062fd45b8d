// Scenario parameters: one struct per component, with defaults and units.
// Every field is registered once in the parameter table (parameter_table.hpp),
// which is the single source for INI parsing, --set overrides, validation,
// the documentation and the values written to every output file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "migrasim/month.hpp"
#include "migrasim/scenario/agent_kinds.hpp"

namespace migrasim {

// [scenario] what the scenario is.
struct ScenarioInfo {
  std::string name;         // defaults to the folder or what-if file name
  std::string description;  // one line shown by `validate` and stored in run files
  std::string base;         // what-if files only: the scenario they modify
  long price_year = 2007;   // year of the yuan amounts
  // Initial migrant stock file in the data folder; empty: migrant_stock.csv,
  // checked against regions.csv. A named file's sums replace the regions'
  // migrants and emigrants (e.g. china-2007's gravity start, for comparison).
  std::string migrant_stock;
  // Region paths file in the data folder; empty: region_paths.csv when there
  // is one; "none": no paths (incomes stay at regions.csv's values).
  std::string region_paths;
};

// [run] how long, how big, which random stream.
struct RunParams {
  Month start{2007, 1};     // first simulated month
  long ticks = 12;          // months simulated by `run`
  long seed = 1;            // key of the counter-based random numbers
  long agents = 1'000'000;  // person agents; scale = population / agents
  long snapshot_every = 0;  // months between agent snapshots; 0 = final only
  // Census dates (YYYY-MM, comma-separated, ascending; empty: none): China's
  // 2010 census, 2015 1% survey and 2020 census, each on 1 November.
  std::string census_dates = "2010-11,2015-11,2020-11";
};

// [population] synthesis of persons and households from the region table.
struct PopulationParams {
  double household_size = 3.10;          // persons per household (2010 census)
  double urban_hukou_ratio = 0.60;       // non-agricultural hukou share / urban share
  double age_0_14 = 0.2027;              // share of children (2005 1% survey)
  double age_65_plus = 0.0769;           // share of elders (2005 1% survey)
  double family_migration_share = 0.40;  // migrant workers living with family (seed)
  double migrant_rural_share = 0.85;     // migrants holding agricultural hukou
  double edu_college = 0.065;            // adults' education shares (rest: primary or less)
  double edu_senior = 0.145;
  double edu_junior = 0.449;
  double migrant_edu_college = 0.104;  // migrant workers' education shares
  double migrant_edu_senior = 0.131;
  double migrant_edu_junior = 0.648;
  double home_ownership = 0.80;          // registered non-agricultural households owning a home
  double migrant_home_ownership = 0.05;  // migrant households owning a home where they live
};

// [demography] births and deaths, applied on each agent's birth month.
struct DemographyParams {
  double fertility = 0.075;            // 1/year: births per spouse aged 20-39
  double other_adult_fertility = 0.5;  // grown children's rate, relative to spouses
  double infant_mortality = 0.0139;    // deaths in the first year of life
  double mortality_a = 0.000069;       // Gompertz q(x) = a exp(b x), per year, ages 1+
  double mortality_b = 0.088;
};

// [migration] the random-utility migration decision of DESIGN.md section 1.
struct MigrationParams {
  double hazard = 0.01;      // 1/month: chance an adult considers moving
  double b_inc = 1.0;        // utility per log-yuan of expected income
  double b_dist = 1.5;       // utility per log-distance unit
  double d0_km = 100.0;      // km: distance scale in ln(1 + d/d0)
  double c_move = 0.6;       // utility cost of any move
  double b_home = 2.5;       // utility of living in one's hukou region
  double b_net = 0.3;        // utility per log network size
  double net_k = 10.0;       // network scale k in ln(1 + M k / N)
  double b_province = 0.0;   // utility of a region of one's hukou province (not the hukou region)
  double b_size = 0.0;       // utility per log of a destination's residents / size_ref
  double size_ref = 42.6e6;  // persons: residents at which the size term is 0
  double b_svc = 0.5;        // utility per 10,000 yuan/year of services
  double b_fee = 1.0;        // utility per unit of fees / income
  double migrant_wage_ratio = 0.8;  // unregistered wage / registered wage
  double wage_elasticity = 0.3;     // eta in w = w0 (L/L0)^(-eta)
  double wage_primary = 0.7;        // wage multipliers by education
  double wage_junior = 0.9;
  double wage_senior = 1.1;
  double wage_college = 1.6;
  double formal_share = 0.7;          // registered urban workers in formal jobs
  double migrant_formal_share = 0.2;  // migrant workers in formal jobs
  double unemployment_rate = 0.04;    // share of urban workers without a job
  double recent_mover_factor = 1.5;   // hazard multiplier in the first 24 months at a place
  double land_income_share = 0.5;     // share of rural income that comes from the land
};

// The choices of [policy] keys. Scenarios name them by the words of
// choice_names (below); the parameter table turns a word into the enum when
// a scenario is loaded or an event applied, so the model never compares text.
enum class Classification : std::uint8_t { dual, unified };
enum class ResidenceRule : std::uint8_t { closed, points, threshold, talent, purchase, open };
enum class LandOnTransfer : std::uint8_t { keep, surrender, compensate };
inline constexpr int kClassifications = static_cast<int>(Classification::unified) + 1;
inline constexpr int kResidenceRules = static_cast<int>(ResidenceRule::open) + 1;
inline constexpr int kLandOnTransfers = static_cast<int>(LandOnTransfer::compensate) + 1;
// Fiscal accounting switches (docs/model.md s.6.7; `legacy`, `average` and
// `registration` are the model before issue 14, kept for comparison).
enum class BudgetModel : std::uint8_t { legacy, functional };
enum class RevenueModel : std::uint8_t { average, marginal };
enum class InfrastructureOn : std::uint8_t { growth, registration };
inline constexpr int kBudgetModels = static_cast<int>(BudgetModel::functional) + 1;
inline constexpr int kRevenueModels = static_cast<int>(RevenueModel::marginal) + 1;
inline constexpr int kInfrastructureOns = static_cast<int>(InfrastructureOn::registration) + 1;

// The words of a choice enum (Classification, ResidenceRule, LandOnTransfer,
// Education), indexed by the enum's value: one table per enum, in
// parameter_table.cpp, each checked against the enum's count.
template <class E>
std::span<const std::string_view> choice_names();
template <>
std::span<const std::string_view> choice_names<Classification>();
template <>
std::span<const std::string_view> choice_names<ResidenceRule>();
template <>
std::span<const std::string_view> choice_names<LandOnTransfer>();
template <>
std::span<const std::string_view> choice_names<Education>();
template <>
std::span<const std::string_view> choice_names<BudgetModel>();
template <>
std::span<const std::string_view> choice_names<RevenueModel>();
template <>
std::span<const std::string_view> choice_names<InfrastructureOn>();

// "unified", "points", ...
template <class E>
std::string_view choice_name(E value) {
  return choice_names<E>()[static_cast<std::size_t>(value)];
}

// The value named `name`, or nullopt for a word that names none.
template <class E>
std::optional<E> parse_choice(std::string_view name) {
  const auto names = choice_names<E>();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<E>(i);
  }
  return std::nullopt;
}

// [policy] default registration regime of every region; regions.csv columns
// and events change it per region and date.
struct PolicyParams {
  Classification classification = Classification::dual;
  double benefit_equalization = 0.0;  // 0 = label only .. 1 = rural benefits = urban
  ResidenceRule residence_rule = ResidenceRule::closed;
  double unregistered_service_share = 0.2;  // share of services unregistered residents get
  double reunion_rate = 0.001;              // 1/year: family-reunion transfers under `closed`
  long points_quota = 0;                    // persons/year admitted under `points`; 0 = no quota
  long points_min_insured_months = 84;      // months of local social insurance
  long points_max_age = 59;                 // years
  long points_min_residence_months = 6;     // months at the location (residence permit)
  double points_min_score = 0;              // lowest score admitted
  double points_edu_primary = 0;            // score by education
  double points_edu_junior = 5;
  double points_edu_senior = 20;
  double points_edu_college = 80;
  double points_per_insured_year = 3;                   // score per year of local social insurance
  double points_per_residence_year = 1;                 // score per year at the location
  double points_home = 10;                              // score for owning a home at the location
  long points_young_age = 45;                           // years: at or under this age ...
  double points_young_bonus = 20;                       // ... this score is added
  long threshold_months = 60;                           // months of residence under `threshold`
  long threshold_require_home = 0;                      // 1 = a home is also required
  Education talent_min_education = Education::college;  // lowest education admitted
  double talent_min_income = 0.0;                       // yuan/year, 0 = no floor
  double purchase_min_price = 1'000'000.0;              // yuan: home price that gives registration
  double purchase_rate = 0.05;                          // 1/year: chance an able household buys
  double purchase_income_years = 8;                     // years of household income a buyer can pay
  long open_min_months = 0;                             // months at the location under `open`
  long local_conversion = 0;  // 1 = local agricultural residents convert by the rule (dual)
  LandOnTransfer land_on_transfer = LandOnTransfer::keep;
  double land_compensation = 0.0;  // yuan per person surrendering land
  double exam_advantage = 0.0;     // yuan/year per registered pupil
};

// The equalisation rule, the one place it is written: how far rural-scheme
// benefits move toward urban ones. benefit_equalization under `unified`; 0
// under `dual`, where the rural scheme stays as it is whatever the key says.
inline double effective_equalization(const PolicyParams& p) {
  return p.classification == Classification::unified ? p.benefit_equalization : 0.0;
}

// [fiscal] accounting choices for budgets and burden estimates.
struct FiscalParams {
  double discount_rate = 0.03;  // 1/year, for NPVs of recurring costs
  long horizon_years = 20;      // years, for NPVs and application decisions
  long calibrate = 1;           // 1 = tax rate and other spending from local_revenue
  double local_tax_rate = 0.1;  // share of the wage bill, when not calibrated
  double social_insurance_rate =
      0.31;                           // pension + unemployment contributions, share of formal wages
  double dibao_share_urban = 0.0665;  // registered urban-scheme residents receiving dibao
  double dibao_share_rural = 0.0352;  // registered rural-scheme residents receiving dibao
  // Fiscal model v2 (issue 14; docs/model.md s.6.7-6.9). The defaults are
  // the new model; budget_model=legacy, revenue_model=average,
  // infrastructure_on=registration and unit_cost_growth=0 give the old one.
  BudgetModel budget_model = BudgetModel::functional;
  RevenueModel revenue_model = RevenueModel::marginal;
  InfrastructureOn infrastructure_on = InfrastructureOn::growth;
  double unit_cost_growth = 0.0;  // 1/year, real growth of every unit cost
  // Multipliers on benefits.csv's unit costs, one per category (both
  // schemes, every region): the inputs of sensitivity studies (issue 16).
  double scale_pension = 1, scale_health = 1, scale_education = 1, scale_unemployment = 1,
         scale_dibao = 1, scale_oneoff_housing = 1, scale_oneoff_infrastructure = 1,
         scale_school_fee = 1;
  // Functional budgets: shares of a region's general budget (local_revenue +
  // central_transfers) where budget.csv gives no amount for the function.
  double share_education = 0.1755;        // all residents' pupils; unregistered by share
  double share_health = 0.0510;           // all residents; unregistered by share
  double share_social_security = 0.1422;  // registered residents only
  double share_housing = 0.0270;          // security housing: registered residents only
  double share_community = 0.0848;        // urban community affairs: every resident
  // Marginal revenue: what a worker adds to the local general budget.
  double income_tax_rate = 0.02;              // effective personal income tax on formal wages
  double income_tax_local_share = 0.4;        // local share of personal income tax (2003-)
  double consumption_share = 0.6;             // share of a wage spent on taxed consumption
  double consumption_tax_rate = 0.12;         // indirect taxes per yuan of consumption
  double consumption_tax_local_share = 0.25;  // local share of VAT (75/25)
};

struct Parameters {
  ScenarioInfo scenario;
  RunParams run;
  PopulationParams population;
  DemographyParams demography;
  MigrationParams migration;
  PolicyParams policy;
  FiscalParams fiscal;
};

}  // namespace migrasim
