#!/usr/bin/env python3
"""The records benchmark's DuckDB peer: the same numbers as `tandem-bench records-load DIR`.

Reads DIR/leads.csv and DIR/deals.csv (generic preset, UTC timestamps in whole minutes) and prints
JSON: monthly stage volumes, cohort conversions (leads→MQLs within 14 days, MQLs→SQLs within 30,
reaching the stage or a later one), MQL→SQL velocity (median and p75 days by month of arrival),
speed to lead (median hours, within 4 h, pending, breaches) and won deals and revenue by close
month, as of 2027-01-01 (the end of the plan's 2026 cycle). See the DocC article
"From records to metrics" for the definitions.
"""
import json
import sys

import duckdb

START = 29_453_760  # 2026-01-01T00:00Z in minutes since 1970
REVIEW = START + 365 * 1440  # 2027-01-01T00:00Z


def main(d, hubspot=False):
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    minutes = lambda c: f"CAST(floor(epoch({c}) / 60) AS BIGINT) AS {c}"
    # The HubSpot export of the same records: labels as headers (read by position, renamed),
    # every field quoted, times as YYYY-MM-DD HH:MM in UTC, deal stages for outcomes.
    leads_file, deals_file, fmt = (
        (f"{d}/hubspot-contacts.csv", f"{d}/hubspot-deals.csv", ", timestampformat = '%Y-%m-%d %H:%M'")
        if hubspot else (f"{d}/leads.csv", f"{d}/deals.csv", ""))
    outcome = ("CASE outcome WHEN 'closedwon' THEN 'won' WHEN 'closedlost' THEN 'lost' ELSE 'open' END"
               if hubspot else "outcome")
    con.execute(f"""
        CREATE TEMP TABLE l AS SELECT {minutes('created')}, {minutes('mqls')}, {minutes('sqls')},
            {minutes('first_touch')}
        FROM read_csv('{leads_file}', header = true{fmt}, columns = {{
            'id': 'VARCHAR', 'created': 'TIMESTAMPTZ', 'mqls': 'TIMESTAMPTZ', 'sqls': 'TIMESTAMPTZ',
            'first_touch': 'TIMESTAMPTZ', 'owner_team': 'VARCHAR', 'segment': 'VARCHAR'}})""")
    con.execute(f"""
        CREATE TEMP TABLE deals AS SELECT {minutes('close')}, amount, {outcome} AS outcome
        FROM read_csv('{deals_file}', header = true{fmt}, columns = {{
            'id': 'VARCHAR', 'created': 'TIMESTAMPTZ', 'close': 'TIMESTAMPTZ', 'amount': 'DOUBLE',
            'outcome': 'VARCHAR', 'owner_team': 'VARCHAR', 'segment': 'VARCHAR'}})""")
    month = lambda x: f"strftime(to_timestamp({x} * 60), '%Y-%m')"
    inside = lambda x: f"{x} >= {START} AND {x} < {REVIEW}"

    def rows(sql):
        return con.execute(sql).fetchall()

    out = {"volumes": {}, "cohorts": {}}
    for name, col in (("leads", "created"), ("mqls", "mqls"), ("sqls", "sqls")):
        out["volumes"][name] = {m: float(n) for m, n in rows(
            f"SELECT {month(col)}, count(*) FROM l WHERE {inside(col)} GROUP BY 1")}
    for key, a, reach, days in (("leads_mqls", "created", "least(coalesce(mqls, sqls), coalesce(sqls, mqls))", 14),
                                ("mqls_sqls", "mqls", "sqls", 30)):
        out["cohorts"][key] = {m: [e, c] for m, e, c in rows(f"""
            SELECT {month(a)}, count(*),
                count(*) FILTER (WHERE {reach} IS NOT NULL AND {reach} < {REVIEW}
                                 AND greatest(0, {reach} - {a}) <= {days * 1440})
            FROM l WHERE {inside(a)} GROUP BY 1""")}
    # Velocity the standard way: MQL to the SQL's own time, both present, negative lags excluded.
    out["velocity"] = {m: [med / 1440, p75 / 1440] for m, med, p75 in rows(f"""
        SELECT {month('sqls')}, quantile_cont(sqls - mqls, 0.5), quantile_cont(sqls - mqls, 0.75)
        FROM l WHERE mqls IS NOT NULL AND sqls >= mqls AND {inside('sqls')} GROUP BY 1""")}
    out["speed"] = {m: [-1 if med is None else med / 60, float(w), float(p), float(b)] for m, med, w, p, b in rows(f"""
        WITH s AS (SELECT greatest(mqls, created) AS start,
                          first_touch IS NOT NULL AND first_touch < {REVIEW} AS touched,
                          greatest(0, first_touch - greatest(mqls, created)) AS lag
                   FROM l WHERE mqls IS NOT NULL)
        SELECT {month('start')}, quantile_cont(lag, 0.5) FILTER (WHERE touched),
            count(*) FILTER (WHERE touched AND lag <= 240),
            count(*) FILTER (WHERE NOT touched AND {REVIEW} - start < 240),
            count(*) FILTER (WHERE (touched AND lag > 240) OR (NOT touched AND {REVIEW} - start >= 240))
        FROM s WHERE {inside('start')} GROUP BY 1""")}
    out["won"] = {m: [float(n), r] for m, n, r in rows(f"""
        SELECT {month('close')}, count(*), sum(amount) FROM deals
        WHERE outcome = 'won' AND {inside('close')} GROUP BY 1""")}
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1], hubspot="--hubspot" in sys.argv[2:])
