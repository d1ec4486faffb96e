#!/usr/bin/env python3
"""`tandem sql` on two real engines: the records derivation as SQL gives the native numbers.

    check_sql.py TANDEM TANDEM_BENCH LEADS

1. Brightwell's records (Examples/Brightwell/records): the HubSpot contacts export and the
   Salesforce opportunity report are loaded into tables as a warehouse sync would hold them
   (typed columns: timestamps without a zone, dates, numbers), in DuckDB and in a throw-away
   PostgreSQL cluster; the DuckDB and Postgres queries `tandem sql` prints run there, and their
   results must equal what `tandem sql --records` derives natively from the exports. Again with
   the leads table's columns named by the export's labels (`Record ID`, `Date entered "…"`),
   mapped by the plan's `columns:`, so that quoted names are read in both engines.
2. The records benchmark's generator (`tandem-bench records-generate LEADS`), with its plan
   extended to every series (won and lost deals, open pipeline, the opportunity→won cohort with a
   horizon from the data, velocities): the same on both engines, reviewed as of October so that
   later times are in the future; and again with its leads split into two sources (two tables).
3. The BigQuery and Snowflake queries parse with sqlglot in those dialects, and, translated by
   sqlglot into DuckDB's, give the native rows too (as far as the translation carries them).
4. `tandem sql --emit dbt` writes a model whose sources are the tables and which gives the same
   rows in DuckDB (its Jinja rendered as dbt would for these sources).
5. `tandem review --actuals` reads the DuckDB result, and its key results' actuals are the ones
   `tandem review --records` finds in the exports.

Counts must be equal, rates, medians and amounts within 1e-9 (relative to the value). PostgreSQL
is skipped with a reason where no server can be started (no initdb, no postgres user as root).
"""
import csv
import datetime
import glob
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile

import duckdb
import sqlglot
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BRIGHTWELL = os.path.join(ROOT, "Examples", "Brightwell", "records")
COUNTS = {"leads", "mqls", "sqls", "opportunities", "opps", "won", "mqls_followed_4h", "won_deals", "lost_deals",
          "speed_to_lead_within_sla_count", "speed_to_lead_pending", "speed_to_lead_breaches"}
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL: " + message)


def run(args, **kw):
    result = subprocess.run(args, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args[:3])}… failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result.stdout


def table(rows):
    """(period, metric, team, segment) → value, from CSV rows with a header."""
    out = {}
    for r in rows[1:]:
        period, metric, value, team, segment = (r + ["", ""])[:5]
        key = (period, metric, team or "", segment or "")
        if key in out:
            failures.append(f"row {key} twice")
        out[key] = float(value)
    return out


def compare(name, got, want):
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    check(not missing, f"{name}: {len(missing)} rows missing, e.g. {missing[:3]}")
    check(not extra, f"{name}: {len(extra)} rows extra, e.g. {[(k, got[k]) for k in extra[:3]]}")
    bad = []
    for k in set(got) & set(want):
        a, b = got[k], want[k]
        ok = a == b if k[1] in COUNTS else abs(a - b) <= 1e-9 * max(1.0, abs(b))
        if not ok:
            bad.append((k, a, b))
    check(not bad, f"{name}: {len(bad)} values differ, e.g. {sorted(bad)[:3]}")
    if not missing and not extra and not bad:
        print(f"ok: {name}: {len(want)} rows equal the native derivation")


# MARK: The tables


