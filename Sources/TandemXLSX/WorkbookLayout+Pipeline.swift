import Tandem

extension LayoutBuilder {
    static let pipeline = "Pipeline"

    /// What moved in the pipeline: the waterfall of every step (amounts, then deals), the latest
    /// step as a waterfall chart (a stacked column over an invisible base), and its slipped and
    /// moved-back deals. Only when the review's records have deal snapshots.
    func pipelineSheet() -> Sheet? {
        guard let movement = review.records?.pipelineMovement, let last = movement.periods.last else { return nil }
        var w = Writer()
        let money = CellFormat.number(.currency, currency: currency)
        w.text(0, 0, "Pipeline movement", .title)
        w.text(
            1, 0,
            "Open deals closing by each period's end, from one export of the deals to the next; start + created + pulled in + increased − decreased − pushed out − lost − won = end.",
            .subtitle)
        let buckets = [
            "Start", "Created", "Pulled in", "Increased", "Decreased", "Pushed out", "Lost", "Won", "End",
        ]
        w.header(3, ["Period", "From", "To"] + buckets + ["Push rate", "Slipped deals", "Moved back", "Removed"])
        var row = 4
        for step in movement.periods {
            let amounts = [
                step.start, step.created, step.pulledIn, step.increased, step.decreased, step.pushedOut, step.lost,
                step.won, step.end,
            ]
            w.text(row, 0, step.period.label)
            w.text(row, 1, step.from)
            w.text(row, 2, step.to)
            for (i, amount) in amounts.enumerated() { w.number(row, 3 + i, amount, money) }
            w.number(row, 12, step.pushRate, .percent)
            w.number(row, 13, Double(step.slippedDeals), .count)
            w.number(row, 14, Double(step.movedBackDeals), .count)
            w.number(row, 15, Double(step.removed), .count)
            row += 1
        }
        row += 1
        w.header(row, ["Deals", "From", "To"] + buckets)
        row += 1
        for step in movement.periods {
            let d = step.deals
            let counts = [
                d.start, d.created, d.pulledIn, d.increased, d.decreased, d.pushedOut, d.lost, d.won, d.end,
            ]
            w.text(row, 0, step.period.label)
            w.text(row, 1, step.from)
            w.text(row, 2, step.to)
            for (i, n) in counts.enumerated() { w.number(row, 3 + i, Double(n), .count) }
            row += 1
        }
        // The chart's data: per bucket the invisible base, the totals, the rises and the falls.
        row += 1
        w.text(row, 0, "Waterfall of \(last.period.label) (\(last.from) → \(last.to))", .headline)
        row += 1
        let chartHeader = row
        w.header(row, ["Bucket", "Base", "Total", "Increase", "Decrease"])
        row += 1
        let first = row
        for bar in Self.waterfall(last) {
            w.text(row, 0, bar.name)
            w.number(row, 1, bar.base, money)
            w.number(row, 2, bar.total, money)
            w.number(row, 3, bar.rise, money)
            w.number(row, 4, bar.fall, money)
            row += 1
        }
        let lastBar = row - 1
        let categories = CellRange(firstRow: first, firstColumn: 0, lastRow: lastBar, lastColumn: 0)
        func series(_ name: String, _ column: Int, _ color: UInt32?, invisible: Bool = false) -> Chart.Series {
            Chart.Series(
                name: name, sheet: Self.pipeline, categories: categories,
                values: CellRange(firstRow: first, firstColumn: column, lastRow: lastBar, lastColumn: column),
                color: color, invisible: invisible)
        }
        let chart = Chart(
            kind: .stackedColumn, title: "Pipeline movement, \(last.period.label)",
            series: [
                series("Base", 1, nil, invisible: true), series("Pipeline", 2, 0x1F4E78),
                series("Increase", 3, 0x70AD47), series("Decrease", 4, 0xC00000),
            ],
            valueAxisTitle: currency.code, valueNumberFormat: money.numberFormat, row: chartHeader, column: 6,
            overlap: 100)
        // The lists start below the chart (about 20 rows tall at its scale).
        row = max(row + 1, chartHeader + 22)
        w.text(row, 0, "Slipped deals in \(last.period.label): close date moved later", .headline)
        row += 1
        w.header(
            row,
            ["Deal", "Segment", "Amount", "Close before", "Close now", "Days later", "Pushes", "Out of the period"])
        row += 1
        for s in last.slipped {
            w.text(row, 0, s.deal)
            w.text(row, 1, s.segment ?? "")
            w.number(row, 2, s.amount, money)
            w.text(row, 3, s.fromClose)
            w.text(row, 4, s.toClose)
            w.number(row, 5, Double(s.days), .count)
            w.number(row, 6, Double(s.pushes), .count)
            w.text(row, 7, s.pushedOut ? "yes" : "no")
            row += 1
        }
        if last.slippedDeals > last.slipped.count {
            w.text(row, 0, "… \(last.slippedDeals - last.slipped.count) more (the largest are listed)", .subtitle)
            row += 1
        }
        if !last.movedBack.isEmpty {
            row += 1
            w.text(row, 0, "Deals moved back a stage in \(last.period.label)", .headline)
            row += 1
            w.header(row, ["Deal", "Stage before", "Stage now", "Amount"])
            row += 1
            for m in last.movedBack {
                w.text(row, 0, m.deal)
                w.text(row, 1, m.from)
                w.text(row, 2, m.to)
                w.number(row, 3, m.amount, money)
                row += 1
            }
        }
        return Sheet(
            name: Self.pipeline, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 22), ColumnWidth(first: 1, last: 2, width: 13),
                ColumnWidth(first: 3, last: 15, width: 12),
            ],
            charts: [chart])
    }

    /// One bar of a waterfall chart.
    struct WaterfallBar {
        var name: String
        var base: Double
        var total: Double
        var rise: Double
        var fall: Double
    }

    /// The bars of a step's waterfall: the start and the end as totals; each inflow rises from
    /// the level so far, each outflow falls to the level after it (a stacked column over an
    /// invisible base).
    static func waterfall(_ step: PipelineMovement.Step) -> [WaterfallBar] {
        var bars = [WaterfallBar(name: "Start", base: 0, total: step.start, rise: 0, fall: 0)]
        var level = step.start
        for (name, amount) in [("Created", step.created), ("Pulled in", step.pulledIn), ("Increased", step.increased)] {
            bars.append(WaterfallBar(name: name, base: level, total: 0, rise: amount, fall: 0))
            level += amount
        }
        for (name, amount) in [
            ("Decreased", step.decreased), ("Pushed out", step.pushedOut), ("Lost", step.lost), ("Won", step.won),
        ] {
            level -= amount
            bars.append(WaterfallBar(name: name, base: max(0, level), total: 0, rise: 0, fall: amount))
        }
        bars.append(WaterfallBar(name: "End", base: 0, total: step.end, rise: 0, fall: 0))
        return bars
    }
}
