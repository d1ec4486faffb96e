import Tandem

/// Status colours shared by the sheets: fill and font.
enum Palette {
    static let offTrack = CellFormat(fontColor: 0x9C0006, fill: 0xFFC7CE)
    static let atRisk = CellFormat(fontColor: 0x9C5700, fill: 0xFFEB9C)
    static let onTrack = CellFormat(fontColor: 0x006100, fill: 0xC6EFCE)
    static let achieved = CellFormat(fontColor: 0x1F4E78, fill: 0xDDEBF7)
    static let highlight = CellFormat(bold: true, fill: 0xFFEB9C)
    static let statusRules: [(String, CellFormat)] = [
        ("off track", offTrack), ("at risk", atRisk), ("on track", onTrack), ("achieved", achieved),
        ("breached", offTrack), ("met", onTrack),
    ]
}

/// Builds the workbook's sheets from a ``Review``: arrangement and formats only.
struct LayoutBuilder {
    let review: Review
    let metadata: WorkbookMetadata
    let dataRowsPerSheet: Int
    let teamNames: [TeamID: String]

    init(review: Review, metadata: WorkbookMetadata, dataRowsPerSheet: Int) {
        self.review = review
        self.metadata = metadata
        self.dataRowsPerSheet = dataRowsPerSheet
        teamNames = Dictionary(review.plan.teams.map { ($0.id, $0.name) }) { a, _ in a }
    }

    var currency: Currency { review.plan.currency }
    func teams(_ ids: [TeamID]) -> String { ids.map { teamNames[$0] ?? $0.rawValue }.joined(separator: " + ") }

    static let summary = "Summary"
    static let keyResults = "Key Results"
    static let funnel = "Funnel"
    static let sla = "SLA"
    static let adjustments = "Adjustments"
    static let trends = "Trends"
    static let data = "Data"
    static let about = "About"

    /// Cells appended row by row.
    struct Writer {
        var cells: [Cell] = []
        mutating func put(_ row: Int, _ column: Int, _ value: CellValue, _ format: CellFormat? = nil) {
            cells.append(Cell(row: row, column: column, value: value, format: format))
        }
        mutating func text(_ row: Int, _ column: Int, _ text: String, _ format: CellFormat? = nil) {
            put(row, column, .text(text), format)
        }
        mutating func number(_ row: Int, _ column: Int, _ value: Double?, _ format: CellFormat? = nil) {
            if let value, value.isFinite {
                put(row, column, .number(value), format)
            } else {
                put(row, column, .blank, format)
            }
        }
        mutating func header(_ row: Int, _ titles: [String], from column: Int = 0) {
            for (i, t) in titles.enumerated() { text(row, column + i, t, .header) }
        }
    }

    func build() -> WorkbookLayout {
        var sheets = [summarySheet(), keyResultsSheet(), funnelSheet(), slaSheet(), adjustmentsSheet(), trendsSheet()]
        sheets += dataSheets()
        sheets.append(aboutSheet())
        let (y, m) = review.period.firstMonth
        return WorkbookLayout(
            sheets: sheets, title: "\(review.plan.name) — review of \(review.period.label)",
            subject: "Sales and marketing review", company: review.plan.name,
            created: (LayoutBuilder.excelSerial(year: y, month: m) - 25_569) * 86_400)
    }

    /// Days since 1899-12-30 (Excel's serial date) of the first day of a month.
    static func excelSerial(year: Int, month: Int) -> Int {
        // Days from civil (Howard Hinnant), relative to 1970-01-01, then shifted to Excel's epoch.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468 + 25_569
    }

    // MARK: Summary

