#include "migrasim/scenario/parameter_table.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "test_support.hpp"

namespace migrasim {
namespace {

using testing::input_error_of;

TEST(ParameterTable, KeysAreUniqueAndSectioned) {
  std::set<std::string> keys;
  const std::set<std::string> sections = {"scenario",  "run",    "population", "demography",
                                          "migration", "policy", "fiscal"};
  for (const auto& spec : parameter_specs()) {
    EXPECT_TRUE(keys.insert(std::string(spec.key)).second) << spec.key;
    EXPECT_TRUE(sections.count(std::string(spec.section()))) << spec.key;
    EXPECT_FALSE(spec.meaning.empty()) << spec.key;
  }
}

TEST(ParameterTable, EveryDefaultIsAcceptedByItsOwnCheck) {
  const Parameters defaults;
  for (const auto& spec : parameter_specs()) {
    Parameters p;
    const std::string text = parameter_value(defaults, spec);
    if (spec.type_name() == "text") continue;  // free text has no check
    EXPECT_EQ(input_error_of([&] {
                assign_parameter(p, spec, text, {"defaults", 0});
              }),
              "<no InputError>")
        << spec.key << " = " << text;
    EXPECT_EQ(parameter_value(p, spec), text) << spec.key;
  }
}

TEST(ParameterTable, AssignsTypedValues) {
  Parameters p;
  assign_parameter(p, *find_parameter("migration.hazard"), " 0.004 ", {"t", 0});
  assign_parameter(p, *find_parameter("run.ticks"), "24", {"t", 0});
  assign_parameter(p, *find_parameter("run.start"), "2008-06", {"t", 0});
  assign_parameter(p, *find_parameter("policy.residence_rule"), "points", {"t", 0});
  EXPECT_EQ(p.migration.hazard, 0.004);
  EXPECT_EQ(p.run.ticks, 24);
  EXPECT_EQ(p.run.start, (Month{2008, 6}));
  EXPECT_EQ(p.policy.residence_rule, ResidenceRule::points);
}

TEST(ParameterTable, RejectsBadValuesNamingKeyAndValue) {
  Parameters p;
  const auto error = [&](const char* key, const char* value) {
    return input_error_of([&] { assign_parameter(p, *find_parameter(key), value, {"f.ini", 7}); });
  };
  EXPECT_EQ(error("migration.hazard", "2"),
            "f.ini:7: key 'migration.hazard': expected a number in [0, 1], got '2'");
  EXPECT_EQ(error("run.ticks", "1.5"),
            "f.ini:7: key 'run.ticks': expected an integer in [1, 12000], got '1.5'");
  EXPECT_EQ(error("migration.d0_km", "0"),
            "f.ini:7: key 'migration.d0_km': expected a positive number, got '0'");
  EXPECT_EQ(error("policy.classification", "mixed"),
            "f.ini:7: key 'policy.classification': expected one of dual, unified, got 'mixed'");
  EXPECT_EQ(error("run.start", "2007/01"),
            "f.ini:7: key 'run.start': expected a date YYYY-MM, got '2007/01'");
}

// A choice key takes each word of its enum's table and gives it back; the
// words and the enum values correspond one to one.
TEST(ParameterTable, ChoiceKeysReadAndWriteEveryWord) {
  int choices = 0;
  for (const auto& spec : parameter_specs()) {
    if (spec.type_name() != "choice") continue;
    ++choices;
    ASSERT_FALSE(spec.choice_list().empty()) << spec.key;
    for (const auto& word : spec.choice_list()) {
      Parameters p;
      assign_parameter(p, spec, word, {"t", 0});
      EXPECT_EQ(parameter_value(p, spec), word) << spec.key;
    }
  }
  // classification, residence_rule, talent_min_education, land_on_transfer;
  // fiscal.budget_model, revenue_model, infrastructure_on (issue 14)
  EXPECT_EQ(choices, 7);
  EXPECT_EQ(parse_choice<BudgetModel>("legacy"), BudgetModel::legacy);
  EXPECT_EQ(choice_name(InfrastructureOn::growth), "growth");
  EXPECT_EQ(choice_name(ResidenceRule::purchase), "purchase");
  EXPECT_EQ(choice_name(Education::senior), "senior");
  EXPECT_EQ(parse_choice<LandOnTransfer>("compensate"), LandOnTransfer::compensate);
  EXPECT_EQ(parse_choice<Classification>("Unified"), std::nullopt);
  EXPECT_EQ(choice_names<ResidenceRule>().size(), static_cast<std::size_t>(kResidenceRules));
}

TEST(ParameterTable, ChecksRelationsBetweenParameters) {
  Parameters p;
  p.population.age_0_14 = 0.6;
  p.population.age_65_plus = 0.5;
  EXPECT_EQ(input_error_of([&] {
              validate_parameters(p, {"scenario.ini", 0});
            }),
            "scenario.ini: population.age_0_14 + population.age_65_plus must be below 1, got 1.1");
}

// The scenario-format documentation names every key and every column, so a
// key added to the table without documentation fails here.
TEST(ParameterTable, EveryKeyIsDocumented) {
  std::ifstream in(testing::source_dir() / "docs" / "scenario-format.md");
  ASSERT_TRUE(in) << "docs/scenario-format.md is missing";
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string doc = buffer.str();
  for (const auto& spec : parameter_specs()) {
    EXPECT_NE(doc.find("`" + std::string(spec.key) + "`"), std::string::npos) << spec.key;
  }
  for (const char* column : {"name",
                             "province",
                             "lat",
                             "lon",
                             "population",
                             "migrants",
                             "emigrants",
                             "urban_share",
                             "urban_hukou_share",
                             "urban_income",
                             "rural_income",
                             "cost_of_living",
                             "household_size",
                             "local_revenue",
                             "local_expenditure",
                             "central_transfers",
                             "attraction",
                             "origin",
                             "destination",
                             "region",
                             "scheme",
                             "category",
                             "value",
                             "date",
                             "target",
                             "action",
                             "parameters",
                             "function"}) {
    EXPECT_NE(doc.find(std::string("`") + column + "`"), std::string::npos) << column;
  }
}

}  // namespace
}  // namespace migrasim
