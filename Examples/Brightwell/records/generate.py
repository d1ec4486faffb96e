#!/usr/bin/env python3
"""Brightwell's CRM records for July–November 2026, generated deterministically.

Writes, next to this script:
  hubspot-contacts.csv          a HubSpot contacts export (labels as headers, UTC timestamps),
                                with the lead status and a disqualification reason
  salesforce-opportunities.csv  a Salesforce opportunity report (every field quoted, M/D/YYYY
                                dates, the Grand Totals / Confidential / Copyright footer), with
                                the loss reason of lost deals
  salesforce-opportunities-2026-10-31.csv
                                the same report as exported on October 31: deals closed in
                                November still open (some then expected in December), deals
                                pushed since then at their earlier close date, a few amounts
                                and stages since changed, two deals since merged away

The story matches Examples/Brightwell: about 2,200 leads and 700 MQLs a month; the MQL→SQL
cohort conversion slides from 40 % (July) to 27 % (November); sales' first outreach slows in
October and November, so the 4-hour speed-to-lead SLA breaks; half the SQLs open an opportunity
and a quarter of those are won at about $24k. A few records are odd on purpose (duplicates,
stage times out of order, an unknown owner team) so the data-quality report has something to say.
Sales rejects most MQLs it does not accept: for a bad fit early on, and more and more because the
lead never answered once first outreach slows (the reasons draw on a second generator, so the
records above are the same as before the reasons were added).

Run: python3 Examples/Brightwell/records/generate.py   (same bytes every time, any Python 3)
"""

import datetime as dt
import os
import random
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = dt.timezone.utc
NEW_YORK = ZoneInfo("America/New_York")
EXPORTED = dt.datetime(2026, 12, 1, 5, 0, tzinfo=UTC)  # midnight in New York
OCTOBER = dt.datetime(2026, 11, 1, 4, 0, tzinfo=UTC)  # the October export: midnight in New York
OPEN_STAGES = ["Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review"]
LOSS_REASONS = [("Price", 0.35), ("Competitor", 0.25), ("No decision", 0.2), ("Timing", 0.1), ("", 0.1)]

MONTHS = [(2026, 7), (2026, 8), (2026, 9), (2026, 10), (2026, 11)]
LEADS = [2050, 2180, 2240, 2300, 2390]
MQLS = [610, 655, 690, 720, 745]
MQL_TO_SQL = [0.40, 0.37, 0.33, 0.30, 0.27]
# Share of MQLs touched within 4 hours, and the typical first-outreach delay (hours).
WITHIN_4H = [0.96, 0.95, 0.95, 0.45, 0.38]
UNTOUCHED = [0.01, 0.01, 0.01, 0.05, 0.06]
SEGMENTS = [("Mid-market", 0.5), ("SMB", 0.3), ("Enterprise", 0.2)]
SOURCES = [("Organic Search", 0.35), ("Paid Search", 0.2), ("Direct Traffic", 0.15), ("Offline Sources", 0.3)]


def pick(rng, table):
    u = rng.random()
    for value, weight in table:
        if u < weight:
            return value
        u -= weight
    return table[-1][0]


def month_time(rng, year, month):
    """A time in the month (UTC), business hours in New York more often than not."""
    days = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.date(year, month, 1)).days
    day = rng.randrange(days)
    hour = 13 + rng.randrange(10) if rng.random() < 0.8 else rng.randrange(24)
    return dt.datetime(year, month, 1, tzinfo=UTC) + dt.timedelta(days=day, hours=hour, minutes=rng.randrange(60))


def stamp(t):
    return "" if t is None else t.strftime("%Y-%m-%dT%H:%M:%SZ")


def sf_date(t):
    """Salesforce shows dates in the user's locale and time zone: M/D/YYYY in New York."""
    local = t.astimezone(NEW_YORK)
    return f"{local.month}/{local.day}/{local.year}"


