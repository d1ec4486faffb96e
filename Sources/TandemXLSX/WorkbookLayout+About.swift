import Tandem

extension LayoutBuilder {
    /// How the review's numbers are computed, in the words a manager reads them in.
    func explanations() -> [(String, String)] {
        let f = Formatting(currency: currency)
        let onTrack = f.percent(review.plan.tolerance.onTrack)
        let atRisk = f.percent(review.plan.tolerance.atRisk)
        return [
            (
                "Cycle to date, this month",
                "A figure is cycle to date (every period of the cycle so far, rolled up as its metric says: summed, "
                    + "averaged or the latest; ratios as Σ numerator ÷ Σ denominator) unless it is marked \(thisPeriod)."
            ),
            (
                "Expected",
                "Where the key result should be by now: the baseline plus the target's phasing up to this period "
                    + "(linear unless the plan phases it)."
            ),
            (
                "Progress and score",
                "Progress = (actual − baseline) ÷ (target − baseline). Score = progress held between 0 and 100 %. "
                    + "Stay-above/below key results score the share of periods that met the line. An objective's "
                    + "score is the weighted mean of its key results' scores; a team's the mean over the key results "
                    + "it owns."
            ),
            (
                "Status",
                "Pace = progress ÷ expected progress. On track when pace ≥ 1 − \(onTrack), at risk when pace ≥ "
                    + "1 − \(atRisk), off track below; achieved once the target is reached. Stay-above/below: on "
                    + "track while met, at risk within \(atRisk) of the line, off track beyond it."
            ),
            (
                "Objectives, teams, overall",
                "One roll-up rule for all three, of the key results with data: off track when a third or more "
                    + "are off track; at risk when any is off track or a third or more are at risk; achieved when "
                    + "all are achieved; on track otherwise."
            ),
            (
                "Tolerances in force",
                "on track within \(onTrack) of expected, at risk within \(atRisk) (the plan's tolerance: "
                    + "on_track, at_risk)."
            ),
            (
                "Lower is better",
                "For metrics where lower is better (speed to lead, cost per lead) attainment is target ÷ actual, "
                    + "and a fall is good: changes and margins are signed so + is always better than committed or "
                    + "planned, and change colours follow the metric's direction (green good, red bad)."
            ),
            (
                "Forecast",
                "The cycle-end value: actual so far plus the recent run-rate for the remaining periods for summed "
                    + "metrics (with a phased plan: the recent share of plan times the volume still planned); a "
                    + "least-squares trend for levels and rates; for revenue and won deals also the open pipeline at "
                    + "its observed rate and lag. Required run-rate: what each remaining period needs to reach the "
                    + "target."
            ),
            (
                "Fix worth",
                "For each funnel transition below plan: the extra volume at the next stage had it converted at "
                    + "plan on this cycle's volume, carried down the funnel at the later transitions' actual rates to "
                    + "won deals, times the value per won deal. The bottleneck is the transition whose fix is worth "
                    + "most; a rate within \(onTrack) of its plan is noise, not a bottleneck. Several adjustments "
                    + "fixing one gap count its worth once."
            ),
            (
                "Rates and points",
                "Rates are shown in % and their changes in percentage points (pts): 27.0 % after 29.0 % is −2.0 pts."
            ),
        ]
    }

    /// The review's track record as About rows: how often the ranges held this cycle, and the
    /// base's error beside the naive run-rate's.
    func trackRecord() -> [(String, String)] {
        guard let a = review.forecastAccuracy else { return [] }
        func pct(_ v: Double?) -> String { v.map { Formatting.fixed($0 * 100, 1) + " %" } ?? "–" }
        return [
            (
                "Forecast track record",
                "\(percentWords(a.level)) ranges held \(a.held) of \(a.forecasts) this cycle (forecasts of the review period made from every earlier period); base off by \(pct(a.medianAbsError)) on median (naive run-rate \(pct(a.naiveMedianAbsError))), bias \(pct(a.bias))"
            )
        ]
    }

    func aboutSheet() -> Sheet {
        var w = Writer()
        w.text(0, 0, "About this workbook", .title)
        let facts: [(String, String)] =
            [
                ("Schema version", "\(Review.schemaVersion) (Review JSON)"),
                ("Data schema version", "\(DataColumn.schemaVersion) (the Data table, the CSV, the JSON data rows)"),
                ("Period", review.period.description),
                ("Plan", review.plan.name),
                ("Cycle", "\(review.plan.cycle) (\(review.plan.cycleStart)…\(review.plan.cycleEnd))"),
                ("Currency", review.plan.currency.code),
                ("Inputs SHA-256", metadata.inputsSHA256 ?? "not recorded"),
                ("Inputs", metadata.inputs.isEmpty ? "built in code" : metadata.inputs.joined(separator: "; ")),
                ("Tandem version", TandemInfo.version),
                ("Data rows", "\(review.data.count)"),
                (
                    "Forecast ranges",
                    "central \(percentWords(forecastLevel)) prediction intervals, \(lowName) to \(highName), of the quantity each key result is judged on at the cycle's end: about \(percentWords(forecastLevel)) of outcomes should fall inside (the Forecasts article)"
                ),
                (
                    "Status looking ahead",
                    "on track by pace but even the \(highName) (the \(lowName) for lower-is-better) misses the target: at risk; the base misses but the range reaches: on track, forecast short"
                ),
            ] + trackRecord()
        var row = 2
        for (k, v) in facts {
            w.text(row, 0, k, .bold.with { $0.verticalTop = true })
            w.text(row, 1, v, .wrapped)
            row += 1
        }
        row += 1
        w.text(row, 0, "How the numbers are computed", .bold)
        for (k, v) in explanations() {
            row += 1
            w.text(row, 0, k, .bold.with { $0.verticalTop = true })
            w.text(row, 1, v, .wrapped)
        }
        row += 2
        w.text(
            row, 0,
            "The Data table (TandemData), data schema \(DataColumn.schemaVersion): one row per period, metric, team and segment as reported; total, plan and cycle_end rows (row_kind)",
            .bold)
        row += 1
        w.header(row, ["Column", "Type", "Meaning"])
        for column in DataColumn.allCases {
            row += 1
            w.text(row, 0, column.name, .wrapped)
            w.text(row, 1, column.kind.rawValue, .wrapped)
            w.text(row, 2, column.meaning, .wrapped)
        }
        row += 2
        w.text(
            row, 0,
            "Data past Excel's 1,048,576 rows continues on sheets Data 2, Data 3, … with tables TandemData_2, …")
        return Sheet(
            name: Self.about, cells: w.cells,
            columns: [
                // Column B holds the 64-digit SHA-256 whole.
                ColumnWidth(first: 0, last: 0, width: 24), ColumnWidth(first: 1, last: 1, width: 72),
                ColumnWidth(first: 2, last: 2, width: 70),
            ])
    }
}
