// The whole public API of the migrasim engine in one include. The headers it
// includes are the installed API; the detail/ folders (include/migrasim/detail/,
// include/migrasim/scenario/detail/) are not part of it (internal to the
// engine, and not installed). One group per part, lowest first; see
// docs/architecture.md.
#pragma once

#include "migrasim/analysis/compare.hpp"
#include "migrasim/analysis/design.hpp"
#include "migrasim/analysis/ensemble_file.hpp"
#include "migrasim/analysis/replicates.hpp"
#include "migrasim/analysis/sensitivity.hpp"
#include "migrasim/analysis/sensitivity_spec.hpp"
#include "migrasim/error.hpp"
#include "migrasim/exec/context.hpp"
#include "migrasim/io/h5.hpp"
#include "migrasim/io/run_file.hpp"
#include "migrasim/io/run_series.hpp"
#include "migrasim/io/series_csv.hpp"
#include "migrasim/model/agent_store.hpp"
#include "migrasim/model/aggregates.hpp"
#include "migrasim/model/census.hpp"
#include "migrasim/model/demography.hpp"
#include "migrasim/model/fiscal.hpp"
#include "migrasim/model/phases.hpp"
#include "migrasim/model/population.hpp"
#include "migrasim/model/random.hpp"
#include "migrasim/model/region_fields.hpp"
#include "migrasim/model/registration.hpp"
#include "migrasim/model/simulation.hpp"
#include "migrasim/model/tick_phase.hpp"
#include "migrasim/month.hpp"
#include "migrasim/scenario/agent_kinds.hpp"
#include "migrasim/scenario/parameter_table.hpp"
#include "migrasim/scenario/parameters.hpp"
#include "migrasim/scenario/region_groups.hpp"
#include "migrasim/scenario/scenario.hpp"
#include "migrasim/scenario/scenario_limits.hpp"
