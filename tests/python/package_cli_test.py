"""The Python package runs what the CLI runs: a 24-tick toy-3 run and a
24-tick china-2007 run through migrasim.Simulation give the series and flows
of `migrasim run` with the same settings (read back from its run file with
h5py), at 1 and 2 threads per Simulation object, and Simulation.record writes
a run file whose /series and /flows equal the CLI's."""

import os
import threading
import unittest

import h5py
import numpy as np

import support

migrasim = support.import_migrasim()

CASES = [  # scenario, agents, seed
    (("toy-3",), 20000, 7),
    (("china-2007",), 20000, 3),
]
TICKS = 24


def file_series(path):
    """{name: [row][region]} and the flows of a run file, read with h5py."""
    with h5py.File(path, "r") as f:
        series = {name: f["series"][name][()] for name in f["series"]}
        return series, f["flows/moves"][()], f["flows/stock"][()]


class SameAsCli(unittest.TestCase):
    def test_series_and_flows_equal_the_cli(self):
        names = [s["name"] for s in migrasim._core.series_info()]
        for parts, agents, seed in CASES:
            folder = support.scratch("same_as_cli_" + parts[-1])
            cli_file = os.path.join(folder, "cli.h5")
            support.cli("run", support.scenario(*parts), "--agents", str(agents), "--seed",
                        str(seed), "--ticks", str(TICKS), "--threads", "2", "--quiet",
                        "--out", cli_file)
            expected, moves, stock = file_series(cli_file)
            self.assertEqual(len(expected["tick"]), TICKS + 1)
            scenario = migrasim.load_scenario(support.scenario(*parts),
                                              overrides={"run.ticks": TICKS})
            for threads in (1, 2):
                with self.subTest(scenario=parts[-1], threads=threads):
                    sim = migrasim.Simulation(scenario, agents=agents, seed=seed,
                                              threads=threads)
                    self.assertEqual(sim.threads, threads)
                    self.assertEqual(sim.seed, seed)
                    for row in range(TICKS + 1):
                        if row > 0:
                            sim.step()
                        self.assertEqual(sim.tick, row)
                        for name in names:
                            got, want = sim.series(name), expected[name][row]
                            self.assertEqual(got.dtype, want.dtype, name)
                            np.testing.assert_array_equal(got, want, err_msg=f"{name} row {row}")
                        np.testing.assert_array_equal(sim.moves(), moves[row])
                        np.testing.assert_array_equal(sim.stock(), stock[row])
                    self.assertEqual(sim.date, "%d-%02d" % divmod(expected["date"][-1], 100))

    def test_simulations_in_python_threads(self):
        # Two simulations stepping at once in two Python threads (the GIL is
        # released while they step), each with its own thread count, give
        # what one gives alone.
        scenario = migrasim.load_scenario(support.scenario("toy-3"), overrides={"run.ticks": 12})
        alone = migrasim.Simulation(scenario, agents=20000, threads=1)
        alone.run()
        sims = [migrasim.Simulation(scenario, agents=20000, threads=t) for t in (1, 2)]
        workers = [threading.Thread(target=sim.run) for sim in sims]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        for sim in sims:
            self.assertEqual(sim.tick, 12)
            for name in ("residents", "migrants", "registered", "spending_total"):
                np.testing.assert_array_equal(sim.series(name), alone.series(name), name)

    def test_recorded_file_equals_the_cli_file(self):
        folder = support.scratch("recorded")
        cli_file = os.path.join(folder, "cli.h5")
        py_file = os.path.join(folder, "python.h5")
        support.cli("run", support.scenario("toy-3"), "--agents", "20000", "--ticks", str(TICKS),
                    "--snapshot-every", "12", "--quiet", "--out", cli_file)
        scenario = migrasim.load_scenario(
            support.scenario("toy-3"),
            overrides={"run.ticks": TICKS, "run.snapshot_every": 12})
        with migrasim.Simulation(scenario, agents=20000, threads=2).record(py_file) as sim:
            sim.run(10)
            sim.run()  # the rest, to run.ticks
        self.assertEqual(sim.tick, TICKS)
        self.assertIsNone(sim.recording)
        with h5py.File(cli_file, "r") as a, h5py.File(py_file, "r") as b:
            for group in ("series", "flows"):
                self.assertEqual(sorted(a[group]), sorted(b[group]))
                for name in a[group]:
                    np.testing.assert_array_equal(a[group][name][()], b[group][name][()],
                                                  err_msg=f"/{group}/{name}")
            self.assertEqual(sorted(a["snapshots"]), ["000000", "000012", "000024"])
            self.assertEqual(sorted(a["snapshots"]), sorted(b["snapshots"]))

            def same(name, item):
                if isinstance(item, h5py.Dataset):
                    np.testing.assert_array_equal(item[()], b["snapshots"][name][()],
                                                  err_msg=f"/snapshots/{name}")
            a["snapshots"].visititems(same)
            self.assertTrue(bool(b.attrs["complete"]))
            self.assertEqual(a.attrs["agents"], b.attrs["agents"])
        # The CLI reads it as its own.
        inspect = support.cli("inspect", py_file)
        self.assertIn("toy-3", inspect.stdout)

    def test_cli_resumes_a_recording_stopped_early(self):
        # Recorded by Python for 10 of 24 months, then closed (incomplete):
        # `migrasim resume` continues it to the bytes of a CLI run of 24.
        folder = support.scratch("resumed")
        cli_file = os.path.join(folder, "cli.h5")
        py_file = os.path.join(folder, "python.h5")
        support.cli("run", support.scenario("toy-3"), "--agents", "20000", "--ticks", str(TICKS),
                    "--quiet", "--out", cli_file)
        scenario = migrasim.load_scenario(support.scenario("toy-3"),
                                          overrides={"run.ticks": TICKS})
        with migrasim.Simulation(scenario, agents=20000).record(py_file) as sim:
            sim.run(10)
        with h5py.File(py_file, "r") as f:
            self.assertFalse(bool(f.attrs["complete"]))
            self.assertEqual(len(f["series/tick"]), 11)
        support.cli("resume", py_file, "--quiet")
        with h5py.File(cli_file, "r") as a, h5py.File(py_file, "r") as b:
            self.assertTrue(bool(b.attrs["complete"]))
            for group in ("series", "flows"):
                for name in a[group]:
                    np.testing.assert_array_equal(a[group][name][()], b[group][name][()],
                                                  err_msg=f"/{group}/{name}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
