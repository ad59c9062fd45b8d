#!/usr/bin/env python3
"""Fits the `attraction` constant of each city of china-cities-2010 to its 2010-2020 census growth.

Usage: /usr/bin/python3 tools/fit_city_attraction.py [--migrasim build/migrasim] [--agents 2M]
           [--iterations 10] [--step 4] [--data ../shared/data] [--set KEY=VALUE] [--start FILE]
           [--out tools/data/china_cities_2010_attraction.csv]

Each iteration runs the scenario (120 months, 2010-01 to 2020-01) with the current constants,
compares each city's log growth of residents, ln(N_2020 / N_2010), with the census's
(shared/data/china-cities-2010.csv, pop_2020 / pop_2010; both on 2020 boundaries), and moves the
city's constant by step / (1 + iteration / 2) x shrink x (census - model), shrink = n / (n + 200) for a city of n agents
(small cities are noisy). The constants are then shifted so that their population-weighted mean is 0.
Writes name,attraction to --out; tools/build_china_cities_2010.py puts them into regions.csv.

The fitted constant absorbs everything the model lacks for a city: jobs and wages inside a province
(incomes are provincial), amenities, and natural increase that differs from the national age
profile. Needs numpy and h5py (/usr/bin/python3 with python3-h5py). Deterministic: same inputs,
same constants.
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import build_china_cities_2010 as build  # noqa: E402  (the code -> ASCII name table)

SCENARIO = os.path.join(ROOT, "scenarios", "china-cities-2010")


def census_growth(data_dir):
    growth = {}
    path = os.path.join(data_dir, "china-cities-2010.csv")
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = build.NAMES.get(int(row["city_code"]))
            if name and row["pop_2010"] and row["pop_2020"]:
                growth[name] = np.log(float(row["pop_2020"]) / float(row["pop_2010"]))
    return growth


def write_scenario(folder, attraction):
    """A copy of the scenario whose regions.csv has the given attraction column."""
    shutil.copytree(SCENARIO, folder, ignore=shutil.ignore_patterns("whatif"))
    path = os.path.join(folder, "regions.csv")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    comments = [l for l in lines if l.startswith("#")]
    rows = list(csv.reader([l for l in lines if not l.startswith("#")]))
    header = rows[0]
    if "attraction" not in header:
        header.append("attraction")
        for r in rows[1:]:
            r.append("0")
    col = header.index("attraction")
    for r in rows[1:]:
        r[col] = f"{attraction.get(r[0], 0.0):.4f}"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(comments) + "\n")
        csv.writer(f, lineterminator="\n").writerows(rows)


def run(migrasim, folder, agents, sets, out):
    command = [migrasim, "run", folder, "--agents", agents, "--threads", "0", "--quiet", "--out", out]
    for s in sets:
        command += ["--set", s]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    with h5py.File(out, "r") as f:
        names = list(f["regions/name"].asstr()[:])
        stock = f["flows/stock"]
        start = stock[0].sum(axis=0).astype(float)
        end = stock[stock.shape[0] - 1].sum(axis=0).astype(float)
    return names, start, end


def agent_count(text):
    """'2M', '500k', '1000000' as a number."""
    units = {"k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9}
    return float(text[:-1]) * units[text[-1]] if text[-1] in units else float(text)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--migrasim", default=os.path.join(ROOT, "build", "migrasim"))
    p.add_argument("--agents", default="2M")
    p.add_argument("--iterations", type=int, default=10)
    p.add_argument("--step", type=float, default=4.0)
    p.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    p.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE",
                   help="passed to migrasim run (e.g. migration.b_home=4)")
    p.add_argument("--start", help="constants to start from (name,attraction); default: none (0)")
    p.add_argument("--out", default=os.path.join(ROOT, "tools", "data", "china_cities_2010_attraction.csv"))
    a = p.parse_args()

    census = census_growth(a.data)
    attraction = {}
    if a.start:
        with open(a.start, encoding="utf-8") as f:
            attraction = {r["name"]: float(r["attraction"]) for r in csv.DictReader(f)}
    with tempfile.TemporaryDirectory() as tmp:
        for it in range(a.iterations + 1):
            folder = os.path.join(tmp, f"s{it}")
            write_scenario(folder, attraction)
            names, start, end = run(a.migrasim, folder, a.agents, a.set, os.path.join(tmp, "run.h5"))
            shutil.rmtree(folder)
            keep = [i for i, n in enumerate(names) if n in census and start[i] > 0 and end[i] > 0]
            model = np.array([np.log(end[i] / start[i]) for i in keep])
            target = np.array([census[names[i]] for i in keep])
            # Agents of each city (the shrink): its share of the residents x agents.
            agents = start[keep] / start.sum() * agent_count(a.agents)
            err = target - model
            weight = start[keep] / start[keep].sum()
            rms = float(np.sqrt(np.sum(weight * err**2)))
            corr = float(np.corrcoef(target, model)[0, 1])
            print(f"iteration {it}: growth error rms {rms:.4f} (population-weighted), "
                  f"correlation with the census {corr:.3f}", flush=True)
            if it == a.iterations:
                break
            # A step that shrinks with the iterations (the response to a constant is not
            # linear: big steps overshoot once the errors are small).
            step = a.step / (1.0 + 0.5 * it)
            shrink = agents / (agents + 200.0)
            for k, i in enumerate(keep):
                attraction[names[i]] = attraction.get(names[i], 0.0) + step * shrink[k] * err[k]
            mean = sum(attraction[names[i]] * weight[k] for k, i in enumerate(keep))
            for n in attraction:
                attraction[n] = min(5.0, max(-5.0, attraction[n] - mean))

    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write("name,attraction\n")
        for n in names:
            f.write(f"{n},{attraction.get(n, 0.0):.4f}\n")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
