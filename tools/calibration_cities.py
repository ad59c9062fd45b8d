#!/usr/bin/env python3
"""Calibration figures of a china-cities-2010 run file (docs/calibration.md, section 7).

Usage: /usr/bin/python3 tools/calibration_cities.py RUN.h5

Prints, year by year, the inter-provincial migrant stock (registered in a city of another
province; census 85.88 M in 2010, 124.84 M in 2020) and the inter-city stock, the moves
between provinces and between cities of one province in each year, Beijing's migrants from
other provinces, and the units that grew and shrank most. Needs h5py and numpy (Debian's
python3-h5py; /usr/bin/python3).
"""
import sys

import h5py
import numpy as np


def main(path):
    with h5py.File(path, "r") as f:
        names = f["regions/name"].asstr()[:]
        prov = f["regions/province"].asstr()[:]
        stock = f["flows/stock"]
        moves = f["flows/moves"]
        rows = stock.shape[0]
        same = prov[:, None] == prov[None, :]

        def away(t):
            s = stock[t].astype(float)
            return s[~same].sum(), s.sum() - np.trace(s)

        p0, c0 = away(0)
        print(f"rows {rows}: start inter-provincial {p0 / 1e6:.2f} M, inter-city {c0 / 1e6:.2f} M")
        for t in range(12, rows, 12):
            p, c = away(t)
            m = moves[t - 11 : t + 1].astype(float).sum(axis=0)
            print(
                f"year to row {t}: inter-provincial {p / 1e6:.2f} M ({(p - p0) / 1e6 * 12 / t:+.2f} M/yr),"
                f" inter-city {c / 1e6:.2f} M; moves in the year: between provinces"
                f" {m[~same].sum() / 1e6:.2f} M, between cities of a province"
                f" {(m[same].sum() - np.trace(m)) / 1e6:.2f} M"
            )
        s0 = stock[0].astype(float)
        s = stock[rows - 1].astype(float)
        if "Beijing" in names:
            bj = list(names).index("Beijing")
            print(
                f"Beijing's migrants from other provinces {s0[~same[:, bj], bj].sum() / 1e6:.2f}"
                f" -> {s[~same[:, bj], bj].sum() / 1e6:.2f} M"
            )
        r0, r = s0.sum(axis=0), s.sum(axis=0)
        order = np.argsort(r / np.maximum(r0, 1))
        show = lambda idx: ", ".join(f"{names[i]} {r0[i] / 1e6:.2f}->{r[i] / 1e6:.2f} M" for i in idx)
        print("grew most:", show(order[::-1][:6]))
        print("shrank most:", show(order[:6]))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
