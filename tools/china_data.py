"""Helpers shared by the scripts that build the China scenarios (build_china_2007.py,
build_china_cities_2010.py): rounding, apportioning, great-circle distance, CSV writing and
the 2008-2010 consumer price index. Standard library only."""
import csv
import math
from decimal import ROUND_HALF_UP, Decimal

EARTH_R = 6371.0  # km, mean Earth radius
CPI = {2008: Decimal("5.9"), 2009: Decimal("-0.7"), 2010: Decimal("3.3")}  # % a year (NBS)


def yuan(x):
    """Whole yuan, half up."""
    return int(Decimal(x).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def largest_remainder(values, total, fixed=None):
    """Integers summing to total, each floor or ceil of its value (ties by index); fixed: {i: int}."""
    fixed = fixed or {}
    out = [fixed.get(i, math.floor(v)) for i, v in enumerate(values)]
    free = sorted((i for i in range(len(values)) if i not in fixed),
                  key=lambda i: (-(values[i] - out[i]), i))
    need = total - sum(out)
    assert 0 <= need <= len(free), (need, len(free))
    for i in free[:need]:
        out[i] += 1
    assert sum(out) == total
    return out


def haversine(a, b):
    """Great-circle km between two rows with "lat" and "lon" (numbers or numeric strings)."""
    la1, lo1, la2, lo2 = map(math.radians, (float(a["lat"]), float(a["lon"]),
                                            float(b["lat"]), float(b["lon"])))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * EARTH_R * math.asin(math.sqrt(h))


def write_csv(path, header, rows, comments=()):
    """A CSV with '# ' comment lines first, LF line ends, UTF-8."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        for c in comments:
            f.write(f"# {c}\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
