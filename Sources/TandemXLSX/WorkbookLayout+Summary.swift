import Tandem

extension LayoutBuilder {
    /// The Summary's columns, A to L: the first screen is rows 1–25 of these. A–D hold revenue and
    /// scores, F–L the agenda and what changed since the last review; the charts below sit in two
    /// halves, A–F and G–L.
    static let summaryWidths: [Double] = [36, 17, 13, 13, 2, 4, 46, 10, 12, 13, 6, 6]
    /// The last column of the first screen and of the printed page (L).
    static let summaryLastColumn = 11
    /// Where the charts' data sits on the Summary: right of the printed columns.
    static let chartDataColumn = 13
    /// The first row below the first screen.
    static let firstScreenRows = 25
    /// The charts' height, in libxlsxwriter's 288-pixel units: two rows of them and the first
    /// screen print on one A4 page at a scale a person reads (see `Tests/consumers/check_print.py`).
    static let summaryChartHeight = 0.8
    /// The Summary's page margins in inches (left, right, top, bottom): narrower than Excel's
    /// default, so the one page prints larger.
    static let summaryMargins = [0.4, 0.4, 0.5, 0.6]

    /// "this month" (or quarter): the label of a number that covers the review period alone.
    var thisPeriod: String { "this \(review.period.kind.noun)" }

