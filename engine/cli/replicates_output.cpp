#include "replicates_output.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "compare_output.hpp"
#include "io/csv_field.hpp"
#include "migrasim/detail/text.hpp"
#include "migrasim/month.hpp"
#include "table_text.hpp"

namespace migrasim::cli {

namespace {

struct Span {
  std::string first, last;
};

Span months_of(const Burden& b) {
  const auto start = parse_month(b.start_date);
  if (!start) return {b.start_date, ""};
  return {start->str(), start->plus(b.months - 1).str()};
}

std::string amount(double v, bool persons) {
  if (std::isnan(v)) return "-";
  if (persons) return group_thousands(std::llround(v));
  const double a = std::abs(v);
  char b[32];
  if (a >= 1e9) {
    std::snprintf(b, sizeof b, "%.2f bn", v / 1e9);
  } else if (a >= 1e6) {
    std::snprintf(b, sizeof b, "%.1f M", v / 1e6);
  } else {
    return group_thousands(std::llround(v));
  }
  return b;
}

// Index of a figure by name, or -1 (a figure this build does not have).
int figure_index(const std::vector<std::string>& names, const std::string& name) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

bool changed(const ReplicatedRow& r, const std::vector<std::string>& names) {
  for (const char* key :
       {"newly_registered", "delta_spending_per_year", "delta_revenue_per_year"}) {
    const int i = figure_index(names, key);
    if (i < 0) continue;
    const Quantiles& q = r.figures[i];
    if (q.p05 != 0 || q.p95 != 0 || q.mean != 0) return true;
  }
  return false;
}

std::string plain(double v) {
  if (std::isnan(v)) return "";
  char b[40];
  std::snprintf(b, sizeof b, "%.10g", v);
  return b;
}

}  // namespace

void print_table(std::ostream& out, const ReplicatedBurden& rb) {
  const Burden& b = rb.first;
  const Span span = months_of(b);
  const auto names = burden_figure_names();
  out << "Fiscal burden of " << b.whatif_scenario << " against " << b.base_scenario << ": "
      << b.months << " months from " << span.first << " to " << span.last << ", over "
      << rb.replicates()
      << " replicates (pairs of runs with the same seed); median (90% interval: p05–p95 across "
         "the replicates) and mean; yuan at the scenarios' prices.\n"
      << "NPVs over " << b.horizon_years << " years at " << format_number(b.discount_rate * 100)
      << "%/year. Gross = one-off + recurring + induced; net = gross - revenue"
      << (b.legacy_budget ? " (legacy budgets)" : " (general budget; the insurance funds apart)")
      << ".\n";
  out << "Seeds:";
  for (const auto s : rb.seeds) out << " " << s;
  out << "\n";
  struct Shown {
    const char* key;
    const char* label;
    bool persons;
  };
  const Shown shown[] = {
      {"newly_registered", "Newly registered", true},
      {"induced_arrivals", "Induced arrivals", true},
      {"delta_spending_per_year", "dSpending /year", false},
      {"delta_revenue_per_year", "dRevenue /year", false},
      {"oneoff_per_migrant", "One-off /migrant", false},
      {"recurring_npv_per_migrant", "Recurring NPV/migr", false},
      {"induced_npv_per_migrant", "Induced NPV/migr", false},
      {"gross_cost_per_migrant", "Gross /migrant", false},
      {"revenue_npv_per_migrant", "Revenue NPV/migr", false},
      {"net_cost_per_migrant", "Net /migrant", false},
      {"insurance_net_npv_per_migrant", "Insurance net/migr", false},
  };
  char line[400];
  const auto block = [&](const ReplicatedRow& r) {
    out << "\n" << printable(r.name) << "\n";
    for (const Shown& s : shown) {
      const int i = figure_index(names, s.key);
      if (i < 0) continue;
      const Quantiles& q = r.figures[i];
      const std::string cell = amount(q.p50, s.persons) + " (" + amount(q.p05, s.persons) + "–" +
                               amount(q.p95, s.persons) + ")";
      std::snprintf(line, sizeof line, "  %-20s %36s   mean %12s", s.label, cell.c_str(),
                    amount(q.mean, s.persons).c_str());
      out << line;
      if (r.counted[i] < rb.replicates()) {
        out << "  (" << r.counted[i] << " of " << rb.replicates() << " replicates)";
      }
      out << "\n";
    }
  };
  int regions = 0;
  for (const auto& r : rb.rows) {
    if (!changed(r, names)) continue;
    block(r);
    ++regions;
  }
  if (regions == 0) out << "\n(no region differs in any replicate)\n";
  block(rb.national);
  for (const auto& n : b.notes) out << "note: " << n << "\n";
}

void print_csv(std::ostream& out, const ReplicatedBurden& rb) {
  const Span span = months_of(rb.first);
  const auto names = burden_figure_names();
  out << "region";
  for (const auto& n : names)
    out << "," << n << "_p05," << n << "_p50," << n << "_p95," << n << "_mean";
  out << ",replicates,first_month,last_month\n";
  const auto row = [&](const ReplicatedRow& r) {
    out << csv_field(r.name);
    for (const Quantiles& q : r.figures) {
      out << "," << plain(q.p05) << "," << plain(q.p50) << "," << plain(q.p95) << ","
          << plain(q.mean);
    }
    out << "," << rb.replicates() << "," << span.first << "," << span.last << "\n";
  };
  for (const auto& r : rb.rows) row(r);
  row(rb.national);
}

void print_json(std::ostream& out, const ReplicatedBurden& rb) {
  using json = nlohmann::ordered_json;
  const Burden& b = rb.first;
  const Span span = months_of(b);
  const auto names = burden_figure_names();
  const auto number = [](double v) { return std::isnan(v) ? json(nullptr) : json(v); };
  const auto row = [&](const ReplicatedRow& r) {
    json o;
    o["region"] = r.name;
    for (std::size_t i = 0; i < r.figures.size(); ++i) {
      const Quantiles& q = r.figures[i];
      o[names[i]] = {{"p05", number(q.p05)},
                     {"p50", number(q.p50)},
                     {"p95", number(q.p95)},
                     {"mean", number(q.mean)},
                     {"n", r.counted[i]}};
    }
    return o;
  };
  json doc;
  doc["base"] = b.base_scenario;
  doc["whatif"] = b.whatif_scenario;
  doc["start"] = b.start_date;
  doc["months"] = b.months;
  doc["first_month"] = span.first;
  doc["last_month"] = span.last;
  doc["discount_rate"] = b.discount_rate;
  doc["horizon_years"] = b.horizon_years;
  doc["budget_model"] = b.legacy_budget ? "legacy" : "functional";
  doc["replicates"] = rb.replicates();
  doc["seeds"] = rb.seeds;
  // p05 and p95: the 90% interval across the replicates (type-7 quantiles);
  // n: the replicates where the figure has a value.
  doc["interval"] = "p05-p95 across replicates";
  doc["regions"] = json::array();
  for (const auto& r : rb.rows) doc["regions"].push_back(row(r));
  doc["national"] = row(rb.national);
  doc["notes"] = b.notes;
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace migrasim::cli
