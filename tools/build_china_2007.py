#!/usr/bin/env python3
"""Build the province-level China 2007 scenario inputs of migrasim.

Reads <data>/china-provinces-2007.csv (31 provinces; sources in the data folder's
SOURCES-provinces-2007.md and README.md), the NBS five-year migration tables of 2000 and 2005
(<data>/history/, tools/china_history.py) and tools/data/urban_income_2005_2012.csv, and writes
scenarios/china-2007/: regions.csv, migrant_stock.csv (origin x destination inter-provincial stock,
47.79 M in all, from the observed 2000/2005 flow pattern), migrant_stock_gravity.csv (the earlier
destination-constrained gravity start, for comparison), region_paths.csv (urban incomes by province
2007-2012 relative to the national one), benefits.csv (unit costs of hukou-linked services, 2007
yuan, from the figures of fiscal-unit-costs-2007.md coded below) and SOURCES.md (sources, gaps,
method). Integer rounding keeps row, column and grand totals exact; the output is byte for byte
the same on every run.

Usage: /usr/bin/python3 tools/build_china_2007.py [--data DIR] [--history DIR] [--alpha A]
[--beta B] [--gamma G]. Standard library only; paths are resolved from this file's location, the
default DIR is ../shared/data from the repository root (history: DIR/history).
"""
import argparse
import csv
import math
import os
from decimal import Decimal
from fractions import Fraction

from china_data import CPI, EARTH_R, haversine, largest_remainder, write_csv, yuan
from china_history import observed_pattern

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "scenarios", "china-2007")
COLUMNS = ["name", "province", "lat", "lon", "population", "migrants", "emigrants",
           "urban_share", "urban_income", "rural_income", "local_revenue", "exam_advantage",
           "central_transfers"]
# Value to a family, yuan/year per registered pupil, of the region's college-entrance-exam
# quota (policy.exam_advantage). The seed names Beijing and Shanghai, where registered pupils
# enter university with lower scores; the size is a modelling choice (docs/policy.md).
EXAM_ADVANTAGE = {"Beijing": 10000, "Shanghai": 10000}
STOCK = 47_790_000          # inter-provincial migrants, 2005 1% survey (NBS 2006-03-16)
NATIONAL_POP = 1_321_290_000  # end 2007 (NBS; Chongqing YB 2008 appendix I)
NATIONAL_URBAN_INCOME = 13_786  # yuan 2007 (SOURCES-provinces-2007.md, english.sina.com 2008-01-23)
NATIONAL_RURAL_INCOME = Decimal("4140.36")  # yuan 2007 (CSY 2008 table 9-22)
# Central transfers 2007 = national local expenditure - national local general-budget revenue (data README).
LOCAL_EXPENDITURE_2007 = 3_833_900_000_000  # CSY 2008, *unverified* in shared/data/README.md
LOCAL_REVENUE_2007 = 2_357_262_000_000      # CSY 2008 table 7-5
ALPHA, BETA, GAMMA = 2.0, 1.0, 1.0
# Pinned destination totals: (province, persons, share of STOCK in %, Chan range lo, hi in %). Beijing:
# end-2007 "transients" (Beijing statistics via china.org.cn); others: Chan via RBA Bulletin Sept 2011
# (2000-2005 inter-provincial rural-urban migrants): range midpoints, Guangdong just above "> 30%".
PINS = [("Beijing", 4_190_000, None, 5, 10), ("Guangdong", None, "31", 30, None),
        ("Zhejiang", None, "12.5", 10, 15), ("Jiangsu", None, "7.5", 5, 10),
        ("Shanghai", None, "7.5", 5, 10), ("Fujian", None, "7.5", 5, 10)]
# The observed start pins only Beijing (end-2007 "transients", as above) and the national total.
OBSERVED_PINS = {"Beijing": 4_190_000}
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


def observed(p, names):
    """Real-valued stock matrix from the observed pattern p (origin x destination shares of the
    2000 and 2005 five-year flows): Beijing's column totals 4,190,000, the other columns share
    the rest in proportion to their observed inflow, origins within a column as observed."""
    n = len(names)
    b = names.index("Beijing")
    col = [sum(p[i][j] for i in range(n)) for j in range(n)]
    rest = sum(col[j] for j in range(n) if j != b)
    dest = [OBSERVED_PINS["Beijing"] if j == b else (STOCK - OBSERVED_PINS["Beijing"]) * col[j] / rest
            for j in range(n)]
    return [[dest[j] * p[i][j] / col[j] if i != j else 0.0 for j in range(n)] for i in range(n)], dest


# ---------------------------------------------------------------------------------------------
# Income paths (region_paths.csv): urban disposable income by province, 2007-2012
# ---------------------------------------------------------------------------------------------
INCOME_TABLE = os.path.join(ROOT, "tools", "data", "urban_income_2005_2012.csv")
PATH_YEARS = range(2007, 2013)  # the start year, then every year the table has


