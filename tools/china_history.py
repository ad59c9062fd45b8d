"""NBS "residence five years ago" tables (shared/data/history/) for the province scenario.

Reads the 2000 census and 2005 1% survey tables (current province, rows x province of residence
five years earlier, columns; sample persons) and turns them into the observed pattern of the
china-2007 start: the origin x destination shares of the two five-year flows, averaged. Only
data up to 2005 are read here: the 2015 and 2020 tables are for judging runs, never for fitting.
Standard library only.
"""
import csv
import os

# NBS Chinese province names (the tables' headers) -> the scenario's English names, once.
ZH_TO_EN = {
    "北京": "Beijing", "天津": "Tianjin", "河北": "Hebei", "山西": "Shanxi", "内蒙古": "Inner Mongolia",
    "辽宁": "Liaoning", "吉林": "Jilin", "黑龙江": "Heilongjiang", "上海": "Shanghai", "江苏": "Jiangsu",
    "浙江": "Zhejiang", "安徽": "Anhui", "福建": "Fujian", "江西": "Jiangxi", "山东": "Shandong",
    "河南": "Henan", "湖北": "Hubei", "湖南": "Hunan", "广东": "Guangdong", "广西": "Guangxi",
    "海南": "Hainan", "重庆": "Chongqing", "四川": "Sichuan", "贵州": "Guizhou", "云南": "Yunnan",
    "西藏": "Tibet", "陕西": "Shaanxi", "甘肃": "Gansu", "青海": "Qinghai", "宁夏": "Ningxia",
    "新疆": "Xinjiang",
}
# The two tables before the start (file, year of the survey date, 1 November).
TABLES = [("od5yr_2000_census_sample.csv", 2000), ("od5yr_2005_1pct_survey_sample.csv", 2005)]


def read_od5yr(path, names):
    """{(origin, destination): sample persons} between different provinces, English names.

    Rows of the NBS table are the current province (destination), columns the province of
    residence five years earlier (origin); the 全国 row, totals (合计, 省内, 小计_省外) and
    abroad (港澳台或国外) are skipped; an empty cell (the diagonal) is 0."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    cols = {j: ZH_TO_EN[h] for j, h in enumerate(head) if h in ZH_TO_EN}
    assert sorted(cols.values()) == sorted(names), path
    out = {}
    seen = set()
    for r in rows[1:]:
        if r[0] not in ZH_TO_EN:
            continue
        dest = ZH_TO_EN[r[0]]
        seen.add(dest)
        for j, origin in cols.items():
            if origin != dest:
                out[(origin, dest)] = int(r[j]) if r[j].strip() else 0
    assert sorted(seen) == sorted(names), path
    return out


def flow_shares(history_dir, names):
    """[(year, {(o, d): share of that table's inter-provincial total})] for 2000 and 2005.

    Shares, not levels: the 2005 survey's sample fraction is approximate (history/README.md)."""
    out = []
    for fname, year in TABLES:
        flows = read_od5yr(os.path.join(history_dir, fname), names)
        total = sum(flows.values())
        out.append((year, {k: v / total for k, v in flows.items()}, total))
    return out


def observed_pattern(history_dir, names):
    """Real matrix P[i][j] (origin i, destination j, in `names` order), the mean of the 2000 and
    2005 flow shares (each period weighted equally), and the per-table totals."""
    tables = flow_shares(history_dir, names)
    n = len(names)
    p = [[0.0] * n for _ in range(n)]
    for _, shares, _ in tables:
        for i, o in enumerate(names):
            for j, d in enumerate(names):
                if i != j:
                    p[i][j] += shares[(o, d)] / len(tables)
    return p, {year: total for year, _, total in tables}
