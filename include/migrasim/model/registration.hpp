// The policy module's registration rules (DESIGN.md s.1 "Registration"):
// who may register (transfer hukou) in a region, with what score, whether a
// household wants to, and which applicants a quota admits.
//
// A region's PolicyParams (as scenarios set them, key by key) are compiled
// once per tick into a RegionRule; the agent phase tests applicants against
// it, and the admission phase selects among the applicants of each region.
#pragma once

#include <cstdint>
#include <vector>

#include "migrasim/model/agent_store.hpp"
#include "migrasim/scenario/parameters.hpp"

namespace migrasim {

// A region's regime in the form the agent loop reads.
struct RegionRule {
  ResidenceRule rule = ResidenceRule::closed;
  bool unified = false;           // classification: one "resident" hukou
  bool local_conversion = false;  // local agricultural residents may convert (policy key)
  double equalization = 0.0;      // effective_equalization: 0 unless unified
  double unregistered_share = 0.2;
  LandOnTransfer land = LandOnTransfer::keep;
  double land_compensation = 0.0;  // yuan/person
  double exam_advantage = 0.0;     // yuan/year per registered pupil
  // Family reunion, a yearly chance tested once a year (in the applicant's
  // birth month), after 12 months at the location: the only way in under
  // `closed`, and a way in beside the rule under points, threshold and talent
  // (outside any quota). Not under open (everyone may register) nor purchase
  // (whose buying draw it would share).
  double reunion_yearly = 0.0;
  // points
  std::int64_t quota = 0;  // persons/year, 0 = none
  int min_insured_months = 0, max_age = 0, min_residence_months = 0;
  double min_score = 0;
  double edu_points[kEducationLevels] = {};
  double per_insured_year = 0, per_residence_year = 0, home_points = 0;
  int young_age = 0;
  double young_bonus = 0;
  // threshold
  int threshold_months = 0;
  bool threshold_home = false;
  // talent
  Education talent_education = Education::college;
  double talent_income = 0;
  // purchase
  double purchase_price = 0, purchase_monthly = 0, purchase_income_years = 0;
  // open
  int open_min_months = 0;

  bool admits_anyone() const { return rule != ResidenceRule::closed || reunion_yearly > 0; }
  // Whether applicants may come in any month (every rule but `closed`,
  // whose family reunion is reviewed once a year).
  bool monthly() const { return rule != ResidenceRule::closed; }
};

RegionRule compile_rule(const PolicyParams& p);

// What the rules look at: the applicant (the head of the unit that would be
// registered) at the end of the tick, in the region it applies to.
struct ApplicantFacts {
  int age = 0;
  Education education = Education::primary;
  Employment employment = Employment::not_working;
  int months_here = 0;
  int insured_months = 0;
  bool owns_home = false;
  bool review_month = false;    // the applicant's yearly review (its birth month)
  double income = 0;            // yuan/year: expected wage of the applicant where it lives
  double household_income = 0;  // yuan/year: of the members living with it
  // A uniform [0, 1) draw for the rules with a chance (reunion, purchase).
  double chance = 0;
};

// Whether the applicant may register by family reunion this month: its
// yearly review, 12 months at the location, and the draw under the yearly
// chance.
bool family_reunion(const RegionRule& r, const ApplicantFacts& a);

// Whether the applicant may register under the region's rule: under
// `closed`, family reunion; under `points`, the minimums and a score of at
// least min_score; under the others, their own tests (`purchase`: owning a
// home, or buying one now, the chance drawn; `buys_home` is then set). Family
// reunion beside the other rules, whether registering is worth it, and a
// `points` quota (the admission phase) are decided by the callers.
bool eligible(const RegionRule& r, const ApplicantFacts& a, bool* buys_home = nullptr);

// The points score (0 under every other rule).
double points_score(const RegionRule& r, const ApplicantFacts& a);

// Present value of one yuan a year over `years` years at `rate` (paid at the
// end of each year): the annuity factor of the application decision.
double annuity_factor(double rate, int years);

// --- Admission with quotas --------------------------------------------------
//
// An application, as the admission phase sees it. The key orders applicants
// of a region: score first, then a hash of (seed, agent id, tick), then the
// id (unique), so no two keys are equal and the order depends on nothing
// else: not the thread, not the rank, not the position in memory.
struct ApplicationKey {
  std::uint64_t key = 0;
  std::int32_t region = 0;   // where it applies
  std::int32_t persons = 0;  // agents registered with it (the unit)
};
std::uint64_t application_key(double score, std::uint64_t hash_bits, std::uint32_t id);
double key_score(std::uint64_t key);  // the score a key was built from (rounded down to 1/16)

// Per region, the threshold key: applications with key >= threshold[r] are
// admitted. They are the applications taken in descending key order while
// their persons fit allowance[r] (agents; negative = unlimited); the first
// that does not fit stops the region's admissions that tick. Found by radix selection:
// eight passes of 256-bin histograms of weighted counts, each reduced over
// the application lists (threads; ranks later), so the result is exact and
// independent of how applications are split. `lists` are the thread-local
// application lists; 0 means "admit all".
std::vector<std::uint64_t> admission_thresholds(
    const std::vector<const std::vector<ApplicationKey>*>& lists,
    const std::vector<std::int64_t>& allowance, int regions);

}  // namespace migrasim