    func summarySheet() -> Sheet {
        var w = Writer()
        w.text(0, 0, "\(review.plan.name) — review of \(review.period.label)", .title)
        w.text(
            1, 0,
            "\(review.plan.cycle): period \(review.periods.count) of \(review.periods.count + review.remainingPeriods). Overall: \(review.headline.status.label).",
            .subtitle)
        w.text(3, 0, "Headline", .bold)
        w.text(4, 0, review.headline.sentence, .wrapped)

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
        w.text(row, 0, "Top adjustments", .bold)
        row += 1
        w.header(row, ["Adjustment", "Teams", "Impact", "Revenue"])
        for a in review.adjustments.prefix(5) {
            row += 1
            w.text(row, 0, a.title, .wrapped)
            w.text(row, 1, teams(a.teams))
            w.text(row, 2, a.impact.description, .wrapped)
            w.number(row, 3, a.impact.revenue, CellFormat.number(.currency, currency: currency))
        }
        if review.adjustments.isEmpty {
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

    // MARK: Key results

    func keyResultsSheet() -> Sheet {
        var w = Writer()
        let headers = [
            "Objective", "Key result", "Owners", "Metric", "Kind", "Baseline", "Target", "Expected", "Actual",
            "Progress",
            "Score", "Forecast", "Status", "Reason",
        ]
        w.header(0, headers)
        let objectives = Dictionary(review.objectives.map { ($0.id, $0.title) }) { a, _ in a }
        for (i, kr) in review.keyResults.enumerated() {
            let r = i + 1
            let unit = CellFormat.number(kr.unit, currency: currency)
            w.text(r, 0, objectives[kr.objective] ?? kr.objective.rawValue)
            w.text(r, 1, kr.title)
            w.text(r, 2, teams(kr.owners))
            w.text(r, 3, kr.metricName)
            w.text(r, 4, kr.kind.rawValue.replacingOccurrences(of: "_", with: " "))
            w.number(r, 5, kr.baseline, unit)
            w.number(r, 6, kr.target, unit)
            w.number(r, 7, kr.expected, unit)
            w.number(r, 8, kr.actual, unit)
            w.number(r, 9, kr.progress, .percent)
            w.number(r, 10, kr.score, .percent)
            w.number(r, 11, kr.forecast, unit)
            w.text(r, 12, kr.status.label)
            w.text(r, 13, kr.reason)
        }
        let last = max(1, review.keyResults.count)
        var conditional = Palette.statusRules.prefix(4).map {
            ConditionalFormat(
                range: CellRange(firstRow: 1, firstColumn: 12, lastRow: last, lastColumn: 12),
                rule: .textContains($0.0, $0.1))
        }
        conditional.append(
            ConditionalFormat(
                range: CellRange(firstRow: 1, firstColumn: 10, lastRow: last, lastColumn: 10),
                rule: .dataBar(color: 0x5B9BD5)))
        return Sheet(
            name: Self.keyResults, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 1, width: 36), ColumnWidth(first: 2, last: 3, width: 20),
                ColumnWidth(first: 4, last: 4, width: 12), ColumnWidth(first: 5, last: 11, width: 12),
                ColumnWidth(first: 12, last: 12, width: 11), ColumnWidth(first: 13, last: 13, width: 70),
            ],
            freeze: (1, 2),
            autofilter: CellRange(
                firstRow: 0, firstColumn: 0, lastRow: review.keyResults.count, lastColumn: headers.count - 1),
            conditionalFormats: conditional)
    }

    // MARK: Funnel

