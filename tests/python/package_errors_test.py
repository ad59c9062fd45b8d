"""Bad input given to the Python package raises migrasim.InputError (a
migrasim.Error, a RuntimeError) carrying the engine's own message: the text
the CLI prints for the same input (after its "error: "),
naming the file, line, key and value."""

import os
import shutil
import unittest

import support

migrasim = support.import_migrasim()


def cli_message(*args):
    """The error the CLI prints for `args` (exit 2), without its "error: "."""
    result = support.cli(*args, check=False)
    assert result.returncode == 2, (args, result.returncode, result.stderr)
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("error: "), line
    return line[len("error: "):]


class Errors(unittest.TestCase):
    def assert_message(self, call, expected, kind=None):
        with self.assertRaises(kind or migrasim.InputError) as caught:
            call()
        self.assertEqual(str(caught.exception), expected)

    def test_hierarchy(self):
        self.assertTrue(issubclass(migrasim.DiskFullError, migrasim.InputError))
        self.assertTrue(issubclass(migrasim.InputError, migrasim.Error))
        self.assertTrue(issubclass(migrasim.Error, RuntimeError))

    def test_unknown_and_bad_override(self):
        toy = support.scenario("toy-3")
        for key, value in (("migration.hazzard", "0.1"), ("migration.hazard", "lots"),
                           ("run.agents", "-5")):
            expected = cli_message("validate", toy, "--set", f"{key}={value}")
            self.assert_message(lambda: migrasim.load_scenario(toy, overrides={key: value}),
                                expected.replace("--set", "overrides"))
        self.assertIn("did you mean", cli_message("validate", toy, "--set",
                                                  "migration.hazzard=0.1"))

    def test_missing_scenario(self):
        missing = os.path.join(support.SOURCE, "scenarios", "no-such-scenario")
        self.assert_message(lambda: migrasim.load_scenario(missing),
                            cli_message("validate", missing))

    def test_bad_data_file(self):
        folder = support.scratch("bad_data")
        toy = os.path.join(folder, "toy-3")
        shutil.copytree(support.scenario("toy-3"), toy)
        path = os.path.join(toy, "regions.csv")
        with open(path) as f:
            lines = f.read().splitlines()
        header = lines[0].split(",")
        cells = lines[2].split(",")
        cells[header.index("population")] = "-3"
        lines[2] = ",".join(cells)
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        expected = cli_message("validate", toy)
        self.assertIn("regions.csv:3", expected)
        self.assertIn("-3", expected)
        self.assert_message(lambda: migrasim.load_scenario(toy), expected)

    def test_not_a_run_file(self):
        folder = support.scratch("not_a_run")
        text = os.path.join(folder, "notes.h5")
        with open(text, "w") as f:
            f.write("not HDF5\n")
        self.assert_message(lambda: migrasim.read_run(text), cli_message("inspect", text))
        missing = os.path.join(folder, "missing.h5")
        # (The CLI checks for the file itself, in its own words.)
        self.assert_message(lambda: migrasim.read_run(missing), missing + ": no such file")

    def test_runs_that_cannot_be_compared(self):
        folder = support.scratch("not_comparable")
        files = []
        for seed in (1, 2):
            files.append(os.path.join(folder, f"seed{seed}.h5"))
            support.cli("run", support.scenario("toy-3"), "--agents", "5000", "--ticks", "3",
                        "--seed", str(seed), "--quiet", "--out", files[-1])
        expected = cli_message("compare", *files)
        self.assertIn("seed", expected)
        self.assert_message(lambda: migrasim.compare(*files), expected)
        self.assert_message(lambda: migrasim.compare(*files, discount_rate=2),
                            "discount_rate=2: expected a rate in [0, 1]")

    def test_simulation_arguments(self):
        scenario = migrasim.load_scenario(support.scenario("toy-3"))
        self.assert_message(lambda: migrasim.Simulation(scenario, agents=1000, threads=-1),
                            "threads=-1: expected a non-negative integer (0 = all cores)")
        with self.assertRaises(migrasim.InputError) as caught:
            migrasim.Simulation(scenario, agents="lots")
        self.assertIn("agents='lots'", str(caught.exception))
        sim = migrasim.Simulation(scenario, agents="2k")
        self.assertEqual(sim.scenario.agents, 2000)
        with self.assertRaises(migrasim.InputError) as caught:
            sim.series("nonsense")
        self.assertIn("series 'nonsense': no such series", str(caught.exception))
        with self.assertRaises(AttributeError):
            sim.nonsense

    def test_record_refuses(self):
        folder = support.scratch("record_refuses")
        path = os.path.join(folder, "taken.h5")
        with open(path, "w") as f:
            f.write("an earlier file\n")
        scenario = migrasim.load_scenario(support.scenario("toy-3"))
        sim = migrasim.Simulation(scenario, agents=1000)
        self.assert_message(lambda: sim.record(path), path + ": already exists; not replaced")
        with open(path) as f:
            self.assertEqual(f.read(), "an earlier file\n")  # untouched
        sim.step()
        with self.assertRaises(migrasim.InputError) as caught:
            sim.record(os.path.join(folder, "late.h5"))
        self.assertIn("before the first step", str(caught.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
