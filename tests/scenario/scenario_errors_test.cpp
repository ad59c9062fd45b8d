// Every kind of bad scenario input gives one exact message naming the file,
// line, column or key and the offending value (and exit code 2 in the CLI).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "migrasim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace migrasim {
namespace {

using testing::input_error_of;
using testing::TempDir;

const std::string kRegions =
    "name,province,lat,lon,population,migrants,emigrants,urban_share,urban_income,rural_income\n"
    "Alpha,East,31.0,121.0,1000,100,0,0.9,24000,10000\n"
    "Beta,East,30.0,120.0,600,0,50,0.6,16000,7000\n"
    "Gamma,West,30.0,104.0,1400,0,50,0.3,11000,3500\n";

// A small valid scenario in a temporary folder; each test breaks one thing.
class BadScenario : public ::testing::Test {
 protected:
  void SetUp() override {
    write("scenario.ini", "[run]\nstart = 2010-01\nticks = 12\n");
    write("regions.csv", kRegions);
  }
  void write(const std::string& name, const std::string& text) { dir_.write("s/" + name, text); }
  // How messages name a file of the scenario.
  std::string file(const std::string& name) const { return dir_.str() + "/s/" + name; }
  std::string error(const std::vector<Override>& overrides = {}) const {
    return input_error_of([&] { load_scenario(dir_.path() / "s", overrides); });
  }
  std::string regions_with(const std::string& from, const std::string& to) const {
    std::string text = kRegions;
    text.replace(text.find(from), from.size(), to);
    return text;
  }