def main():
    rng = random.Random(20261201)
    contacts = []
    opportunities = []
    serial = 1000
    for m, (year, month) in enumerate(MONTHS):
        mqls = MQLS[m]
        for i in range(LEADS[m]):
            serial += 1
            created = month_time(rng, year, month)
            segment = pick(rng, SEGMENTS)
            source = pick(rng, SOURCES)
            row = {"id": str(serial), "created": created, "mql": None, "sql": None, "touch": None, "team": "",
                   "segment": segment, "source": source, "status": "NEW"}
            if i < mqls:
                # An MQL: qualified within days, ideally touched by sales within hours.
                mql = created + dt.timedelta(hours=1 + rng.random() * 70)
                if mql.month != month:
                    mql = created + dt.timedelta(minutes=5 + rng.randrange(60))
                row["mql"] = mql
                row["team"] = "Sales"
                if rng.random() >= UNTOUCHED[m]:
                    if rng.random() < WITHIN_4H[m]:
                        delay = 0.2 + 3.6 * rng.random() ** 1.6
                    else:
                        delay = 4.2 + 30 * rng.random() ** 2
                    row["touch"] = mql + dt.timedelta(hours=delay)
                    row["status"] = "ATTEMPTED_TO_CONTACT"
                if rng.random() < MQL_TO_SQL[m]:
                    # Accepted by sales: lags of days, a long tail up to five weeks.
                    lag = 1 + 20 * rng.random() ** 2.2 + (14 * rng.random() if rng.random() < 0.1 else 0)
                    row["sql"] = mql + dt.timedelta(days=lag)
                    row["status"] = "IN_PROGRESS"
            contacts.append(row)
    # Lifecycle automation sometimes jumps a stage: a few SQLs never recorded as MQLs.
    for row in contacts[5::997]:
        if row["sql"] is not None:
            row["mql"] = None
    # Odd records for the data-quality report.
    contacts[40]["sql"] = contacts[40]["mql"] - dt.timedelta(hours=2) if contacts[40]["mql"] else None
    contacts[2300]["team"] = "Partners"
    contacts[5100]["team"] = "Partners"
    duplicates = [dict(contacts[k]) for k in (12, 3456, 9000)]

    # Opportunities from half the SQLs; a quarter of them won.
    for row in contacts:
        sql = row["sql"]
        if sql is None or sql >= EXPORTED or rng.random() >= 0.5:
            continue
        created = sql + dt.timedelta(days=rng.randrange(8))
        if created >= EXPORTED:
            continue
        amount = 100 * round((16000 + 16000 * rng.random() + (20000 * rng.random() if rng.random() < 0.15 else 0)) / 100)
        u = rng.random()
        close = created + dt.timedelta(days=15 + rng.randrange(50))
        planned = close
        if u < 0.3 and close < EXPORTED:
            stage, won, closed = "Closed Won", 1, 1
        elif u < 0.6 and close < EXPORTED:
            stage, won, closed = "Closed Lost", 0, 1
        else:
            stage = ["Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review"][rng.randrange(4)]
            won, closed = 0, 0
            if close < EXPORTED:
                close = EXPORTED + dt.timedelta(days=rng.randrange(60))
        opportunities.append({
            "id": f"006Bw{len(opportunities) + 1:07d}", "name": f"Brightwell AP — {row['id']}", "created": created,
            "stage": stage, "close": close, "amount": amount, "won": won, "closed": closed, "team": "Sales",
            "segment": row["segment"], "source": row["source"], "planned": planned, "reason": ""})

    # Reasons, from a generator of their own (the records above keep their values): an MQL sales
    # did not accept, and that is over ten days old, was rejected (mostly) or recycled; why
    # depends on how fast sales reached it and where it came from.
    why = random.Random(20261031)
    for row in contacts:
        row["reason"] = ""
        if row["mql"] is None or row["sql"] is not None or row["mql"] >= EXPORTED - dt.timedelta(days=10):
            continue
        u = why.random()
        if u < 0.7:
            row["status"] = "UNQUALIFIED"
            late = row["touch"] is None or row["touch"] - row["mql"] > dt.timedelta(hours=4)
            if why.random() < 0.08:
                row["reason"] = ""
            elif late and why.random() < 0.75:
                row["reason"] = "No response"
            elif row["source"] == "Paid Search" and why.random() < 0.6:
                row["reason"] = "Not ICP"
            else:
                row["reason"] = pick(why, [("Not ICP", 0.45), ("No budget", 0.3), ("Competitor", 0.1),
                                           ("Student or job seeker", 0.15)])
        elif u < 0.85:
            row["status"] = "BAD_TIMING"
            row["reason"] = "Not now" if why.random() < 0.7 else ""
    for o in opportunities:
        if o["stage"] == "Closed Lost":
            o["reason"] = pick(why, LOSS_REASONS)

    # The October export: the deals created by then, as they stood.
    october = []
    for o in opportunities:
        if o["created"] >= OCTOBER:
            continue
        past = dict(o)
        closed_by_then = o["closed"] and o["close"] < OCTOBER
        if not closed_by_then:
            past.update(stage=o["stage"] if not o["closed"] else OPEN_STAGES[2 + why.randrange(2)], won=0, closed=0,
                        reason="")
            if o["closed"] and why.random() < 0.2:
                # Closed in November, but expected in December as of October: pulled in.
                past["close"] = o["close"] + dt.timedelta(days=20 + why.randrange(20))
            if not o["closed"]:
                # Still open now: a close date that fell due in November was pushed during
                # November; one due before October 31 had been pushed by then, half of them to
                # a November date (and pushed again since), half to today's date.
                past["close"] = o["planned"]
                if o["planned"] < OCTOBER:
                    past["close"] = (o["close"] if why.random() < 0.5
                                     else dt.datetime(2026, 11, 3 + why.randrange(25), 17, 0, tzinfo=UTC))
                if why.random() < 0.06 and o["stage"] != OPEN_STAGES[-1]:
                    # Its stage has gone backwards since.
                    past["stage"] = OPEN_STAGES[OPEN_STAGES.index(o["stage"]) + 1]
            if why.random() < 0.08:
                past["amount"] = 100 * round(o["amount"] * (0.8 + 0.4 * why.random()) / 100)
        october.append(past)
    # Two deals of October that are gone from today's export (merged into others).
    for k in range(2):
        gone = dict(october[10 + 7 * k])
        gone.update(id=f"006Bw9{k + 1:06d}", stage=OPEN_STAGES[1], won=0, closed=0, reason="",
                    close=dt.datetime(2026, 11, 20, 17, 0, tzinfo=UTC))
        october.append(gone)

    with open(os.path.join(HERE, "hubspot-contacts.csv"), "w", newline="", encoding="utf-8") as f:
        f.write(
            "Record ID,Create Date,Lifecycle Stage,Lead Status,"
            "Date entered \u201cMarketing Qualified Lead (Lifecycle Stage Pipeline)\u201d,"
            "Date entered \u201cSales Qualified Lead (Lifecycle Stage Pipeline)\u201d,"
            "First outreach date,HubSpot Team,Segment,Original Traffic Source,Disqualification Reason\r\n")
        for row in contacts + duplicates:
            def visible(t):
                return None if t is None or t >= EXPORTED else t
            mql, sql, touch = visible(row["mql"]), visible(row["sql"]), visible(row["touch"])
            stage = "salesqualifiedlead" if sql else "marketingqualifiedlead" if mql else "lead"
            f.write(",".join([row["id"], stamp(row["created"]), stage, row["status"], stamp(mql), stamp(sql),
                              stamp(touch), row["team"], row["segment"], row["source"], row.get("reason", "")])
                    + "\r\n")

    write_report(os.path.join(HERE, "salesforce-opportunities.csv"), opportunities)
    write_report(os.path.join(HERE, "salesforce-opportunities-2026-10-31.csv"), october)


def write_report(path, opportunities):
    """A Salesforce opportunity report, as exported: every field quoted, the footer after a blank line."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        def line(values):
            f.write(",".join('"' + str(v).replace('"', '""') + '"' for v in values) + "\r\n")
        line(["Opportunity ID", "Opportunity Name", "Created Date", "Stage", "Close Date", "Amount", "Won", "Closed",
              "Owner Team", "Segment", "Lead Source", "Loss Reason"])
        for o in opportunities:
            line([o["id"], o["name"], sf_date(o["created"]), o["stage"], sf_date(o["close"]),
                  f"USD {o['amount']:,.2f}", o["won"], o["closed"], o["team"], o["segment"], o["source"], o["reason"]])
        f.write("\r\n")
        line([f"Grand Totals ({len(opportunities)} records)"])
        f.write("\r\n")
        line(["Confidential Information - Do Not Distribute"])
        line(["Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."])


if __name__ == "__main__":
    main()
