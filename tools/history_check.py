#!/usr/bin/env python3
"""Judge a china-2007 run (2007-01 to 2020-11) against China's censuses.

Reads a migrasim run file (its /census tables and yearly agent snapshots,
docs/hdf5-schema.md) and the NBS tables of tools/data/history/ (a copy of the project's shared data) (their
README: units, sample fractions, caveats), and prints, by province:

  (a) 2020 hukou-based inter-provincial stock (residents registered in
      another province) against the 2020 census: national total, Spearman
      rho, RMSE of log shares, the ten largest;
  (b) the 2015-2020 five-year table against the 2020 census long form
      (10% sample, x10 to persons): correlation of log cell counts over the
      cells with at least 100 persons in the sample, in and out by province;
  (c) 2010-2015 shares against the 2015 1% survey (shares only: its sample
      fraction is approximate);
  (d) employed agricultural-hukou residents of another province against the
      NBS migrant-worker monitoring series (inter-provincial outgoing);
  (e) Beijing 2020.

The issue's goals are printed beside the figures: they are reported, never
tuned to. Optionally (--cities) the same (a) and (e) for a china-cities-2010
run, labelled in sample (its city constants were fitted to 2010-2020
growth). With --doc the tables go into a Markdown file, with --png a
picture of model against census by province (matplotlib).

Used by tools/history_check.sh; --check-finite (the ctest) exits 1 unless
every table is there and every figure finite.
"""

import argparse
import csv
import math
import os
import sys

import h5py
import numpy as np

# NBS province names (short form, as in the five-year tables) -> the
# scenarios' English names. The hukou table uses the long forms (北京市,
# 内蒙古自治区, ...), matched by this prefix.
PROVINCES = [
    ("北京", "Beijing"), ("天津", "Tianjin"), ("河北", "Hebei"), ("山西", "Shanxi"),
    ("内蒙古", "Inner Mongolia"), ("辽宁", "Liaoning"), ("吉林", "Jilin"),
    ("黑龙江", "Heilongjiang"), ("上海", "Shanghai"), ("江苏", "Jiangsu"), ("浙江", "Zhejiang"),
    ("安徽", "Anhui"), ("福建", "Fujian"), ("江西", "Jiangxi"), ("山东", "Shandong"),
    ("河南", "Henan"), ("湖北", "Hubei"), ("湖南", "Hunan"), ("广东", "Guangdong"),
    ("广西", "Guangxi"), ("海南", "Hainan"), ("重庆", "Chongqing"), ("四川", "Sichuan"),
    ("贵州", "Guizhou"), ("云南", "Yunnan"), ("西藏", "Tibet"), ("陕西", "Shaanxi"),
    ("甘肃", "Gansu"), ("青海", "Qinghai"), ("宁夏", "Ningxia"), ("新疆", "Xinjiang"),
]
NAMES = [e for _, e in PROVINCES]
SHORT = [c for c, _ in PROVINCES]
P = len(PROVINCES)
BEIJING_2020 = 8_418_418  # hukou in another province, 2020 census (NBS yearbook 2021)
SAMPLE_2020 = 10  # the 2020 long form is a 10% sample: x10 gives persons
MIN_SAMPLE_CELL = 100  # cells compared: at least this many persons in the sample


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


# ---- statistics (numpy only) -------------------------------------------------------


def ranks(x):
    """Average ranks (ties share the mean rank), 1-based."""
    x = np.asarray(x, dtype=float)
    order = np.argsort(x, kind="mergesort")
    r = np.empty(len(x))
    r[order] = np.arange(1, len(x) + 1)
    for v in np.unique(x):
        tie = x == v
        if tie.sum() > 1:
            r[tie] = r[tie].mean()
    return r


def spearman(a, b):
    return float(np.corrcoef(ranks(a), ranks(b))[0, 1])


def rmse_log_shares(model, observed):
    m = np.asarray(model, float)
    o = np.asarray(observed, float)
    ok = (m > 0) & (o > 0)
    return float(np.sqrt(np.mean((np.log(m[ok] / m.sum()) - np.log(o[ok] / o.sum())) ** 2)))


def millions(x):
    return f"{x / 1e6:,.2f}"


# ---- the NBS tables ------------------------------------------------------------------


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def province_index(name):
    for i, short in enumerate(SHORT):
        if name.startswith(short):
            return i
    return None


