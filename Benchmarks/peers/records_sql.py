#!/usr/bin/env python3
"""`tandem sql` in DuckDB at scale: the records derivation as the warehouse would run it.

    records_sql.py DIR QUERY.sql

Loads DIR/leads.csv and DIR/deals.csv (the records benchmark's generic exports, UTC timestamps)
into a DuckDB database file under DIR, as a warehouse holds them (typed columns; not timed), then
runs the query `tandem sql DIR/plan.yaml` printed in a fresh process, timed by /usr/bin/time, and
prints one line: rows returned, wall seconds and peak memory (MB) of that process.
"""
import os
import subprocess
import sys

import duckdb

LEADS = {"id": "VARCHAR", "created": "TIMESTAMPTZ", "mqls": "TIMESTAMPTZ", "sqls": "TIMESTAMPTZ",
         "first_touch": "TIMESTAMPTZ", "owner_team": "VARCHAR", "segment": "VARCHAR"}
DEALS = {"id": "VARCHAR", "created": "TIMESTAMPTZ", "close": "TIMESTAMPTZ", "amount": "DOUBLE",
         "outcome": "VARCHAR", "owner_team": "VARCHAR", "segment": "VARCHAR"}

RUN = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
rows = con.execute(open(sys.argv[2]).read()).fetchall()
print(len(rows))
"""


def load(directory, database):
    con = duckdb.connect(database)
    con.execute("SET TimeZone = 'UTC'")
    for name, columns in (("leads", LEADS), ("deals", DEALS)):
        types = ", ".join(f"'{c}': '{t}'" for c, t in columns.items())
        select = ", ".join(f"CAST({c} AS TIMESTAMP) AS {c}" if t == "TIMESTAMPTZ" else c for c, t in columns.items())
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {select} FROM read_csv('{directory}/{name}.csv', "
                    f"header = true, columns = {{{types}}})")
    con.close()


def main(directory, query):
    database = os.path.join(directory, "records-sql.duckdb")
    marker = database + ".loaded"
    if not os.path.exists(marker) or os.path.getmtime(marker) < os.path.getmtime(os.path.join(directory, "leads.csv")):
        load(directory, database)
        open(marker, "w").close()
    timing = os.path.join(directory, "records-sql.time")
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", timing, sys.executable, "-c", RUN, database, query],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(out.stderr[-2000:])
    wall, kb = open(timing).read().split()[-2:]
    print(f"{out.stdout.strip()} rows, {float(wall):.2f} s, {int(kb) / 1024:.0f} MB")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