    func funnelSheet() -> Sheet {
        var w = Writer()
        guard let funnel = review.funnel else {
            w.text(0, 0, "The plan has no funnel.")
            return Sheet(name: Self.funnel, cells: w.cells, columns: [ColumnWidth(first: 0, last: 0, width: 30)])
        }
        let money = CellFormat.number(.currency, currency: currency)
        w.header(0, ["Stage", "Metric", "Actual to date", "Planned to date", "Variance", "This period"])
        for (i, s) in funnel.stages.enumerated() {
            w.text(i + 1, 0, s.name)
            w.text(i + 1, 1, s.metric.rawValue)
            w.number(i + 1, 2, s.actual, .count)
            w.number(i + 1, 3, s.planned, .count)
            w.number(i + 1, 4, s.variancePct, .percent)
            w.number(i + 1, 5, s.periodActual, .count)
        }
        var row = funnel.stages.count + 2
        w.header(
            row,
            [
                "Conversion", "", "Actual rate", "Planned rate", "Next stage if fixed", "Won if fixed",
                "Revenue if fixed", "",
            ])
        for t in funnel.transitions {
            row += 1
            let isBottleneck = funnel.bottleneck.map { $0.from == t.from && $0.to == t.to } ?? false
            let mark: CellFormat? = isBottleneck ? Palette.highlight : nil
            w.text(row, 0, t.name, mark)
            w.text(row, 1, "\(t.from.rawValue) → \(t.to.rawValue)", mark)
            w.number(row, 2, t.actualRate, (mark ?? .plain).with { $0.numberFormat = "0.0%" })
            w.number(row, 3, t.plannedRate, (mark ?? .plain).with { $0.numberFormat = "0.0%" })
            w.number(row, 4, t.impactNext, (mark ?? .plain).with { $0.numberFormat = "#,##0" })
            w.number(row, 5, t.impactWon, (mark ?? .plain).with { $0.numberFormat = "#,##0.0" })
            w.number(row, 6, t.impactRevenue, (mark ?? .plain).with { $0.numberFormat = money.numberFormat })
            w.text(row, 7, isBottleneck ? "bottleneck" : "", mark)
        }
        row += 2
        if let b = funnel.bottleneck {
            w.text(row, 0, "Bottleneck: \(b.sentence)", .bold)
            row += 2
        }
        w.header(row, ["Reverse funnel", "", "Needed per period", "Planned per period", "Recent per period"])
        for n in funnel.reverse {
            row += 1
            w.text(row, 0, n.name)
            w.text(row, 1, n.stage.rawValue)
            w.number(row, 2, n.neededPerPeriod, .count)
            w.number(row, 3, n.plannedPerPeriod, .count)
            w.number(row, 4, n.recentPerPeriod, .count)
        }
        row += 2
        w.text(row, 0, "Revenue to date")
        w.number(row, 2, funnel.revenueToDate, money)
        w.text(row + 1, 0, "Revenue target")
        w.number(row + 1, 2, funnel.revenueTarget, money)
        w.text(row + 2, 0, "Value per won deal")
        w.number(row + 2, 2, funnel.valuePerWon, money)
        return Sheet(
            name: Self.funnel, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 34), ColumnWidth(first: 1, last: 1, width: 22),
                ColumnWidth(first: 2, last: 6, width: 18), ColumnWidth(first: 7, last: 7, width: 12),
            ],
            freeze: (1, 0))
    }

    // MARK: SLA

    func slaSheet() -> Sheet {
        var w = Writer()
        let periods = review.periods
        w.header(
            0,
            ["From", "To", "Commitment", "Metric", "Committed", "Cycle to date", "Status", "Margin"]
                + periods.map(\.label))
        for (i, s) in review.sla.enumerated() {
            let r = i + 1
            let unit = CellFormat.number(s.unit, currency: currency)
            w.text(r, 0, teams([s.from]))
            w.text(r, 1, teams([s.to]))
            w.text(r, 2, s.title, .wrapped)
            w.text(r, 3, "\(s.metric.rawValue) \(s.comparison.symbol)")
            w.number(r, 4, s.committed, unit)
            w.number(r, 5, s.actual, unit)
            w.text(r, 6, s.metInPeriod.map { $0 ? "met" : "breached" } ?? "no data")
            w.number(r, 7, s.margin, unit)
            for (k, p) in s.periods.enumerated() {
                let format = p.met == false ? Palette.offTrack.with { $0.numberFormat = unit.numberFormat } : unit
                w.number(r, 8 + k, p.actual, format)
            }
        }
        let last = max(1, review.sla.count)
        let conditional = Palette.statusRules.suffix(2).map {
            ConditionalFormat(
                range: CellRange(firstRow: 1, firstColumn: 6, lastRow: last, lastColumn: 6),
                rule: .textContains($0.0, $0.1))
        }
        return Sheet(
            name: Self.sla, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 1, width: 14), ColumnWidth(first: 2, last: 2, width: 44),
                ColumnWidth(first: 3, last: 3, width: 22), ColumnWidth(first: 4, last: 7 + periods.count, width: 12),
            ],
            freeze: (1, 3), conditionalFormats: conditional)
    }

    // MARK: Adjustments

    func adjustmentsSheet() -> Sheet {
        var w = Writer()
        w.header(
            0,
            [
                "#", "Rule", "Adjustment", "Teams", "Rationale", "Action", "Impact", "Won", "Revenue", "Priority",
                "Source",
            ])
        for (i, a) in review.adjustments.enumerated() {
            let r = i + 1
            w.number(r, 0, Double(r), .count)
            w.text(r, 1, a.rule.rawValue)
            w.text(r, 2, a.title, .wrapped)
            w.text(r, 3, teams(a.teams))
            w.text(r, 4, a.rationale, .wrapped)
            w.text(r, 5, a.action, .wrapped)
            w.text(r, 6, a.impact.description, .wrapped)
            w.number(r, 7, a.impact.won, .decimal)
            w.number(r, 8, a.impact.revenue, CellFormat.number(.currency, currency: currency))
            w.number(r, 9, Double(a.priority), .count)
            w.text(r, 10, a.fromPlan ? "plan" : "built-in")
        }
        return Sheet(
            name: Self.adjustments, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 4), ColumnWidth(first: 1, last: 1, width: 20),
                ColumnWidth(first: 2, last: 2, width: 30), ColumnWidth(first: 3, last: 3, width: 20),
                ColumnWidth(first: 4, last: 6, width: 48), ColumnWidth(first: 7, last: 10, width: 11),
            ],
            freeze: (1, 0),
            autofilter: CellRange(firstRow: 0, firstColumn: 0, lastRow: review.adjustments.count, lastColumn: 10))
    }

    // MARK: Trends

    func trendsSheet() -> Sheet {
        var w = Writer()
        let periods = review.periods
        w.header(0, ["Metric", "Unit"] + periods.map(\.label) + ["Cycle to date", "Change", "Trend"])
        for (i, t) in review.trends.enumerated() {
            let r = i + 1
            let unit = CellFormat.number(t.unit, currency: currency)
            w.text(r, 0, t.name)
            w.text(r, 1, t.unit.rawValue)
            for (k, v) in t.values.enumerated() { w.number(r, 2 + k, v, unit) }
            w.number(r, 2 + periods.count, t.cycleToDate, unit)
            w.number(r, 3 + periods.count, t.change, unit)
            w.text(r, 4 + periods.count, Sparkline.render(t.values))
        }
        return Sheet(
            name: Self.trends, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 32), ColumnWidth(first: 1, last: 1, width: 10),
                ColumnWidth(first: 2, last: 3 + periods.count, width: 12),
                ColumnWidth(first: 4 + periods.count, last: 4 + periods.count, width: 14),
            ],
            freeze: (1, 1))
    }

    // MARK: Data

    /// The Data sheet's column width for each flat-data column.
    static func dataWidth(_ column: DataColumn) -> Double {
        switch column.kind {
        case .date: 12
        case .number: 14
        case .text: column == .unit ? 10 : column == .team || column == .segment ? 16 : 24
        }
    }

    /// The Data sheet's widths, neighbouring columns of one width and format in one run.
    static func dataWidths() -> [ColumnWidth] {
        var runs: [ColumnWidth] = []
        for c in DataColumn.allCases {
            let width = dataWidth(c)
            let format: CellFormat? = c.kind == .date ? .date : nil
            if let last = runs.last, last.width == width, last.format == format, last.last == c.rawValue - 1 {
                runs[runs.count - 1].last = c.rawValue
            } else {
                runs.append(ColumnWidth(first: c.rawValue, last: c.rawValue, width: width, format: format))
            }
        }
        return runs
    }

    func dataSheets() -> [Sheet] {
        let total = review.data.count
        let perSheet = max(1, dataRowsPerSheet)
        let count = max(1, (total + perSheet - 1) / perSheet)
        return (0..<count).map { k in
            let rows = (k * perSheet)..<min(total, (k + 1) * perSheet)
            let name = k == 0 ? Self.data : "\(Self.data) \(k + 1)"
            var w = Writer()
            w.header(0, DataColumn.allCases.map(\.name))
            let range = CellRange(
                firstRow: 0, firstColumn: 0, lastRow: max(1, rows.count), lastColumn: DataColumn.allCases.count - 1)
            return Sheet(
                name: name, cells: w.cells,
                columns: Self.dataWidths(),
                freeze: (1, 0),
                tables: [
                    ExcelTable(
                        name: k == 0 ? "TandemData" : "TandemData_\(k + 1)", range: range,
                        columns: DataColumn.allCases.map {
                            TableColumn(header: $0.name, format: $0.kind == .date ? .date : nil)
                        })
                ],
                tabColor: 0x70AD47, dataRows: rows)
        }
    }

    // MARK: About

    func aboutSheet() -> Sheet {
        var w = Writer()
        w.text(0, 0, "About this workbook", .title)
        let facts: [(String, String)] = [
            ("Schema version", "\(Review.schemaVersion)"),
            ("Period", review.period.description),
            ("Plan", review.plan.name),
            ("Cycle", "\(review.plan.cycle) (\(review.plan.cycleStart)…\(review.plan.cycleEnd))"),
            ("Currency", review.plan.currency.code),
            ("Inputs SHA-256", metadata.inputsSHA256 ?? "not recorded"),
            ("Inputs", metadata.inputs.isEmpty ? "built in code" : metadata.inputs.joined(separator: "; ")),
            ("Tandem version", TandemInfo.version),
            ("Data rows", "\(review.data.count)"),
        ]
        for (i, (k, v)) in facts.enumerated() {
            w.text(2 + i, 0, k, .bold)
            w.text(2 + i, 1, v, .wrapped)
        }
        var row = 3 + facts.count
        w.text(row, 0, "The Data table (TandemData): one row per period, metric, team and segment", .bold)
        row += 1
        w.header(row, ["Column", "Type", "Meaning"])
        for column in DataColumn.allCases {
            row += 1
            w.text(row, 0, column.name)
            w.text(row, 1, column.kind.rawValue)
            w.text(row, 2, column.meaning, .wrapped)
        }
        row += 2
        w.text(
            row, 0,
            "Data past Excel's 1,048,576 rows continues on sheets Data 2, Data 3, … with tables TandemData_2, …",
            .wrapped)
        return Sheet(
            name: Self.about, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 22), ColumnWidth(first: 1, last: 1, width: 60),
                ColumnWidth(first: 2, last: 2, width: 70),
            ])
    }
}