def five_year_sample(path):
    """[now][then] sample persons between provinces (diagonal 0), from a table
    of current province (rows) x province five years earlier (columns)."""
    m = np.zeros((P, P))
    for row in read_rows(path):
        i = province_index(row[next(iter(row))])
        if i is None:
            continue  # 全国
        for j, short in enumerate(SHORT):
            v = row.get(short, "")
            m[i, j] = float(v) if v.strip() else 0.0
    np.fill_diagonal(m, 0.0)
    return m


def hukou_2020(path):
    v = np.zeros(P)
    for row in read_rows(path):
        i = province_index(row["province"])
        if i is not None:
            v[i] = float(row["hukou_other_province_persons"])
    return v


def migrant_workers(path):
    out = {}
    for row in read_rows(path):
        out[int(row["year"])] = (float(row["interprovincial_kuasheng_10k"]) * 1e4,
                                 row.get("source_split", ""))
    return out


# ---- the run file --------------------------------------------------------------------


class Run:
    def __init__(self, path):
        self.path = path
        self.f = h5py.File(path, "r")
        self.scale = float(self.f.attrs["scale"])
        self.agents = int(self.f.attrs["agents"])
        self.start = text(self.f.attrs["start_date"])
        self.regions = [text(x) for x in self.f["regions/name"][:]]
        provinces = [text(x) for x in self.f["regions/province"][:]]
        missing = sorted(set(provinces) - set(NAMES))
        if missing:
            sys.exit(f"history_check: {path}: provinces not in the NBS tables: {missing}")
        self.province = np.array([NAMES.index(p) for p in provinces])
        # Region -> province summing matrix [region][province].
        self.to_province = np.zeros((len(provinces), P))
        self.to_province[np.arange(len(provinces)), self.province] = 1.0

    def by_province(self, matrix):
        return self.to_province.T @ np.asarray(matrix, float) @ self.to_province

    def census(self, date):
        key = f"census/{date}"
        if key not in self.f:
            sys.exit(f"history_check: {self.path}: no census table /{key} "
                     "(does the run reach that date, with run.census_dates naming it?)")
        return self.f[key]

    def hukou_inmigrants(self, date):
        """Residents registered in another province, by province of residence."""
        m = self.by_province(self.census(date)["hukou_stock"][:])
        return m.sum(axis=0) - np.diag(m)

    def five_year(self, date):
        """[now][then] persons between provinces (diagonal 0), aged 5+."""
        g = self.census(date)
        if "five_year_od" not in g:
            sys.exit(f"history_check: {self.path}: /census/{date} has no five-year table: "
                     f"{text(g.attrs.get('five_year_unavailable', ''))}")
        m = self.by_province(g["five_year_od"][:]).T  # stored [then][now]
        np.fill_diagonal(m, 0.0)
        return m

    def stock_row(self, date):
        """Inter-provincial hukou stock by residence from /flows/stock at a date."""
        dates = self.f["series/date"][:]
        yyyymm = int(date.replace("-", ""))
        rows = np.nonzero(dates == yyyymm)[0]
        if len(rows) == 0:
            return None
        m = self.by_province(self.f["flows/stock"][rows[0]])
        return m.sum(axis=0) - np.diag(m)

    def migrant_workers(self):
        """Year -> (date of the snapshot, persons): employed (formal or informal)
        agricultural-hukou residents of a province other than their hukou's,
        from the agent snapshots (the one at the start of January Y+1 stands
        for the end of year Y; the last one for its own date)."""
        out = {}
        start_year, start_month = map(int, self.start.split("-"))
        for name in sorted(self.f["snapshots"]):
            g = self.f["snapshots"][name]
            if not g.attrs.get("complete", 0):
                continue
            tick = int(g.attrs["tick"])
            index = start_year * 12 + start_month - 1 + tick
            year, month = index // 12, index % 12 + 1
            traits = g["traits"][:]
            hukou = self.province[g["hukou_region"][:]]
            here = self.province[g["location"][:]]
            agricultural = (traits & 0x3) == 0
            employed = ((traits >> 6) & 0x7) <= 1  # 0 formal, 1 informal
            count = int(np.count_nonzero(agricultural & employed & (hukou != here)))
            label_year = year - 1 if month == 1 else year
            out[label_year] = (f"{year:04d}-{month:02d}", count * self.scale)
        return out


# ---- the report ----------------------------------------------------------------------


