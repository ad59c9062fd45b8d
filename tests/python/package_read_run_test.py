"""migrasim.read_run round-trips a run file written by the CLI (every value
of /series and /flows, as h5py reads them), and migrasim.compare gives the
numbers of `migrasim compare --csv` for the same two files."""

import csv
import io
import math
import os
import unittest

import h5py
import numpy as np

import support

migrasim = support.import_migrasim()


class ReadRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = support.scratch("read_run")
        cls.path = os.path.join(cls.folder, "toy.h5")
        support.cli("run", support.scenario("toy-3"), "--agents", "20000", "--ticks", "18",
                    "--quiet", "--out", cls.path)

    def test_round_trip(self):
        run = migrasim.read_run(self.path)
        with h5py.File(self.path, "r") as f:
            regions = list(f["regions/name"].asstr()[()])
            self.assertEqual(run.regions, regions)
            scenario = f.attrs["scenario"]
            if isinstance(scenario, bytes):
                scenario = scenario.decode()
            self.assertEqual(run.info["scenario"], scenario)
            self.assertEqual(run.info["agents"], f.attrs["agents"])
            self.assertEqual(run.info["seed"], f.attrs["seed"])
            self.assertTrue(run.info["complete"])
            np.testing.assert_array_equal(run.ticks, f["series/tick"][()])
            yyyymm = f["series/date"][()]
            self.assertEqual([str(d) for d in run.dates],
                             ["%d-%02d" % divmod(int(x), 100) for x in yyyymm])
            names = [n for n in f["series"] if n not in ("tick", "date")]
            self.assertEqual(sorted(run.arrays), sorted(names))
            for name in names:
                np.testing.assert_array_equal(run.arrays[name], f["series"][name][()], name)
                self.assertEqual(run.arrays[name].dtype, f["series"][name].dtype, name)
            np.testing.assert_array_equal(run.moves, f["flows/moves"][()])
            np.testing.assert_array_equal(run.stock, f["flows/stock"][()])
            rows = len(yyyymm)

        # The long format: one row per (series, tick, region), nothing lost.
        long = run.series
        self.assertEqual(list(long.columns), ["tick", "date", "region", "series", "value"])
        self.assertEqual(len(long), rows * len(regions) * len(names))
        beta = long[(long.series == "migrants") & (long.region == "Beta")]
        np.testing.assert_array_equal(beta.value.to_numpy(),
                                      run.arrays["migrants"][:, regions.index("Beta")])
        np.testing.assert_array_equal(beta.tick.to_numpy(), run.ticks)
        self.assertEqual(str(beta.date.iloc[3])[:7], str(run.dates[3]))
        for name in names:
            part = long[long.series == name].value.to_numpy()
            np.testing.assert_array_equal(part, run.arrays[name].reshape(-1).astype(float))

        wide = run.wide("residents")
        self.assertEqual(list(wide.columns), regions)
        np.testing.assert_array_equal(wide.to_numpy(), run.arrays["residents"])
        np.testing.assert_array_equal(run.national("residents").to_numpy(),
                                      run.arrays["residents"].sum(axis=1))

        # Without the flows, the same series.
        light = migrasim.read_run(self.path, flows=False)
        self.assertIsNone(light.moves)
        np.testing.assert_array_equal(light.arrays["registered"], run.arrays["registered"])


class Compare(unittest.TestCase):
    def test_rows_are_the_clis(self):
        folder = support.scratch("compare")
        base = os.path.join(folder, "base.h5")
        whatif = os.path.join(folder, "whatif.h5")
        common = ["--agents", "20000", "--ticks", "24", "--quiet"]
        support.cli("run", support.scenario("china-2007", "whatif", "baseline.ini"), *common,
                    "--out", base)
        support.cli("run", support.scenario("china-2007", "whatif", "beijing-open.ini"),
                    *common, "--out", whatif)
        frame = migrasim.compare(base, whatif)
        printed = support.cli("compare", base, whatif, "--csv").stdout
        rows = list(csv.DictReader(io.StringIO(printed)))
        first = next(iter(rows[0]))  # the CLI's name column
        self.assertEqual(list(frame.region), [r[first] for r in rows])
        self.assertEqual(frame.region.iloc[-1], "National")
        self.assertEqual(frame.attrs["months"], 24)
        # Every number the CLI prints for a row is a column of that row
        # (matched by value, so the test does not depend on the CLI's names).
        for row, (_, ours) in zip(rows, frame.iterrows()):
            values = [float(v) for v in ours.drop("region").to_numpy()]
            for key, text in row.items():
                try:
                    want = float(text)
                except ValueError:  # a name or a month, not a number
                    continue
                self.assertTrue(
                    any(math.isclose(want, v, rel_tol=1e-9, abs_tol=1e-6) for v in values),
                    f"{row[first]}: {key}={text} is in no column of the DataFrame")
        beijing = frame[frame.region == "Beijing"].iloc[0]
        self.assertGreater(beijing.newly_registered, 0)
        self.assertGreater(beijing.delta_spending_total, 0)
        by_province = migrasim.compare(base, whatif, by="province", horizon_years=10)
        self.assertEqual(by_province.attrs["horizon_years"], 10)


if __name__ == "__main__":
    unittest.main(verbosity=2)