  TempDir dir_;
};

TEST_F(BadScenario, ValidBaselineLoads) {
  EXPECT_EQ(error(), "<no InputError>");
}

TEST_F(BadScenario, MissingFolderAndFiles) {
  EXPECT_EQ(input_error_of([&] { load_scenario(dir_.path() / "nope"); }),
            dir_.str() +
                "/nope: no such scenario (expected a folder with scenario.ini, or a "
                "what-if .ini file)");
  std::filesystem::remove(dir_.path() / "s" / "regions.csv");
  EXPECT_EQ(error(), file("regions.csv") + ": file not found");
  std::filesystem::remove(dir_.path() / "s" / "scenario.ini");
  EXPECT_EQ(error(), file("scenario.ini") + ": file not found");
}

TEST_F(BadScenario, MissingDuplicateAndUnknownColumns) {
  write("regions.csv", "name,province,lat,lon,urban_share,urban_income,rural_income\n");
  EXPECT_EQ(error(), file("regions.csv") + ":1: missing required column 'population'");
  write("regions.csv", regions_with("lon,population", "lon,lat,population"));
  EXPECT_EQ(error(), file("regions.csv") + ":1: duplicate column 'lat'");
  write("regions.csv", regions_with("lon,population", "lon,populaton"));
  EXPECT_EQ(error(), file("regions.csv") +
                         ":1: unknown column 'populaton' (did you mean "
                         "'population'?)");
}

TEST_F(BadScenario, NonNumericAndOutOfRangeValues) {
  write("regions.csv",
        "name,province,lat,lon,population,migrants,emigrants,urban_share,urban_income,"
        "rural_income,attraction\n"
        "Alpha,East,31.0,121.0,1000,100,0,0.9,24000,10000,25\n"
        "Beta,East,30.0,120.0,600,0,50,0.6,16000,7000,0\n"
        "Gamma,West,30.0,104.0,1400,0,50,0.3,11000,3500,0\n");
  EXPECT_EQ(error(), file("regions.csv") +
                         ":2: column 'attraction': expected a number in [-20, 20], got '25'");
  write("regions.csv", regions_with("Beta,East,30.0,120.0,600", "Beta,East,30.0,120.0,-3"));
  EXPECT_EQ(error(), file("regions.csv") +
                         ":3: column 'population': expected a non-negative number, got '-3'");
  write("regions.csv", regions_with("Beta,East,30.0,120.0,600", "Beta,East,30.0,120.0,many"));
  EXPECT_EQ(error(), file("regions.csv") +
                         ":3: column 'population': expected a non-negative number, got 'many'");
  write("regions.csv", regions_with("0.6,16000", "1.7,16000"));
  EXPECT_EQ(error(), file("regions.csv") +
                         ":3: column 'urban_share': expected a number in [0, 1], got '1.7'");
  write("regions.csv", regions_with("30.0,104.0", "30.0,204.0"));
  EXPECT_EQ(error(), file("regions.csv") +
                         ":4: column 'lon': expected a number in [-180, 180], got '204.0'");
  write("regions.csv", regions_with("11000,3500", "11000,0"));
  EXPECT_EQ(error(),
            file("regions.csv") + ":4: column 'rural_income': expected a positive number, got '0'");
  write("regions.csv", regions_with("Gamma,West", ",West"));
  EXPECT_EQ(error(), file("regions.csv") + ":4: column 'name': expected a value, got ''");
}

TEST_F(BadScenario, WrongFieldCountAndInconsistentRows) {
  write("regions.csv", regions_with("0.6,16000,7000", "0.6,16000"));
  EXPECT_EQ(error(), file("regions.csv") + ":3: expected 10 fields, got 9");
  write("regions.csv", regions_with("1000,100,0", "1000,1100,0"));
  EXPECT_EQ(error(), file("regions.csv") +
                         ":2: column 'migrants': 1100 exceeds the region's population 1000");
  write("regions.csv", regions_with("1400,0,50", "1400,0,500"));
  EXPECT_EQ(error(), file("regions.csv") +
                         ": columns 'migrants' and 'emigrants' must have equal totals (within "
                         "0.5%), got 100 and 550");
}

TEST_F(BadScenario, DuplicateRegionName) {
  write("regions.csv", regions_with("Gamma,West", "Alpha,West"));
  EXPECT_EQ(error(),
            file("regions.csv") + ":4: column 'name': duplicate region 'Alpha' (first on line 2)");
}

TEST_F(BadScenario, PolicyColumnValues) {
  write("regions.csv",
        "name,province,lat,lon,population,urban_share,urban_income,rural_income,"
        "residence_rule\nAlpha,East,31,121,1000,0.9,24000,10000,half-open\n");
  EXPECT_EQ(error(), file("regions.csv") +
                         ":2: column 'residence_rule': expected one of closed, points, threshold, "
                         "talent, purchase, open, got 'half-open'");
}

// Every choice key (policy enums) names the file, line, key and the unknown
// word, and lists the words it accepts, wherever the word is written.
TEST_F(BadScenario, UnknownChoiceNames) {
  write("scenario.ini", "[run]\nstart = 2010-01\n[policy]\nland_on_transfer = sell\n");
  EXPECT_EQ(error(), file("scenario.ini") +
                         ":4: key 'policy.land_on_transfer': expected one of keep, surrender, "
                         "compensate, got 'sell'");
  write("scenario.ini", "[run]\nstart = 2010-01\n");
  const std::string header = "date,target,action,value,parameters\n";
  write("events.csv", header + "2010-07,Alpha,residence_rule,pints\n");
  EXPECT_EQ(error(), file("events.csv") +
                         ":2: column 'value': key 'residence_rule': expected one of closed, "
                         "points, threshold, talent, purchase, open, got 'pints'");
  write("events.csv", header + "2010-07,Alpha,residence_rule,talent,talent_min_education=phd\n");
  EXPECT_EQ(error(), file("events.csv") +
                         ":2: column 'parameters': key 'talent_min_education': expected one of "
                         "primary, junior, senior, college, got 'phd'");
  write("events.csv", "");
  EXPECT_EQ(error({{"policy.classification", "Unified", "--set"}}),
            "--set: key 'policy.classification': expected one of dual, unified, got 'Unified'");
}

TEST_F(BadScenario, EmptyScenario) {
  write("regions.csv", "name,province,lat,lon,population,urban_share,urban_income,rural_income\n");
  EXPECT_EQ(error(), file("regions.csv") + ": no regions (the file has a header but no rows)");
  write("regions.csv", "");
  EXPECT_EQ(error(), file("regions.csv") + ": empty file (expected a header line)");
  write("regions.csv",
        "name,province,lat,lon,population,urban_share,urban_income,rural_income\n"
        "Alpha,East,31,121,0,0.9,24000,10000\n");
  EXPECT_EQ(error(), file("regions.csv") +
                         ":2: column 'population': expected 1 to 10,000,000,000 persons, got '0'");
}

// Issue 12, case 6: 1e19 persons validated ("-0 residents") and a region of
// nobody was given 20,936 residents and a 19,703 % tax rate.
TEST_F(BadScenario, PopulationBeyondTheLimits) {
  write("regions.csv", regions_with("Alpha,East,31.0,121.0,1000", "Alpha,East,31.0,121.0,1e19"));
  EXPECT_EQ(error(), file("regions.csv") +
                         ":2: column 'population': expected 1 to 10,000,000,000 persons, got "
                         "'1e19'");
  write("regions.csv", regions_with("Alpha,East,31.0,121.0,1000", "Alpha,East,31.0,121.0,0"));
  EXPECT_EQ(error(), file("regions.csv") +
                         ":2: column 'population': expected 1 to 10,000,000,000 persons, got '0'");
  // Three regions of 9e9 persons each: every row within the limit, the sum not.
  write("regions.csv",
        "name,province,lat,lon,population,urban_share,urban_income,rural_income\n"
        "A,P,31,121,9e9,0.5,20000,8000\nB,P,30,120,9e9,0.5,20000,8000\n");
  EXPECT_EQ(error(), file("regions.csv") +
                         ": column 'population' sums to 18,000,000,000 persons, more than the "
                         "limit of 10,000,000,000 (the world holds about 8 billion: a unit "
                         "mistake?)");
}

TEST_F(BadScenario, TooFewAgentsForThePopulation) {
  // 3,000 persons: 1 agent would stand for 3,000 persons (within the limit);
  // a scenario of 3e9 persons with 1,000 agents is 3 M persons per agent.
  EXPECT_EQ(error({{"run.agents", "1", "--agents"}}), "<no InputError>");
  write("regions.csv", regions_with("Alpha,East,31.0,121.0,1000", "Alpha,East,31.0,121.0,3e9"));
  EXPECT_EQ(error({{"run.agents", "1000", "--agents"}}),
            "run.agents: 1,000 agents for 3,000,002,000 persons is 3,000,002 persons per agent, "
            "more than the limit of 1,000,000; use at least 3,001 agents");
}

TEST_F(BadScenario, EventTargets) {
  const std::string header = "date,target,action,value,parameters\n";
  write("events.csv", header + "2010-07,Alpah,residence_rule,open\n");
  EXPECT_EQ(error(), file("events.csv") +
                         ":2: column 'target': unknown region or province "
                         "'Alpah' (did you mean 'Alpha'?)");
  write("events.csv", header + "2010-07,Eest,residence_rule,open\n");
  EXPECT_EQ(error(), file("events.csv") +
                         ":2: column 'target': unknown region or province "
                         "'Eest' (did you mean 'East'?)");
  write("events.csv", header + "2010-07,Atlantis,residence_rule,open\n");
  EXPECT_EQ(error(),
            file("events.csv") + ":2: column 'target': unknown region or province 'Atlantis'");
}

TEST_F(BadScenario, EventDates) {
  const std::string header = "date,target,action,value,parameters\n";
  write("events.csv", header +
                          "2010-07,Alpha,residence_rule,open\n2009-12,Beta,set,"
                          "reunion_rate=0\n");
  EXPECT_EQ(error(), file("events.csv") +
                         ":3: column 'date': event date 2009-12 is before the "
                         "scenario start 2010-01");
  write("events.csv", header + "2010/07,Alpha,residence_rule,open\n");
  EXPECT_EQ(error(),
            file("events.csv") + ":2: column 'date': expected a date YYYY-MM, got '2010/07'");
  // A later start given on the command line makes the same event too early.
  write("events.csv", header + "2010-07,Alpha,residence_rule,open\n");
  EXPECT_EQ(error({{"run.start", "2011-01", "--set"}}),
            file("events.csv") +
                ":2: column 'date': event date 2010-07 is before the scenario "
                "start 2011-01");
}

TEST_F(BadScenario, EventActionsAndParameters) {
  const std::string header = "date,target,action,value,parameters\n";
  write("events.csv", header + "2010-07,Alpha,clasification,unified\n");
  EXPECT_EQ(error(), file("events.csv") +
                         ":2: column 'action': unknown action 'clasification' "
                         "(did you mean 'classification'?)");
  write("events.csv", header + "2010-07,Alpha,abolish,hukou\n");
  EXPECT_EQ(error(), file("events.csv") +
                         ":2: column 'action': unknown action 'abolish' "
                         "(expected classification, residence_rule or set)");
  write("events.csv", header + "2010-07,Alpha,classification,mixed\n");
  EXPECT_EQ(error(), file("events.csv") +
                         ":2: column 'value': key 'classification': expected "
                         "one of dual, unified, got 'mixed'");
  write("events.csv", header + "2010-07,Alpha,classification,unified,benefit_equalisation=1\n");
  EXPECT_EQ(error(), file("events.csv") +
                         ":2: column 'parameters': unknown policy key "
                         "'benefit_equalisation' (did you mean "
                         "'benefit_equalization'?)");
  write("events.csv", header + "2010-07,Alpha,classification,unified,benefit_equalization=2\n");
  EXPECT_EQ(error(), file("events.csv") +
                         ":2: column 'parameters': key 'benefit_equalization': "
                         "expected a number in [0, 1], got '2'");
  write("events.csv", header + "2010-07,Alpha,set,unregistered_service_share\n");
  EXPECT_EQ(error(),
            file("events.csv") +
                ":2: column 'value': expected key=value, got 'unregistered_service_share'");
  write("events.csv", header + "2010-07,Alpha,residence_rule,points,policy.points_quota=5\n");
  EXPECT_EQ(error(), file("events.csv") +
                         ":2: column 'parameters': unknown policy key "
                         "'policy.points_quota' (did you mean 'points_quota'?)");
  write("events.csv", header + "2010-07,Alpha,residence_rule,open,residence_rule=closed\n");
  EXPECT_EQ(error(), file("events.csv") +
                         ":2: column 'parameters': key 'residence_rule' is set "
                         "twice in one event");
  write("events.csv", "date,region,action,value\n");
  EXPECT_EQ(error(), file("events.csv") + ":1: unknown column 'region'");
  write("events.csv", header + "2010-07,Alpha,set\n");
  EXPECT_EQ(error(), file("events.csv") + ":2: expected at least 4 fields, got 3");
}

TEST_F(BadScenario, IniKeysAndValues) {
  write("scenario.ini", "[run]\nstart = 2010-01\ntick = 12\n");
  EXPECT_EQ(error(),
            file("scenario.ini") + ":3: unknown key 'run.tick' (did you mean 'run.ticks'?)");
  write("scenario.ini", "# no section\nticks = 12\n");
  EXPECT_EQ(error(), file("scenario.ini") + ":2: unknown key 'ticks' (did you mean 'run.ticks'?)");
  write("scenario.ini", "[migration]\nhazzard = 0.1\n");
  EXPECT_EQ(error(), file("scenario.ini") +
                         ":2: unknown key 'migration.hazzard' (did you mean 'migration.hazard'?)");
  write("scenario.ini", "[budget]\ncolour = 3\n");
  EXPECT_EQ(error(), file("scenario.ini") + ":2: unknown key 'budget.colour'");
  write("scenario.ini", "[run]\nticks = many\n");
  EXPECT_EQ(error(), file("scenario.ini") +
                         ":2: key 'run.ticks': expected an integer in [1, 12000], got 'many'");
  write("scenario.ini", "[run]\nticks = 12\n\nticks = 24\n");
  EXPECT_EQ(error(), file("scenario.ini") + ":4: duplicate key 'run.ticks' (first on line 2)");
  write("scenario.ini", "[ run ]\nticks = 0\n");  // blanks in a header are fine
  EXPECT_EQ(error(), file("scenario.ini") +
                         ":2: key 'run.ticks': expected an integer in [1, 12000], got '0'");
  write("scenario.ini", "[run]\nticks 12\n");
  EXPECT_EQ(error(),
            file("scenario.ini") + ":2: expected 'key = value' or '[section]', got 'ticks 12'");
  write("scenario.ini", "[scenario]\nbase = ../other\n");
  EXPECT_EQ(error(), file("scenario.ini") +
                         ":2: key 'scenario.base' belongs in what-if files, "
                         "not in a scenario folder's scenario.ini");
  write("scenario.ini", "[population]\nage_0_14 = 0.7\nage_65_plus = 0.4\n");
  EXPECT_EQ(error(),
            "scenario parameters: population.age_0_14 + population.age_65_plus must be "
            "below 1, got 1.1");
}

TEST_F(BadScenario, DistanceMatrix) {
  const std::string header = "from,Alpha,Beta,Gamma\n";
  write("distances.csv", header + "Alpha,0,150,1700\nBeta,151,0,1600\nGamma,1700,1600,0\n");
  EXPECT_EQ(error(), file("distances.csv") +
                         ":3: row 'Beta' column 'Alpha': 151 differs from "
                         "150 at row 'Alpha' column 'Beta' (the matrix must "
                         "be symmetric)");
  write("distances.csv", "from,Alpha,Beta\nAlpha,0,150\nBeta,150,0\n");
  EXPECT_EQ(error(), file("distances.csv") +
                         ":1: expected 3 region columns after the first, got "
                         "2 (the matrix must be square over all regions)");
  write("distances.csv", header + "Alpha,0,150,1700\nBeta,150,0,1600\n");
  EXPECT_EQ(error(),
            file("distances.csv") + ": no row for region 'Gamma' (expected 3 rows, got 2)");
  write("distances.csv", header + "Alpha,0,150,1700\nBeta,150,0,1600\nGamma,1700,1600\n");
  EXPECT_EQ(error(), file("distances.csv") + ":4: expected 4 fields, got 3");
  write("distances.csv", header + "Alpha,5,150,1700\nBeta,150,0,1600\nGamma,1700,1600,0\n");
  EXPECT_EQ(error(),
            file("distances.csv") + ":2: distance from 'Alpha' to itself must be 0, got 5");
  write("distances.csv", "from,Alpha,Beta,Gamme\nAlpha,0,150,1700\n");
  EXPECT_EQ(error(), file("distances.csv") +
                         ":1: column 4: unknown region 'Gamme' (did you "
                         "mean 'Gamma'?)");
  write("distances.csv", header + "Alpha,0,-150,1700\nBeta,150,0,1600\nGamma,1700,1600,0\n");
  EXPECT_EQ(error(), file("distances.csv") +
                         ":2: column 'Beta': expected a non-negative number, got '-150'");
}

TEST_F(BadScenario, MigrantStock) {
  const std::string header = "origin,destination,migrants\n";
  write("migrant_stock.csv", header + "Beta,Alpha,50\nGamma,Alpah,50\n");
  EXPECT_EQ(error(), file("migrant_stock.csv") +
                         ":3: column 'destination': unknown region "
                         "'Alpah' (did you mean 'Alpha'?)");
  write("migrant_stock.csv", header + "Beta,Alpha,50\nGamma,Alpha,40\n");
  EXPECT_EQ(error(), file("migrant_stock.csv") +
                         ": migrants living in 'Alpha' sum to 90 but regions.csv says 100");
  write("migrant_stock.csv", header + "Beta,Alpha,50\nBeta,Alpha,50\n");
  EXPECT_EQ(error(),
            file("migrant_stock.csv") + ":3: duplicate pair 'Beta' -> 'Alpha' (first on line 2)");
  write("migrant_stock.csv", header + "Beta,Beta,50\n");
  EXPECT_EQ(error(),
            file("migrant_stock.csv") + ":2: origin and destination are the same region 'Beta'");
}

TEST_F(BadScenario, UnitCosts) {
  const std::string header = "region,scheme,category,value\n";
  write("benefits.csv", header + "*,urban,pensoin,100\n");
  EXPECT_EQ(error(), file("benefits.csv") +
                         ":2: column 'category': unknown category 'pensoin' "
                         "(did you mean 'pension'?)");
  write("benefits.csv", header + "*,city,pension,100\n");
  EXPECT_EQ(error(), file("benefits.csv") +
                         ":2: column 'scheme': unknown scheme 'city' "
                         "(expected one of rural, urban, all)");
  write("benefits.csv", header + "*,all,health,100\n*,urban,health,200\n");
  EXPECT_EQ(error(), file("benefits.csv") +
                         ":3: duplicate unit cost for region '*', scheme "
                         "'urban', category 'health' (first on line 2)");
  write("benefits.csv", header + "Omega,urban,health,100\n");
  EXPECT_EQ(error(), file("benefits.csv") + ":2: column 'region': unknown region 'Omega'");
  write("benefits.csv", header + "Alpha,urban,health,-1\n");
  EXPECT_EQ(error(),
            file("benefits.csv") + ":2: column 'value': expected a non-negative number, got '-1'");
}

// budget.csv (fiscal model v2): spending by function per region.
TEST_F(BadScenario, Budgets) {
  const std::string header = "region,function,value\n";
  write("budget.csv", header + "Alpha,educaton,100\n");
  EXPECT_EQ(error(), file("budget.csv") +
                         ":2: column 'function': unknown function 'educaton' "
                         "(did you mean 'education'?)");
  write("budget.csv", header + "Alpha,health,100\nAlpha,health,200\n");
  EXPECT_EQ(error(), file("budget.csv") +
                         ":3: duplicate budget for region 'Alpha', function 'health' (first on "
                         "line 2)");
  write("budget.csv", header + "*,health,100\n");
  EXPECT_EQ(error(), file("budget.csv") + ":2: column 'region': unknown region '*'");
  write("budget.csv", header + "Alpha,health,-5\n");
  EXPECT_EQ(error(),
            file("budget.csv") + ":2: column 'value': expected a non-negative number, got '-5'");
}

TEST_F(BadScenario, CommandLineOverrides) {
  EXPECT_EQ(error({{"migration.hazzard", "0.1", "--set"}}),
            "--set: unknown key 'migration.hazzard' (did you mean 'migration.hazard'?)");
  EXPECT_EQ(error({{"migration.hazard", "2", "--set"}}),
            "--set: key 'migration.hazard': expected a number in [0, 1], got '2'");
  EXPECT_EQ(error({{"scenario.base", "x", "--set"}}),
            "--set: key 'scenario.base' can only be set in a what-if file");
  EXPECT_EQ(error({{"run.ticks", "0", "--ticks"}}),
            "--ticks: key 'run.ticks': expected an integer in [1, 12000], got '0'");
}

TEST_F(BadScenario, WhatIfFiles) {
  dir_.write("nobase.ini", "[migration]\nhazard = 0.01\n");
  EXPECT_EQ(input_error_of([&] { load_scenario(dir_.path() / "nobase.ini"); }),
            dir_.str() +
                "/nobase.ini: a what-if file needs 'base' in [scenario] (the scenario "
                "it modifies); a scenario folder needs scenario.ini");
  dir_.write("lost.ini", "[scenario]\nbase = missing\n");
  EXPECT_EQ(input_error_of([&] { load_scenario(dir_.path() / "lost.ini"); }),
            dir_.str() +
                "/missing: no such scenario (expected a folder with scenario.ini, or a "
                "what-if .ini file)");
  dir_.write("typo.ini",
             "[scenario]\nbase = s\n\n[events]\nadd = 2010-07, Alpah, set, "
             "reunion_rate=0\n");
  EXPECT_EQ(input_error_of([&] { load_scenario(dir_.path() / "typo.ini"); }),
            dir_.str() +
                "/typo.ini:5: key 'events.add': column 'target': unknown region or "
                "province 'Alpah' (did you mean 'Alpha'?)");
  dir_.write("loop.ini", "[scenario]\nbase = loop.ini\n");
  EXPECT_EQ(input_error_of([&] { load_scenario(dir_.path() / "loop.ini"); }),
            dir_.str() + "/loop.ini: what-if files nest too deeply (a cycle?)");
}

}  // namespace
}  // namespace migrasim
