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
                       t simulated months). Stocks (residents, ..., balance)
                       hold at the start of that month; counters (admissions,
                       spending, wage, ...) count the month before it.
  /series/<stock>      [tick][region] int64, persons: residents, registered,
                       migrants, emigrants, left_behind, ... (see the doc).
  /series/wage         [tick][region] float64, yuan/year, paid in the month.
  /series/admissions   [tick][region] int64, persons admitted in the month.
  /series/spending_total, revenue_total, balance
                       [tick][region] float64, yuan (in the month; balance
                       carried, at the end of the month).
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


def month_before(yyyymm):
    """201001 -> '2009-12': the month a row's counters count (docs/hdf5-schema.md s.1)."""
    year, month = divmod(int(yyyymm), 100)
    return f"{year - 1:04d}-12" if month == 1 else f"{year:04d}-{month - 1:02d}"


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

        print(f"\n{args.region}: persons at the start of each month")
        print(f"  {'start of':<8}" + "".join(f" {name:>13}" for name in columns))
        for t in range(rows):
            line = f"  {yyyy_mm(dates[t]):<8}"
            line += "".join(f" {int(values[name][t]):>13,}" for name in columns)
            print(line)

        # The wage, registration and budget (policy and fiscal modules):
        # counters, shown under the month they count (row t counts the month
        # before its date; row 0 counts none). Balance: at the end of it.
        print(f"\n{args.region}: wage (yuan/year) during each month")
        print(f"  {'month':<8} {'wage':>10}")
        for t in range(1, rows):
            print(f"  {month_before(dates[t]):<8} {wage[t]:>10,.0f}")
        money = ["applications", "admissions", "spending_total", "revenue_total", "balance"]
        if all(name in series for name in money):
            rows_m = min(rows, min(series[name].shape[0] for name in money))
            print(f"\n{args.region}: registration (persons during the month) and budget (yuan "
                  "during the month; balance at its end), every 12th month")
            print(f"  {'month':<8}" + "".join(f" {name:>17}" for name in money))
            for t in range(1, rows_m):
                if t % 12 != 0 and t != rows_m - 1:
                    continue
                print(f"  {month_before(dates[t]):<8}"
                      + "".join(f" {float(series[name][t, r]):>17,.0f}" for name in money))

        # /flows/stock[t][i][j]: registered in i, living in j. Row r of the
        # last tick: where the region's registered population lives.
        stock = f["flows/stock"]
        last = min(stock.shape[0], rows) - 1
        living = stock[last, r, :]
        away = [(int(living[j]), names[j]) for j in range(len(names)) if j != r and living[j] > 0]
        away.sort(key=lambda pair: (-pair[0], pair[1]))
        total = sum(n for n, _ in away)
        print(f"\nTop destinations of {args.region}'s emigrants at the start of {yyyy_mm(dates[last])} "
              f"(registered in {args.region}, living elsewhere: {total:,} persons)")
        if not away:
            print("  (none)")
        for n, name in away[:5]:
            share = 100.0 * n / total
            print(f"  {name:<18} {n:>13,}  {share:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
