#include "compare_output.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "io/csv_field.hpp"
#include "migrasim/detail/text.hpp"
#include "migrasim/month.hpp"
#include "table_text.hpp"

namespace migrasim::cli {

namespace {

// The first and last month compared: rows 1 ... months of the run files
// count the months start ... start + months - 1 (docs/hdf5-schema.md s.1).
struct Span {
  std::string first, last;
};

Span months_of(const Burden& b) {
  const auto start = parse_month(b.start_date);
  if (!start) return {b.start_date, ""};
  return {start->str(), start->plus(b.months - 1).str()};
}

std::string money(double yuan) {
  if (std::isnan(yuan)) return "-";
  const double a = std::abs(yuan);
  char b[32];
  if (a >= 1e9) {
    std::snprintf(b, sizeof b, "%.2f bn", yuan / 1e9);
  } else if (a >= 1e6) {
    std::snprintf(b, sizeof b, "%.1f M", yuan / 1e6);
  } else {
    return group_thousands(std::llround(yuan));
  }
  return b;
}

bool changed(const BurdenRow& r) {
  return r.newly_registered != 0 || r.delta_spending_total != 0 || r.delta_revenue_total != 0 ||
         r.delta_balance_end != 0;
}

std::vector<std::string> columns() {
  std::vector<std::string> c = {"region", "newly_registered", "delta_spending_per_year",
                                "base_spending_per_year", "share_of_base"};
  for (int i = 0; i < kSpending; ++i) {
    c.push_back("delta_" + std::string(spending_name(static_cast<Spending>(i))) + "_per_year");
  }
  for (const char* x :
       {"delta_revenue_per_year", "delta_balance_end", "oneoff_per_migrant",
        "recurring_per_migrant_per_year", "cost_per_migrant", "induced_arrivals",
        "recurring_npv_per_migrant", "induced_npv_per_migrant", "revenue_npv_per_migrant",
        "gross_cost_per_migrant", "net_cost_per_migrant", "insurance_net_npv_per_migrant"}) {
    c.push_back(x);
  }
  return c;
}

std::vector<double> values(const BurdenRow& r) {
  std::vector<double> v = {r.newly_registered, r.delta_spending_total, r.base_spending_total,
                           r.share_of_base()};
  for (double x : r.delta_spending) v.push_back(x);
  for (double x :
       {r.delta_revenue_total, r.delta_balance_end, r.oneoff_per_migrant, r.recurring_per_migrant,
        r.cost_per_migrant, r.induced_arrivals, r.recurring_npv_per_migrant,
        r.induced_npv_per_migrant, r.revenue_npv_per_migrant, r.gross_cost_per_migrant,
        r.net_cost_per_migrant, r.insurance_net_npv_per_migrant}) {
    v.push_back(x);
  }
  return v;
}

std::string plain(double v) {
  if (std::isnan(v)) return "";
  char b[40];
  std::snprintf(b, sizeof b, "%.10g", v);
  return b;
}

}  // namespace

void print_table(std::ostream& out, const Burden& b) {
  const Span span = months_of(b);
  out << "Fiscal burden of " << b.whatif_scenario << " against " << b.base_scenario << ": "
      << b.months << " months from " << span.first << " to " << span.last
      << " (the months counted); yuan at the scenarios' prices.\n"
      << "Per newly registered migrant: one-off over the run; NPVs of the last year's change "
         "over "
      << b.horizon_years << " years at " << format_number(b.discount_rate * 100)
      << "%/year (annuity " << format_number(std::round(b.annuity * 100) / 100)
      << "). Gross = one-off + recurring + induced; net = gross - revenue"
      << (b.legacy_budget ? " (legacy budgets: recurring includes pensions and unemployment)"
                          : " (general budget; the insurance funds apart)")
      << ".\n\n";
  std::vector<std::string> names = {"Region", b.national.name};
  for (const auto& r : b.rows) names.push_back(r.name);
  const std::size_t width = column_width(names, 18);
  char line[400];
  std::snprintf(line, sizeof line, " %12s %11s %9s %10s %10s %10s %10s %10s %10s\n", "Newly regist",
                "Induced", "of base", "One-off", "Recurring", "Induced", "Gross", "Revenue", "Net");
  out << pad("Region", width) << line;
  std::snprintf(line, sizeof line, " %12s %11s %9s %10s %10s %10s %10s %10s %10s\n", "", "arrivals",
                "dSpending", "/migrant", "NPV/migr", "NPV/migr", "/migrant", "NPV/migr",
                "/migrant");
  out << pad("", width) << line;
  const auto row = [&](const BurdenRow& r) {
    std::snprintf(line, sizeof line, " %12s %11s %8.2f%% %10s %10s %10s %10s %10s %10s\n",
                  group_thousands(std::llround(r.newly_registered)).c_str(),
                  group_thousands(std::llround(r.induced_arrivals)).c_str(),
                  100 * r.share_of_base(), money(r.oneoff_per_migrant).c_str(),
                  money(r.recurring_npv_per_migrant).c_str(),
                  money(r.induced_npv_per_migrant).c_str(), money(r.gross_cost_per_migrant).c_str(),
                  money(r.revenue_npv_per_migrant).c_str(), money(r.net_cost_per_migrant).c_str());
    out << pad(printable(r.name), width) << line;
  };
  int shown = 0;
  for (const auto& r : b.rows) {
    if (!changed(r)) continue;
    row(r);
    ++shown;
  }
  if (shown == 0) out << "(no region differs)\n";
  row(b.national);
  out << "\nChange of spending per year by category (national, what-if minus baseline):\n";
  for (int c = 0; c < kSpending; ++c) {
    std::snprintf(line, sizeof line, "  %-22s %14s\n",
                  std::string(spending_name(static_cast<Spending>(c))).c_str(),
                  money(b.national.delta_spending[c]).c_str());
    out << line;
  }
  std::snprintf(line, sizeof line, "  %-22s %14s\n  %-22s %14s\n", "total",
                money(b.national.delta_spending_total).c_str(), "revenue",
                money(b.national.delta_revenue_total).c_str());
  out << line;
  std::snprintf(line, sizeof line,
                "National: insurance funds' net NPV per migrant %s (contributions - pensions - "
                "unemployment benefits); old cost per migrant %s.\n",
                money(b.national.insurance_net_npv_per_migrant).c_str(),
                money(b.national.cost_per_migrant).c_str());
  out << line;
  const auto start = parse_month(b.start_date);
  const std::string last_year = start && b.months >= 12
                                    ? start->plus(b.months - 12).str() + " to " + span.last
                                    : span.first + " to " + span.last + ", as a year";
  out << "NPVs from the change over the last 12 months, " << last_year
      << ", held for the horizon; recurring: the hukou-linked categories; induced: the\n"
         "residence-linked ones; revenue: the general budget's. One-off: housing, "
         "infrastructure and land\ncompensation over the whole run. Newly registered: "
         "admissions and conversions "
      << span.first << " to " << span.last << "; induced arrivals: residents at the end of "
      << span.last << ".\n";
  for (const auto& n : b.notes) out << "note: " << n << "\n";
}

// One row per region (or province), then National; the last two columns
// name the months counted (the same on every row).
void print_csv(std::ostream& out, const Burden& b) {
  const Span span = months_of(b);
  const auto names = columns();
  for (std::size_t i = 0; i < names.size(); ++i) out << (i ? "," : "") << names[i];
  out << ",first_month,last_month\n";
  const auto row = [&](const BurdenRow& r) {
    out << csv_field(r.name);
    for (double v : values(r)) out << "," << plain(v);
    out << "," << span.first << "," << span.last << "\n";
  };
  for (const auto& r : b.rows) row(r);
  row(b.national);
}

void print_json(std::ostream& out, const Burden& b) {
  using json = nlohmann::ordered_json;
  const Span span = months_of(b);
  const auto names = columns();
  const auto row = [&](const BurdenRow& r) {
    json o;
    o["region"] = r.name;
    const auto v = values(r);
    for (std::size_t i = 0; i < v.size(); ++i) {
      o[names[i + 1]] = std::isnan(v[i]) ? json(nullptr) : json(v[i]);
    }
    return o;
  };
  json doc;
  doc["base"] = b.base_scenario;
  doc["whatif"] = b.whatif_scenario;
  doc["start"] = b.start_date;
  doc["months"] = b.months;
  doc["first_month"] = span.first;  // the months counted; the balance is at the end of the last
  doc["last_month"] = span.last;
  doc["discount_rate"] = b.discount_rate;
  doc["horizon_years"] = b.horizon_years;
  // Which decomposition rule applied (docs/model.md 6.9): legacy budgets keep
  // pensions and unemployment benefits in the recurring part.
  doc["budget_model"] = b.legacy_budget ? "legacy" : "functional";
  doc["regions"] = json::array();
  for (const auto& r : b.rows) doc["regions"].push_back(row(r));
  doc["national"] = row(b.national);
  doc["notes"] = b.notes;
  // Names that are not valid UTF-8 are written with U+FFFD rather than refused.
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

std::vector<std::string> burden_figure_names() {
  std::vector<std::string> names = columns();
  names.erase(names.begin());  // "region"
  return names;
}

std::vector<double> burden_figures(const BurdenRow& row) {
  return values(row);
}

}  // namespace migrasim::cli
