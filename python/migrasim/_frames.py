"""Run files and comparisons as pandas DataFrames (docs/python.md).

The arrays come from the engine (migrasim._core: its HDF5 reader and
compare_runs); this file only shapes them into DataFrames.
"""

import os

import numpy as np

from . import _core


def series_info():
    """Every series of a run file: name, type, kind (stock: at the start of
    the row's month; counter: during the month before), units, meaning and
    how regions combine (sum, employed_weight, minimum). A DataFrame."""
    import pandas as pd

    return pd.DataFrame(_core.series_info())


def _month_starts(yyyymm):
    """YYYYMM integers as datetime64 (the first day of each month)."""
    years, months = np.divmod(np.asarray(yyyymm, dtype=np.int64), 100)
    return (years - 1970) * 12 + (months - 1)


class Run:
    """A run file read back: what ran and what it produced.

    info       dict: scenario, seed, agents, scale, start_date, ticks_done,
               threads, command_line, complete, snapshots
    regions    region names (the order of every array); provinces: theirs
    ticks      row -> tick (row t holds stocks at the start of month t and
               counters of month t - 1)
    dates      row -> the month of the row (datetime64[M])
    arrays     {series name: NumPy array [row][region]}
    series     long DataFrame: tick, date, region, series, value
    moves      [row][origin][destination] persons moved in the month before
               the row (None when read with flows=False)
    stock      [row][hukou region][location] persons at the row's date
    """

    def __init__(self, path, raw):
        self.path = path
        self.info = raw["info"]
        self.regions = list(raw["regions"])
        self.provinces = list(raw["provinces"])
        self.ticks = raw["tick"]
        self.dates = _month_starts(raw["date"]).astype("datetime64[M]")
        self.arrays = dict(raw["series"])
        self.moves = raw["moves"]
        self.stock = raw["stock"]
        self._long = None

    @property
    def series(self):
        """Every series in long format: columns tick, date, region, series,
        value (float64; counts in persons, money in yuan)."""
        if self._long is None:
            self._long = self._make_long()
        return self._long

    def _make_long(self):
        import pandas as pd

        rows, regions = len(self.ticks), len(self.regions)
        names = list(self.arrays)
        per_series = rows * regions
        tick = np.tile(np.repeat(self.ticks, regions), len(names))
        date = np.tile(np.repeat(self.dates.astype("datetime64[ns]"), regions), len(names))
        region = pd.Categorical.from_codes(
            np.tile(np.arange(regions), rows * len(names)), categories=self.regions)
        series = pd.Categorical.from_codes(
            np.repeat(np.arange(len(names)), per_series), categories=names)
        value = np.concatenate(
            [self.arrays[n].reshape(-1).astype(np.float64) for n in names]) if names else []
        return pd.DataFrame({"tick": tick, "date": date, "region": region,
                             "series": series, "value": value})

    def wide(self, name):
        """One series as a DataFrame: a row per date, a column per region."""
        import pandas as pd

        return pd.DataFrame(self._array(name), index=pd.Index(self.dates, name="date"),
                            columns=pd.Index(self.regions, name="region"))

    def national(self, name):
        """One series over all regions (a pandas Series by date), combined as
        the run file says: summed, weighted by `employed` (wage) or the
        minimum (points_cutoff)."""
        import pandas as pd

        values = self._array(name).astype(np.float64)
        combine = {s["name"]: s["combine"] for s in _core.series_info()}[name]
        if combine == "sum":
            total = values.sum(axis=1)
        elif combine == "employed_weight":
            weight = self._array("employed").astype(np.float64)
            total = (values * weight).sum(axis=1) / np.maximum(weight.sum(axis=1), 1)
        else:
            with np.errstate(all="ignore"):
                total = np.where(np.isnan(values).all(axis=1), np.nan,
                                 np.nanmin(np.where(np.isnan(values), np.inf, values), axis=1))
        return pd.Series(total, index=pd.Index(self.dates, name="date"), name=name)

    def _array(self, name):
        if name not in self.arrays:
            raise _core.InputError(f"{self.path}: no series '{name}' (it holds: "
                                   f"{', '.join(self.arrays)})")
        return self.arrays[name]

    def __repr__(self):
        i = self.info
        return (f"<migrasim.Run {self.path}: '{i['scenario']}', {i['ticks_done']} months from "
                f"{i['start_date']}, {i['agents']:,} agents, seed {i['seed']}"
                f"{'' if i['complete'] else ', incomplete'}>")


def read_run(path, flows=True):
    """Reads a run file written by ``migrasim run`` (or Simulation.record).

    Returns a Run (its ``series`` is the long DataFrame; ``wide(name)`` and
    ``national(name)`` give one series by region or for the nation). With
    ``flows=False`` the origin x destination matrices are not read (356
    cities x 120 months: about 120 MB each). A missing, foreign or truncated
    file raises InputError with the message ``migrasim inspect`` gives.
    """
    path = os.fspath(path)
    return Run(path, _core.read_run(path, flows))


def compare(base, whatif, discount_rate=None, horizon_years=None, by="region",
            common_span=False):
    """The fiscal burden of a what-if against a baseline, from their run
    files: the rows of ``migrasim compare`` (the same C++ code) as a
    DataFrame, one row per region (``by="province"``: per province), then
    "National"; a column per field of the engine's row (Δspending by
    category and in total in yuan a year, newly_registered persons, the
    one-off and per-migrant costs, ...). ``df.attrs`` holds the months
    compared, the discount rate and horizon of the NPV, and the notes.
    Runs that cannot be compared (another seed, agents or data) raise
    InputError listing the differences.
    """
    import pandas as pd

    if by not in ("region", "province"):
        raise _core.InputError(f"by={by!r}: expected 'region' or 'province'")
    out = _core.compare(os.fspath(base), os.fspath(whatif), discount_rate, horizon_years,
                        by == "province", common_span)
    frame = pd.DataFrame(out["columns"])
    frame.attrs.update(out["meta"])
    return frame
