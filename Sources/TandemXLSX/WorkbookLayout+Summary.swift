import Tandem

extension LayoutBuilder {
    func summarySheet() -> Sheet {
        var w = Writer()
        w.text(0, 0, "\(review.plan.name) — review of \(review.period.label)", .title)
        w.text(
            1, 0,
            "\(review.plan.cycle): period \(review.periods.count) of \(review.periods.count + review.remainingPeriods). Overall: \(review.headline.status.label).",
            .subtitle)
        w.text(3, 0, "Headline", .bold)
        w.text(4, 0, review.headline.sentence, .wrapped)
        if let forecast = review.headline.forecast { w.text(5, 0, forecast, .wrapped) }

        var row = 6
        w.header(row, ["Status", "Key results"])
        for c in review.headline.counts {
            row += 1
            w.text(row, 0, c.status.label)
            w.number(row, 1, Double(c.count), .count)
        }
        let statusRange = CellRange(firstRow: 7, firstColumn: 0, lastRow: row, lastColumn: 0)

        row += 2
        w.header(row, ["Objective", "Owners", "Score", "Status"])
        let objectiveStart = row + 1
        for o in review.objectives {
            row += 1
            w.text(row, 0, o.title, .wrapped)
            w.text(row, 1, teams(o.owners))
            w.number(row, 2, o.score, .percent)
            w.text(row, 3, o.status.label)
        }
        let objectiveRange = CellRange(firstRow: objectiveStart, firstColumn: 3, lastRow: row, lastColumn: 3)

        row += 2
        w.header(row, ["Team", "Key results", "Score", "Status"])
        let teamStart = row + 1
        for t in review.teams {
            row += 1
            w.text(row, 0, t.name)
            w.number(row, 1, Double(t.keyResults.count), .count)
            w.number(row, 2, t.score, .percent)
            w.text(row, 3, t.status.label)
        }
        let teamRange = CellRange(firstRow: teamStart, firstColumn: 3, lastRow: row, lastColumn: 3)

        row += 2
        w.text(row, 0, "Agenda: top problems", .bold)
        row += 1
        w.header(row, ["Problem", "Options", "Impact", "Revenue"])
        for p in review.agenda.prefix(5) {
            row += 1
            w.text(row, 0, p.title, .wrapped)
            w.text(row, 1, p.actions.map(\.title).joined(separator: "; "), .wrapped)
            w.text(row, 2, p.impact.description, .wrapped)
            w.number(row, 3, p.impact.revenue, CellFormat.number(.currency, currency: currency))
        }
        if review.agenda.isEmpty {
            row += 1
            w.text(row, 0, "None: no playbook rule fired this period.")
        }

        row += 2
        w.text(row, 0, "Alignment health", .bold)
        row += 1
        w.header(row, ["Finding", "Subject", "Code"])
        for h in review.health {
            row += 1
            w.text(row, 0, h.message, .wrapped)
            w.text(row, 1, h.subject)
            w.text(row, 2, h.code.rawValue)
        }
        if review.health.isEmpty {
            row += 1
            w.text(row, 0, "No findings: shared objectives, owned metrics, content at every stage.")
        }
        row = sinceLastReviewBlock(&w, from: row + 2)

        // The key results as % of target: the data behind the first chart.
        let helperColumn = 6
        w.header(6, ["Key result", "Expected % of target", "Actual % of target", "Target"], from: helperColumn)
        // A chart stays readable up to about 30 bars: past that, the 30 furthest behind.
        let limit = 30
        let chartKRs =
            review.keyResults.count <= limit
            ? review.keyResults
            : review.keyResults.enumerated().sorted { ($0.element.status, $0.offset) < ($1.element.status, $1.offset) }
                .prefix(limit).map(\.element)
        var helperRow = 6
        for kr in chartKRs {
            helperRow += 1
            w.text(helperRow, helperColumn, kr.title)
            let expected =
                kr.kind == .stayAbove || kr.kind == .stayBelow
                ? 1 : (kr.expected - kr.baseline) / (kr.target - kr.baseline)
            w.number(helperRow, helperColumn + 1, expected, .percent)
            w.number(
                helperRow, helperColumn + 2,
                kr.kind == .stayAbove || kr.kind == .stayBelow ? kr.attainment : kr.progress, .percent)
            w.number(helperRow, helperColumn + 3, 1, .percent)
        }
        var charts: [Chart] = []
        if !review.keyResults.isEmpty {
            let categories = CellRange(
                firstRow: 7, firstColumn: helperColumn, lastRow: helperRow, lastColumn: helperColumn)
            func col(_ c: Int) -> CellRange {
                CellRange(firstRow: 7, firstColumn: c, lastRow: helperRow, lastColumn: c)
            }
            charts.append(
                Chart(
                    kind: .bar,
                    title: review.keyResults.count <= limit
                        ? "Key results: actual vs expected vs target (% of target)"
                        : "The \(limit) key results furthest behind (% of target)",
                    series: [
                        .init(
                            name: "Actual", sheet: Self.summary, categories: categories, values: col(helperColumn + 2),
                            color: 0x1F4E78),
                        .init(
                            name: "Expected by now", sheet: Self.summary, categories: categories,
                            values: col(helperColumn + 1), color: 0xA6A6A6),
                        .init(
                            name: "Target", sheet: Self.summary, categories: categories, values: col(helperColumn + 3),
                            color: 0x70AD47),
                    ],
                    valueAxisTitle: "% of target", valueNumberFormat: "0%", row: row + 2, column: 0, widthScale: 2,
                    heightScale: 1.8))
        }
        if let funnel = review.funnel, !funnel.stages.isEmpty {
            let categories = CellRange(firstRow: 1, firstColumn: 0, lastRow: funnel.stages.count, lastColumn: 0)
            charts.append(
                Chart(
                    kind: .column, title: "Funnel to date: plan vs actual",
                    series: [
                        .init(
                            name: "Plan", sheet: Self.funnel, categories: categories,
                            values: CellRange(firstRow: 1, firstColumn: 3, lastRow: funnel.stages.count, lastColumn: 3),
                            color: 0xA6A6A6),
                        .init(
                            name: "Actual", sheet: Self.funnel, categories: categories,
                            values: CellRange(firstRow: 1, firstColumn: 2, lastRow: funnel.stages.count, lastColumn: 2),
                            color: 0x1F4E78),
                    ],
                    valueAxisTitle: "Volume", valueNumberFormat: "#,##0", row: row + 2, column: 5, widthScale: 1.6,
                    heightScale: 1.8))
            // Key funnel metrics across the cycle: the Trends rows of the stage metrics.
            let stageMetrics = Set(funnel.stages.map(\.metric))
            let periods = review.periods.count
            var series: [Chart.Series] = []
            for (i, t) in review.trends.enumerated()
            where stageMetrics.contains(t.metric) && t.metric != funnel.stages.first?.metric {
                series.append(
                    .init(
                        name: t.name, sheet: Self.trends,
                        categories: CellRange(firstRow: 0, firstColumn: 2, lastRow: 0, lastColumn: 1 + periods),
                        values: CellRange(firstRow: i + 1, firstColumn: 2, lastRow: i + 1, lastColumn: 1 + periods),
                        color: nil))
            }
            if !series.isEmpty {
                charts.append(
                    Chart(
                        kind: .line, title: "Funnel stages across the cycle", series: series,
                        valueAxisTitle: "Volume per period",
                        valueNumberFormat: "#,##0", row: row + 29, column: 0, widthScale: 2, heightScale: 1.5))
            }
        }
        var conditional: [ConditionalFormat] = []
        for range in [statusRange, objectiveRange, teamRange] where range.lastRow >= range.firstRow {
            for (text, format) in Palette.statusRules {
                conditional.append(ConditionalFormat(range: range, rule: .textContains(text, format)))
            }
        }
        return Sheet(
            name: Self.summary, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 48), ColumnWidth(first: 1, last: 1, width: 20),
                ColumnWidth(first: 2, last: 2, width: 40), ColumnWidth(first: 3, last: 3, width: 14),
                ColumnWidth(first: 4, last: 5, width: 3), ColumnWidth(first: 6, last: 6, width: 44),
                ColumnWidth(first: 7, last: 9, width: 14),
            ],
            rowHeights: [4: 48], conditionalFormats: conditional, charts: charts, tabColor: 0x1F4E78)
    }
}