    func summarySheet() -> Sheet {
        var w = Writer()
        let money = CellFormat.number(.currency, currency: currency)
        let total = review.periods.count + review.remainingPeriods
        w.text(0, 0, "\(review.plan.name) — review of \(review.period.label)", .title)
        w.text(
            1, 0,
            "\(review.plan.cycle): period \(review.periods.count) of \(total), \(review.remainingPeriods) to go. "
                + "Overall: \(review.headline.status.label). Figures are cycle to date unless marked \(thisPeriod).",
            .subtitle)
        // The headline, wrapped by hand across A–L so no viewer clips or overprints it.
        let headlineWidth = Self.summaryWidths.reduce(0, +) - 2
        var row = 3
        for line in SheetGeometry.wrap(review.headline.sentence, columnWidth: headlineWidth, fontSize: 12).prefix(3) {
            w.text(row, 0, line, .headline)
            row += 1
        }
        if let forecast = review.headline.forecast {
            // Bold type runs about a tenth wider than the regular widths the wrap measures.
            for line in SheetGeometry.wrap(forecast, columnWidth: headlineWidth, fontSize: 11 * 1.1).prefix(3) {
                w.text(row, 0, line, .bold)
                row += 1
            }
        }

        // Left block: revenue, objectives, teams.
        row += 1
        let blockTop = row
        revenueBlock(&w, from: row, money: money, row: &row)
        row += 2
        w.header(row, ["Objective", "Owners", "Score to date", "Status"])
        let objectiveStart = row + 1
        let objectiveLimit = 5
        for o in review.objectives.prefix(objectiveLimit) {
            row += 1
            w.text(row, 0, o.title, .wrapped)
            w.text(row, 1, teams(o.owners), .wrapped)
            w.number(row, 2, o.score, .percent)
            w.text(row, 3, o.status.label)
        }
        if review.objectives.count > objectiveLimit {
            row += 1
            w.text(row, 0, "… and \(review.objectives.count - objectiveLimit) more on Key Results", .subtitle)
        }
        if let score = review.headline.score {
            row += 1
            w.text(row, 0, "All objectives (plain mean)", .bold)
            w.number(row, 2, score, CellFormat.percent.with { $0.bold = true })
            w.text(row, 3, review.headline.status.label, .bold)
        }
        let objectiveRange = CellRange(firstRow: objectiveStart, firstColumn: 3, lastRow: row, lastColumn: 3)
        row += 2
        w.header(row, ["Team", "Key results", "Score to date", "Status"])
        let teamStart = row + 1
        for t in review.teams.prefix(4) {
            row += 1
            w.text(row, 0, t.name)
            w.number(row, 1, Double(t.keyResults.count), .count)
            w.number(row, 2, t.score, .percent)
            w.text(row, 3, t.status.label)
        }
        let teamRange = CellRange(firstRow: teamStart, firstColumn: 3, lastRow: row, lastColumn: 3)
        let leftBottom = row

        // Right block: the agenda's top problems, each impact counted once.
        row = blockTop
        w.header(row, ["#", "Agenda: top problems", "Since", "Fix worth", "Worth over", "", ""], from: 5)
        let agendaLimit = 5
        for (i, p) in review.agenda.prefix(agendaLimit).enumerated() {
            row += 1
            w.number(row, 5, Double(i + 1), .count)
            w.text(row, 6, p.title, .wrapped)
            w.text(row, 7, p.since?.label ?? "")
            w.number(row, 8, p.impact.revenue, money)
            if p.impact.revenue != nil, let window = p.impact.window {
                w.text(row, 9, windowLabel(window))
            }
        }
        if review.agenda.isEmpty {
            row += 1
            w.text(row, 6, "Nothing to decide: no problem on the agenda.")
        } else if review.agenda.count > agendaLimit {
            row += 1
            w.text(row, 6, "… \(review.agenda.count - agendaLimit) more on Adjustments", .subtitle)
        }
        row += 2
        var statusRange: CellRange?
        if review.sinceLastReview != nil {
            // What changed since the last review, in a few lines; the details are on Decisions.
            row = sinceLastReviewBlock(&w, from: row)
        } else {
            w.header(row, ["", "Key results", "Count", "", "", "", ""], from: 5)
            let statusStart = row + 1
            for c in review.headline.counts where c.count > 0 || c.status != .noData {
                row += 1
                w.text(row, 6, c.status.label)
                w.number(row, 7, Double(c.count), .count)
            }
            statusRange = CellRange(firstRow: statusStart, firstColumn: 6, lastRow: row, lastColumn: 6)
        }

        // Charts below the first screen, two a row, none overlapping.
        let chartTop = max(leftBottom, row) + 2
        var sheet = Sheet(
            name: Self.summary, cells: [],
            columns: Self.summaryWidths.enumerated().map {
                ColumnWidth(first: $0.offset, last: $0.offset, width: $0.element)
            }
                + [ColumnWidth(first: Self.chartDataColumn, last: Self.chartDataColumn + 8, width: 14)],
            tabColor: 0x1F4E78)
        var data = ChartData(column: Self.chartDataColumn)
        let charts = diagnosisCharts(&data)
        var top = chartTop
        var index = 0
        // Left charts fill A–F, right charts G–L, each a few pixels short of its columns.
        func pixels(_ columns: ClosedRange<Int>) -> Double {
            columns.reduce(0) { $0 + SheetGeometry.pixels(columnWidth: Self.summaryWidths[$1]) }
        }
        let halves = [0...5, 6...Self.summaryLastColumn]
        while index < charts.count {
            var bottom = top
            // A chart marked full width (the key results, one bar each) takes A–L alone.
            let row = charts[index].fullWidth ? [0...Self.summaryLastColumn] : halves
            for (k, half) in row.enumerated() where index + k < charts.count && (k == 0 || !charts[index + k].fullWidth)
            {
                var chart = charts[index + k]
                chart.row = top
                chart.column = half.lowerBound
                chart.widthScale = (pixels(half) - 8) / SheetGeometry.chartPixels.width
                sheet.charts.append(chart)
                bottom = max(bottom, sheet.extent(of: chart).lastRow)
            }
            top = bottom + 2
            index += charts[index].fullWidth || index + 1 >= charts.count || charts[index + 1].fullWidth ? 1 : 2
        }
        let printedRows = top - 2

        var conditional: [ConditionalFormat] = []
        for range in [statusRange, objectiveRange, teamRange].compactMap({ $0 }) where range.lastRow >= range.firstRow {
            for (text, format) in Palette.statusRules {
                conditional.append(ConditionalFormat(range: range, rule: .textContains(text, format)))
            }
        }
        // On the first screen every cell sits at the top of its row, text and numbers alike.
        let firstScreen = w.cells.map { cell in
            guard cell.row < chartTop else { return cell }
            var cell = cell
            cell.format = (cell.format ?? .plain).with { $0.verticalTop = true }
            return cell
        }
        sheet.cells = firstScreen + data.writer.cells
        sheet.conditionalFormats = conditional
        sheet.printArea = CellRange(
            firstRow: 0, firstColumn: 0, lastRow: max(printedRows, chartTop), lastColumn: Self.summaryLastColumn)
        return sheet
    }

