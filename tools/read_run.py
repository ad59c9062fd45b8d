#!/usr/bin/env python3
"""Print one region of a migrasim run file, read with h5py alone.

A small example of reading the HDF5 run file from outside migrasim; the
whole schema is in docs/hdf5-schema.md. The parts used here:

  / (root attributes)  scenario, start_date (strings), seed, agents (int64;
                       agents at the start of the run), scale (float64,
                       persons per agent), ticks_done (int64, months
                       simulated), complete (uint8 0/1: 1 only once the run
                       ended normally).
  /regions/name        [region] region names; a region's index in this list
                       is its index in every [region] axis below.
  /series/date         [tick] int32 YYYYMM: the month whose start row t
                       describes (row 0 = the synthesised start, row t = after
                       t simulated months).
  /series/<counter>    [tick][region] int64, persons: residents, registered,
                       migrants, emigrants, left_behind, ... (see the doc).
  /series/wage         [tick][region] float64, yuan/year.
  /series/admissions   [tick][region] int64, persons admitted to registration.
  /series/spending_total, revenue_total, balance
                       [tick][region] float64, yuan (a month; balance carried).
  /flows/stock         [tick][hukou region][location] int64, persons:
                       stock[t, i, j] persons registered in region i living in
                       region j after t months; the diagonal are those living
                       where they are registered.

Strings are fixed-length UTF-8 byte strings: h5py returns them as numpy
bytes (b'Beijing'), so they are decoded here. Bools are uint8 0/1.

Usage:  tools/read_run.py RUN.h5 [--region NAME]      (default: Beijing)
Needs:  python3-h5py and python3-numpy (tools/install-deps.sh installs them).
Exits 1 if the file cannot be read as a run file, 2 for an unknown region.
"""

import argparse
import sys

import h5py
import numpy as np


def text(value):
    """A string attribute or dataset element as str (h5py gives bytes)."""
    return value.decode("utf-8") if isinstance(value, (bytes, np.bytes_)) else str(value)


def yyyy_mm(yyyymm):
    """201001 -> '2010-01'."""
    return f"{int(yyyymm) // 100:04d}-{int(yyyymm) % 100:02d}"


def main():
    parser = argparse.ArgumentParser(
        description="Print a region's series and top destinations from a migrasim run file.")
    parser.add_argument("run_file", help="HDF5 run file written by `migrasim run`")
    parser.add_argument("--region", default="Beijing", help="region name (default: Beijing)")
    args = parser.parse_args()

    try:
        f = h5py.File(args.run_file, "r")
    except OSError as error:
        sys.exit(f"read_run: {args.run_file}: cannot open as HDF5: {error}")

    with f:
        if text(f.attrs.get("format", b"")) != "migrasim run file":
            sys.exit(f"read_run: {args.run_file}: not a migrasim run file")

        names = [text(n) for n in f["regions/name"][:]]
        if args.region not in names:
            shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
            print(f"read_run: region '{args.region}' is not in {args.run_file} "
                  f"({len(names)} regions: {shown})", file=sys.stderr)
            return 2
        r = names.index(args.region)

        a = f.attrs
        print(f"Run file {args.run_file}")
        print(f"  scenario     {text(a['scenario'])}")
        print(f"  seed         {int(a['seed'])}")
        print(f"  agents       {int(a['agents']):,} at the start "
              f"(scale {float(a['scale']):g} persons per agent)")
        print(f"  months done  {int(a['ticks_done'])} from {text(a['start_date'])}")
        print(f"  complete     {'yes' if int(a['complete']) else 'no (interrupted or running)'}")

        # Rows written so far; a run killed mid-tick may leave some datasets a
        # row longer than others, so use the shortest.
        series = f["series"]
        columns = ["residents", "registered", "migrants", "emigrants", "left_behind"]
        rows = min(series[name].shape[0] for name in ["date", "wage"] + columns)
        dates = series["date"][:rows]
        values = {name: series[name][:rows, r] for name in columns}  # one column, not the matrix
        wage = series["wage"][:rows, r]

        print(f"\n{args.region}: persons at the start of each month; wage in yuan/year")
        header = f"  {'date':<8}" + "".join(f" {name:>13}" for name in columns) + f" {'wage':>10}"
        print(header)
        for t in range(rows):
            line = f"  {yyyy_mm(dates[t]):<8}"
            line += "".join(f" {int(values[name][t]):>13,}" for name in columns)
            print(line + f" {wage[t]:>10,.0f}")

        # Registration and budget (policy and fiscal modules): persons and
        # yuan in each month (balance: carried), per region.
        money = ["applications", "admissions", "spending_total", "revenue_total", "balance"]
        if all(name in series for name in money):
            rows_m = min(rows, min(series[name].shape[0] for name in money))
            print(f"\n{args.region}: registration (persons this month) and budget (yuan this "
                  "month; balance carried), each January")
            print(f"  {'date':<8}" + "".join(f" {name:>17}" for name in money))
            for t in range(rows_m):
                if t % 12 != 0 and t != rows_m - 1:
                    continue
                print(f"  {yyyy_mm(dates[t]):<8}"
                      + "".join(f" {float(series[name][t, r]):>17,.0f}" for name in money))

        # /flows/stock[t][i][j]: registered in i, living in j. Row r of the
        # last tick: where the region's registered population lives.
        stock = f["flows/stock"]
        last = min(stock.shape[0], rows) - 1
        living = stock[last, r, :]
        away = [(int(living[j]), names[j]) for j in range(len(names)) if j != r and living[j] > 0]
        away.sort(key=lambda pair: (-pair[0], pair[1]))
        total = sum(n for n, _ in away)
        print(f"\nTop destinations of {args.region}'s emigrants at {yyyy_mm(dates[last])} "
              f"(registered in {args.region}, living elsewhere: {total:,} persons)")
        if not away:
            print("  (none)")
        for n, name in away[:5]:
            share = 100.0 * n / total
            print(f"  {name:<18} {n:>13,}  {share:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
