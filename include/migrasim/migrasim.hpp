// The whole public API of the migrasim engine in one include. The headers it
// includes are the installed API; include/migrasim/detail/ is not part of it
// (internal to the engine, and not installed).
#pragma once

#include "migrasim/agent_store.hpp"
#include "migrasim/aggregates.hpp"
#include "migrasim/compare.hpp"
#include "migrasim/demography.hpp"
#include "migrasim/error.hpp"
#include "migrasim/fiscal.hpp"
#include "migrasim/h5.hpp"
#include "migrasim/month.hpp"
#include "migrasim/exec/context.hpp"
#include "migrasim/parameter_table.hpp"
#include "migrasim/parameters.hpp"
#include "migrasim/population.hpp"
#include "migrasim/random.hpp"
#include "migrasim/region_fields.hpp"
#include "migrasim/region_groups.hpp"
#include "migrasim/registration.hpp"
#include "migrasim/run_file.hpp"
#include "migrasim/run_series.hpp"
#include "migrasim/scenario.hpp"
#include "migrasim/scenario_limits.hpp"
#include "migrasim/series_csv.hpp"
#include "migrasim/simulation.hpp"
