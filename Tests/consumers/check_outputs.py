"""Reads Tandem's outputs the way finance does: the workbook with openpyxl, the CSV with the csv
module (and pandas when it is installed). Run by `make test` on a freshly generated report.

usage: check_outputs.py REPORT_DIR PERIOD ACTUALS_CSV...
"""
import csv
import datetime
import decimal
import sys

import openpyxl

COLUMNS = ["period", "metric_id", "metric", "team", "segment", "unit", "currency",
           "actual", "numerator", "denominator", "target", "variance", "variance_pct",
           "rollup", "direction", "owner_team", "forecast", "forecast_low", "forecast_high",
           "forecast_level", "row_kind"]
C = {name: i for i, name in enumerate(COLUMNS)}
NUMBERS = tuple(C[n] for n in ("actual", "numerator", "denominator", "target", "variance", "variance_pct",
                               "forecast", "forecast_low", "forecast_high", "forecast_level"))
ROW_KINDS = ("actual", "total", "plan", "cycle_end")
# Decimals a unit's numbers are rounded to (cents; 6 for percents and ratios; 4 otherwise).
DECIMALS = {"currency": 2, "percent": 6, "ratio": 6}
# The Data sheet's number format per unit, as openpyxl reads it (the plan's currency is USD).
FORMATS = {"count": "#,##0", "currency": '"$"#,##0.00', "percent": "0.0%", "hours": '0.0" h"'}
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
    if data.tables["TandemData"].ref != f"A1:U{len(rows)}":
        fail(f"table ref {data.tables['TandemData'].ref} for {len(rows)} rows")
    totals = {}
    cells = list(data.iter_rows(min_row=2))
    for row, cellrow in zip(rows[1:], cells):
        kind, unit = row[C["row_kind"]], row[C["unit"]]
        if not isinstance(row[0], datetime.datetime) or row[0].day != 1:
            fail(f"period {row[0]!r} is not a first-of-month date")
        if kind not in ROW_KINDS:
            fail(f"row_kind {kind!r}")
        if kind == "plan" and row[C["actual"]] is not None:
            fail(f"plan row with an actual: {row}")
        for i in NUMBERS:
            if row[i] is not None and not isinstance(row[i], (int, float)):
                fail(f"{COLUMNS[i]} {row[i]!r} is not a number")
        # Currency on currency rows only, the plan's code.
        if (row[C["currency"]] == "USD") != (unit == "currency"):
            fail(f"currency {row[C['currency']]!r} on a {unit} row")
        # The target only on whole-value rows (no team, no segment): the plan sets none per segment.
        if row[C["target"]] is not None and (row[C["team"]] or row[C["segment"]]):
            fail(f"target on a team or segment row: {row}")
        # A range has its level beside it, and holds its base.
        low, high, level, base = (row[C[n]] for n in ("forecast_low", "forecast_high", "forecast_level", "forecast"))
        if (low is None) != (level is None) or (high is None) != (level is None):
            fail(f"forecast range without its level (or a level without a range): {row}")
        if level is not None and not (level == 0.8 and low <= base <= high):
            fail(f"forecast range {low}–{high} at level {level} for base {base}: {row}")
        # A ratio's parts recompute its actual.
        num, den, actual = row[C["numerator"]], row[C["denominator"]], row[C["actual"]]
        if (num is None) != (den is None):
            fail(f"numerator without denominator: {row}")
        if num is not None and den and abs(num / den - actual) > 5e-7:
            fail(f"numerator / denominator {num}/{den} != actual {actual}")
        # Each value in its unit's format; variance_pct and the level as percents.
        if unit in FORMATS:
            for name in ("actual", "target", "variance", "forecast", "forecast_low", "forecast_high"):
                cell = cellrow[C[name]]
                if cell.value is not None and cell.number_format != FORMATS[unit]:
                    fail(f"{name} of a {unit} row formatted {cell.number_format!r}, not {FORMATS[unit]!r}")
        for name in ("variance_pct", "forecast_level"):
            cell = cellrow[C[name]]
            if cell.value is not None and not cell.number_format.endswith("%"):
                fail(f"{name} formatted {cell.number_format!r}, not as a percent")
        if kind == "actual" and row[1] in expected and actual is not None:
            totals[row[1]] = totals.get(row[1], decimal.Decimal(0)) + decimal.Decimal(repr(actual))
        checks += 1
    # Every targeted metric has one cycle_end row, dated the cycle's last period, with its range.
    targeted = {r[1] for r in rows[1:] if r[C["target"]] is not None and r[C["row_kind"]] != "cycle_end"}
    ends = [r for r in rows[1:] if r[C["row_kind"]] == "cycle_end"]
    if sorted(r[1] for r in ends) != sorted(targeted):
        fail(f"cycle_end rows for {sorted(r[1] for r in ends)}, targeted metrics {sorted(targeted)}")
    last_period = max(r[0] for r in rows[1:])
    for r in ends:
        if r[0] != last_period or r[C["forecast_low"]] is None or r[C["target"]] is None:
            fail(f"cycle_end row without its period, range or target: {r}")
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
    for record, row in zip(records[1:], rows[1:]):
        datetime.date.fromisoformat(record[0])
        for i in NUMBERS:
            if record[i] != "":
                float(record[i])
                # No float noise: every number within its unit's decimals (parts and levels: 4).
                unit = record[C["unit"]] if i not in (C["numerator"], C["denominator"], C["variance_pct"],
                                                      C["forecast_level"]) else "ratio"
                places = len(record[i].split(".")[1]) if "." in record[i] else 0
                if places > DECIMALS.get(unit, 4):
                    fail(f"{COLUMNS[i]} {record[i]} has {places} decimals: not rounded to its unit's precision")
                # The same value as the Data sheet's cell.
                if float(record[i]) != row[i]:
                    fail(f"CSV {COLUMNS[i]} {record[i]} != Data sheet {row[i]!r}")
            elif row[i] is not None:
                fail(f"CSV {COLUMNS[i]} empty where the Data sheet has {row[i]!r}")
        if record[C["row_kind"]] == "actual" and record[1] in expected and record[C["actual"]] != "":
            csv_totals[record[1]] = csv_totals.get(record[1], decimal.Decimal(0)) + decimal.Decimal(record[C["actual"]])
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
        for column in ("actual", "numerator", "denominator", "target", "variance", "variance_pct", "forecast",
                       "forecast_low", "forecast_high", "forecast_level"):
            if frame[column].dtype.kind != "f" and frame[column].dtype.kind != "i":
                fail(f"pandas {column} dtype {frame[column].dtype}")
        excel = pandas.read_excel(f"{report_dir}/tandem-{period}.xlsx", sheet_name="Data")
        if list(excel.columns) != COLUMNS or excel["period"].dtype.kind != "M":
            fail("pandas reads the Data sheet with other columns or types")
        # Finance's pivot: metric x period, actual vs target. Every metric the plan targets has a
        # target in every period of the cycle, past (actual rows) and future (plan rows).
        for source, table in (("CSV", frame), ("Data sheet", excel)):
            # The rate recomputed from its parts over the cycle, as a pivot does, is the cycle_end actual.
            parts = table[(table["row_kind"] == "actual") & table["numerator"].notna()]
            pooled = parts.groupby("metric_id")[["numerator", "denominator"]].sum()
            ends = table[table["row_kind"] == "cycle_end"].set_index("metric_id")
            for metric, p in pooled.iterrows():
                if metric in ends.index and abs(p["numerator"] / p["denominator"] - ends.loc[metric, "actual"]) > 5e-7:
                    fail(f"{source}: Σ numerator / Σ denominator of {metric} != its cycle_end actual")
            table = table[table["row_kind"] != "cycle_end"]
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