class Report:
    def __init__(self):
        self.lines = []
        self.figures = []  # every number the checks produce, for --check-finite

    def out(self, line=""):
        self.lines.append(line)
        print(line)

    def value(self, x):
        self.figures.append(float(x))
        return x

    def table(self, header, rows):
        self.out("| " + " | ".join(header) + " |")
        self.out("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
        for r in rows:
            self.out("| " + " | ".join(str(c) for c in r) + " |")
        self.out()


def goal(ok):
    return "reached" if ok else "not reached"


def check_stock(rep, run, hukou_obs, title):
    model = run.hukou_inmigrants("2020-11")
    total_m, total_o = rep.value(model.sum()), hukou_obs.sum()
    rho = rep.value(spearman(model, hukou_obs))
    rmse = rep.value(rmse_log_shares(model, hukou_obs))
    off = total_m / total_o - 1
    rep.out(f"### {title}")
    rep.out()
    rep.table(["figure", "model", "census", "goal"], [
        ["national total (M)", millions(total_m), millions(total_o),
         f"within 10%: {off:+.1%}, {goal(abs(off) <= 0.10)}"],
        ["Spearman rho over 31 provinces", f"{rho:.3f}", "", f">= 0.9: {goal(rho >= 0.9)}"],
        ["RMSE of log shares", f"{rmse:.3f}", "", f"<= 0.35: {goal(rmse <= 0.35)}"],
    ])
    top = np.argsort(-hukou_obs)[:10]
    rep.out("Ten largest by the census (persons registered in another province, millions):")
    rep.out()
    rep.table(["province", "model", "census", "model / census"],
              [[NAMES[i], millions(model[i]), millions(hukou_obs[i]),
                f"{rep.value(model[i] / hukou_obs[i]):.2f}"] for i in top])
    return model


def check_five_year(rep, run, sample):
    model = run.five_year("2020-11")  # [now][then]
    obs = sample * SAMPLE_2020
    cells = sample >= MIN_SAMPLE_CELL
    np.fill_diagonal(cells, False)
    both = cells & (model > 0)
    r = rep.value(np.corrcoef(np.log(model[both]), np.log(obs[both]))[0, 1])
    rep.out("### (b) 2015-2020 five-year table against the 2020 census long form")
    rep.out()
    rep.out(f"Persons aged 5+ by province of residence on 1 November 2020 and five years "
            f"earlier; census: 10% sample x {SAMPLE_2020}. Cells with at least "
            f"{MIN_SAMPLE_CELL} persons in the sample: {int(cells.sum())}, of which the model "
            f"has {int((cells & (model <= 0)).sum())} empty (left out of the correlation).")
    rep.out()
    total_m, total_o = rep.value(model.sum()), obs.sum()
    rep.table(["figure", "model", "census", "goal"], [
        ["inter-provincial five-year migrants (M)", millions(total_m), millions(total_o), ""],
        ["correlation of log cell counts", f"{r:.3f}", "", f">= 0.8: {goal(r >= 0.8)}"],
    ])
    m_in, m_out = model.sum(axis=1), model.sum(axis=0)
    o_in, o_out = obs.sum(axis=1), obs.sum(axis=0)
    for v in (m_in, m_out):
        for x in v:
            rep.value(x)
    rep.out("In and out by province (millions; in: living there in 2020, elsewhere in 2015):")
    rep.out()
    rep.table(["province", "in, model", "in, census", "out, model", "out, census"],
              [[NAMES[i], millions(m_in[i]), millions(o_in[i]), millions(m_out[i]),
                millions(o_out[i])] for i in range(P)])
    rep.out(f"Spearman rho of in: {rep.value(spearman(m_in, o_in)):.3f}; of out: "
            f"{rep.value(spearman(m_out, o_out)):.3f}.")
    rep.out()
    return m_in, o_in


def check_2015(rep, run, sample):
    model = run.five_year("2015-11")
    rep.out("### (c) 2010-2015 shares against the 2015 1% survey")
    rep.out()
    rep.out("Shares only (the survey's sample fraction is approximate). Shares of the national "
            "inter-provincial five-year migrants, by province of residence in 2015 (in) and "
            "five years earlier (out).")
    rep.out()
    rows = []
    figures = []
    for label, m, o in (("in", model.sum(axis=1), sample.sum(axis=1)),
                        ("out", model.sum(axis=0), sample.sum(axis=0))):
        rho, rmse = rep.value(spearman(m, o)), rep.value(rmse_log_shares(m, o))
        figures.append((label, m / m.sum(), o / o.sum()))
        rows.append([label, f"{rho:.3f}", f"{rmse:.3f}"])
    cells = sample >= MIN_SAMPLE_CELL
    np.fill_diagonal(cells, False)
    both = cells & (model > 0)
    r = rep.value(np.corrcoef(np.log(model[both] / model.sum()),
                              np.log(sample[both] / sample.sum()))[0, 1])
    rep.table(["shares", "Spearman rho", "RMSE of log shares"], rows)
    rep.out(f"Correlation of log cell shares over the {int(cells.sum())} cells with at least "
            f"{MIN_SAMPLE_CELL} persons in the survey sample: {r:.3f} "
            f"({int((cells & (model <= 0)).sum())} empty in the model, left out).")
    rep.out()
    rep.table(["province", "in share, model", "in share, survey", "out share, model",
               "out share, survey"],
              [[NAMES[i], f"{figures[0][1][i]:.3f}", f"{figures[0][2][i]:.3f}",
                f"{figures[1][1][i]:.3f}", f"{figures[1][2][i]:.3f}"] for i in range(P)])


def check_workers(rep, run, nbs):
    model = run.migrant_workers()
    rep.out("### (d) Migrant workers: employed agricultural-hukou residents of another province")
    rep.out()
    rep.out("Model: agents with agricultural hukou, in formal or informal work, living in a "
            "province other than their hukou's, from the agent snapshot at the start of "
            "January of the next year (2020: the run's end, 1 November). NBS: migrant-worker "
            "monitoring survey, inter-provincial outgoing (跨省外出) migrant workers; "
            "2008, 2009 and 2012 splits unverified (source_split).")
    rep.out()
    rows, within = [], []
    for year in sorted(nbs):
        if year not in model:
            continue
        date, m = model[year]
        o, split = nbs[year]
        ratio = rep.value(m / o)
        if year >= 2011:
            within.append(abs(ratio - 1) <= 0.15)
        rows.append([str(year), date, millions(rep.value(m)), millions(o), f"{ratio:.2f}",
                     "unverified" if "UNVERIFIED" in split else ""])
    rep.table(["year", "model state at", "model (M)", "NBS (M)", "model / NBS", "NBS split"],
              rows)
    if within:
        rep.out(f"Within 15% from 2011 on: {sum(within)} of {len(within)} years "
                f"(goal: all; {goal(all(within))}).")
        rep.out()
    if not rows:
        rep.out("(no yearly snapshots in the run file: run with --snapshot-every 12)")
        rep.out()


def plot(path, panels):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 5.5))
    axes = np.atleast_1d(axes)
    for ax, (title, model, obs) in zip(axes, panels):
        ax.loglog(obs, model, "o", ms=4)
        lo = min(obs[obs > 0].min(), model[model > 0].min()) * 0.7
        hi = max(obs.max(), model.max()) * 1.4
        ax.plot([lo, hi], [lo, hi], "k--", lw=0.8, label="model = census")
        for i in range(P):
            if obs[i] > 0 and model[i] > 0:
                ax.annotate(NAMES[i], (obs[i], model[i]), fontsize=6, xytext=(2, 2),
                            textcoords="offset points")
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo, hi)
        ax.set_xlabel("census (persons)")
        ax.set_ylabel("model (persons)")
        ax.set_title(title, fontsize=9)
        ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run", help="china-2007 run file reaching 2020-11")
    ap.add_argument("--data", default=None, help="the history tables (default tools/data/history)")
    ap.add_argument("--cities", help="a china-cities-2010 run file reaching 2020-11 (in sample)")
    ap.add_argument("--doc", help="write the report as Markdown here")
    ap.add_argument("--png", help="write the picture here (needs matplotlib)")
    ap.add_argument("--commit", default="unknown", help="the model version that made the run")
    ap.add_argument("--seconds", type=float, default=float("nan"), help="wall time of the run")
    ap.add_argument("--cities-seconds", type=float, default=float("nan"))
    ap.add_argument("--command", default="", help="the command that made the report")
    ap.add_argument("--check-finite", action="store_true",
                    help="exit 1 unless every table is there and every figure is finite")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    # The NBS tables ship in tools/data/history/ (copied from the project's
    # shared data with their README and sources), so the check runs on any
    # clone; --data reads another copy.
    data = args.data or os.path.join(here, "data", "history")
    run = Run(args.run)
    rep = Report()
    rep.out("# Validation: china-2007 against China's censuses, 2007-2020")
    rep.out()
    rep.out("Written by `bash tools/history_check.sh` (tools/history_check.py); do not edit by "
            "hand. The model is never fitted to these figures: the goals of issue 15 are "
            "reported, not tuned to (docs/calibration.md says what each parameter was fitted "
            "on).")
    rep.out()
    rep.table(["", ""], [
        ["model version (git commit)", f"`{args.commit}`"],
        ["scenario", f"china-2007 from {run.start} to 2020-11 "
                     f"({int(run.f.attrs['ticks_done'])} months)"],
        ["agents", f"{run.agents:,} at the start ({run.scale:,.1f} persons per agent)"],
        ["seed", str(int(run.f.attrs["seed"]))],
        ["run time", f"{args.seconds:,.0f} s wall on {int(run.f.attrs['threads'])} threads"],
        ["command", f"`{args.command}`" if args.command else ""],
        ["data", "NBS: 2020 census (hukou table, long-form five-year table), 2015 1% survey, "
                 "migrant-worker monitoring 2008-2020 (tools/data/history/README.md)"],
    ])
    hukou_obs = hukou_2020(os.path.join(data, "inmigrants_hukou_2020_census_by_province.csv"))
    stock = check_stock(rep, run, hukou_obs,
                        "(a) 2020 hukou-based inter-provincial stock by province of residence")
    rep.out("### (e) Beijing 2020")
    rep.out()
    b = NAMES.index("Beijing")
    rep.out(f"Residents of Beijing registered in another province: model "
            f"{millions(rep.value(stock[b]))} M, census {millions(BEIJING_2020)} M "
            f"(model / census {stock[b] / BEIJING_2020:.2f}).")
    rep.out()
    sample20 = five_year_sample(os.path.join(data, "od5yr_2020_census_sample.csv"))
    m_in, o_in = check_five_year(rep, run, sample20)
    sample15 = five_year_sample(os.path.join(data, "od5yr_2015_1pct_survey_sample.csv"))
    check_2015(rep, run, sample15)
    check_workers(rep, run, migrant_workers(
        os.path.join(data, "nbs_migrant_worker_monitoring_2008_2022.csv")))
    rep.out("### Guangdong over time")
    rep.out()
    g = NAMES.index("Guangdong")
    rows = []
    for date in ("2007-01", "2010-11", "2015-11", "2020-11"):
        v = run.stock_row(date)
        if v is not None:
            rows.append([date, millions(rep.value(v[g]))])
    rep.table(["date", "Guangdong: residents registered in another province (M)"], rows)
    shrinks = any(float(rows[k + 1][1].replace(",", "")) < float(rows[k][1].replace(",", ""))
                  for k in range(len(rows) - 1))
    rep.out(f"Goal (Guangdong does not shrink): {goal(not shrinks)}.")
    rep.out()
    if args.cities:
        cities = Run(args.cities)
        rep.out("## china-cities-2010, 2020 (in sample)")
        rep.out()
        rep.out(f"In sample: the city constants of china-cities-2010 were fitted to the "
                f"2010-2020 census growth, so these figures are not a test. "
                f"{cities.agents:,} agents, {args.cities_seconds:,.0f} s wall.")
        rep.out()
        cstock = check_stock(rep, cities, hukou_obs,
                             "2020 hukou-based inter-provincial stock (cities summed to provinces)")
        rep.out(f"Beijing 2020: model {millions(rep.value(cstock[b]))} M, census "
                f"{millions(BEIJING_2020)} M.")
        rep.out()
        rep.table(["province", "model (M)", "census (M)"],
                  [[NAMES[i], millions(cstock[i]), millions(hukou_obs[i])] for i in range(P)])
    if args.png:
        try:
            plot(args.png, [
                ("(a) 2020: residents registered in another province", stock, hukou_obs),
                ("(b) 2015-2020: five-year in-migrants from another province", m_in, o_in),
            ])
            rep.out(f"![model against census by province]({os.path.basename(args.png)})")
            rep.out()
        except ImportError:
            rep.out("(no picture: matplotlib is not installed; tools/install-deps.sh installs "
                    "python3-matplotlib)")
            rep.out()
    if args.doc:
        with open(args.doc, "w", encoding="utf-8") as f:
            f.write("\n".join(rep.lines) + "\n")
    if args.check_finite:
        bad = [x for x in rep.figures if not math.isfinite(x)]
        if bad or not rep.figures:
            print(f"history_check: {len(bad)} of {len(rep.figures)} figures are not finite",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
