# %% [markdown]
# # Tutorial: a what-if on China 2007, from Python
#
# This tutorial drives migrasim from Python (the `migrasim` package,
# docs/python.md): it loads the `china-2007` scenario, runs the baseline and
# the what-if `beijing-open` (Beijing registers everyone who has lived there
# six months, from January 2008), draws a chart with matplotlib and reads
# the fiscal comparison of the two runs.
#
# Run it from the repository root after building (README, "Two commands"):
#
#     PYTHONPATH=build/python /usr/bin/python3 docs/tutorial/china_2007_whatif.py
#
# or open `china_2007_whatif.ipynb` (the same cells) in Jupyter. The runs use
# 200,000 agents (about a minute on 2 cores); set `MIGRASIM_TUTORIAL_AGENTS`
# for more or fewer. The files go to `tutorial-output/` (or
# `MIGRASIM_TUTORIAL_OUT`).

# %%
import os
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")  # draw to files: no display needed
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

# The repository root: the folder above this one holding scenarios/china-2007.
root = pathlib.Path.cwd().resolve()
while not (root / "scenarios" / "china-2007").is_dir():
    if root.parent == root:
        raise SystemExit("run this from inside the migrasim repository")
    root = root.parent
try:
    import migrasim
except ImportError:  # not on PYTHONPATH: the build tree's package
    sys.path.insert(0, str(root / "build" / "python"))
    import migrasim

agents = int(float(os.environ.get("MIGRASIM_TUTORIAL_AGENTS", "200000")))
out = pathlib.Path(os.environ.get("MIGRASIM_TUTORIAL_OUT", "tutorial-output"))
out.mkdir(parents=True, exist_ok=True)
print(f"migrasim {migrasim.__version__} from {migrasim.__file__}; {agents:,} agents")

# %% [markdown]
# ## 1. Load the scenarios
#
# A what-if is a small `.ini` file over its base scenario: `baseline.ini`
# changes nothing, `beijing-open.ini` adds one dated policy event. Any key
# of the scenario can be overridden, as `--set` does on the command line.

# %%
whatif_folder = root / "scenarios" / "china-2007" / "whatif"
baseline = migrasim.load_scenario(whatif_folder / "baseline.ini")
beijing_open = migrasim.load_scenario(whatif_folder / "beijing-open.ini")
print(baseline)
print(f"{len(baseline.regions)} regions, {baseline.population / 1e6:,.1f} M persons, "
      f"{baseline.ticks} months from {baseline.start}")
# The events the what-if adds to those of the baseline.
in_baseline = {(e["date"], e["target"], e["change"]) for e in baseline.events}
added = [e for e in beijing_open.events
         if (e["date"], e["target"], e["change"]) not in in_baseline]
for event in added:
    print("what-if event:", event["date"], event["target"], event["change"])

# %% [markdown]
# ## 2. Run both, month by month
#
# `Simulation` runs in memory; `record` also writes the run file that
# `migrasim inspect` and `compare` read. Each simulation has its own thread
# count; the numbers do not depend on it. Every series of the run file is
# an attribute holding the current month, one value per region.

# %%
beijing = baseline.regions.index("Beijing")
registered = {}
for name, scenario in (("baseline", baseline), ("beijing-open", beijing_open)):
    with migrasim.Simulation(scenario, agents=agents, threads=2) as sim:
        sim.record(out / f"{name}.h5", overwrite=True)
        months = []
        while sim.tick < scenario.ticks:
            sim.step()
            months.append(sim.registered[beijing])
        registered[name] = months
        print(f"{name}: {sim.tick} months to {sim.date}; Beijing: "
              f"{sim.residents[beijing] / 1e6:.2f} M residents, "
              f"{sim.registered[beijing] / 1e6:.2f} M registered, "
              f"{sim.migrants[beijing] / 1e6:.2f} M migrants")

# %% [markdown]
# ## 3. Read the run files
#
# `read_run` gives every series in long format (tick, date, region, series,
# value), one series by region (`wide`) or for the nation (`national`), and
# the origin x destination flows as NumPy arrays.

# %%
base_run = migrasim.read_run(out / "baseline.h5")
open_run = migrasim.read_run(out / "beijing-open.h5")
print(open_run)
print(open_run.series.head())
# A counter (admissions) in the row of a month counts the month before.
admitted = open_run.wide("admissions")["Beijing"]
busiest = admitted.idxmax() - pd.DateOffset(months=1)
print(f"Beijing admits {admitted.sum() / 1e6:.2f} M persons; the most in one month: "
      f"{admitted.max() / 1e6:.2f} M in {busiest:%Y-%m}")
# stock[row][hukou region][location]: where Beijing's migrants are registered.
origins = open_run.stock[-1][:, beijing].astype(float)
origins[beijing] = 0  # Beijing's own
top = np.argsort(origins)[::-1][:3]
print("migrants in Beijing at the end, by hukou region:",
      ", ".join(f"{open_run.regions[i]} {origins[i] / 1e6:.2f} M" for i in top))

# %% [markdown]
# ## 4. A chart
#
# Beijing's registered residents in both runs, and the policy event on the
# time axis.

# %%
figure, axes = plt.subplots(figsize=(8, 4.5))
for run, label, colour in ((base_run, "baseline", "#0072B2"),
                           (open_run, "beijing-open", "#D55E00")):
    axes.plot(run.dates, run.wide("registered")["Beijing"] / 1e6, label=label, color=colour)
for event in added:
    axes.axvline(np.datetime64(event["date"]), color="grey", linestyle=":",
                 label=f"{event['date']}: {event['target']} opens")
axes.set_title("Beijing: residents registered there (hukou)")
axes.set_ylabel("persons, millions")
axes.set_xlabel("month")
axes.legend()
figure.tight_layout()
chart = out / "beijing-registered.png"
figure.savefig(chart, dpi=100)
print("chart:", chart)

# %% [markdown]
# ## 5. The fiscal comparison
#
# `compare` is the code behind `migrasim compare`: per region and for the
# nation, the change of spending per year by category, the persons newly
# registered and, per newly registered migrant, the gross cost (one-off +
# NPVs of the recurring and induced spending) and the net cost (gross minus
# the NPV of the revenue they bring; docs/fiscal-burden.md). `attrs` holds the months compared and the NPV's
# discount rate and horizon.

# %%
burden = migrasim.compare(out / "baseline.h5", out / "beijing-open.h5")
print({k: burden.attrs[k] for k in ("months", "discount_rate", "horizon_years")})
columns = ["region", "newly_registered", "delta_spending_total", "share_of_base",
           "oneoff_per_migrant", "gross_cost_per_migrant", "net_cost_per_migrant"]
rows = burden[burden.region.isin(["Beijing", "National"])][columns]
print(rows.to_string(index=False))
row = burden.set_index("region").loc["Beijing"]
print(f"Beijing: {row.newly_registered / 1e6:.2f} M newly registered, "
      f"{row.gross_cost_per_migrant:,.0f} yuan gross and "
      f"{row.net_cost_per_migrant:,.0f} net each")