def read_income_table(path=INCOME_TABLE):
    """{province or 'National': {year: yuan}} from tools/data/urban_income_2005_2012.csv."""
    with open(path, newline="", encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    return {r["province"]: {int(y): int(v) for y, v in r.items() if y != "province"}
            for r in csv.DictReader(lines)}


def income_paths(rows, table):
    """[(province, 'YYYY-07', yuan)]: each year's urban income relative to the national one, in
    units of the national 2007 income: U_j(Y) x U_nat(2007) / U_nat(Y), whole yuan (half even).
    The national level stays at its 2007 value; relative incomes move as observed."""
    nat = table["National"]
    out = []
    for r in rows:
        own = table[r["province"]]
        assert own[2007] == int(r["urban_income_2007"]), r["province"]  # same source, same rows
        for y in PATH_YEARS:
            out.append((r["province"], f"{y}-07", round(Fraction(own[y] * nat[2007], nat[y]))))
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


# ---------------------------------------------------------------------------------------------
# Central transfers (regions.csv column central_transfers)
# ---------------------------------------------------------------------------------------------
TRANSFERS = LOCAL_EXPENDITURE_2007 - LOCAL_REVENUE_2007
# Checks (shared/data/README.md "Beijing"; fiscal-unit-costs-2007.md section 7), 100 M yuan.
BEIJING_EXP_2006, BEIJING_EXP_2008_PLAN, BEIJING_PLAN_GROWTH = Decimal("1292.5"), Decimal("1786.4"), \
    Decimal("1.136")
EXP_2006 = {"Beijing": Decimal("1296.8"), "Shanghai": Decimal("1795.6"), "Guangdong": Decimal("2553.3")}
LOCAL_EXP_2006 = Decimal("30431.3")  # all provinces, 2006 (same page, M)


def rural_residents(r):
    """Rural residents, persons: population x (1 - urban share); exact (share has 4 decimals)."""
    v = r["P"] * (1 - r["share"])
    assert v == int(v)
    return int(v)


def central_transfers(rows):
    """TRANSFERS split over provinces in proportion to rural residents, largest remainder (exact)."""
    rur = [rural_residents(r) for r in rows]
    quota = [Fraction(TRANSFERS * x, sum(rur)) for x in rur]
    out = [math.floor(q) for q in quota]
    for i in sorted(range(len(rows)), key=lambda i: (-(quota[i] - out[i]), i))[:TRANSFERS - sum(out)]:
        out[i] += 1
    assert sum(out) == TRANSFERS
    return out


def transfer_checks(rows, tr):
    """[(province, implied 2007 expenditure, benchmark, benchmark label)] in 100 M yuan."""
    by = {r["province"]: (Decimal(r["budget_revenue_2007_100m"]) + Decimal(t) / 10**8)
          for r, t in zip(rows, tr)}
    growth = Decimal(LOCAL_EXPENDITURE_2007) / 10**8 / LOCAL_EXP_2006
    bj07 = BEIJING_EXP_2008_PLAN / BEIJING_PLAN_GROWTH
    xj = next(Decimal(r["budget_expenditure_2007_100m"]) for r in rows if r["province"] == "Xinjiang")
    out = [("Beijing", by["Beijing"], bj07, "2007 from the budget reports: 2008 plan 1,786.4 / 1.136"),
           ("Xinjiang", by["Xinjiang"], xj, "2007 actual (data CSV, Xinjiang YB 2012 table 7-1)")]
    for nm, v in EXP_2006.items():
        out.append((nm, by[nm], v, "2006 actual"))
        out.append((nm, by[nm], v * growth, f"2006 actual x national growth 2006-07 ({growth:.3f})"))
    return out, growth


# ---------------------------------------------------------------------------------------------
# Unit costs (benefits.csv), 2007 yuan. Sources: shared/data/fiscal-unit-costs-2007.md (section
# numbers "FUC 1".."FUC 10"), shared/data/demography.md, shared/data/README.md.
# ---------------------------------------------------------------------------------------------
NATIONAL_POP_DEC = Decimal(NATIONAL_POP)
NONAG_SHARE = Decimal("0.2584")           # non-agricultural hukou, 2005 1% survey sample (demography.md)
AGED65 = {2005: Decimal("7.69"), 2010: Decimal("8.87")}  # % aged 65+ (demography.md)
# Pensions (FUC 1): MOF 2007 average enterprise pension; CSY2009 22-42 fund expenditure / retirees 2008.
PENSION_2007 = 11_500
PENSION_FUND_2008 = Decimal("738.96e9") / Decimal("53.036e6")  # national expenditure per retiree
PENSION_PROV_2008 = {"Beijing": ("355.6", "180.1"), "Shanghai": ("639.2", "357.8"),
                     "Guangdong": ("448.6", "273.0"), "Guizhou": ("75.0", "59.3")}  # 100 M yuan, 10k
OLD_RURAL_PAYOUT_2008 = Decimal("5.68e9")  # FUC 2 (L-derived 7.6 bn / 1.338)
# Health (FUC 3).
NCMS_PREMIUM_2007, NCMS_ENROL_2007 = Decimal("58.9"), Decimal("0.862")
NCMS_GOV_SHARE = (Decimal("24.6") + 34) / (Decimal("24.6") + 34 + Decimal("11.8"))  # Jan-Sep 2008
NCMS_RULE_GOV = 40
NCMS_2008 = {"Beijing": 336, "Shanghai": 537, "Guangdong": 114, "Guizhou": 89}
NCMS_2008_NATIONAL = 96
URBAN_HEALTH = 150  # modelling choice in the range below (sources_md)
URBMI_SUBSIDY = 40
HEALTH_2006, HEALTH_JAN_NOV_2007 = Decimal("131.2e9"), Decimal("141.9e9")
# Education (FUC 4): MOE 2006 per-student budgetary operating expenditure; Hebei 2007->2008 growth.
PRIMARY_2006, JUNIOR_2006, HEBEI_GROWTH = Decimal("1633.51"), Decimal("1896.56"), Decimal("1.312")
# Unemployment (FUC 6).
UI_RECIPIENTS, UI_REGISTERED = Decimal("2.86"), Decimal("8.30")
UI_BENEFIT = {"Beijing": (347, 446, "2004"), "Shanghai": (410, 550, "2008")}  # yuan/month
# Dibao (FUC 5), 2007.
DIBAO_URBAN_PAY, DIBAO_URBAN_STD, DIBAO_URBAN_N = 102, Decimal("182.4"), Decimal("22.709e6")
DIBAO_RURAL_PAY, DIBAO_RURAL_STD, DIBAO_RURAL_N = 37, 70, Decimal("34.519e6")
DIBAO_URBAN_STD_PROV = {"Beijing": Decimal(330), "Shanghai": (Decimal(7 * 320 + 5 * 350) / 12)}
DIBAO_RURAL_STD_PROV = {"Shanghai": Decimal(2560) / 12}  # yuan/month (2,560 yuan/yr)
# School fees (FUC 4).
FEE_SHARE, FEE_MEAN = Decimal("0.492"), 1226
BEIJING_JIEDU = (200, 500)  # yuan per term, primary / junior (2002-04)
# One-off costs (README "Cost of registering one migrant"; FUC 8).
INFRA = {"*": 30_000, "Beijing": 100_000, "Shanghai": 100_000,
         "Tianjin": 60_000, "Guangdong": 60_000, "Chongqing": 60_000}
CQ_ENTRY, CQ_CONVERTS, HOUSING_PART = Decimal("124.1e9"), Decimal("3e6"), Decimal("0.5")
CATEGORIES = ["pension", "health", "education", "unemployment", "dibao", "oneoff_housing",
              "oneoff_infrastructure", "school_fee"]


def benefit_specs(rows):
    """[(category, scheme, national value, {province: value}, info)] and the numbers the text uses."""
    names = [r["province"] for r in rows]
    ur = {r["province"]: Decimal(r["urban_income_2007"]) / NATIONAL_URBAN_INCOME for r in rows}
    rr = {r["province"]: Decimal(r["rural_income_2007"]) / NATIONAL_RURAL_INCOME for r in rows}
    k = {}
    specs = []

    def scaled(nat, ratio, own=None, floor=None):
        own = own or {}
        out = {}
        for nm in names:
            v = own[nm] if nm in own else yuan(nat * ratio[nm])
            out[nm] = max(v, floor) if floor is not None and nm not in own else v
        return out

    # pension, urban: provincial 2008 fund expenditure per retiree, deflated; others by urban
    # income with the elasticity fitted to those four provinces.
    defl = Decimal(PENSION_2007) / PENSION_FUND_2008
    per = {nm: Decimal(e) * 10**8 / (Decimal(n) * 10**4) for nm, (e, n) in PENSION_PROV_2008.items()}
    own = {nm: yuan(v * defl) for nm, v in per.items()}
    xs = {nm: math.log(ur[nm]) for nm in per}
    ys = {nm: math.log(per[nm] / PENSION_FUND_2008) for nm in per}
    b = sum(xs[n] * ys[n] for n in per) / sum(xs[n] ** 2 for n in per)
    k["pension_b"], k["pension_b_raw"] = round(b, 2), b
    k["pension_per2008"], k["pension_defl"], k["pension_fund2008"] = per, defl, PENSION_FUND_2008
    k["pension_prop"] = {nm: yuan(PENSION_2007 * ur[nm]) for nm in ("Zhejiang", "Beijing", "Guizhou")}
    vals = {nm: own.get(nm) or yuan(PENSION_2007 * Decimal(float(ur[nm]) ** k["pension_b"]))
            for nm in names}
    specs.append(("pension", "urban", PENSION_2007, vals))

    # pension, rural: old-scheme payout per agricultural-hukou elder, by rural income.
    ag_pop = NATIONAL_POP_DEC * (1 - NONAG_SHARE)
    s65 = AGED65[2005] + (AGED65[2010] - AGED65[2005]) * 2 / 5
    elders = ag_pop * s65 / 100
    rp = yuan(OLD_RURAL_PAYOUT_2008 / elders)
    k.update(ag_pop=ag_pop, s65=s65, elders=elders, rp_exact=OLD_RURAL_PAYOUT_2008 / elders,
             rp_resident=OLD_RURAL_PAYOUT_2008 / (NATIONAL_POP_DEC * Decimal("0.551") * s65 / 100))
    specs.append(("pension", "rural", rp, scaled(rp, rr)))

    # health, urban: URBMI subsidy + general government health spending per resident.
    k["h06"] = HEALTH_2006 / NATIONAL_POP_DEC
    k["h07_full"] = HEALTH_JAN_NOV_2007 * 12 / 11
    k["h07"] = k["h07_full"] / NATIONAL_POP_DEC
    k["ncms_gov_total"] = Decimal("726e6") * NCMS_PREMIUM_2007 * NCMS_GOV_SHARE
    k["h07_net"] = (k["h07_full"] - k["ncms_gov_total"]) / NATIONAL_POP_DEC
    specs.append(("health", "urban", URBAN_HEALTH, scaled(URBAN_HEALTH, ur)))

    # health, rural: government part of the NCMS premium x enrolment; 2008 provincial premiums
    # for four provinces; others by rural income, not below the statutory government minimum.
    hr = yuan(NCMS_PREMIUM_2007 * NCMS_GOV_SHARE * NCMS_ENROL_2007)
    floor = yuan(NCMS_RULE_GOV * NCMS_ENROL_2007)
    own = {nm: yuan(hr * Decimal(p) / NCMS_2008_NATIONAL) for nm, p in NCMS_2008.items()}
    vals = scaled(hr, rr, own, floor)
    k.update(hr_exact=NCMS_PREMIUM_2007 * NCMS_GOV_SHARE * NCMS_ENROL_2007, h_floor=floor,
             h_floored=[nm for nm in names if nm not in own and yuan(hr * rr[nm]) < floor],
             h_central=Decimal("11.4e9") / Decimal("726e6"))
    specs.append(("health", "rural", hr, vals))

    # education: 6 primary + 3 junior years, 2006, raised by Hebei's yearly growth; rural capped
    # at the province's urban value.
    blend = (6 * PRIMARY_2006 + 3 * JUNIOR_2006) / 9
    ed = yuan(blend * HEBEI_GROWTH)
    eu = scaled(ed, ur)
    er_raw = scaled(ed, rr)
    er = {nm: min(er_raw[nm], eu[nm]) for nm in names}
    k.update(blend=blend, ed_capped=[nm for nm in names if er_raw[nm] > eu[nm]],
             bj2001=(6 * 2437 + 3 * 2840) / 9)
    specs.append(("education", "urban", ed, eu))
    specs.append(("education", "rural", ed, er))

    # unemployment: benefit x coverage; national benefit = mean of the two cities' benefits scaled
    # to the national urban income.
    cov = UI_RECIPIENTS / UI_REGISTERED
    mid = {nm: Decimal(lo + hi) / 2 for nm, (lo, hi, _) in UI_BENEFIT.items()}
    nat_month = sum(mid[nm] / ur[nm] for nm in mid) / len(mid)
    un = yuan(nat_month * 12 * cov)
    own = {nm: yuan(m * 12 * cov) for nm, m in mid.items()}
    k.update(ui_cov=cov, ui_mid=mid, ui_nat_month=nat_month,
             ui_each={nm: mid[nm] / ur[nm] for nm in mid})
    specs.append(("unemployment", "urban", un, scaled(un, ur, own)))
    specs.append(("unemployment", "rural", 0, {}))

    # dibao: average payment x 12; provincial standards x (payment / standard) where published.
    du = DIBAO_URBAN_PAY * 12
    own = {nm: yuan(s * DIBAO_URBAN_PAY / DIBAO_URBAN_STD * 12) for nm, s in DIBAO_URBAN_STD_PROV.items()}
    specs.append(("dibao", "urban", du, scaled(du, ur, own)))
    dr = DIBAO_RURAL_PAY * 12
    own = {nm: yuan(s * DIBAO_RURAL_PAY / DIBAO_RURAL_STD * 12) for nm, s in DIBAO_RURAL_STD_PROV.items()}
    specs.append(("dibao", "rural", dr, scaled(dr, rr, own)))
    k.update(dibao_u_share=DIBAO_URBAN_N / (NATIONAL_POP_DEC * NONAG_SHARE),
             dibao_r_share=DIBAO_RURAL_N / ag_pop,
             dibao_u_share_prov=DIBAO_URBAN_N / (sum(r["P"] for r in rows) * NONAG_SHARE),
             dibao_r_share_prov=DIBAO_RURAL_N / (sum(r["P"] for r in rows) * (1 - NONAG_SHARE)),
             nonag_pop=NATIONAL_POP_DEC * NONAG_SHARE)

    # one-off housing: half of Chongqing's entry cost per convert, 2010 -> 2007 prices, to the
    # national level and the provinces by urban income.
    cpi = math.prod(1 + v / 100 for v in CPI.values())
    cq = CQ_ENTRY / CQ_CONVERTS * HOUSING_PART / cpi
    ho = yuan(cq / ur["Chongqing"])
    vals = scaled(ho, ur, {"Chongqing": yuan(cq)})
    k.update(cq_entry=CQ_ENTRY / CQ_CONVERTS, cpi=cpi, cq_house=cq)
    specs.append(("oneoff_housing", "all", ho, vals))
    specs.append(("oneoff_infrastructure", "all", INFRA["*"],
                  {nm: v for nm, v in INFRA.items() if nm != "*"}))

    # school fee: expected extra fee per migrant pupil; Beijing's 借读费, 6 primary + 3 junior years.
    sf = yuan(FEE_SHARE * FEE_MEAN)
    bj = yuan(Decimal(6 * 2 * BEIJING_JIEDU[0] + 3 * 2 * BEIJING_JIEDU[1]) / 9)
    specs.append(("school_fee", "all", sf, {"Beijing": bj}))
    k.update(ur=ur, rr=rr)
    return specs, k


def benefit_rows(specs, names):
    """benefits.csv lines: comments, '*' rows, then one block per province (rows differing from '*')."""
    out = ["region,scheme,category,value",
           "# Unit costs of hukou-linked services, yuan at 2007 prices, per beneficiary per year:",
           "# pension per registered elder, health per registered resident, education per registered",
           "# pupil aged 6-15, unemployment per registered unemployed worker, dibao per recipient;",
           "# oneoff_*: per newly registered migrant, once; school_fee: per unregistered pupil per year,",
           "# paid by the household to the region. Provincial rows override '*'. Generated by",
           "# tools/build_china_2007.py; sources, confidence and scaling rules: see SOURCES.md.",
           "# national defaults"]
    out += [f"*,{s},{c},{v}" for c, s, v, _ in specs]
    for nm in names:
        block = [f"{nm},{s},{c},{vals[nm]}" for c, s, v, vals in specs
                 if nm in vals and vals[nm] != v]
        if block:
            out.append(f"# {nm}")
            out += block
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--alpha", type=float, default=ALPHA, help="destination income exponent")
    ap.add_argument("--beta", type=float, default=BETA, help="origin income exponent")
    ap.add_argument("--gamma", type=float, default=GAMMA, help="distance-decay exponent")
    ap.add_argument("--history", default=None,
                    help="folder of the NBS five-year tables (default DATA/history)")
    ap.add_argument("--out", default=OUT,
                    help="folder to write (default scenarios/china-2007; tests write elsewhere and compare)")
    a = ap.parse_args()
    out = a.out
    rows = read_provinces(os.path.join(a.data, "china-provinces-2007.csv"))
    n, names = len(rows), [r["province"] for r in rows]
    dist = [[haversine(rows[i], rows[j]) if i != j else 0.0 for j in range(n)]
            for i in range(n)]
    # The gravity start (kept for comparison: migrant_stock_gravity.csv, scenario.migrant_stock).
    pins = pinned()
    fixed = {names.index(nm): v for nm, v in pins.items()}
    gm, gemig, gmigr = integerise(model(rows, dist, a.alpha, a.beta, a.gamma), fixed)
    assert all(sum(gm[i]) == gemig[i] and sum(r[i] for r in gm) == gmigr[i] for i in range(n))
    assert sum(gemig) == sum(gmigr) == STOCK and all(gmigr[i] == v for i, v in fixed.items())
    # The observed start (the shipped migrant_stock.csv and regions.csv columns).
    pattern, flow_totals = observed_pattern(a.history or os.path.join(a.data, "history"), names)
    ofixed = {names.index(nm): v for nm, v in OBSERVED_PINS.items()}
    om_real, odest = observed(pattern, names)
    im, emig, migr = integerise(om_real, ofixed)
    assert all(sum(im[i]) == emig[i] and sum(r[i] for r in im) == migr[i] for i in range(n))
    assert sum(emig) == sum(migr) == STOCK and all(migr[i] == v for i, v in ofixed.items())
    tr = central_transfers(rows)
    checks, growth = transfer_checks(rows, tr)
    specs, bk = benefit_specs(rows)
    os.makedirs(out, exist_ok=True)
    write_csv(os.path.join(out, "regions.csv"), COLUMNS, [
        [r["province"], r["province"], r["lat"], r["lon"], r["P"], migr[i], emig[i],
         f"{r['share']:.4f}", r["urban_income_2007"], r["rural_income_2007"], r["rev"],
         EXAM_ADVANTAGE.get(r["province"], 0), tr[i]]
        for i, r in enumerate(rows)])
    with open(os.path.join(out, "benefits.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(benefit_rows(specs, names)) + "\n")
    write_csv(os.path.join(out, "migrant_stock.csv"), ["origin", "destination", "migrants"],
              [[names[i], names[j], im[i][j]] for i in range(n) for j in range(n) if i != j])
    income_table = read_income_table()
    paths = income_paths(rows, income_table)
    write_csv(os.path.join(out, "region_paths.csv"), ["region", "date", "key", "value"],
              [[nm, d, "urban_income", v] for nm, d, v in paths],
              comments=["Urban disposable income by province relative to the national one, in yuan of the",
                        "national 2007 urban income (13,786): U_j(Y) x U_nat(2007) / U_nat(Y), dated mid-year;",
                        "flat after 2012-07 (no later table). Source and method: SOURCES.md. Generated by",
                        "tools/build_china_2007.py from tools/data/urban_income_2005_2012.csv."])
    write_csv(os.path.join(out, "migrant_stock_gravity.csv"), ["origin", "destination", "migrants"],
              [[names[i], names[j], gm[i][j]] for i in range(n) for j in range(n) if i != j])
    sh = {names[j]: 100 * gmigr[j] / STOCK for j in range(n)}
    pop = sum(r["P"] for r in rows)
    reg = [rows[i]["P"] - migr[i] + emig[i] for i in range(n)]
    assert sum(reg) == pop
    top = sorted(range(n), key=lambda i: -gemig[i])[:10]
    tries = {}
    for bt in sorted({0.0, 0.5, 1.0, 1.5, a.beta}):
        em = [sum(r) for r in model(rows, dist, a.alpha, bt, a.gamma)]
        tries[bt] = [names[i] for i in sorted(range(n), key=lambda i: -em[i])[:5]]
    b = names.index("Beijing")
    res = dict(alpha=a.alpha, beta=a.beta, gamma=a.gamma, sh=sh, pop=pop, top=top, names=names,
               emig=gemig, bj=rows[b]["P"], bje=emig[b], tries=tries,
               o_migr=migr, o_emig=emig, g_migr=gmigr, g_emig=gemig, flow_totals=flow_totals,
               pattern=pattern, om=im, paths=paths, income_table=income_table,
               rest=STOCK - sum(pins.values()), tr=tr, checks=checks, growth=growth, rows=rows,
               specs=specs, bk=bk)
    with open(os.path.join(out, "SOURCES.md"), "w", encoding="utf-8") as f:
        f.write(sources_md(res))
    print(f"alpha = {a.alpha:g}, beta = {a.beta:g}, gamma = {a.gamma:g}\n{share_table(sh)}\n{origin_lines(res)}")
    for bt, t in tries.items():
        print(f"top 5 senders with beta = {bt:g}: {', '.join(t)}")
    print(f"Beijing: residents {res['bj']:,}, migrants {migr[b]:,}, registered residents "
          f"{res['bj'] - migr[b]:,} (reported 12,130,000); hukou population {reg[b]:,}")
    print(f"provinces' residents {pop:,}; national {NATIONAL_POP:,}; gap {NATIONAL_POP - pop:,}")
    print(f"stock {sum(migr):,}; sum of hukou populations {sum(reg):,}")
    print(f"central transfers {TRANSFERS:,} yuan, by rural residents; check (100 M yuan):")
    print(check_lines(checks, plain=True))
    print("benefits.csv, national ('*') and Beijing values:")
    for c, sch, v, vals in specs:
        print(f"  {c:22s} {sch:5s} {v:>8,}  Beijing {vals.get('Beijing', v):>8,}")
    print(f"dibao recipient shares: urban {bk['dibao_u_share']:.4f} of non-agricultural hukou, "
          f"rural {bk['dibao_r_share']:.4f} of agricultural hukou")


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


def check_lines(checks, plain=False):
    """Transfer-rule checks: implied 2007 expenditure vs benchmark, 100 M yuan."""
    out = []
    for nm, imp, bench, label in checks:
        dev = 100 * (imp / bench - 1)
        if plain:
            out.append(f"  {nm:9s} implied {imp:8,.1f} vs {bench:8,.1f} ({label}): {dev:+.1f}%")
        else:
            out.append(f"| {nm} | {imp:,.1f} | {bench:,.1f} | {label} | {dev:+.1f}% |")
    return "\n".join(out)


def transfers_md(r):
    rows, tr = r["rows"], r["tr"]
    rur = sum(rural_residents(x) for x in rows)
    i = {x["province"]: k for k, x in enumerate(rows)}
    per = TRANSFERS / rur
    dev, dev2, dev3 = {}, {}, {}
    for nm, imp, bench, label in r["checks"]:
        d = float(100 * (imp / bench - 1))
        (dev2 if "growth" in label else dev3 if label == "2006 actual" else dev)[nm] = d
    ex = ", ".join(f"{nm} {tr[i[nm]] / 1e9:,.2f} bn" for nm in
                   ("Beijing", "Shanghai", "Guangdong", "Henan", "Guizhou", "Xinjiang"))
    return f"""## central_transfers (regions.csv): derivation and check
- National total T = local expenditure 2007 **3,833.9 bn** yuan (CSY 2008; *unverified*, shared/data/README.md
  "National totals") - local general-budget revenue 2007 **2,357.262 bn** (CSY 2008 table 7-5) =
  **{TRANSFERS:,} yuan** ({TRANSFERS / 1e9:,.3f} bn). It counts every transfer from the centre (tax rebates,
  general and earmarked transfers) net of any remittance to the centre; no by-province 2007 transfer or
  expenditure table was found (SOURCES-provinces-2007.md).
- Rule (a **modelling choice**): T is split over the provinces in proportion to their **rural residents**,
  population x (1 - urban_share), {rur:,} persons in all, i.e. {per:,.0f} yuan per rural resident; integer
  yuan by largest remainder, summing exactly to T. Transfers went mostly to rural and inland provinces. E.g.
  {ex}.
- Check: implied 2007 expenditure = local_revenue + central_transfers (100 M yuan), against the published
  figures. Beijing 2006 actual is 1,292.5 in the Beijing budget report and 1,296.8 in the 2006 by-province
  table (fiscal-unit-costs-2007.md section 7); "x national growth" raises a 2006 figure by the national
  local-expenditure growth 2006-07, 38,339 / 30,431.3 (2006 total of the same table) = {r['growth']:.3f}.

| province | implied 2007 | benchmark | benchmark is | implied vs benchmark |
|---|---|---|---|---|
{check_lines(r['checks'])}

  Reading: the rule fits Beijing's 2007 figure ({dev['Beijing']:+.1f}%; a rich municipality with few rural
  residents and a small transfer). Against 2006 raised by national growth, Beijing, Shanghai and Guangdong
  are within about 10% ({dev2['Beijing']:+.1f}%, {dev2['Shanghai']:+.1f}%, {dev2['Guangdong']:+.1f}%): Guangdong comes out
  high (its rural residents draw transfers that in fact went inland), Shanghai low (tax rebates to rich
  provinces do not follow rural residents). Against the plain 2006 actuals the three are {dev3['Beijing']:+.1f}%,
  {dev3['Shanghai']:+.1f}% and {dev3['Guangdong']:+.1f}% (a year of growth apart). Xinjiang, a minority border region with
  special transfers, comes out {dev['Xinjiang']:+.1f}%. So the rule is about right for the east and understates
  the transfers to the poor west; the by-province split is a **modelling choice**, only the total is sourced.
  The provinces' implied expenditures sum to {(sum(Decimal(x['budget_revenue_2007_100m']) for x in rows) + Decimal(TRANSFERS) / 10**8):,.2f}
  (100 M yuan): revenue 23,572.63 (provinces) + T.
"""


SCHEME_ORDER = {"urban": 0, "rural": 1, "all": 2}


def benefits_md(r):
    specs, k, names = r["specs"], r["bk"], r["names"]
    nat = {(c, s): v for c, s, v, _ in specs}
    val = {(c, s): vals for c, s, v, vals in specs}

    def g(c, s, nm):
        return val[(c, s)].get(nm, nat[(c, s)])

    per = k["pension_per2008"]
    pp = ", ".join(f"{nm} {per[nm]:,.0f} -> {g('pension', 'urban', nm):,}" for nm in per)
    show = ["Beijing", "Shanghai", "Guangdong", "Zhejiang", "Henan", "Guizhou", "Xinjiang"]
    table = []
    for c, s, v, vals in specs:
        table.append(f"| {c} | {s} | {v:,} | " + " | ".join(f"{g(c, s, nm):,}" for nm in show) + " |")
    floored = ", ".join(k["h_floored"])
    capped = len(k["ed_capped"])
    ue = k["ui_each"]
    return f"""## benefits.csv
Unit costs in **yuan at 2007 prices** (scenario.ini price_year 2007). `*` rows are national figures;
provincial rows override them where a provincial figure exists or the national figure is scaled. Scaling rule
where no provincial figure is published: urban-scheme categories x urban_income / 13,786 (national urban
disposable income 2007), rural-scheme categories x rural_income / 4,140.36 (national rural net income 2007,
CSY 2008 table 9-22), rounded to whole yuan. "FUC n" = `shared/data/fiscal-unit-costs-2007.md` section n,
where each figure's URL is given. Confidence: H official table, M news of official data, L derived (formula
below), U unverified (placeholder).

| category | scheme | national (`*`) | source | conf. | provinces |
|---|---|---|---|---|---|
| pension | urban | {nat[('pension', 'urban')]:,} | MOF average enterprise pension 2007 (Xinhua 2008-01-16, FUC 1) | M | BJ, SH, GD, Guizhou: 2008 fund expenditure per retiree (CSY2009 22-42) x {k['pension_defl']:.4f}; others x (urban income ratio)^{k['pension_b']} |
| pension | rural | {nat[('pension', 'rural')]:,} | old rural scheme payout 2008 ≈ 5.68 bn (FUC 2, L: 7.6 bn / 1.338) / agricultural-hukou elders 65+ | L | x rural income ratio |
| health | urban | {nat[('health', 'urban')]:,} | URBMI government subsidy ≥ 40 (Xinhua 2007-08-15, FUC 3) + general government health spending per resident (2007 budget report; MOF Jan-Nov 2007, FUC 7) | L | x urban income ratio |
| health | rural | {nat[('health', 'rural')]:,} | NCMS premium 58.9 per enrollee 2007 (CSY2012 21-20, H) x government share {NCMS_GOV_SHARE:.3f} (Jan-Sep 2008 split, Xinhua 2008-12-11, M) x enrolment 86.2% (H) | L | BJ, SH, GD, Guizhou x 2008 NCMS premium / 96 (CSY2009 21-47, L); others x rural income ratio, at least {k['h_floor']} |
| education | urban | {nat[('education', 'urban')]:,} | MOE budgetary operating expenditure per student 2006, primary 1,633.51, junior 1,896.56 (FUC 4, H), 6:3 blend, x 1.312 | L | x urban income ratio |
| education | rural | {nat[('education', 'rural')]:,} | same | L | x rural income ratio, capped at the province's urban value |
| unemployment | urban | {nat[('unemployment', 'urban')]:,} | benefit (Beijing 347-446 ¥/month 2004, Xinhua; Shanghai 410-550 2008, China Daily; FUC 6, M) x coverage 2.86 M recipients / 8.30 M registered unemployed 2007 (NBS/MOLSS, FUC 6, H/M) | L | Beijing, Shanghai: own benefit midpoint x coverage; others x urban income ratio |
| unemployment | rural | 0 | no rural unemployment insurance | — | — |
| dibao | urban | {nat[('dibao', 'urban')]:,} | MCA 2007: average payment 102 ¥/month x 12 (FUC 5, H/M) | H/M | Beijing, Shanghai: 2007 standard x 102 / 182.4 x 12; others x urban income ratio |
| dibao | rural | {nat[('dibao', 'rural')]:,} | MCA 2007: average payment 37 ¥/month x 12 (FUC 5, H/M) | H/M | Shanghai: standard 2,560 ¥/yr x 37 / 70; others x rural income ratio |
| oneoff_housing | all | {nat[('oneoff_housing', 'all')]:,} | Chongqing 2010 entry cost 124.1 bn for > 3 M converts (China Daily 2010-09-14, README, M), housing half, 2010 -> 2007 prices | L | Chongqing own figure; others x urban income ratio |
| oneoff_infrastructure | all | {nat[('oneoff_infrastructure', 'all')]:,} | MOHURD c.2006 per new urban resident: small 20,000 / medium 30,000 / large 60,000 / mega 100,000 (Kuang & Huang 2014, README) | **U** | Beijing, Shanghai 100,000 (mega); Tianjin, Guangdong, Chongqing 60,000 (large); others 30,000 (medium) |
| school_fee | all | {nat[('school_fee', 'all')]:,} | NBS 2006 survey: 49.2% of migrant parents paid an extra fee averaging 1,226 ¥ (Xinhua 2006-10-23, FUC 4) | M/L | Beijing: 借读费 200 / 500 ¥ per term, primary / junior (2002-04, FUC 4, M) |

Values for some provinces (the full list is benefits.csv):

| category | scheme | national | {' | '.join(show)} |
|---|---|---|{'---|' * len(show)}
{chr(10).join(table)}

Derivations and caveats, category by category:
- **pension, urban** (per registered elder). 11,500 ¥/yr is the MOF's 2007 average enterprise-retiree
  pension (a survey quotes ~750 ¥/month, conflicting; FUC 1). Provincial: 2008 pension-fund expenditure per
  retiree (CSY2009 22-42: {pp}), deflated to 2007 by 11,500 / {k['pension_fund2008']:,.0f} (the national 2008
  figure, 738.96 bn / 53.036 M) = {k['pension_defl']:.4f}. Others: 11,500 x (urban_income / 13,786)^b with
  **b = {k['pension_b']}**, the elasticity fitted (least squares through the origin, in logs) to those four
  provinces' 2008 per-retiree expenditure against their urban income ({k['pension_b_raw']:.3f}): pensions vary
  less than incomes, and proportional scaling would put Zhejiang at {k['pension_prop']['Zhejiang']:,}, above
  Beijing's sourced {g('pension', 'urban', 'Beijing'):,} (an improvement on the plain income rule, L).
  Caveats: (1) **age mismatch**: the value is per retiree, and enterprise retirees start at 60 (men) or
  50/55 (women; statutory ages, general knowledge), while the model pays pensions only to elders 65+, so the model's pension bill is smaller
  than the real one: 2007 retirees ≈ 49.5 M (46 M in 2006, 53.0 M in 2008) x 11,500 ≈ 570 bn, vs about
  {k['nonag_pop'] * k['s65'] / 100 / Decimal(1e6):,.1f} M non-agricultural-hukou elders 65+; as a cost per such elder the bill would be ≈
  {Decimal('570e9') / (k['nonag_pop'] * k['s65'] / 100):,.0f} ¥. (2) Most of it is paid by the pension funds
  from contributions, not the budget (fiscal subsidies to the funds: 54.4 bn in 2003, 164.6 bn in 2009; 2007
  unknown, FUC 1). (3) Government and institution retirees are outside this scheme (general knowledge).
- **pension, rural** (per agricultural-hukou elder). The old (pre-2009) rural scheme paid ≈ 5.68 bn ¥ in 2008
  to 5.12 M beneficiaries (≈ 1,110 ¥ each; FUC 2, L-derived). Spread over all rural-scheme elders:
  agricultural-hukou population = 1,321.29 M (end 2007) x (1 - 25.84%) (non-agricultural share, 2005 1% survey
  sample, demography.md) = {k['ag_pop'] / Decimal(1e6):,.1f} M; aged 65+ {k['s65']:.2f}% (linear between 7.69% in
  2005 and 8.87% in 2010, demography.md; the national share: no urban / rural age structure is in the
  data, and if rural areas are older, as usually reported, the elders are undercounted) = {k['elders'] / Decimal(1e6):,.1f} M elders; 5.68 bn / {k['elders'] / Decimal(1e6):,.1f} M =
  {k['rp_exact']:.1f} ¥ per elder per year (per rural **resident** elder, 1,321.29 M x 55.1% x {k['s65']:.2f}%, it
  would be {k['rp_resident']:.0f}). The 2008 payout is used for 2007 (2007 not found). Scaled by rural income:
  the old scheme paid most in rich coastal counties (FUC 2).
- **health, urban** (per registered resident). URBMI government subsidy ≥ 40 ¥ (2007 pilots) plus general
  government health spending per resident, which urban-scheme members reach through subsidised city
  hospitals. The general part per resident (1,321.29 M): 2006 national health spending 131.2 bn -> {k['h06']:.0f};
  2007 Jan-Nov 141.9 bn annualised x 12/11 = {k['h07_full'] / Decimal(1e9):.1f} bn -> {k['h07']:.0f}; the same net of
  the NCMS government subsidy (726 M x 58.9 x {NCMS_GOV_SHARE:.3f} = {k['ncms_gov_total'] / Decimal(1e9):.1f} bn) -> {k['h07_net']:.0f}.
  So 40 + {k['h07_net']:.0f} ... 40 + {k['h07']:.0f} = {40 + k['h07_net']:.0f} ... {40 + k['h07']:.0f}; **150** is a round value in
  that range (modelling choice, L). Giving the general part to the urban scheme only is a choice: the rural
  scheme's value is the NCMS subsidy alone. The UEBMI for formal employees (179.83 M, 2007) is paid by
  employers and employees, not the budget, and is left out.
- **health, rural** (per registered resident). NCMS 2007: actual premium 58.9 ¥ per enrollee (rule 50 =
  individual 10 + government 40, central 20 + local ≥ 20); government share {NCMS_GOV_SHARE:.3f} (Jan-Sep 2008
  central 24.6 + local 34 of 70.4 bn) -> {NCMS_PREMIUM_2007 * NCMS_GOV_SHARE:.1f} per enrollee, x enrolment 86.2% ->
  {k['hr_exact']:.1f} per rural-scheme resident, about the rule's 40. Cross-check: the central subsidy 11.4 bn
  (2007, H) / 726 M enrollees = {k['h_central']:.1f} (20 in the centre and west only). BJ, SH, GD, Guizhou:
  x their 2008 premium per enrollee / national 96 (336, 537, 114, 89; L-derived from CSY2009 21-47). Others x
  rural income, but not below the statutory government minimum 40 x 86.2% = {k['h_floor']} (the floor binds
  for {floored}; Guizhou's sourced 89 / 96 shows that poor provinces sit near the floor, not at their income
  ratio).
- **education** (per registered pupil aged 6-15). 2006 per-student budgetary operating expenditure
  (primary 1,633.51, junior 1,896.56; 2007 values not found), blended 6 primary : 3 junior years =
  {k['blend']:,.2f}, raised by **31.2%**, Hebei's 2007-08 growth (primary 2,981 in 2008, FUC 4), to 2007 (L):
  spending per pupil grew about that fast, and without it the scaled values fall well short of the
  cross-checks. Cross-checks: Hebei 2007 primary ≈ 2,272 (2,981 / 1.312) vs this scenario's Hebei
  {g('education', 'urban', 'Hebei'):,} (urban) / {g('education', 'rural', 'Hebei'):,} (rural);
  Beijing 2001 primary 2,437, junior 2,840 (blend {k['bj2001']:,.0f}) vs Beijing 2007 {g('education', 'urban', 'Beijing'):,} (likely
  still low: Shanghai's districts range from 1,157 to 10,585 per primary pupil in 2006). The rural value is
  capped at the province's urban value ({capped} provinces capped, the east and north-east, where the rural
  income ratio exceeds the urban one): rural pupils do not get more than urban ones in the same province
  (Shanghai 2006: Chongming 1,157 vs Luwan 10,585, FUC 4).
- **unemployment, urban** (per registered unemployed worker). Benefit x coverage; coverage = 2.86 M
  recipients / 8.30 M registered unemployed (end 2007) = {k['ui_cov']:.3f}. No national benefit level is
  published; the two city ranges' midpoints (Beijing {k['ui_mid']['Beijing']} ¥/month in 2004, Shanghai
  {k['ui_mid']['Shanghai']} in 2008) scaled to the national urban income give {ue['Beijing']:.0f} and {ue['Shanghai']:.0f};
  their mean {k['ui_nat_month']:.1f} ¥/month x 12 x {k['ui_cov']:.3f} = {nat[('unemployment', 'urban')]:,}.
  Beijing and Shanghai use their own midpoints (2004 and 2008 levels, not 2007). The rural scheme has none (0).
- **dibao** (per recipient). Urban 102 ¥/month x 12 = 1,224 (spending 27.48 bn / 22.709 M = 1,210, consistent);
  rural 37 x 12 = 444 (spending 10.41 bn / 34.519 M = 302: rural recipients rose from 15.931 M in 2006 to
  34.519 M during 2007, so many were paid for part of the year; 444 is the full-year cost of one recipient). Beijing urban standard 330 ¥/month (2007), Shanghai
  320 -> 350 from August 2007 (year average 332.5), each x 102 / 182.4 (national payment / standard) x 12;
  Shanghai rural standard 2,560 ¥/yr x 37 / 70 (the rise to 2,800 is undated in the source, not used).
- **oneoff_housing** (per newly registered migrant). Chongqing 2010: entry cost 124.1 bn for > 3 M converts
  = {k['cq_entry']:,.0f} ¥ each, covering jobs, pension, housing, health and education; the **housing part is
  assumed to be half** (modelling choice: the other items are mostly yearly costs the other categories
  carry) = {k['cq_entry'] / 2:,.0f} (2010 prices), deflated to 2007 by CPI 2008 +5.9%, 2009 -0.7%, 2010 +3.3%
  (x {k['cpi']:.4f}; 2008 and 2010 from NBS via china.org.cn 2011-01-20, http://china.org.cn/business/2011-01/20/content_21780196.htm;
  2009 *unverified*) = {k['cq_house']:,.0f} for Chongqing; national = Chongqing / its urban income ratio
  ({k['ur']['Chongqing']:.4f}); other provinces x urban income ratio. L-derived; compare the DRC's ≈ 80,000 and
  CASS's ≈ 131,000 (unverified) for all costs of registering one migrant.
- **oneoff_infrastructure** (per newly registered migrant). MOHURD c.2006 tiers, **unverified** (not found
  on any stored page; quoted by Kuang & Huang 2014): placeholder. Tiers by the provinces' main city: Beijing,
  Shanghai mega; Tianjin, Guangdong (Guangzhou, Shenzhen), Chongqing large; elsewhere medium. Price year ~2006,
  not adjusted.
- **school_fee** (per unregistered pupil per year, paid to the region). 49.2% x 1,226 = 603 (NBS 2006 survey
  of migrant parents; the source does not say whether the fee is yearly, taken as yearly). Beijing:
  借读费 200 ¥/term primary, 500 junior (2002-04; 2007 level not found): 6 primary years x 400 + 3 junior x
  1,000, / 9 = 600. Not scaled by income: migrants concentrate in the rich provinces, so the national mean
  is already a destination average. From end-2008 the MOE made compulsory schooling free for migrant
  children, with central funds per migrant pupil (FUC 4): a what-if can set the fee to 0.
- Scheme `all` (one-off costs, school fee) sets both schemes; the engine reads the school fee from the urban
  scheme.

## Dibao recipient shares (parameters for the engine)
Hukou populations: national end-2007 population 1,321.29 M (NBS) x the 2005 1% survey sample's
non-agricultural share **25.84%** (demography.md; 2007 figure unverified) = {k['nonag_pop'] / Decimal(1e6):,.2f} M
non-agricultural and {k['ag_pop'] / Decimal(1e6):,.2f} M agricultural hukou holders. MCA 2007 recipients (FUC 5):
- urban dibao: 22.709 M / {k['nonag_pop'] / Decimal(1e6):,.2f} M = **{k['dibao_u_share']:.4f}** of the non-agricultural hukou population;
- rural dibao: 34.519 M / {k['ag_pop'] / Decimal(1e6):,.2f} M = **{k['dibao_r_share']:.4f}** of the agricultural hukou population.

On the 31 provinces' residents (1,299.19 M) instead of the national total the shares would be
{k['dibao_u_share_prov']:.4f} and {k['dibao_r_share_prov']:.4f}.
"""


def observed_md(r):
    """The observed start's section of SOURCES.md: method, figures, gravity vs observed."""
    names, n = r["names"], len(r["names"])
    om, om_migr, om_emig = r["om"], r["o_migr"], r["o_emig"]
    gm, ge = r["g_migr"], r["g_emig"]
    ft = r["flow_totals"]
    pop, bj, bje = r["pop"], r["bj"], r["bje"]
    lines = "\n".join(
        f"| {names[i]} | {gm[i]:,} | {om_migr[i]:,} | {ge[i]:,} | {om_emig[i]:,} |"
        for i in sorted(range(n), key=lambda i: -om_migr[i]))
    cells = sorted(((om[i][j], i, j) for i in range(n) for j in range(n) if i != j), reverse=True)[:10]
    top_cells = "\n".join(f"| {names[i]} | {names[j]} | {v:,} |" for v, i, j in cells)
    return f"""## Migrant stock (migrants, emigrants, migrant_stock.csv): observed start
- Total: **47.79 M** inter-provincial migrants (living in a province other than that of their hukou), 2005 1%
  sample survey, reference date 1 Nov 2005 (NBS communique, 16 March 2006). This Nov-2005 figure is used as the
  stock in January 2007; the stock grew toward 85.88 M by the 2010 census, so it understates 2007. The scenario
  starts from the last survey figure.
- Pattern: the NBS tables "全国按现住地和五年前常住地分的人口" (current province x province of residence five
  years earlier, persons aged 5+, movers only) of the **2000 census** (long form, ~9.5% sample) and the **2005
  1% survey** (~1.3% sample, fraction unverified), read from shared/data/history/ (its README: transcribed
  from repository 2binfront/vue-ts-ol, source NBS). Only the 930 inter-provincial cells are used
  ({ft[2000]:,} and {ft[2005]:,} sample persons). Each table is turned into **shares** of its own total (the 2005
  sample fraction is uncertain, so its level is not used), and the two share matrices are averaged with equal
  weight, one per five-year period (1995-2000 and 2000-2005): `P_ij = (S2000_ij + S2005_ij) / 2`, origin i =
  province of residence five years earlier, destination j = current province. The 2005 table's cells the README
  calls possibly mistyped (Hebei row / Shanxi column 242, Inner Mongolia / Liaoning 227, Hubei / Liaoning 77)
  are used as published; each is under 0.01% of the table.
- Scaling: destination totals `D_j = (47.79 M - 4.19 M) x sum_i P_ij / sum_(i, k != Beijing) P_ik` for every
  province but Beijing, whose column is pinned to **4,190,000** (end-2007 "transients": 16.33 M residents, 12.13 M
  registered; Beijing statistics via china.org.cn); within each column `M_ij = D_j P_ij / sum_k P_kj`.
  Nothing else is fitted: no Chan shares, no income or distance model.
- What this assumes (the caveats): a person's province five years earlier stands for the hukou province (a
  person who moved twice is counted from the middle stop; returners are not movers); the stock of 2005-2007 has
  the origin x destination pattern of the flows of 1995-2005 (older migrants, and those who returned, are not
  seen); Beijing's pin is a stock figure, its observed flow share is lower (its column is scaled up, the others
  down).
- Integers: as for the gravity start below (largest remainder; Beijing's column exact), so that row sums =
  emigrants, column sums = migrants, both totalling exactly 47,790,000; the diagonal is zero (930 pairs).

By destination (sorted by observed migrants), gravity start vs observed start, persons:

| province | migrants, gravity | migrants, observed | emigrants, gravity | emigrants, observed |
|---|---|---|---|---|
{lines}

Largest cells of the observed start:

| origin | destination | migrants |
|---|---|---|
{top_cells}

Checks: Beijing: {bj:,} residents - 4,190,000 migrants = {bj - 4_190_000:,} registered residents (reported
12,130,000; 16.33 - 4.19 = 12.14 M, the source rounds); with its {bje:,} emigrants, Beijing's hukou population
is {bj - 4_190_000 + bje:,}. Hukou population per province = population - migrants + emigrants; its sum equals
the sum of population ({pop:,}).
"""


def paths_md(r):
    """SOURCES.md section of region_paths.csv."""
    by = {}
    for nm, d, v in r["paths"]:
        by.setdefault(nm, {})[int(d[:4])] = v
    nat = r["income_table"]["National"]
    lines = "\n".join(
        f"| {nm} | {by[nm][2007]:,} | {by[nm][2010]:,} | {by[nm][2012]:,} | "
        f"{100 * (by[nm][2012] / by[nm][2007] - 1):+.1f}% |"
        for nm in sorted(by, key=lambda nm: -(by[nm][2012] / by[nm][2007])))
    return f"""## region_paths.csv: urban incomes that change, 2007-2012
- Data: per-capita disposable income of urban households by province, **2005-2012**, current yuan: Shandong
  Statistical Yearbook 2013, appendix table 1-13 "城镇居民人均可支配收入" (NBS figures;
  `http://tjj.shandong.gov.cn/tjnj/nj2013/html/C113.htm`, the table regions.csv's urban_income column comes
  from), transcribed in `tools/data/urban_income_2005_2012.csv`; its 2007 column equals regions.csv's for all 31
  provinces (the script checks). National: {nat[2007]:,} (2007) -> {nat[2012]:,} (2012).
- Path: for each province and year Y = 2007..2012 a value dated Y-07 (the annual figure at mid-year),
  `U_j(Y) x U_nat(2007) / U_nat(Y)`, whole yuan: the province's income **relative to the national one**, in
  yuan of the national 2007 level. The engine interpolates linearly between mid-years and holds the 2012 value
  after 2012-07 (no later table of the same series was found; the 2013 integrated household survey changed the
  definition). The national level is held at 2007 on purpose: national growth would also have to move rural
  incomes, services and fees, none of which have paths; relative incomes are what moves destinations against
  each other. Rural incomes have no path (no by-province series found).
- Use: the fields phase reads the path as w0_j (docs/model.md section 6.2). `whatif/frozen-incomes.ini`
  switches the paths off (`scenario.region_paths = none`).
- Fitting: these are inputs, observed income data, not migration data; nothing is fitted to them.

Relative urban income by province (yuan of the national 2007 level), sorted by change 2007-2012:

| province | 2007 | 2010 | 2012 | change 2007-2012 |
|---|---|---|---|---|
{lines}
"""


def sources_md(r):
    names, top5 = r["names"], [r["names"][i] for i in r["top"][:5]]
    common = [nm for nm in (names[i] for i in r["top"]) if nm in COMMON_SENDERS]
    remote = [nm for nm in top5 if nm in REMOTE]
    tries = "\n".join(f"| {b:g} | {', '.join(t)} |" for b, t in r["tries"].items())
    pop, gap, bj, bje = r["pop"], NATIONAL_POP - r["pop"], r["bj"], r["bje"]
    return f"""# Sources of scenarios/china-2007 (province level)

Generated by `tools/build_china_2007.py` from `shared/data/china-provinces-2007.csv` (its sources:
`shared/data/SOURCES-provinces-2007.md`, `shared/data/README.md`), the NBS five-year migration tables of 2000 and
2005 in `shared/data/history/` and `tools/data/urban_income_2005_2012.csv`. Do not edit by hand; re-run
`/usr/bin/python3 tools/build_china_2007.py [--data DIR] [--history DIR] [--alpha A] [--beta B] [--gamma G]`
from anywhere (default DIR `../shared/data` relative to the repository root, history DIR/history; alpha, beta,
gamma only shape the gravity start kept for comparison: defaults 2, 1, 1). Running it regenerates every file
here byte for byte.

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
| central_transfers | transfers received from the centre 2007, yuan/year: 1,476.638 bn split by rural residents | national total: CSY 2008 (expenditure *unverified*); split: **modelling choice**, see below |

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
- No by-province table of the migrant **stock** of 2005-2007 was found; the start is built from the
  province x province tables of five-year **flows** of the 2000 census and the 2005 1% survey (below).

{observed_md(r)}

{paths_md(r)}

## Gravity start (migrant_stock_gravity.csv, kept for comparison)
The earlier start, a gravity model fitted to no by-province migration table, is written beside the observed
one. It is reachable with `scenario.migrant_stock = migrant_stock_gravity.csv` (e.g.
`whatif/gravity-start.ini`); its row and column sums then replace the `migrants` and `emigrants` columns of
regions.csv (docs/scenario-format.md section 5). Its derivation:
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


{transfers_md(r)}
{benefits_md(r)}"""


if __name__ == "__main__":
    main()