    /// Revenue against the cycle's target: booked to date, the forecast at the cycle's end with its
    /// range, and the open pipeline's coverage of what is still to book. Each value sits under a
    /// header that names it.
    private func revenueBlock(_ w: inout Writer, from top: Int, money: CellFormat, row: inout Int) {
        row = top
        w.header(row, ["Revenue (the cycle)", "Value", lowName, highName])
        guard let funnel = review.funnel else {
            row += 1
            w.text(row, 0, "The plan has no funnel: no revenue to report.")
            return
        }
        if let target = funnel.revenueTarget {
            row += 1
            w.text(row, 0, "Target for the cycle")
            w.number(row, 1, target, money)
        }
        row += 1
        w.text(row, 0, "Booked to date")
        w.number(row, 1, funnel.revenueToDate, money)
        if let f = funnel.revenueForecast {
            row += 1
            w.text(row, 0, "Forecast at cycle end, \(f.method == .actual ? "booked" : "run-rate")")
            w.number(row, 1, f.base, money)
            w.number(row, 2, f.low, money)
            w.number(row, 3, f.high, money)
        }
        if let f = funnel.revenuePipelineForecast {
            row += 1
            w.text(row, 0, "Forecast at cycle end, open \(f.method == .openDeals ? "deals" : "pipeline")")
            w.number(row, 1, f.base, money)
            w.number(row, 2, f.low, money)
            w.number(row, 3, f.high, money)
        }
        if let toGo = funnel.revenueToGo {
            row += 1
            w.text(row, 0, "Still to book")
            w.number(row, 1, toGo, money)
        }
        if let c = funnel.coverage {
            row += 1
            w.text(row, 0, "Open pipeline, end of \(review.period.shortLabel)")
            w.number(row, 1, c.openPipeline, money)
            row += 1
            w.text(row, 0, "Pipeline coverage (open ÷ to go)")
            w.number(row, 1, c.ratio, Self.multiple)
        }
    }

    /// A multiple such as pipeline coverage: `2.8×`.
    static let multiple = CellFormat(numberFormat: "0.0\"×\"")

    /// The numbers behind the Summary's charts, written right of the printed columns.
    struct ChartData {
        var writer = Writer()
        let column: Int
        var row = 0

        init(column: Int) { self.column = column }

        /// Writes a titled table (a header row, then one row per category) and returns the range of
        /// each column's values and the categories' range.
        mutating func table(_ title: String, headers: [String], rows: [(String, [Double?])], format: CellFormat)
            -> (categories: CellRange, values: [CellRange])
        {
            writer.text(row, column, title, .bold)
            // Bold, not the wrapped header style: these rows share their height with the first screen.
            for (i, h) in headers.enumerated() { writer.text(row + 1, column + 1 + i, h, .bold) }
            let first = row + 2
            for (i, r) in rows.enumerated() {
                writer.text(first + i, column, r.0)
                for (k, v) in r.1.enumerated() { writer.number(first + i, column + 1 + k, v, format) }
            }
            let last = first + max(rows.count, 1) - 1
            row = last + 2
            return (
                CellRange(firstRow: first, firstColumn: column, lastRow: last, lastColumn: column),
                headers.indices.map {
                    CellRange(firstRow: first, firstColumn: column + 1 + $0, lastRow: last, lastColumn: column + 1 + $0)
                }
            )
        }
    }

