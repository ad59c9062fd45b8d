"""migrasim from Python: load scenarios, run simulations, read run files.

The engine is the C++ library of the `migrasim` program, bound with pybind11
(the module ``migrasim._core``); the same scenario and seed give the same
numbers as ``migrasim run``. API reference: docs/python.md.

    import migrasim
    scenario = migrasim.load_scenario("scenarios/toy-3", overrides={"run.ticks": 24})
    sim = migrasim.Simulation(scenario, agents=20_000, seed=1, threads=2)
    sim.run()                       # to the scenario's run.ticks
    sim.residents                   # NumPy array, persons per region
    run = migrasim.read_run("toy.h5")
    run.series                      # long DataFrame: tick, date, region, series, value
"""

import numbers
import os
import warnings

from . import _core
from ._core import DiskFullError, Error, InputError, Scenario, __version__
from ._frames import Run, compare, read_run, series_info

__all__ = [
    "DiskFullError",
    "Error",
    "InputError",
    "Run",
    "Scenario",
    "Simulation",
    "compare",
    "load_scenario",
    "read_run",
    "series_info",
    "__version__",
]

_SERIES = tuple(s["name"] for s in _core.series_info())


def _text(key, value):
    """An override's value as the text a scenario file would hold."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):  # NumPy's integers too
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    raise InputError(f"overrides: key '{key}': expected a number or a string, got {value!r}")


def load_scenario(path, overrides=None):
    """Loads a scenario folder or what-if .ini file, like ``migrasim validate``.

    ``overrides`` maps keys to values ({"migration.hazard": 0.004,
    "run.ticks": 24}), applied last, as ``--set key=value`` (docs/scenario-format.md
    lists the keys). Bad input raises InputError with the engine's message.
    """
    pairs = [(str(k), _text(k, v)) for k, v in (overrides or {}).items()]
    return _core.load_scenario(os.fspath(path), pairs)


_SUFFIXES = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "g": 1e9, "G": 1e9}


def _count(name, value):
    """A positive whole number: 20000, 2.5e6 or "500k" (as --agents takes)."""
    if value is None:
        return None
    number = value
    if isinstance(value, str):
        text = value.strip()
        scale = _SUFFIXES.get(text[-1:], 1)
        try:
            number = float(text[:-1] if scale != 1 else text) * scale
        except ValueError:
            number = None
    if isinstance(number, bool) or not isinstance(number, numbers.Real) or number != number:
        number = None
    if (number is None or abs(number) == float("inf") or number < (1 if name == "agents" else 0)
            or number != int(number)):
        least = "positive" if name == "agents" else "non-negative"
        raise InputError(
            f"{name}={value!r}: expected a {least} whole number such as 1000000, 2.5e6 or '10M'"
        )
    return int(number)


class Simulation(_core.Simulation):
    """One run in memory, as ``migrasim run`` makes it.

    Simulation(scenario, agents=None, seed=None, threads=1): ``scenario`` is a
    Scenario or a path; ``agents`` and ``seed`` override run.agents and
    run.seed as --agents and --seed do (None: the scenario's); ``threads`` is
    this simulation's own (0 = all cores; results do not depend on it).

    Every series of the run file is an attribute holding its current row, one
    value per region (``sim.residents``, ``sim.migrants``, ``sim.admissions``;
    ``migrasim.series_info()`` lists them): stocks at the start of month
    ``sim.date``, counters of the month before.
    """

    def __init__(self, scenario, agents=None, seed=None, threads=1):
        if isinstance(scenario, (str, os.PathLike)):
            scenario = load_scenario(scenario)
        self._threads_asked = threads
        super().__init__(scenario, _count("agents", agents), _count("seed", seed), threads)
        for warning in self.scenario.warnings:
            warnings.warn(f"migrasim: {warning}", stacklevel=2)

    def __getattr__(self, name):
        if name in _SERIES:
            return self.series(name)
        raise AttributeError(f"'Simulation' object has no attribute '{name}'")

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(_SERIES))

    @property
    def regions(self):
        """Region names, in the order of every per-region array."""
        return self.scenario.regions

    def frame(self):
        """The current row of every series: a DataFrame, one row per region."""
        import pandas as pd

        return pd.DataFrame({name: self.series(name) for name in _SERIES},
                            index=pd.Index(self.regions, name="region"))

    def snapshot(self):
        """The agents now (a DataFrame, one row per person agent) with the
        simulation's state: tick, next_id, scale (persons per agent),
        quota_used (agents) and fiscal_balance (yuan) per region."""
        import pandas as pd

        state = super().snapshot()
        state["agents"] = pd.DataFrame(state["agents"])
        state["date"] = self.date
        return state

    def record(self, path, overwrite=False):
        """Records the run into an HDF5 run file, as ``migrasim run --out``:
        call it before the first step; each step then appends its row, and
        close() (or the end of a ``with`` block) writes the last snapshot and
        marks the file complete when run.ticks are done. An existing file is
        refused unless ``overwrite``."""
        path = os.fspath(path)
        if overwrite and os.path.lexists(path) and self.tick == 0:
            os.remove(path)
        s = self.scenario
        line = (f"python: migrasim.Simulation(load_scenario({s.path!r}, overrides="
                f"{s.overrides!r}), threads={self._threads_asked!r}).record({path!r})")
        super().record(path, line)
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return (f"<migrasim.Simulation '{self.scenario.name}' at tick {self.tick} "
                f"({self.date}), {self.agent_count:,} agents, seed {self.seed}, "
                f"{self.threads} thread{'s' if self.threads != 1 else ''}>")
