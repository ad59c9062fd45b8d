// migrasim._core.compare: the engine's compare_runs (engine/analysis, the
// code behind `migrasim compare`) over two run files, its rows as columns.
// The package's compare (python/migrasim/_frames.py) makes the DataFrame.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <optional>

#include "bindings.hpp"
#include "migrasim/analysis/compare.hpp"
#include "migrasim/detail/text.hpp"
#include "migrasim/error.hpp"
#include "migrasim/model/fiscal.hpp"

namespace migrasim::python {

namespace {

// Every number of a BurdenRow as a column, in declaration order; the array
// delta_spending is one column per category (delta_spending_pension, ...,
// named by spending_name, so new categories need no edit here). A field
// added to BurdenRow is one line in this table: the static_assert below
// fails to compile until the table is brought up to date.
struct Column {
  const char* name;
  double (*get)(const BurdenRow&);
};
#define MIGRASIM_COLUMN(field)                                              \
  Column {                                                                  \
#field, [](const BurdenRow& r) { return static_cast<double>(r.field); } \
  }
const Column kColumnsAfterCategories[] = {
    MIGRASIM_COLUMN(delta_spending_total),
    MIGRASIM_COLUMN(base_spending_total),
    MIGRASIM_COLUMN(delta_revenue_total),
    MIGRASIM_COLUMN(delta_balance_end),
    MIGRASIM_COLUMN(newly_registered),
    MIGRASIM_COLUMN(oneoff),
    MIGRASIM_COLUMN(all_recurring_last_year),
    MIGRASIM_COLUMN(oneoff_per_migrant),
    MIGRASIM_COLUMN(recurring_per_migrant),
    MIGRASIM_COLUMN(cost_per_migrant),
    MIGRASIM_COLUMN(induced_arrivals),
    MIGRASIM_COLUMN(recurring_last_year),
    MIGRASIM_COLUMN(induced_last_year),
    MIGRASIM_COLUMN(revenue_last_year),
    MIGRASIM_COLUMN(insurance_last_year),
    MIGRASIM_COLUMN(recurring_npv_per_migrant),
    MIGRASIM_COLUMN(induced_npv_per_migrant),
    MIGRASIM_COLUMN(revenue_npv_per_migrant),
    MIGRASIM_COLUMN(gross_cost_per_migrant),
    MIGRASIM_COLUMN(net_cost_per_migrant),
    MIGRASIM_COLUMN(insurance_net_npv_per_migrant),
    Column{"share_of_base", [](const BurdenRow& r) { return r.share_of_base(); }},
};
#undef MIGRASIM_COLUMN
// name + delta_spending + the plain fields of the table (share_of_base is a
// function, not a field).
static_assert(sizeof(BurdenRow) == sizeof(std::string) + sizeof(BurdenRow{}.delta_spending) +
                                       (std::size(kColumnsAfterCategories) - 1) * sizeof(double),
              "BurdenRow changed: bring kColumnsAfterCategories (python/src/compare_binding.cpp) "
              "up to date");

py::dict columns_of(const Burden& b) {
  std::vector<const BurdenRow*> rows;
  for (const BurdenRow& r : b.rows) rows.push_back(&r);
  rows.push_back(&b.national);
  const auto n = static_cast<py::ssize_t>(rows.size());
  py::dict columns;
  std::vector<std::string> names;
  for (const BurdenRow* r : rows) names.push_back(r->name);
  columns["region"] = names;
  const auto column = [&](const std::string& name, const auto& get) {
    py::array_t<double> values(n);
    for (py::ssize_t i = 0; i < n; ++i) values.mutable_data()[i] = get(*rows[i]);
    columns[py::str(name)] = values;
  };
  for (int c = 0; c < kSpending; ++c) {
    column("delta_spending_" + std::string(spending_name(static_cast<Spending>(c))),
           [c](const BurdenRow& r) { return r.delta_spending[c]; });
  }
  for (const Column& c : kColumnsAfterCategories) column(c.name, c.get);
  return columns;
}

py::dict meta_of(const Burden& b) {
  py::dict d;
  d["base_scenario"] = b.base_scenario;
  d["whatif_scenario"] = b.whatif_scenario;
  d["start_date"] = b.start_date;
  d["months"] = b.months;
  d["discount_rate"] = b.discount_rate;
  d["horizon_years"] = b.horizon_years;
  d["annuity"] = b.annuity;
  d["notes"] = b.notes;
  return d;
}

}  // namespace

void bind_compare(py::module_& m) {
  m.def(
      "compare",
      [](const std::filesystem::path& base, const std::filesystem::path& whatif,
         std::optional<double> discount_rate, std::optional<int> horizon_years, bool by_province,
         bool common_span) {
        // The ranges `migrasim compare` accepts for --discount-rate and --horizon.
        BurdenOptions options;
        if (discount_rate) {
          if (!(*discount_rate >= 0 && *discount_rate <= 1)) {
            throw InputError("discount_rate=" + format_number(*discount_rate) +
                             ": expected a rate in [0, 1]");
          }
          options.discount_rate = *discount_rate;
        }
        if (horizon_years) {
          if (*horizon_years < 1 || *horizon_years > 100) {
            throw InputError("horizon_years=" + std::to_string(*horizon_years) +
                             ": expected 1 to 100 years");
          }
          options.horizon_years = *horizon_years;
        }
        options.by_province = by_province;
        options.common_span = common_span;
        Burden burden;
        {
          py::gil_scoped_release release;
          std::lock_guard lock(hdf5_mutex());
          burden = compare_runs(base, whatif, options);
        }
        py::dict out;
        out["columns"] = columns_of(burden);
        out["meta"] = meta_of(burden);
        return out;
      },
      py::arg("base"), py::arg("whatif"), py::arg("discount_rate") = py::none(),
      py::arg("horizon_years") = py::none(), py::arg("by_province") = false,
      py::arg("common_span") = false,
      "compare_runs(base, whatif): {'columns': {name: values}, 'meta': {...}}; rows: regions "
      "(or provinces), then National");
}

}  // namespace migrasim::python