    /// The charts that show the diagnosis: conversion vs plan per transition, stage volume
    /// variance, key results by status, the bottleneck's conversion month by month.
    func diagnosisCharts(_ data: inout ChartData) -> [Chart] {
        var charts: [Chart] = []
        let sheet = Self.summary
        let bad: UInt32 = 0xC00000
        let good: UInt32 = 0x548235
        let actual: UInt32 = 0x1F4E78
        let plan: UInt32 = 0xA6A6A6
        if let funnel = review.funnel, !funnel.transitions.isEmpty {
            // The bottleneck is named under its bars: one colour per series, so the legend is true.
            let (categories, values) = data.table(
                "Conversion per transition (cycle to date)", headers: ["Actual", "Plan"],
                rows: funnel.transitions.map { t in
                    let isBottleneck = funnel.bottleneck.map { $0.from == t.from && $0.to == t.to } ?? false
                    return (isBottleneck ? "\(t.name) (bottleneck)" : t.name, [t.actualRate, t.plannedRate])
                }, format: .percent)
            charts.append(
                Chart(
                    kind: .column, title: "Conversion per transition vs plan (cycle to date)",
                    series: [
                        .init(name: "Actual", sheet: sheet, categories: categories, values: values[0], color: actual),
                        .init(name: "Plan", sheet: sheet, categories: categories, values: values[1], color: plan),
                    ],
                    valueAxisTitle: "Conversion", valueNumberFormat: "0%", row: 0, column: 0,
                    heightScale: Self.summaryChartHeight))
        }
        if let funnel = review.funnel, !funnel.stages.isEmpty {
            // Above and below plan as two series, green and red, drawn in one place per stage.
            let (categories, values) = data.table(
                "Stage volume vs plan (cycle to date)", headers: ["Above plan", "Below plan"],
                rows: funnel.stages.map { stage in
                    let v = stage.variancePct
                    return (stage.name, [v.flatMap { $0 >= 0 ? $0 : nil }, v.flatMap { $0 < 0 ? $0 : nil }])
                }, format: .percent)
            let above = funnel.stages.contains { ($0.variancePct ?? -1) >= 0 }
            let below = funnel.stages.contains { ($0.variancePct ?? 0) < 0 }
            charts.append(
                Chart(
                    kind: .bar, title: "Stage volume vs plan, variance % (cycle to date)",
                    series: (above || !below
                        ? [
                            Chart.Series(
                                name: "Above plan", sheet: sheet, categories: categories, values: values[0], color: good
                            )
                        ] : [])
                        + (below
                            ? [
                                Chart.Series(
                                    name: "Below plan", sheet: sheet, categories: categories, values: values[1],
                                    color: bad)
                            ] : []),
                    valueAxisTitle: "Variance vs plan", valueNumberFormat: "+0%;−0%;0%", row: 0, column: 0,
                    heightScale: Self.summaryChartHeight, reverseCategories: true, overlap: 100))
        }
        if let funnel = review.funnel, let b = funnel.bottleneck,
            let t = funnel.transitions.first(where: { $0.from == b.from && $0.to == b.to })
        {
            let (categories, values) = data.table(
                "\(t.name) by month", headers: ["Actual", "Plan"],
                rows: review.periods.enumerated().map { i, p in
                    (p.label, [i < t.periodRates.count ? t.periodRates[i] : nil, t.plannedRate])
                }, format: .percent)
            charts.append(
                Chart(
                    kind: .line, title: "Bottleneck \(t.name): conversion by \(review.period.kind.rawValue) vs plan",
                    series: [
                        .init(name: "Actual", sheet: sheet, categories: categories, values: values[0], color: bad),
                        // A line needs a darker grey than a bar to stand out from the grid.
                        .init(name: "Plan", sheet: sheet, categories: categories, values: values[1], color: 0x7F7F7F),
                    ],
                    valueAxisTitle: "Conversion", valueNumberFormat: "0%", row: 0, column: 0,
                    heightScale: Self.summaryChartHeight,
                    minimum: 0))
        }
        if !review.keyResults.isEmpty {
            // Up to 30 bars stay readable: past that, the 30 furthest behind.
            let limit = 30
            let shown =
                review.keyResults.count <= limit
                ? review.keyResults
                : review.keyResults.enumerated().sorted {
                    ($0.element.status, $0.offset) < ($1.element.status, $1.offset)
                }
                .prefix(limit).map(\.element)
            // Progress to target (stay-above/below: actual ÷ the line), one series per status in its
            // colour, drawn in one place per key result; the expected progress outlined over it.
            let statuses = Status.allCases.filter { status in shown.contains { $0.status == status } }
            func progress(_ kr: KeyResultReview) -> (value: Double?, expected: Double?) {
                let stay = kr.kind == .stayAbove || kr.kind == .stayBelow
                return (
                    stay ? kr.attainment : kr.progress,
                    stay ? 1 : (kr.expected - kr.baseline) / (kr.target - kr.baseline)
                )
            }
            let (categories, values) = data.table(
                "Key results, progress to target (cycle to date)",
                headers: statuses.map { $0.label.prefix(1).uppercased() + $0.label.dropFirst() } + ["Expected by now"],
                rows: shown.map { kr in
                    let p = progress(kr)
                    return (kr.title, statuses.map { $0 == kr.status ? p.value : nil } + [p.expected])
                }, format: .percent)
            let dark: UInt32 = 0x262626
            charts.append(
                Chart(
                    kind: .bar,
                    title: review.keyResults.count <= limit
                        ? "Key results: progress to target (cycle to date)"
                        : "The \(limit) key results furthest behind: progress to target",
                    series: statuses.enumerated().map { k, status in
                        Chart.Series(
                            name: status.label.prefix(1).uppercased() + status.label.dropFirst(), sheet: sheet,
                            categories: categories, values: values[k], color: Self.statusColor(status))
                    } + [
                        Chart.Series(
                            name: "Expected by now", sheet: sheet, categories: categories,
                            values: values[statuses.count],
                            color: dark, outline: true)
                    ],
                    valueAxisTitle: "Progress to target (100 % = target)", valueNumberFormat: "0%", row: 0, column: 0,
                    heightScale: max(Self.summaryChartHeight, 0.3 + 0.07 * Double(shown.count)),
                    reverseCategories: true,
                    fullWidth: shown.count > 14, overlap: 100))
        }
        return charts
    }

    /// What a fix's worth is computed over, in the words of the first screen.
    func windowLabel(_ window: ProblemImpact.Window) -> String {
        let recent = min(review.funnel?.recentPeriods ?? 1, review.periods.count)
        return switch window {
        case .cycleToDate: "cycle to date"
        case .recent: "last \(recent) \(review.period.kind.noun(recent))"
        case .remaining: "rest of cycle"
        }
    }

    static func statusColor(_ status: Status) -> UInt32 {
        switch status {
        case .offTrack: 0xC00000
        case .atRisk: 0xFFC000
        case .onTrack: 0x70AD47
        case .achieved: 0x1F4E78
        default: 0xA6A6A6
        }
    }
}
