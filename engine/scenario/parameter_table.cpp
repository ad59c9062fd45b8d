#include "migrasim/scenario/parameter_table.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <type_traits>
#include <utility>

#include "migrasim/detail/text.hpp"

namespace migrasim {

// The words of the choice enums, in the order of their values.
template <>
std::span<const std::string_view> choice_names<Classification>() {
  static constexpr std::string_view names[] = {"dual", "unified"};
  static_assert(std::size(names) == kClassifications, "one name per classification");
  return names;
}

template <>
std::span<const std::string_view> choice_names<ResidenceRule>() {
  static constexpr std::string_view names[] = {"closed", "points",   "threshold",
                                               "talent", "purchase", "open"};
  static_assert(std::size(names) == kResidenceRules, "one name per residence rule");
  return names;
}

template <>
std::span<const std::string_view> choice_names<LandOnTransfer>() {
  static constexpr std::string_view names[] = {"keep", "surrender", "compensate"};
  static_assert(std::size(names) == kLandOnTransfers, "one name per land_on_transfer");
  return names;
}

template <>
std::span<const std::string_view> choice_names<Education>() {
  static constexpr std::string_view names[] = {"primary", "junior", "senior", "college"};
  static_assert(std::size(names) == kEducationLevels, "one name per education level");
  return names;
}

template <>
std::span<const std::string_view> choice_names<BudgetModel>() {
  static constexpr std::string_view names[] = {"legacy", "functional"};
  static_assert(std::size(names) == kBudgetModels, "one name per budget model");
  return names;
}

template <>
std::span<const std::string_view> choice_names<RevenueModel>() {
  static constexpr std::string_view names[] = {"average", "marginal"};
  static_assert(std::size(names) == kRevenueModels, "one name per revenue model");
  return names;
}

template <>
std::span<const std::string_view> choice_names<InfrastructureOn>() {
  static constexpr std::string_view names[] = {"growth", "registration"};
  static_assert(std::size(names) == kInfrastructureOns, "one name per infrastructure rule");
  return names;
}

namespace {

// An accessor for a field of Parameters, as a plain function pointer.
#define MIGRASIM_FIELD(path) +[](Parameters& p) -> decltype(auto) { return (p.path); }
// The same for an enum field with a choice_names table.
#define MIGRASIM_CHOICE(path)                                                     \
  ChoiceField {                                                                   \
    +[](const Parameters& p) { return static_cast<int>(p.path); },                \
        +[](Parameters& p, int v) { p.path = static_cast<decltype(p.path)>(v); }, \
        &choice_names<decltype(std::declval<Parameters&>().path)>                 \
  }

constexpr double kInf = kUnbounded;

// Field order here is the order of docs/scenario-format.md.
const ParameterSpec kSpecs[] = {
    // [scenario]
    {"scenario.name", MIGRASIM_FIELD(scenario.name), 0, 0, "",
     "Short name of the scenario; defaults to the folder (or what-if file) name", ""},
    {"scenario.description", MIGRASIM_FIELD(scenario.description), 0, 0, "",
     "One line saying what the scenario asks", ""},
    {"scenario.base", MIGRASIM_FIELD(scenario.base), 0, 0, "path",
     "What-if files only: the scenario folder (or what-if file) this one modifies, relative to "
     "this file",
     ""},
    {"scenario.price_year", MIGRASIM_FIELD(scenario.price_year), 1900, 2100, "year",
     "Year of the prices of every yuan amount in the scenario", ""},
    {"scenario.migrant_stock", MIGRASIM_FIELD(scenario.migrant_stock), 0, 0, "file",
     "Initial migrant stock file in the data folder; empty: migrant_stock.csv. A named file's "
     "row and column sums replace the migrants and emigrants of regions.csv",
     ""},
    {"scenario.region_paths", MIGRASIM_FIELD(scenario.region_paths), 0, 0, "file",
     "Region paths file in the data folder; empty: region_paths.csv when there is one; 'none': "
     "no paths, incomes stay at regions.csv's values",
     ""},
    // [run]
    {"run.start", MIGRASIM_FIELD(run.start), 0, 0, "YYYY-MM", "First simulated month (tick 0)", ""},
    {"run.ticks", MIGRASIM_FIELD(run.ticks), 1, 12000, "months",
     "Months simulated by `run` (one tick = one month)", ""},
    {"run.seed", MIGRASIM_FIELD(run.seed), 0, 1e18, "",
     "Key of the counter-based random numbers; same seed, same output", ""},
    {"run.agents", MIGRASIM_FIELD(run.agents), 1, 4e9, "agents",
     "Person agents simulated; each represents population/agents persons (the scale)", ""},
    {"run.snapshot_every", MIGRASIM_FIELD(run.snapshot_every), 0, 12000, "months",
     "Months between agent snapshots in the run file; 0 = only the final one", ""},
    {"run.census_dates", MIGRASIM_FIELD(run.census_dates), 0, 0, "YYYY-MM list",
     "Census dates, comma-separated and ascending (empty: none): at each, the run file gets "
     "the hukou-based stock and the five-year residence table (/census/<YYYY-MM>)",
     "NBS: 2010 census, 2015 1% survey, 2020 census, all dated 1 November"},
    // [population]
    {"population.household_size", MIGRASIM_FIELD(population.household_size), 1, 20, "persons",
     "Mean household size where regions.csv gives none",
     "2010 census: 3.10 persons per family household (data/demography.md s.3)"},
    {"population.urban_hukou_ratio", MIGRASIM_FIELD(population.urban_hukou_ratio), 0, 1, "ratio",
     "Share of registered residents with non-agricultural hukou, as a fraction of the urban "
     "share, where regions.csv gives no urban_hukou_share",
     "2005 1% survey: 25.84% non-agricultural hukou vs 42.99% urban, 0.60"},
    {"population.age_0_14", MIGRASIM_FIELD(population.age_0_14), 0, 1, "share",
     "Share of residents aged 0-14", "2005 1% survey: 20.27%"},
    {"population.age_65_plus", MIGRASIM_FIELD(population.age_65_plus), 0, 1, "share",
     "Share of residents aged 65 and over", "2005 1% survey: 7.69%"},
    {"population.family_migration_share", MIGRASIM_FIELD(population.family_migration_share), 0, 1,
     "share", "Share of migrant workers living with spouse or children",
     "Seed report (People's University survey, Beijing 2007): ~40%; CASS 2011: ~40%"},
    {"population.migrant_rural_share", MIGRASIM_FIELD(population.migrant_rural_share), 0, 1,
     "share", "Share of inter-region migrants holding agricultural hukou",
     "2010: > 80% of migrant children hold agricultural hukou (data/demography.md s.5)"},
    {"population.edu_college", MIGRASIM_FIELD(population.edu_college), 0, 1, "share",
     "Share of local adults with college education or more",
     "2005 1% survey: 67.64 M college of 1,041.5 M aged 15+ (derived)"},
    {"population.edu_senior", MIGRASIM_FIELD(population.edu_senior), 0, 1, "share",
     "Share of local adults with senior secondary education", "2005 1% survey (derived)"},
    {"population.edu_junior", MIGRASIM_FIELD(population.edu_junior), 0, 1, "share",
     "Share of local adults with junior secondary education (the rest: primary or less)",
     "2005 1% survey (derived)"},
    {"population.migrant_edu_college", MIGRASIM_FIELD(population.migrant_edu_college), 0, 1,
     "share", "Share of migrant workers with vocational-secondary education or more",
     "NBS 2009 migrant-worker report: 10.4%"},
    {"population.migrant_edu_senior", MIGRASIM_FIELD(population.migrant_edu_senior), 0, 1, "share",
     "Share of migrant workers with senior secondary education",
     "NBS 2009 migrant-worker report: 13.1%"},
    {"population.migrant_edu_junior", MIGRASIM_FIELD(population.migrant_edu_junior), 0, 1, "share",
     "Share of migrant workers with junior secondary education",
     "NBS 2009 migrant-worker report: 64.8%"},
    {"population.home_ownership", MIGRASIM_FIELD(population.home_ownership), 0, 1, "share",
     "Share of registered non-agricultural households owning their home", "modelling choice"},
    {"population.migrant_home_ownership", MIGRASIM_FIELD(population.migrant_home_ownership), 0, 1,
     "share", "Share of migrant households owning a home where they live", "modelling choice"},
    // [demography]
    {"demography.fertility", MIGRASIM_FIELD(demography.fertility), 0, 1, "1/year",
     "Chance per year that a spouse aged 20-39 gives birth",
     "calibrated to a crude birth rate of about 12 per 1,000 (2008: 12.14, data/demography.md)"},
    {"demography.other_adult_fertility", MIGRASIM_FIELD(demography.other_adult_fertility), 0, 1,
     "ratio",
     "Birth chance of grown children (non-head workers aged 20-39) living in a household, "
     "relative to spouses; the model forms no new households",
     "modelling choice: about half are women; keeps births from drying up"},
    {"demography.infant_mortality", MIGRASIM_FIELD(demography.infant_mortality), 0, 1, "1/year",
     "Chance of death in the first year of life", "2010 census: 13.93 per 1,000"},
    {"demography.mortality_a", MIGRASIM_FIELD(demography.mortality_a), 0, 1, "1/year",
     "Gompertz level a of the yearly death chance q(x) = a exp(b x) at ages 1+",
     "calibrated to a crude death rate of about 7 per 1,000 (2008: 7.06) and life expectancy ~74"},
    {"demography.mortality_b", MIGRASIM_FIELD(demography.mortality_b), 0, 1, "1/year of age",
     "Gompertz slope b", "calibrated with mortality_a"},
    // [migration]
    {"migration.hazard", MIGRASIM_FIELD(migration.hazard), 0, 1, "1/month",
     "Chance per month that an independent adult considers moving", "DESIGN.md: 0.3-1%/month"},
    {"migration.b_inc", MIGRASIM_FIELD(migration.b_inc), 0, kInf, "utility/ln(yuan)",
     "Weight of log expected income in the destination utility", "normalisation"},
    {"migration.b_dist", MIGRASIM_FIELD(migration.b_dist), 0, kInf, "utility/ln(km)",
     "Weight of log distance ln(1 + d/d0)",
     "Zhang & Zhao 2011: 10% farther needs ~15% more wage, b_dist/b_inc = 1.5"},
    {"migration.d0_km", MIGRASIM_FIELD(migration.d0_km), kPositive, kInf, "km",
     "Distance scale d0 in ln(1 + d/d0)", "modelling choice"},
    {"migration.c_move", MIGRASIM_FIELD(migration.c_move), 0, kInf, "utility",
     "Fixed utility cost of any move", "calibrated (docs/calibration.md)"},
    {"migration.b_home", MIGRASIM_FIELD(migration.b_home), 0, kInf, "utility",
     "Utility of living in one's hukou region", "calibrated (docs/calibration.md)"},
    {"migration.b_net", MIGRASIM_FIELD(migration.b_net), 0, kInf, "utility",
     "Weight of the network term ln(1 + M k / N)", "modelling choice (not calibrated)"},
    {"migration.net_k", MIGRASIM_FIELD(migration.net_k), 0, kInf, "", "Scale k of the network term",
     "modelling choice"},
    {"migration.b_province", MIGRASIM_FIELD(migration.b_province), 0, kInf, "utility",
     "Utility of a region in the chooser's hukou province other than its hukou region",
     "0 (provinces); fitted for cities (docs/calibration.md section 7)"},
    {"migration.b_size", MIGRASIM_FIELD(migration.b_size), 0, kInf, "utility/ln(persons)",
     "Weight of ln(residents / size_ref) of a destination one does not live in or belong to",
     "0: every region one alternative (provinces); 1: regions of any size aggregate (cities)"},
    {"migration.size_ref", MIGRASIM_FIELD(migration.size_ref), kPositive, kInf, "persons",
     "Residents at which the size term is 0",
     "China 2007 residents / 31 provinces, so cities with b_size 1 weigh like provinces"},
    {"migration.b_svc", MIGRASIM_FIELD(migration.b_svc), 0, kInf, "utility per 10,000 yuan/yr",
     "Weight of the value of usable public services", "modelling choice (not calibrated)"},
    {"migration.b_fee", MIGRASIM_FIELD(migration.b_fee), 0, kInf, "utility",
     "Weight of fees as a share of income", "modelling choice (not calibrated)"},
    {"migration.migrant_wage_ratio", MIGRASIM_FIELD(migration.migrant_wage_ratio), kPositive, 1,
     "ratio", "Wage of an unregistered worker relative to a registered one",
     "modelling choice; informal work"},
    {"migration.wage_elasticity", MIGRASIM_FIELD(migration.wage_elasticity), 0, 5, "",
     "eta in w = w0 (L/L0)^-eta, the labour-demand response", "modelling choice"},
    {"migration.wage_primary", MIGRASIM_FIELD(migration.wage_primary), kPositive, kInf, "ratio",
     "Wage of a worker with primary education or less, relative to the region's wage",
     "modelling choice"},
    {"migration.wage_junior", MIGRASIM_FIELD(migration.wage_junior), kPositive, kInf, "ratio",
     "Wage multiplier, junior secondary", "modelling choice"},
    {"migration.wage_senior", MIGRASIM_FIELD(migration.wage_senior), kPositive, kInf, "ratio",
     "Wage multiplier, senior secondary", "modelling choice"},
    {"migration.wage_college", MIGRASIM_FIELD(migration.wage_college), kPositive, kInf, "ratio",
     "Wage multiplier, college", "modelling choice"},
    {"migration.formal_share", MIGRASIM_FIELD(migration.formal_share), 0, 1, "share",
     "Share of registered urban workers in formal (insured) jobs",
     "UEBMI 179.83 M contributors, 2007 (data/fiscal-unit-costs-2007.md s.3), relative to urban "
     "employment"},
    {"migration.migrant_formal_share", MIGRASIM_FIELD(migration.migrant_formal_share), 0, 1,
     "share", "Share of migrant workers in formal (insured) jobs",
     "2008: 17.3% of out-migrants in the urban pension scheme"},
    {"migration.unemployment_rate", MIGRASIM_FIELD(migration.unemployment_rate), 0, 1, "share",
     "Share of urban workers without a job after a move or at the start",
     "registered urban unemployment 4.0%, 2007"},
    {"migration.recent_mover_factor", MIGRASIM_FIELD(migration.recent_mover_factor), 0, kInf,
     "ratio", "Hazard multiplier during the first 24 months at a location", "modelling choice"},
    {"migration.land_income_share", MIGRASIM_FIELD(migration.land_income_share), 0, 1, "share",
     "Share of rural per-capita income that comes from the land (farming); a migrant who "
     "surrenders land gives up this income over the horizon",
     "CSY 2008: household operating income ~53% of rural net income 2007 (recalled, not in "
     "data/); rounded to 0.5"},
    // [policy]
    {"policy.classification", MIGRASIM_CHOICE(policy.classification), 0, 0, "",
     "dual: agricultural / non-agricultural hukou with rural and urban schemes; unified: one "
     "resident hukou",
     "MPS 30 March 2007 (twelve provinces unify)"},
    {"policy.benefit_equalization", MIGRASIM_FIELD(policy.benefit_equalization), 0, 1, "share",
     "How far rural-scheme benefits move toward urban ones under `unified` (0 = label only)",
     "seed: the 2007 reform changed the label only"},
    {"policy.residence_rule", MIGRASIM_CHOICE(policy.residence_rule), 0, 0, "",
     "Who may register in the region", "see docs/scenario-format.md"},
    {"policy.unregistered_service_share", MIGRASIM_FIELD(policy.unregistered_service_share), 0, 1,
     "share", "Share of public services an unregistered resident can use",
     "modelling choice; raised by the 2016 residence-permit regulation"},
    {"policy.reunion_rate", MIGRASIM_FIELD(policy.reunion_rate), 0, 1, "1/year",
     "Yearly chance that an eligible long-term migrant registers by family reunion (under closed, "
     "points, threshold, talent; outside any quota)",
     "modelling choice"},
    {"policy.points_quota", MIGRASIM_FIELD(policy.points_quota), 0, 1e9, "persons/year",
     "Annual quota of persons (applicants and the dependents registered with them) admitted under "
     "`points`, top score first; 0 = no quota",
     "Beijing 2018: 6,019 admitted"},
    {"policy.points_min_insured_months", MIGRASIM_FIELD(policy.points_min_insured_months), 0, 1200,
     "months", "Minimum months of local social insurance to apply under `points`",
     "Beijing 2016 rules: 7 consecutive years"},
    {"policy.points_max_age", MIGRASIM_FIELD(policy.points_max_age), 16, 120, "years",
     "Oldest age at which one may apply under `points`",
     "Beijing 2016 rules: under the retirement age (60 for men)"},
    {"policy.points_min_residence_months", MIGRASIM_FIELD(policy.points_min_residence_months), 0,
     1200, "months", "Months at the location (a residence permit) needed to apply under `points`",
     "Residence-permit regulation 2016: a permit after 6 months"},
    {"policy.points_min_score", MIGRASIM_FIELD(policy.points_min_score), 0, kInf, "points",
     "Lowest score admitted under `points` (a threshold, with or without a quota)",
     "Guangdong 2010: Guangzhou 60, Shenzhen 100"},
    {"policy.points_edu_primary", MIGRASIM_FIELD(policy.points_edu_primary), 0, kInf, "points",
     "Score for primary education or less", "modelling choice"},
    {"policy.points_edu_junior", MIGRASIM_FIELD(policy.points_edu_junior), 0, kInf, "points",
     "Score for junior secondary education", "Guangdong 2010: junior-high graduate 5"},
    {"policy.points_edu_senior", MIGRASIM_FIELD(policy.points_edu_senior), 0, kInf, "points",
     "Score for senior secondary education", "modelling choice (between Guangdong's 5 and 80)"},
    {"policy.points_edu_college", MIGRASIM_FIELD(policy.points_edu_college), 0, kInf, "points",
     "Score for college or university", "Guangdong 2010: university 80"},
    {"policy.points_per_insured_year", MIGRASIM_FIELD(policy.points_per_insured_year), 0, kInf,
     "points/year", "Score per year of local social insurance",
     "Beijing 2016 rules as reported: 3 per year (not in data/, unverified)"},
    {"policy.points_per_residence_year", MIGRASIM_FIELD(policy.points_per_residence_year), 0, kInf,
     "points/year", "Score per year at the location",
     "Beijing 2016 rules as reported: 1 per year in own housing (unverified)"},
    {"policy.points_home", MIGRASIM_FIELD(policy.points_home), 0, kInf, "points",
     "Score for owning a home at the location", "modelling choice"},
    {"policy.points_young_age", MIGRASIM_FIELD(policy.points_young_age), 0, 120, "years",
     "Applicants at or under this age get points_young_bonus",
     "Beijing 2016 rules as reported: 45 (unverified)"},
    {"policy.points_young_bonus", MIGRASIM_FIELD(policy.points_young_bonus), 0, kInf, "points",
     "Score added for applicants at or under points_young_age",
     "Beijing 2016 rules as reported: 20 (unverified)"},
    {"policy.threshold_months", MIGRASIM_FIELD(policy.threshold_months), 0, 1200, "months",
     "Months of residence and stable employment needed under `threshold`",
     "Chongqing 2010: 5 years (main districts) / 3 (county seats)"},
    {"policy.threshold_require_home", MIGRASIM_FIELD(policy.threshold_require_home), 0, 1, "0 or 1",
     "Whether `threshold` also requires owning a home", "modelling choice"},
    {"policy.talent_min_education", MIGRASIM_CHOICE(policy.talent_min_education), 0, 0, "",
     "Lowest education admitted under `talent`", "tier-1 green-card schemes: college"},
    {"policy.talent_min_income", MIGRASIM_FIELD(policy.talent_min_income), 0, kInf, "yuan/year",
     "Income floor under `talent` (the applicant's expected wage); 0 = none", "modelling choice"},
    {"policy.purchase_min_price", MIGRASIM_FIELD(policy.purchase_min_price), 0, kInf, "yuan",
     "Home price that gives registration under `purchase`", "modelling choice"},
    {"policy.purchase_rate", MIGRASIM_FIELD(policy.purchase_rate), 0, 1, "1/year",
     "Yearly chance that a migrant household able to pay the price buys a home under `purchase`",
     "modelling choice"},
    {"policy.purchase_income_years", MIGRASIM_FIELD(policy.purchase_income_years), 0, kInf, "years",
     "Years of household income a buyer can pay for a home (price-to-income limit)",
     "modelling choice"},
    {"policy.open_min_months", MIGRASIM_FIELD(policy.open_min_months), 0, 1200, "months",
     "Months at the location before one may register under `open`", "modelling choice"},
    {"policy.local_conversion", MIGRASIM_FIELD(policy.local_conversion), 0, 1, "0 or 1",
     "1: the region's own residents with agricultural hukou may convert to non-agricultural "
     "hukou under its rule (dual classification only); 0: the rule admits migrants only",
     "modelling choice: local conversion (nong zhuan fei) was governed apart from migrants' "
     "registration; Chongqing 2010 converted its own farmers"},
    {"policy.land_on_transfer", MIGRASIM_CHOICE(policy.land_on_transfer), 0, 0, "",
     "What happens to rural land when a migrant registers",
     "Chongqing 2010: keep for 3 years, then exit with compensation"},
    {"policy.land_compensation", MIGRASIM_FIELD(policy.land_compensation), 0, kInf, "yuan/person",
     "Paid by the region's budget per person surrendering land (`compensate`)",
     "Chongqing 2010: 76.9 bn yuan exit cost for > 3 M converts"},
    {"policy.exam_advantage", MIGRASIM_FIELD(policy.exam_advantage), 0, kInf, "yuan/year per pupil",
     "Value to a family, per registered pupil, of the region's college-entrance-exam quota",
     "seed: lower admission thresholds in Beijing and Shanghai; size is a modelling choice"},
    // [fiscal]
    {"fiscal.discount_rate", MIGRASIM_FIELD(fiscal.discount_rate), 0, 1, "1/year",
     "Discount rate for NPVs of recurring costs", "modelling choice"},
    {"fiscal.horizon_years", MIGRASIM_FIELD(fiscal.horizon_years), 1, 100, "years",
     "Horizon of NPVs and of the application decision", "modelling choice"},
    {"fiscal.calibrate", MIGRASIM_FIELD(fiscal.calibrate), 0, 1, "0 or 1",
     "1: each region with local_revenue gets the tax rate that reproduces it and the other "
     "spending per resident that balances its general budget (local_revenue + "
     "central_transfers) at the start; 0: local_tax_rate and no other spending",
     "modelling choice (docs/fiscal-burden.md)"},
    {"fiscal.local_tax_rate", MIGRASIM_FIELD(fiscal.local_tax_rate), 0, 1, "share",
     "Effective local tax on the wage bill where it is not calibrated", "modelling choice"},
    {"fiscal.social_insurance_rate", MIGRASIM_FIELD(fiscal.social_insurance_rate), 0, 1, "share",
     "Pension and unemployment contributions (employer + employee) on formal wages: the funds "
     "that pay the pension and unemployment categories (medical contributions are left out: "
     "employees' medical insurance is not a modelled spending)",
     "pension 20% + 8%, unemployment 2% + 1% (data/fiscal-unit-costs-2007.md s.9)"},
    {"fiscal.dibao_share_urban", MIGRASIM_FIELD(fiscal.dibao_share_urban), 0, 1, "share",
     "Share of registered urban-scheme residents receiving the minimum living allowance",
     "MCA 2007: 22.709 M urban recipients / 341.42 M non-agricultural hukou (25.84% of 1,321.29 "
     "M)"},
    {"fiscal.dibao_share_rural", MIGRASIM_FIELD(fiscal.dibao_share_rural), 0, 1, "share",
     "Share of registered rural-scheme residents receiving the minimum living allowance",
     "MCA 2007: 34.519 M rural recipients / 979.87 M agricultural hukou"},
    // [fiscal], model v2 (issue 14; docs/model.md s.6.7-6.9)
    {"fiscal.budget_model", MIGRASIM_CHOICE(fiscal.budget_model), 0, 0, "",
     "functional: the general budget split by function (budget.csv, else fiscal.share_*), each "
     "serving registered residents, all residents, or residents with a share for the "
     "unregistered; legacy: unit costs of benefits.csv plus `other` per resident",
     "education and health by province: NBS; other shares: national 2007 totals "
     "(docs/fiscal-burden.md s.1)"},
    {"fiscal.revenue_model", MIGRASIM_CHOICE(fiscal.revenue_model), 0, 0, "",
     "marginal: what a worker adds (local share of income tax and of indirect taxes on "
     "consumption, the registration wage premium as its own line) on top of the other local "
     "revenue fixed at the start; average: local revenue proportional to the wage bill",
     "tax-sharing rules: income tax 60/40 central/local from 2003, VAT 75/25"},
    {"fiscal.infrastructure_on", MIGRASIM_CHOICE(fiscal.infrastructure_on), 0, 0, "",
     "growth: one-off infrastructure and housing are charged per person of a region's net growth "
     "of residents in a month (capacity for growth; churn builds nothing); registration: per "
     "person newly registered",
     "modelling choice (docs/model.md s.6.8)"},
    {"fiscal.unit_cost_growth", MIGRASIM_FIELD(fiscal.unit_cost_growth), -0.5, 1, "1/year",
     "Real growth of every unit cost and per-person budget amount from the start",
     "modelling choice; 0 = start prices throughout"},
    {"fiscal.scale_pension", MIGRASIM_FIELD(fiscal.scale_pension), 0, 100, "factor",
     "Multiplier on benefits.csv's pension unit cost (pension per registered elder), every region "
     "and scheme",
     "modelling choice; 1 = the data (sensitivity studies vary it)"},
    {"fiscal.scale_health", MIGRASIM_FIELD(fiscal.scale_health), 0, 100, "factor",
     "Multiplier on benefits.csv's health unit cost (health per registered resident), every region "
     "and scheme",
     "modelling choice; 1 = the data (sensitivity studies vary it)"},
    {"fiscal.scale_education", MIGRASIM_FIELD(fiscal.scale_education), 0, 100, "factor",
     "Multiplier on benefits.csv's education unit cost (education per registered pupil), every "
     "region and scheme",
     "modelling choice; 1 = the data (sensitivity studies vary it)"},
    {"fiscal.scale_unemployment", MIGRASIM_FIELD(fiscal.scale_unemployment), 0, 100, "factor",
     "Multiplier on benefits.csv's unemployment unit cost (unemployment benefit per registered "
     "unemployed worker), every region and scheme",
     "modelling choice; 1 = the data (sensitivity studies vary it)"},
    {"fiscal.scale_dibao", MIGRASIM_FIELD(fiscal.scale_dibao), 0, 100, "factor",
     "Multiplier on benefits.csv's dibao unit cost (dibao per recipient), every region and scheme",
     "modelling choice; 1 = the data (sensitivity studies vary it)"},
    {"fiscal.scale_oneoff_housing", MIGRASIM_FIELD(fiscal.scale_oneoff_housing), 0, 100, "factor",
     "Multiplier on benefits.csv's oneoff_housing unit cost (one-off housing cost per newly "
     "registered migrant), every region and scheme",
     "modelling choice; 1 = the data (sensitivity studies vary it)"},
    {"fiscal.scale_oneoff_infrastructure", MIGRASIM_FIELD(fiscal.scale_oneoff_infrastructure), 0,
     100, "factor",
     "Multiplier on benefits.csv's oneoff_infrastructure unit cost (one-off infrastructure cost "
     "per newly registered migrant), every region and scheme",
     "modelling choice; 1 = the data (sensitivity studies vary it)"},
    {"fiscal.scale_school_fee", MIGRASIM_FIELD(fiscal.scale_school_fee), 0, 100, "factor",
     "Multiplier on benefits.csv's school_fee unit cost (school fee per unregistered pupil "
     "(revenue)), every region and scheme",
     "modelling choice; 1 = the data (sensitivity studies vary it)"},
    {"fiscal.share_education", MIGRASIM_FIELD(fiscal.share_education), 0, 1, "share",
     "Education's share of a region's general budget where budget.csv gives none",
     "31 provinces' 2007 education spending (NBS) over 3,833.9 bn local spending (CSY 2008, "
     "unverified)"},
    {"fiscal.share_health", MIGRASIM_FIELD(fiscal.share_health), 0, 1, "share",
     "Health's share of a region's general budget where budget.csv gives none",
     "31 provinces' 2007 health spending (NBS) over 3,833.9 bn local spending"},
    {"fiscal.share_social_security", MIGRASIM_FIELD(fiscal.share_social_security), 0, 1, "share",
     "Social security and employment (less dibao, charged apart): registered residents only",
     "545 bn national 2007 (recalled, unverified; central part not removed: an upper bound) over "
     "3,833.9 bn local spending"},
    {"fiscal.share_housing", MIGRASIM_FIELD(fiscal.share_housing), 0, 1, "share",
     "Security housing: registered residents only",
     "2010, the first year of the function: ~199 bn local of 7,388 bn local spending (recalled, "
     "unverified)"},
    {"fiscal.share_community", MIGRASIM_FIELD(fiscal.share_community), 0, 1, "share",
     "Urban and rural community affairs: every resident",
     "325 bn national 2007 (recalled, unverified; almost all local) over 3,833.9 bn"},
    {"fiscal.income_tax_rate", MIGRASIM_FIELD(fiscal.income_tax_rate), 0, 1, "share",
     "Effective personal income tax on a formal wage (revenue_model = marginal)",
     "assumption: 1,600 yuan/month allowance (2,000 from 2008-03) leaves a 5-10% bracket on part "
     "of an average wage"},
    {"fiscal.income_tax_local_share", MIGRASIM_FIELD(fiscal.income_tax_local_share), 0, 1, "share",
     "Local share of personal income tax", "State Council 2002: 60/40 from 2003"},
    {"fiscal.consumption_share", MIGRASIM_FIELD(fiscal.consumption_share), 0, 1, "share",
     "Share of a wage spent on taxed consumption in the region (revenue_model = marginal)",
     "assumption (urban consumption / disposable income was about 0.7 in 2007)"},
    {"fiscal.consumption_tax_rate", MIGRASIM_FIELD(fiscal.consumption_tax_rate), 0, 1, "share",
     "Indirect taxes (VAT, business and consumption tax) per yuan of consumption",
     "assumption (VAT 17% standard rate, less exempt and lower-rate goods)"},
    {"fiscal.consumption_tax_local_share", MIGRASIM_FIELD(fiscal.consumption_tax_local_share), 0, 1,
     "share", "Local share of indirect taxes on consumption", "VAT 75/25 central/local"},
};

#undef MIGRASIM_FIELD
#undef MIGRASIM_CHOICE

}  // namespace

std::string_view ParameterSpec::section() const {
  return key.substr(0, key.find('.'));
}
std::string_view ParameterSpec::name() const {
  return key.substr(key.find('.') + 1);
}

std::string ParameterSpec::type_name() const {
  switch (field.index()) {
    case 0:
      return "real";
    case 1:
      return "integer";
    case 2:
      return "text";
    case 3:
      return "month";
    default:
      return "choice";
  }
}

std::vector<std::string> ParameterSpec::choice_list() const {
  std::vector<std::string> out;
  if (const auto choice = std::get_if<ChoiceField>(&field)) {
    for (const auto name : choice->names()) out.emplace_back(name);
  }
  return out;
}

std::span<const ParameterSpec> parameter_specs() {
  return kSpecs;
}

const ParameterSpec* find_parameter(std::string_view key) {
  for (const auto& spec : kSpecs) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

std::vector<std::string> parameter_keys() {
  std::vector<std::string> keys;
  for (const auto& spec : kSpecs) keys.emplace_back(spec.key);
  return keys;
}

void assign_parameter(Parameters& params, const ParameterSpec& spec, std::string_view text,
                      const SourceLocation& where, std::string_view label, std::string_view shown) {
  const std::string value(trim(text));
  const std::string name(shown.empty() ? spec.key : shown);
  const auto fail = [&](const std::string& expected) {
    throw_input_error(where, std::string(label) + " '" + name + "': expected " + expected +
                                 ", got '" + value + "'");
  };
  if (auto real = std::get_if<RealField>(&spec.field)) {
    const auto v = parse_real(value);
    if (!v || *v < spec.min || *v > spec.max) fail(describe_range(false, spec.min, spec.max));
    (*real)(params) = *v;
  } else if (auto integer = std::get_if<IntegerField>(&spec.field)) {
    const auto v = parse_integer(value);
    if (!v || static_cast<double>(*v) < spec.min || static_cast<double>(*v) > spec.max) {
      fail(describe_range(true, spec.min, spec.max));
    }
    (*integer)(params) = static_cast<long>(*v);
  } else if (auto textual = std::get_if<TextField>(&spec.field)) {
    (*textual)(params) = value;
  } else if (auto choice = std::get_if<ChoiceField>(&spec.field)) {
    const auto names = choice->names();
    const auto it = std::find(names.begin(), names.end(), value);
    if (it == names.end()) {
      std::string list;
      for (const auto name : names) list += (list.empty() ? "" : ", ") + std::string(name);
      fail("one of " + list);
    }
    choice->set(params, static_cast<int>(it - names.begin()));
  } else {
    const auto month = parse_month(value);
    if (!month) fail("a date YYYY-MM");
    std::get<MonthField>(spec.field)(params) = *month;
  }
}

std::string parameter_value(const Parameters& params, const ParameterSpec& spec) {
  Parameters copy = params;  // accessors take a mutable reference
  return std::visit(
      [&](auto field) -> std::string {
        if constexpr (std::is_same_v<decltype(field), ChoiceField>) {
          return std::string(field.names()[field.get(params)]);
        } else {
          const auto& value = field(copy);
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, double>) {
            return format_number(value);
          } else if constexpr (std::is_same_v<T, long>) {
            return std::to_string(value);
          } else if constexpr (std::is_same_v<T, std::string>) {
            return value;
          } else {
            return value.str();
          }
        }
      },
      spec.field);
}

void validate_parameters(const Parameters& params, const SourceLocation& where) {
  const auto& pop = params.population;
  if (pop.age_0_14 + pop.age_65_plus >= 1.0) {
    throw_input_error(where, "population.age_0_14 + population.age_65_plus must be below 1, got " +
                                 format_number(pop.age_0_14 + pop.age_65_plus));
  }
  const auto shares_below_one = [&](const char* what, double a, double b, double c) {
    if (a + b + c > 1.0 + 1e-12) {
      throw_input_error(where, std::string(what) +
                                   " education shares (college + senior + "
                                   "junior) must not exceed 1, got " +
                                   format_number(a + b + c));
    }
  };
  shares_below_one("population.edu_*", pop.edu_college, pop.edu_senior, pop.edu_junior);
  if (!parse_month_list(params.run.census_dates)) {
    throw_input_error(where, "run.census_dates '" + params.run.census_dates +
                                 "': expected ascending YYYY-MM dates separated by commas");
  }
  shares_below_one("population.migrant_edu_*", pop.migrant_edu_college, pop.migrant_edu_senior,
                   pop.migrant_edu_junior);
}

}  // namespace migrasim
