#!/usr/bin/env python3
"""Build the province-level China 2007 scenario inputs of migrasim.

Reads <data>/china-provinces-2007.csv (31 provinces; sources in the data folder's
SOURCES-provinces-2007.md and README.md) and writes scenarios/china-2007/: regions.csv,
migrant_stock.csv (origin x destination inter-provincial stock, 47.79 M in all) and
SOURCES.md (sources, gaps, method). The stock is derived with a destination-constrained
gravity model (see SOURCES.md); integer rounding keeps row, column and grand totals exact.

Usage: /usr/bin/python3 tools/build_china_2007.py [--data DIR] [--alpha A] [--beta B]
[--gamma G]. Standard library only; paths are resolved from this file's location, the
default DIR is ../shared/data from the repository root.
"""
import argparse
import csv
import math
import os
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "scenarios", "china-2007")
COLUMNS = ["name", "province", "lat", "lon", "population", "migrants", "emigrants",
           "urban_share", "urban_income", "rural_income", "local_revenue", "exam_advantage"]
# Value to a family, yuan/year per registered pupil, of the region's college-entrance-exam
# quota (policy.exam_advantage). The seed names Beijing and Shanghai, where registered pupils
# enter university with lower scores; the size is a modelling choice (docs/policy.md).
EXAM_ADVANTAGE = {"Beijing": 10000, "Shanghai": 10000}
STOCK = 47_790_000          # inter-provincial migrants, 2005 1% survey (NBS 2006-03-16)
NATIONAL_POP = 1_321_290_000  # end 2007 (NBS; Chongqing YB 2008 appendix I)
NATIONAL_URBAN_INCOME = 13_786  # yuan 2007 (SOURCES-provinces-2007.md, english.sina.com 2008-01-23)
EARTH_R = 6371.0
ALPHA, BETA, GAMMA = 2.0, 1.0, 1.0
# Pinned destination totals: (province, persons, share of STOCK in %, Chan range lo, hi in %). Beijing:
# end-2007 "transients" (Beijing statistics via china.org.cn); others: Chan via RBA Bulletin Sept 2011
# (2000-2005 inter-provincial rural-urban migrants): range midpoints, Guangdong just above "> 30%".
PINS = [("Beijing", 4_190_000, None, 5, 10), ("Guangdong", None, "31", 30, None),
        ("Zhejiang", None, "12.5", 10, 15), ("Jiangsu", None, "7.5", 5, 10),
        ("Shanghai", None, "7.5", 5, 10), ("Fujian", None, "7.5", 5, 10)]
COMMON_SENDERS = ["Sichuan", "Anhui", "Hunan", "Jiangxi", "Henan", "Hubei", "Guangxi", "Chongqing"]
REMOTE = ["Tibet", "Gansu", "Yunnan", "Guizhou"]


def pinned():
    """{province: persons} of the pinned destination totals, exact integers."""
    out = {}
    for nm, persons, share, _, _ in PINS:
        v = Decimal(persons) if persons is not None else Decimal(share) * STOCK / 100
        assert v == int(v), (nm, v)
        out[nm] = int(v)
    return out


