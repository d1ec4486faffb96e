"""Reads Tandem's outputs the way finance does: the workbook with openpyxl, the CSV with the csv
module (and pandas when it is installed). Run by `make test` on a freshly generated report.

usage: check_outputs.py REPORT_DIR PERIOD ACTUALS_CSV...
"""
import csv
import datetime
import decimal
import sys

import openpyxl

COLUMNS = ["period", "metric_id", "metric", "team", "segment", "unit",
           "actual", "target", "variance", "variance_pct",
           "rollup", "direction", "owner_team", "forecast", "row_kind"]
NUMBERS = (6, 7, 8, 9, 13)
SHEETS = ["Summary", "Key Results", "Funnel", "SLA", "Adjustments", "Trends", "Decisions", "Restatements", "Data", "About"]


def fail(message):
    print(f"check_outputs: FAIL: {message}")
    sys.exit(1)


def input_totals(paths, last_period):
    """Sum of every metric in the input CSVs (long and wide), up to the review period."""
    totals = {}
    for path in paths:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        header = [h.strip() for h in rows[0]]
        for row in rows[1:]:
            if not row:
                continue
            record = dict(zip(header, row))
            if record["period"] > last_period:
                continue
            if "metric" in header:
                items = [(record["metric"], record["value"])]
            else:
                items = [(h, record[h]) for h in header if h not in ("period", "team", "segment")]
            for metric, value in items:
                value = value.replace("$", "").strip()
                if value in ("", "-", "#N/A", "N/A"):
                    continue
                totals[metric] = totals.get(metric, decimal.Decimal(0)) + decimal.Decimal(value)
    return totals


def main():
    report_dir, period, inputs = sys.argv[1], sys.argv[2], sys.argv[3:]
    expected = input_totals(inputs, period)
    checks = 0

    # The workbook, as openpyxl reads it.
    wb = openpyxl.load_workbook(f"{report_dir}/tandem-{period}.xlsx")
    if wb.sheetnames != SHEETS:
        fail(f"sheets {wb.sheetnames} != {SHEETS}")
    data = wb["Data"]
    if list(data.tables.keys()) != ["TandemData"]:
        fail(f"Data tables: {list(data.tables.keys())}")
    rows = list(data.iter_rows(values_only=True))
    if list(rows[0]) != COLUMNS:
        fail(f"Data header {rows[0]}")
    if data.tables["TandemData"].ref != f"A1:O{len(rows)}":
        fail(f"table ref {data.tables['TandemData'].ref} for {len(rows)} rows")
    totals = {}
    for row in rows[1:]:
        if not isinstance(row[0], datetime.datetime) or row[0].day != 1:
            fail(f"period {row[0]!r} is not a first-of-month date")
        if row[14] not in ("actual", "plan"):
            fail(f"row_kind {row[14]!r}")
        if row[14] == "plan" and row[6] is not None:
            fail(f"plan row with an actual: {row}")
        for i in NUMBERS:
            if row[i] is not None and not isinstance(row[i], (int, float)):
                fail(f"{COLUMNS[i]} {row[i]!r} is not a number")
        if row[1] in expected and row[6] is not None:
            totals[row[1]] = totals.get(row[1], decimal.Decimal(0)) + decimal.Decimal(repr(row[6]))
        checks += 1
    for metric, total in expected.items():
        if abs(totals.get(metric, 0) - total) > decimal.Decimal("0.005"):
            fail(f"workbook total of {metric} {totals.get(metric)} != input {total}")
    for name in SHEETS:
        if wb[name].max_row < 2:
            fail(f"sheet {name} is empty")

    # The CSV, as the csv module reads it: same columns, same values.
    with open(f"{report_dir}/tandem-{period}.csv", newline="", encoding="utf-8") as f:
        records = list(csv.reader(f))
    if records[0] != COLUMNS:
        fail(f"CSV header {records[0]}")
    if len(records) != len(rows):
        fail(f"CSV has {len(records)} rows, the Data sheet {len(rows)}")
    csv_totals = {}
    for record in records[1:]:
        datetime.date.fromisoformat(record[0])
        for i in NUMBERS:
            if record[i] != "":
                float(record[i])
                if len(record[i].split(".")[-1]) > 12 and "." in record[i] and record[1] and i != 6:
                    fail(f"{COLUMNS[i]} {record[i]} is not rounded to its unit's precision")
        if record[1] in expected and record[6] != "":
            csv_totals[record[1]] = csv_totals.get(record[1], decimal.Decimal(0)) + decimal.Decimal(record[6])
    for metric, total in expected.items():
        if csv_totals.get(metric) != total:
            fail(f"CSV total of {metric} {csv_totals.get(metric)} != input {total}")

    try:
        import pandas
    except ImportError:
        pandas = None
    if pandas is not None:
        frame = pandas.read_csv(f"{report_dir}/tandem-{period}.csv", parse_dates=["period"])
        if list(frame.columns) != COLUMNS:
            fail(f"pandas columns {list(frame.columns)}")
        if str(frame["period"].dtype) != "datetime64[ns]" and not str(frame["period"].dtype).startswith("datetime64"):
            fail(f"pandas period dtype {frame['period'].dtype}")
        for column in ("actual", "target", "variance", "variance_pct", "forecast"):
            if frame[column].dtype.kind != "f" and frame[column].dtype.kind != "i":
                fail(f"pandas {column} dtype {frame[column].dtype}")
        excel = pandas.read_excel(f"{report_dir}/tandem-{period}.xlsx", sheet_name="Data")
        if list(excel.columns) != COLUMNS or excel["period"].dtype.kind != "M":
            fail("pandas reads the Data sheet with other columns or types")
        # Finance's pivot: metric x period, actual vs target. Every metric the plan targets has a
        # target in every period of the cycle, past (actual rows) and future (plan rows).
        for source, table in (("CSV", frame), ("Data sheet", excel)):
            pivot = table.pivot_table(index="metric_id", columns="period", values=["actual", "target"],
                                      aggfunc=lambda v: v.sum(min_count=1), dropna=False)
            targeted = sorted(set(table.loc[table["target"].notna(), "metric_id"]))
            if not targeted:
                fail(f"{source}: no metric has a target")
            blank = pivot["target"].loc[targeted].isna()
            if blank.any().any():
                where = [(m, str(p)[:10]) for m in targeted for p in blank.columns if blank.loc[m, p]]
                fail(f"{source} pivot has blank targets for {where[:5]}")
            plan_periods = set(table.loc[table["row_kind"] == "plan", "period"])
            if plan_periods & set(table.loc[table["row_kind"] == "actual", "period"]):
                fail(f"{source}: a period has both actual and plan rows")
    print(f"check_outputs: {checks} data rows checked, {len(expected)} metric totals reconcile"
          f"{', pandas agrees' if pandas is not None else ''}")
    print("1 passed, 0 failed")


main()
