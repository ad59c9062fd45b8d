"""Shared by the Python package's tests (registered in tests/python/CMakeLists.txt).

ctest sets MIGRASIM_EXE (the CLI), MIGRASIM_SOURCE_DIR, MIGRASIM_TEST_DIR (a
scratch folder of this test) and PYTHONPATH=<build>/python, so `import
migrasim` finds the package of this build tree, never an installed one.
"""

import os
import shutil
import subprocess
import sys

EXE = os.environ["MIGRASIM_EXE"]
SOURCE = os.environ["MIGRASIM_SOURCE_DIR"]
BUILD_PYTHON = os.environ["MIGRASIM_BUILD_PYTHON_DIR"]


def scratch(name):
    """A fresh, empty folder for one test."""
    folder = os.path.join(os.environ["MIGRASIM_TEST_DIR"], name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    return folder


def scenario(*parts):
    return os.path.join(SOURCE, "scenarios", *parts)


def cli(*args, check=True):
    """Runs the migrasim program; returns the CompletedProcess (text)."""
    result = subprocess.run([EXE, *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise AssertionError(f"migrasim {' '.join(args)}: exit {result.returncode}")
    return result


def import_migrasim():
    """The package of this build tree (fails if another one would be imported)."""
    import migrasim

    where = os.path.realpath(migrasim.__file__)
    expected = os.path.realpath(os.path.join(BUILD_PYTHON, "migrasim"))
    if not where.startswith(expected + os.sep):
        raise AssertionError(f"imported migrasim from {where}, not from {expected}")
    return migrasim