def read_provinces(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["P"] = int(r["pop_2007_10k"]) * 10000
        r["share"] = s = Decimal(r["urban_pct_2008"]) / 100
        r["Y"] = float(s * Decimal(r["urban_income_2007"])
                       + (1 - s) * Decimal(r["rural_income_2007"]))
        r["u"] = float(s)
        r["rev"] = int(Decimal(r["budget_revenue_2007_100m"]) * 10**8)
    return rows


def haversine(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (float(a["lat"]), float(a["lon"]),
                                            float(b["lat"]), float(b["lon"])))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * EARTH_R * math.asin(math.sqrt(h))


def destinations(rows, alpha):
    """Real destination totals D_j: pins, the rest by P u (Yu / national)^alpha."""
    pins = pinned()
    raw = [r["P"] * r["u"] * (int(r["urban_income_2007"]) / NATIONAL_URBAN_INCOME) ** alpha
           for r in rows]
    free = sum(x for r, x in zip(rows, raw) if r["province"] not in pins)
    rest = STOCK - sum(pins.values())
    return [pins.get(r["province"], x * rest / free) for r, x in zip(rows, raw)]


def model(rows, dist, alpha, beta, gamma):
    """Real-valued stock matrix M_ij = D_j O_i f(d_ij) / sum_{k != j} O_k f(d_kj)."""
    n = len(rows)
    ybar = sum(r["P"] * r["Y"] for r in rows) / sum(r["P"] for r in rows)
    push = [r["P"] * (1 - r["u"]) * (ybar / r["Y"]) ** beta for r in rows]
    dest = destinations(rows, alpha)
    m = [[0.0] * n for _ in range(n)]
    for j in range(n):
        w = [push[i] * dist[i][j] ** -gamma if i != j else 0.0 for i in range(n)]
        tot = sum(w)
        for i in range(n):
            m[i][j] = dest[j] * w[i] / tot
    return m


def largest_remainder(values, total, fixed=None):
    """Integers summing to total, each floor or ceil of its value; fixed: {i: int}."""
    fixed = fixed or {}
    out = [fixed.get(i, math.floor(v)) for i, v in enumerate(values)]
    free = sorted((i for i in range(len(values)) if i not in fixed),
                  key=lambda i: (-(values[i] - out[i]), i))
    for i in free[:total - sum(out)]:
        out[i] += 1
    assert sum(out) == total
    return out


def integerise(m, fixed):
    """Integer matrix, zero diagonal, margins = largest-remainder of the real margins
    (columns in fixed: {index: persons} exactly)."""
    n = len(m)
    colr = [sum(m[i][j] for i in range(n)) for j in range(n)]
    cols = largest_remainder(colr, STOCK, fixed)
    rows_ = largest_remainder([sum(r) for r in m], STOCK)
    im = [[0] * n for _ in range(n)]
    for j in range(n):
        idx = [i for i in range(n) if i != j]
        for i, v in zip(idx, largest_remainder([m[i][j] for i in idx], cols[j])):
            im[i][j] = v
    while True:  # move single units within a column from surplus rows to deficit rows
        dev = [sum(im[i]) - rows_[i] for i in range(n)]
        r = max(range(n), key=lambda i: dev[i])
        if dev[r] == 0:
            break
        s = min(range(n), key=lambda i: dev[i])
        j = max((j for j in range(n) if j not in (r, s) and im[r][j] > 0),
                key=lambda j: (im[r][j] - m[r][j]) + (m[s][j] - im[s][j]))
        im[r][j] -= 1
        im[s][j] += 1
    return im, rows_, cols


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--alpha", type=float, default=ALPHA, help="destination income exponent")
    ap.add_argument("--beta", type=float, default=BETA, help="origin income exponent")
    ap.add_argument("--gamma", type=float, default=GAMMA, help="distance-decay exponent")
    a = ap.parse_args()
    rows = read_provinces(os.path.join(a.data, "china-provinces-2007.csv"))
    n, names = len(rows), [r["province"] for r in rows]
    dist = [[haversine(rows[i], rows[j]) if i != j else 0.0 for j in range(n)]
            for i in range(n)]
    pins = pinned()
    fixed = {names.index(nm): v for nm, v in pins.items()}
    im, emig, migr = integerise(model(rows, dist, a.alpha, a.beta, a.gamma), fixed)
    assert all(sum(im[i]) == emig[i] and sum(r[i] for r in im) == migr[i] for i in range(n))
    assert sum(emig) == sum(migr) == STOCK and all(migr[i] == v for i, v in fixed.items())
    os.makedirs(OUT, exist_ok=True)
    write_csv(os.path.join(OUT, "regions.csv"), COLUMNS, [
        [r["province"], r["province"], r["lat"], r["lon"], r["P"], migr[i], emig[i],
         f"{r['share']:.4f}", r["urban_income_2007"], r["rural_income_2007"], r["rev"],
         EXAM_ADVANTAGE.get(r["province"], 0)]
        for i, r in enumerate(rows)])
    write_csv(os.path.join(OUT, "migrant_stock.csv"), ["origin", "destination", "migrants"],
              [[names[i], names[j], im[i][j]] for i in range(n) for j in range(n) if i != j])
    sh = {names[j]: 100 * migr[j] / STOCK for j in range(n)}
    pop = sum(r["P"] for r in rows)
    reg = [rows[i]["P"] - migr[i] + emig[i] for i in range(n)]
    assert sum(reg) == pop
    top = sorted(range(n), key=lambda i: -emig[i])[:10]
    tries = {}
    for bt in sorted({0.0, 0.5, 1.0, 1.5, a.beta}):
        em = [sum(r) for r in model(rows, dist, a.alpha, bt, a.gamma)]
        tries[bt] = [names[i] for i in sorted(range(n), key=lambda i: -em[i])[:5]]
    b = names.index("Beijing")
    res = dict(alpha=a.alpha, beta=a.beta, gamma=a.gamma, sh=sh, pop=pop, top=top, names=names,
               emig=emig, bj=rows[b]["P"], bje=emig[b], tries=tries,
               rest=STOCK - sum(pins.values()))
    with open(os.path.join(OUT, "SOURCES.md"), "w", encoding="utf-8") as f:
        f.write(sources_md(res))
    print(f"alpha = {a.alpha:g}, beta = {a.beta:g}, gamma = {a.gamma:g}\n{share_table(sh)}\n{origin_lines(res)}")
    for bt, t in tries.items():
        print(f"top 5 senders with beta = {bt:g}: {', '.join(t)}")
    print(f"Beijing: residents {res['bj']:,}, migrants {migr[b]:,}, registered residents "
          f"{res['bj'] - migr[b]:,} (reported 12,130,000); hukou population {reg[b]:,}")
    print(f"provinces' residents {pop:,}; national {NATIONAL_POP:,}; gap {NATIONAL_POP - pop:,}")
    print(f"stock {sum(migr):,}; sum of hukou populations {sum(reg):,}")


def share_table(sh):
    """Markdown rows: destination, Chan range, pinned value, achieved share, verdict."""
    out = []
    for nm, persons, share, lo, hi in PINS:
        rng = f"> {lo}%" if hi is None else f"{lo}-{hi}%"
        pin = f"{persons / 1e6:.2f} M" if persons else f"{share}%"
        ok = sh[nm] > lo if hi is None else lo <= sh[nm] <= hi
        out.append(f"| {nm} | {rng} | {pin} | {sh[nm]:.2f}% | {'met' if ok else 'MISSED'} |")
    return "\n".join(out)


def origin_lines(r):
    """Markdown rows of the top 10 origins: rank, province, emigrants, share of the stock."""
    return "\n".join(f"| {k + 1} | {r['names'][i]} | {r['emig'][i]:,} | {100 * r['emig'][i] / STOCK:.2f}% |"
                     for k, i in enumerate(r["top"]))


def sources_md(r):
    names, top5 = r["names"], [r["names"][i] for i in r["top"][:5]]
    common = [nm for nm in (names[i] for i in r["top"]) if nm in COMMON_SENDERS]
    remote = [nm for nm in top5 if nm in REMOTE]
    tries = "\n".join(f"| {b:g} | {', '.join(t)} |" for b, t in r["tries"].items())
    pop, gap, bj, bje = r["pop"], NATIONAL_POP - r["pop"], r["bj"], r["bje"]
    return f"""# Sources of scenarios/china-2007 (province level)

Generated by `tools/build_china_2007.py` from `shared/data/china-provinces-2007.csv` (its sources:
`shared/data/SOURCES-provinces-2007.md`, `shared/data/README.md`). Do not edit by hand; re-run
`/usr/bin/python3 tools/build_china_2007.py [--data DIR] [--alpha A] [--beta B] [--gamma G]` from anywhere
(default DIR `../shared/data` relative to the repository root; defaults alpha 2, beta 1, gamma 1).

## regions.csv, column by column
| column | value | source |
|---|---|---|
| name, province | province name in English (province-level scenario, so both equal) | source CSV |
| lat, lon | coordinates of the provincial capital, degrees | source CSV |
| population | year-end 2007 residents, persons = pop_2007_10k x 10,000 | Chongqing Statistical Yearbook 2008, appendix III "Main Indicators ... by Province (2007)" (tjj.cq.gov.cn/.../fl-3.files/sheet001.htm); cross-checked for Hebei, Chongqing, Tianjin, Ningxia |
| urban_share | urban share of residents **2008** / 100 | China Statistical Yearbook 2009, table 3-4 (stats.gov.cn/tjsj/ndsj/2009/html/D0304e.htm); Ningxia: Ningxia Statistical Yearbook 2023, table 4-2 |
| urban_income | per-capita disposable income of urban households 2007, yuan/year | Shandong Statistical Yearbook 2013, appendix table 1-13 (column 2007); checked for the national figure, Shandong, Zhejiang, Beijing, Guangxi |
| rural_income | per-capita net income of rural households 2007, yuan/year | China Statistical Yearbook 2008, table 9-22 (stats.gov.cn/tjsj/ndsj/2008/html/J0922e.htm) |
| local_revenue | local general-budget revenue 2007, yuan = budget_revenue_2007_100m x 1e8 | CSY 2008 table 7-7 via Wikipedia "List of Chinese administrative divisions by tax revenues" (kiwix 2018-10); provinces sum to 23,572.63 (100 M yuan) vs national 23,572.62 in CSY 2008 table 7-5 |
| migrants, emigrants | inter-provincial migrant stock in / out, persons | **derived**, see below |
| exam_advantage | value of the college-entrance-exam quota to a family, yuan/year per registered pupil: Beijing and Shanghai 10,000, elsewhere 0 | **modelling choice**: the seed report names the lower admission scores of Beijing and Shanghai pupils; no published yuan figure (docs/policy.md) |

## Gaps
- Guangxi's 2007 population (4,768 x 10,000) is **estimated**: the 2008 value 4,816 less one year of growth
  (the yearbook table is cut off at Guangxi).
- Urban shares are **2008** values (no by-province 2007 table found). Qinghai (41.0%, computed 227/554 from a
  cut-off row of CSY 2009 table 3-4) is approximate; Xinjiang (39.6%) is **unverified**.
- The provinces' residents sum to {pop:,} ({pop / 1e6:,.2f} M), less than the national end-2007 total of
  {NATIONAL_POP:,} ({NATIONAL_POP / 1e6:,.2f} M, NBS; Chongqing YB 2008 appendix I) by {gap:,} ({gap / 1e6:.2f} M):
  the national figure also counts people assigned to no province (e.g. the armed forces). The stored sources
  do not say how the gap divides. For comparison, the 2010-census residents of the 31 provinces sum to
  1,332.81 M (column pop_2010_census).
- No by-province migrant table (2005 survey or 2000 census) was found, hence the derivation below.

## Migrant stock (migrants, emigrants, migrant_stock.csv): derivation
- Total: **47.79 M** inter-provincial migrants (living in a province other than that of their hukou), 2005 1%
  sample survey, reference date 1 Nov 2005 (NBS communique, 16 March 2006). This Nov-2005 figure is used as the
  stock in January 2007; the stock grew toward 85.88 M by the 2010 census, so it understates 2007. The scenario
  starts from the last survey figure.
- Method: a **destination-constrained gravity model**. Notation: P_i year-end 2007 residents, u_i urban share,
  Yu_i urban income, `Ybar_i = u_i Yu_i + (1 - u_i) x rural_income_i` (mean income per person, yuan), Ybar the
  population-weighted mean of Ybar_i over the 31 provinces, d_ij great-circle distance between the capitals
  (haversine, Earth radius {EARTH_R} km).
- Step 1, destination totals D_j (column sums, inflow). Pinned from published figures:
  - Beijing **4,190,000** exactly (end-2007 "transients": 16.33 M residents, 12.13 M registered; Beijing
    statistics via china.org.cn);
  - Guangdong 31%, Zhejiang 12.5%, Jiangsu 7.5%, Shanghai 7.5%, Fujian 7.5% of 47.79 M: Guangdong just above
    Chan's "> 30%", the others the midpoints of Chan's ranges (Chan via RBA Bulletin Sept 2011, in
    shared/data/demography.md section 7). Caveat: Chan's shares are of **2000-2005 inter-provincial
    rural-urban migrants** (a flow over five years), a related but different concept and period from the
    2005 stock of all inter-provincial migrants used here.
  - every other province: `D_j = R x P_j u_j (Yu_j / 13,786)^alpha / sum_k P_k u_k (Yu_k / 13,786)^alpha`
    (sum over the 25 non-pinned provinces), R = 47.79 M - pinned sum = {r['rest']:,}; 13,786 yuan is the
    national 2007 urban income (english.sina.com 2008-01-23, cited in SOURCES-provinces-2007.md). Urban
    residents stand for the jobs that draw migrants, the income ratio for their pay. **alpha = {r['alpha']:g}**,
    a modelling choice: pull rises more than in proportion with urban income (the earlier unconstrained
    gravity fit to the Chan shares preferred an income exponent of about 2.25); it only divides R, 25% of the
    stock.
- Step 2, origins within each column: `M_ij = D_j O_i f(d_ij) / sum_(k != j) O_k f(d_kj)`, M_jj = 0, with
  origin push `O_i = P_i (1 - u_i) (Ybar / Ybar_i)^beta` (rural residents, more push where incomes are low) and
  distance decay `f(d) = d^-gamma`. **beta = {r['beta']:g}** (push inversely proportional to mean income) and
  **gamma = {r['gamma']:g}** (the usual gravity exponent; distance is a real cost: moving 10% farther needs a
  ~15% higher wage, Zhang & Zhao 2011, demography.md) are **modelling choices**: the sources hold no
  by-province origin data to fit them to, so the origins (emigrants, and every cell) are the least certain part
  of the scenario. The constants 13,786 and Ybar cancel in the normalisations; they only make the factors
  readable. Row sums (emigrants) are outputs of the model, not targets.
- Integers: column totals by largest remainder with the six pinned columns exact (Beijing 4,190,000,
  Guangdong 14,814,900, Zhejiang 5,973,750, Jiangsu, Shanghai, Fujian 3,584,250 each), row totals by largest
  remainder of the real row sums, cells by largest remainder within each column, then single persons moved
  within columns from rows above their total to rows below it. Row sums = emigrants, column sums = migrants,
  both totalling exactly 47,790,000; the diagonal is zero (930 pairs).

Destination shares of the stock (Chan ranges vs the pinned value vs this scenario):

| destination | Chan range | pinned | achieved | |
|---|---|---|---|---|
{share_table(r['sh'])}

Top 10 origins by emigrants (alpha {r['alpha']:g}, beta {r['beta']:g}, gamma {r['gamma']:g}):

| rank | origin | emigrants | share of the stock |
|---|---|---|---|
{origin_lines(r)}

Sanity check, from **general knowledge, not from the shared data** (no by-province origin figure is in
shared/data): the large senders of inter-provincial migrants around 2005 are commonly reported to be Sichuan,
Anhui, Hunan, Jiangxi, Henan, Hubei, Guangxi and Chongqing. Of these, the top 10 here contain
{len(common)} ({', '.join(common) or 'none'}); remote provinces (Tibet, Gansu, Yunnan, Guizhou) in the top 5:
{', '.join(remote) or 'none'}. Top 5 senders for other values of beta (alpha and gamma as above):

| beta | top 5 senders |
|---|---|
{tries}

The default beta = 1 was kept: its top 5 holds four of the commonly reported senders and no remote province;
beta = 0 and 0.5 put Shandong (and at 0 Jiangsu, a main destination) among the top 5, and beta = 1.5 Guizhou.
Doubtful with the defaults: Sichuan, usually reported as the largest sender, comes 5th and Chongqing far down
(under 1 M), while Hebei, Shandong and Jiangsu send more than is usually reported; gamma = 1 favours origins
near the pinned eastern destinations (Hebei next to Beijing, Shandong and Anhui next to the Yangtze delta).

Checks: Beijing: {bj:,} residents - 4,190,000 migrants = {bj - 4_190_000:,} registered residents (reported
12,130,000; 16.33 - 4.19 = 12.14 M, the source rounds); with its {bje:,} emigrants, Beijing's hukou population
is {bj - 4_190_000 + bje:,}. Hukou population per province = population - migrants + emigrants; its sum equals
the sum of population ({pop:,}).
"""


if __name__ == "__main__":
    main()
