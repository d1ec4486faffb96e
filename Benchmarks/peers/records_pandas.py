#!/usr/bin/env python3
"""The records benchmark's pandas peer: the same numbers as `tandem-bench records-load DIR` and
records_duckdb.py, computed with pandas from the same CSV files (see records_duckdb.py)."""
import json
import sys

import numpy as np
import pandas as pd

START = 29_453_760  # 2026-01-01T00:00Z in minutes since 1970
REVIEW = START + 365 * 1440  # 2027-01-01T00:00Z


def minutes(series):
    t = pd.to_datetime(series, format="%Y-%m-%dT%H:%M:%SZ", utc=True)
    m = t.dt.as_unit("s").astype("int64") // 60
    return m.where(t.notna()).astype("Int64")


def month(m):
    t = pd.to_datetime(m.astype("int64") * 60, unit="s")
    return (t.dt.year * 100 + t.dt.month).map(lambda v: f"{v // 100}-{v % 100:02d}")


def inside(m):
    return m.notna() & (m >= START) & (m < REVIEW)


def main(d):
    l = pd.read_csv(f"{d}/leads.csv", usecols=["created", "mqls", "sqls", "first_touch"], dtype=str)
    c, m, s, t = (minutes(l[k]) for k in ("created", "mqls", "sqls", "first_touch"))
    out = {"volumes": {}, "cohorts": {}}
    for name, col in (("leads", c), ("mqls", m), ("sqls", s)):
        sel = col[inside(col)]
        out["volumes"][name] = {k: float(v) for k, v in month(sel).value_counts().items()}
    reach_lm = pd.concat([m, s], axis=1).min(axis=1).astype("Int64")
    for key, a, reach, days in (("leads_mqls", c, reach_lm, 14), ("mqls_sqls", m, s, 30)):
        sel = inside(a)
        ok = (reach.notna() & (reach < REVIEW) & ((reach - a).clip(lower=0) <= days * 1440)).fillna(False)
        frame = pd.DataFrame({"month": month(a[sel]), "ok": ok[sel].astype(int)})
        g = frame.groupby("month")["ok"].agg(["count", "sum"])
        out["cohorts"][key] = {k: [int(r["count"]), int(r["sum"])] for k, r in g.iterrows()}
    # Velocity the standard way: MQL to the SQL's own time, both present, negative lags excluded.
    sel = (m.notna() & (s >= m) & inside(s)).fillna(False)
    lag = (s[sel] - m[sel]).astype("float64")
    g = pd.DataFrame({"month": month(s[sel]), "lag": lag}).groupby("month")["lag"]
    q50, q75 = g.quantile(0.5), g.quantile(0.75)
    out["velocity"] = {k: [q50[k] / 1440, q75[k] / 1440] for k in q50.index}
    has = m.notna()
    start = pd.concat([m[has], c[has]], axis=1).max(axis=1).astype("Int64")
    touch = t[has]
    touched = (touch.notna() & (touch < REVIEW)).fillna(False)
    lag = (touch - start).clip(lower=0)
    sel = inside(start)
    frame = pd.DataFrame({
        "month": month(start[sel]),
        "touched": touched[sel],
        "lag": lag[sel].astype("float64"),
        "within": (touched & (lag <= 240).fillna(False))[sel],
        "pending": (~touched & ((REVIEW - start) < 240))[sel],
    })
    frame["breach"] = ~frame["within"] & ~frame["pending"]
    speed = {}
    for k, grp in frame.groupby("month"):
        lags = grp["lag"][grp["touched"]]
        speed[k] = [-1 if lags.empty else float(np.quantile(lags.to_numpy(), 0.5)) / 60,
                    float(grp["within"].sum()), float(grp["pending"].sum()), float(grp["breach"].sum())]
    out["speed"] = speed
    deals = pd.read_csv(f"{d}/deals.csv", usecols=["close", "amount", "outcome"], dtype={"close": str, "outcome": str})
    close = minutes(deals["close"])
    sel = ((deals["outcome"] == "won") & inside(close)).fillna(False)
    g = pd.DataFrame({"month": month(close[sel]), "amount": deals["amount"][sel].astype("float64")}).groupby("month")
    out["won"] = {k: [float(r["count"]), float(r["sum"])] for k, r in g["amount"].agg(["count", "sum"]).iterrows()}
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