def utc_naive(text):
    """An ISO time with an offset as a UTC wall-clock time, '' when empty."""
    if not text:
        return ""
    t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def us_date(text):
    if not text:
        return ""
    m, d, y = text.split("/")
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def brightwell_tables(out):
    """The two exports as typed CSV files: leads (times in UTC) and deals (dates)."""
    with open(os.path.join(BRIGHTWELL, "hubspot-contacts.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    h = rows[0]
    col = lambda name: next(i for i, x in enumerate(h) if name in x)
    mql, sql = col("Marketing Qualified Lead"), col("Sales Qualified Lead")
    with open(os.path.join(out, "leads.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["_row", "id", "created", "mqls", "sqls", "first_touch", "owner_team", "segment", "source"])
        for n, r in enumerate(rows[1:], start=2):
            w.writerow([n, r[col("Record ID")], utc_naive(r[col("Create Date")]), utc_naive(r[mql]), utc_naive(r[sql]),
                        utc_naive(r[col("First outreach")]), r[col("HubSpot Team")], r[col("Segment")],
                        r[col("Original Traffic Source")]])
    with open(os.path.join(BRIGHTWELL, "salesforce-opportunities.csv"), encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if len(r) > 1]
    h = rows[0]
    with open(os.path.join(out, "deals.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["_row", "id", "created", "close", "amount", "status", "won", "closed", "owner_team", "segment",
                    "source"])
        for n, r in enumerate(rows[1:], start=2):
            v = dict(zip(h, r))
            amount = v["Amount"].replace("USD", "").replace(",", "").strip()
            w.writerow([n, v["Opportunity ID"], us_date(v["Created Date"]), us_date(v["Close Date"]), amount,
                        v["Stage"], v["Won"], v["Closed"], v["Owner Team"], v["Segment"], v["Lead Source"]])


BRIGHTWELL_SCHEMA = {
    "leads": [("_row", "INTEGER"), ("id", "TEXT"), ("created", "TIMESTAMP"), ("mqls", "TIMESTAMP"),
              ("sqls", "TIMESTAMP"), ("first_touch", "TIMESTAMP"), ("owner_team", "TEXT"), ("segment", "TEXT"),
              ("source", "TEXT")],
    "deals": [("_row", "INTEGER"), ("id", "TEXT"), ("created", "DATE"), ("close", "DATE"), ("amount", "DOUBLE"),
              ("status", "TEXT"), ("won", "INTEGER"), ("closed", "INTEGER"), ("owner_team", "TEXT"),
              ("segment", "TEXT"), ("source", "TEXT")],
}
# The leads table with the HubSpot export's own labels as column names, mapped by the plan's
# `columns:` (names that need quoting: spaces, capitals, curly quotes, parentheses).
LABELS = {"id": "Record ID", "created": "Create Date",
          "mqls": "Date entered \u201cMarketing Qualified Lead (Lifecycle Stage Pipeline)\u201d",
          "sqls": "Date entered \u201cSales Qualified Lead (Lifecycle Stage Pipeline)\u201d",
          "first_touch": "First outreach date", "owner_team": "HubSpot Team", "segment": "Segment"}
LABELLED_SCHEMA = {
    "leads": [(LABELS.get(c, c), t) for c, t in BRIGHTWELL_SCHEMA["leads"]],
    "deals": BRIGHTWELL_SCHEMA["deals"],
}
LABELLED_COLUMNS = """      file: hubspot-*.csv
      columns:
        id: Record ID
        created: Create Date
        first_touch: First outreach date
        owner_team: HubSpot Team
        segment: Segment
        stages:
          mqls: "Date entered \u201cMarketing Qualified Lead (Lifecycle Stage Pipeline)\u201d"
          sqls: "Date entered \u201cSales Qualified Lead (Lifecycle Stage Pipeline)\u201d"
"""

BENCH_SCHEMA = {
    "leads": [("id", "TEXT"), ("created", "TIMESTAMP"), ("mqls", "TIMESTAMP"), ("sqls", "TIMESTAMP"),
              ("first_touch", "TIMESTAMP"), ("owner_team", "TEXT"), ("segment", "TEXT")],
    "deals": [("id", "TEXT"), ("created", "TIMESTAMP"), ("close", "TIMESTAMP"), ("amount", "DOUBLE"),
              ("outcome", "TEXT"), ("owner_team", "TEXT"), ("segment", "TEXT")],
}

# The benchmark plan with a metric for every series, and the opportunity→won horizon from the data.
BENCH_EXTRA = """  - {id: won_deals, owner: sales}
  - {id: lost_deals, owner: sales}
  - {id: open_pipeline, unit: currency, rollup: last, owner: sales}
  - {id: opps_to_won_conversion, unit: percent, owner: sales}
  - {id: opps_to_won_conversion_to_date, unit: percent, owner: sales}
  - {id: opps_to_won_days_median, unit: days, direction: lower, owner: sales}
  - {id: opps_to_won_days_p75, unit: days, direction: lower, owner: sales}
  - {id: leads_to_mqls_days_median, unit: days, direction: lower, owner: sales}
  - {id: speed_to_lead_within_sla, unit: percent, owner: sales}
objectives:"""


def duckdb_load(con, directory, schema):
    for name, columns in schema.items():
        types = ", ".join(f"'{c}': '{'TIMESTAMPTZ' if t == 'TIMESTAMP' else 'VARCHAR' if t == 'TEXT' else t}'"
                          for c, t in columns)
        select = ", ".join(f'CAST("{c}" AS TIMESTAMP) AS "{c}"' if t == "TIMESTAMP" else f'"{c}"' for c, t in columns)
        con.execute(f"CREATE TABLE {name} AS SELECT {select} FROM read_csv('{directory}/{name}.csv', header = true, "
                    f"columns = {{{types}}})")


def duckdb_result(directory, schema, sql):
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    duckdb_load(con, directory, schema)
    cur = con.execute(sql)
    return [[d[0] for d in cur.description]] + [["" if v is None else str(v) for v in r] for r in cur.fetchall()]


# MARK: PostgreSQL


class Postgres:
    """A throw-away cluster under a temporary folder, reached over its own Unix socket."""

    def __init__(self, folder):
        self.folder = folder
        self.reason = None
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        initdb = binaries[-1] if binaries else shutil.which("initdb")
        if not initdb:
            self.reason = "no initdb (install Debian's postgresql)"
            return
        self.bin = os.path.dirname(initdb)
        self.psql = shutil.which("psql") or os.path.join(self.bin, "psql")
        self.user = []
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                self.reason = "running as root without a postgres user to run the server"
                return
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            os.chmod(os.path.dirname(folder), 0o755)
            self.user = ["runuser", "-u", "postgres", "--"]
        self.data = os.path.join(folder, "data")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = str(s.getsockname()[1])
        if self.user and not shutil.which("runuser"):
            self.reason = "running as root without runuser to start the server as postgres"
            return
        init = subprocess.run(self.user + [initdb, "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                                           "--no-sync"], capture_output=True, text=True)
        if init.returncode != 0:
            self.reason = "initdb failed: " + init.stderr.strip()[-300:]
            return
        start = subprocess.run(self.user + [os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-w", "-l",
                                            os.path.join(folder, "log"), "-o",
                                            f"-k {folder} -p {self.port} -c listen_addresses='' -c fsync=off",
                                            "start"], capture_output=True, text=True)
        if start.returncode != 0:
            self.reason = "the server did not start: " + start.stderr.strip()[-300:]

    def sql(self, text, database="postgres"):
        return subprocess.run([self.psql, "-X", "-v", "ON_ERROR_STOP=1", "-h", self.folder, "-p", self.port, "-U",
                               "postgres", "-d", database, "--csv"], input=text, capture_output=True, text=True)

    def result(self, database, directory, schema, sql):
        created = self.sql(f"CREATE DATABASE {database}")
        if created.returncode != 0:
            sys.exit("Postgres: " + created.stderr)
        load = []
        for name, columns in schema.items():
            types = ", ".join(f'"{c}" {"DOUBLE PRECISION" if t == "DOUBLE" else t}' for c, t in columns)
            load.append(f"CREATE TABLE {name} ({types});")
            load.append(f"\\copy {name} FROM '{directory}/{name}.csv' WITH (FORMAT csv, HEADER true)")
        loaded = self.sql("\n".join(load) + "\n", database)
        if loaded.returncode != 0:
            sys.exit("Postgres load: " + loaded.stderr)
        out = self.sql(sql, database)
        if out.returncode != 0:
            failures.append("the Postgres query failed: " + out.stderr[-2000:])
            print("FAIL: the Postgres query failed:\n" + out.stderr[-2000:])
            return None
        return list(csv.reader(out.stdout.splitlines()))

    def stop(self):
        if self.reason is None:
            subprocess.run(self.user + [os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "immediate", "stop"],
                           capture_output=True)


# MARK: The checks


def one(tandem, name, plan, period, records, directory, schema, options, pg):
    """Both forms of the result (summed where team or segment is missing in part, and per cell)
    against the native derivation in the same form; returns the DuckDB query's default form."""
    first = None
    for form in ([], ["--cells"]):
        label = name + (" per cell" if form else "")
        native = table(list(csv.reader(
            run([tandem, "sql", plan, "--period", period] + form + ["--records"] + records).splitlines())))
        check(len(native) > 0, f"{label}: the native derivation gave no rows")
        sqls = {d: run([tandem, "sql", plan, "--period", period, "--dialect", d] + options + form)
                for d in ("duckdb", "postgres", "bigquery", "snowflake")}
        first = first or sqls["duckdb"]
        compare(f"{label} in DuckDB {duckdb.__version__}", table(duckdb_result(directory, schema, sqls["duckdb"])),
                native)
        if pg.reason:
            print(f"SKIPPED: {label} in PostgreSQL: {pg.reason}")
        else:
            database = (name + ("_cells" if form else "")).lower().replace(" ", "_")
            rows = pg.result(database, directory, schema, sqls["postgres"])
            if rows is not None:
                compare(f"{label} in PostgreSQL", table(rows), native)
        for dialect in ("bigquery", "snowflake"):
            try:
                parsed = sqlglot.parse(sqls[dialect], read=dialect, error_level=sqlglot.ErrorLevel.RAISE)
                check(len(parsed) == 1, f"{label}: the {dialect} SQL is {len(parsed)} statements, not one")
                print(f"ok: {label}: the {dialect} SQL parses with sqlglot {sqlglot.__version__}")
            except sqlglot.errors.ParseError as e:
                check(False, f"{label}: the {dialect} SQL does not parse: {str(e)[:500]}")
                continue
            # Its meaning too, as far as sqlglot's translation into DuckDB carries it.
            duck = sqlglot.transpile(sqls[dialect], read=dialect, write="duckdb")[0]
            compare(f"{label}, the {dialect} SQL translated by sqlglot, in DuckDB",
                    table(duckdb_result(directory, schema, duck)), native)
    return first


def main(tandem, bench, leads):
    work = tempfile.mkdtemp(prefix="tandem-sql-")
    pg = None
    try:
        os.chmod(work, 0o755)
        data = os.path.join(work, "brightwell")
        os.makedirs(data)
        brightwell_tables(data)
        for f in os.listdir(data):
            os.chmod(os.path.join(data, f), 0o644)
        os.chmod(data, 0o755)
        pg_folder = os.path.join(work, "pg")
        os.makedirs(pg_folder)
        pg = Postgres(pg_folder)
        plan = os.path.join(BRIGHTWELL, "plan.yaml")
        options = ["--zone", "leads=UTC", "--row-order", "leads=_row", "--row-order", "deals=_row",
                   "--fields", "leads=id,created,mqls,sqls,first_touch,owner_team,segment,source",
                   "--fields", "deals=id,created,close,amount,status,won,closed,owner_team,segment,source"]
        duck_sql = one(tandem, "Brightwell", plan, "2026-11", [BRIGHTWELL], data, BRIGHTWELL_SCHEMA, options, pg)

        # The export's labels as column names, mapped by the plan's columns: (quoted identifiers).
        labelled = os.path.join(work, "labelled")
        os.makedirs(labelled)
        with open(os.path.join(data, "leads.csv"), newline="") as f:
            rows = list(csv.reader(f))
        with open(os.path.join(labelled, "leads.csv"), "w", newline="") as f:
            csv.writer(f).writerows([[LABELS.get(c, c) for c in rows[0]]] + rows[1:])
        shutil.copy(os.path.join(data, "deals.csv"), os.path.join(labelled, "deals.csv"))
        with open(plan) as f:
            text = f.read()
        assert "      file: hubspot-*.csv\n" in text
        labelled_plan = os.path.join(labelled, "plan.yaml")
        with open(labelled_plan, "w") as f:
            f.write(text.replace("      file: hubspot-*.csv\n", LABELLED_COLUMNS, 1))
        for f in os.listdir(labelled):
            os.chmod(os.path.join(labelled, f), 0o644)
        os.chmod(labelled, 0o755)
        one(tandem, "Brightwell labelled", labelled_plan, "2026-11", [BRIGHTWELL], labelled, LABELLED_SCHEMA,
            ["--zone", "leads=UTC", "--row-order", "leads=_row", "--row-order", "deals=_row", "--fields",
             "deals=id,created,close,amount,status,won,closed,owner_team,segment,source"], pg)

        # The dbt model: its sources are the tables, and it gives the same rows.
        dbt = os.path.join(work, "dbt")
        run([tandem, "sql", plan, "--period", "2026-11", "--emit", "dbt", "--out", dbt] + options)
        with open(os.path.join(dbt, "tandem_actuals.yml")) as f:
            properties = yaml.safe_load(f)
        check([t["name"] for s in properties["sources"] for t in s["tables"]] == ["leads", "deals"],
              f"the dbt sources are {properties['sources']}")
        check([c["name"] for c in properties["models"][0]["columns"]] == ["period", "metric", "value", "team",
                                                                         "segment"], "the dbt model's columns")
        with open(os.path.join(dbt, "tandem_actuals.sql")) as f:
            model = f.read()
        check(model.startswith("{{ config(materialized='table') }}\n"), "the dbt model is materialized as a table")
        rendered = re.sub(r"\{\{ source\('records', '(\w+)'\) \}\}", r"\1", model.split("\n", 1)[1])
        native = table(list(csv.reader(run([tandem, "sql", plan, "--period", "2026-11", "--records", BRIGHTWELL])
                                       .splitlines())))
        compare("Brightwell's dbt model in DuckDB", table(duckdb_result(data, BRIGHTWELL_SCHEMA, rendered)), native)

        # The review reads the warehouse's result as actuals.
        result = os.path.join(work, "result.csv")
        with open(result, "w", newline="") as f:
            csv.writer(f).writerows(duckdb_result(data, BRIGHTWELL_SCHEMA, duck_sql))
        reviewed = subprocess.run([tandem, "review", plan, "--actuals", result, "--actuals",
                                   os.path.join(BRIGHTWELL, "actuals"), "--period", "2026-11", "--out",
                                   os.path.join(work, "review"), "--format", "json"], capture_output=True, text=True)
        check(reviewed.returncode == 0, f"tandem review --actuals result.csv failed: {reviewed.stderr[-1000:]}")
        natively = subprocess.run([tandem, "review", plan, "--records", BRIGHTWELL, "--actuals",
                                   os.path.join(BRIGHTWELL, "actuals"), "--period", "2026-11", "--out",
                                   os.path.join(work, "native-review"), "--format", "json"],
                                  capture_output=True, text=True)
        check(natively.returncode == 0, f"tandem review --records failed: {natively.stderr[-1000:]}")
        if reviewed.returncode == 0 and natively.returncode == 0:
            def actuals(folder):
                with open(os.path.join(work, folder, "tandem-2026-11.json")) as f:
                    review = json.load(f)
                rollup = {r["metric"]: r.get("rollup") for r in review["data"]}
                return {k["id"]: (k.get("actual"), k.get("periodActual"), rollup.get(k["metric"]))
                        for k in review["keyResults"]}
            got, want = actuals("review"), actuals("native-review")

            def same(a, b):
                return (a is None) == (b is None) and (a is None or abs(a - b) <= 1e-9 * max(1.0, abs(b)))
            # Every key result's value in the review period agrees. Cycle to date agrees for sums and
            # stocks; a median or a share averaged by period is pooled over the records natively
            # (the median lead of the cycle), which per-period actuals cannot give: the SQL path's
            # review reads the mean of the periods, as for any actuals file (documented).
            differ = [k for k in want if k not in got or not same(got[k][1], want[k][1])
                      or (want[k][2] != "average" and not same(got[k][0], want[k][0]))]
            check(not differ and got.keys() == want.keys(),
                  f"key results differ between the reviews of the SQL result and of the records: {differ}")
            if not differ:
                print(f"ok: tandem review --actuals reads the DuckDB result: its {len(want)} key results' "
                      "actuals are the ones the review of the records has")

        generated = os.path.join(work, "generated")
        run([bench, "records-generate", str(leads), generated])
        for f in os.listdir(generated):
            os.chmod(os.path.join(generated, f), 0o644)
        os.chmod(generated, 0o755)
        with open(os.path.join(generated, "plan.yaml")) as f:
            text = f.read()
        text = text.replace("objectives:", BENCH_EXTRA, 1).replace("{leads: 14, mqls: 30, opps: 90}",
                                                                   "{leads: 14, mqls: 30}")
        with open(os.path.join(generated, "plan.yaml"), "w") as f:
            f.write(text)
        one(tandem, f"Generated {leads} leads", os.path.join(generated, "plan.yaml"), "2026-10",
            [os.path.join(generated, "leads.csv"), os.path.join(generated, "deals.csv")], generated, BENCH_SCHEMA,
            [], pg)

        # Two leads sources: the same leads split in two tables, read as one (UNION ALL).
        split = os.path.join(work, "split")
        os.makedirs(split)
        with open(os.path.join(generated, "leads.csv")) as f:
            lines = f.readlines()
        half = 1 + (len(lines) - 1) // 2
        for name, part in (("leads.csv", lines[:half]), ("leads_2.csv", lines[:1] + lines[half:])):
            with open(os.path.join(split, name), "w") as f:
                f.writelines(part)
        shutil.copy(os.path.join(generated, "deals.csv"), os.path.join(split, "deals.csv"))
        one_source = '    - {kind: leads, preset: generic, file: "leads*.csv"}\n'
        check(one_source in text, "the benchmark plan's leads source is not where check_sql expects it")
        with open(os.path.join(split, "plan.yaml"), "w") as f:
            f.write(text.replace(one_source, '    - {kind: leads, preset: generic, file: "leads.csv"}\n'
                                             '    - {kind: leads, preset: generic, file: "leads_2.csv"}\n'))
        for f in os.listdir(split):
            os.chmod(os.path.join(split, f), 0o644)
        os.chmod(split, 0o755)
        one(tandem, f"Generated {leads} leads in two sources", os.path.join(split, "plan.yaml"), "2026-10",
            [os.path.join(split, f) for f in ("leads.csv", "leads_2.csv", "deals.csv")], split,
            dict(BENCH_SCHEMA, leads_2=BENCH_SCHEMA["leads"]), [], pg)
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        sys.exit(f"check_sql: {len(failures)} failure(s)")
    print("check_sql: ok")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
