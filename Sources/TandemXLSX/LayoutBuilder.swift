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
        /// A number cell, rounded once to the stored precision of the unit its format shows
        /// (``MetricUnit/stored(_:)``: a percent to 6 decimals, money to the cent, the rest to 4),
        /// as the Data sheet holds it and the digest formats it: one rounding path everywhere.
        mutating func number(_ row: Int, _ column: Int, _ value: Double?, _ format: CellFormat? = nil) {
            if let value, value.isFinite {
                put(row, column, .number(Self.stored(value, format)), format)
            } else {
                put(row, column, .blank, format)
            }
        }

        /// `value` rounded as the unit its number format shows stores it (``MetricUnit/stored(_:)``).
        static func stored(_ value: Double, _ format: CellFormat?) -> Double {
            guard let pattern = format?.numberFormat, pattern != "General", pattern != "@" else { return value }
            return storingUnit(pattern).stored(value)
        }

        /// The unit whose stored precision a number format's cells keep, read back from the
        /// pattern: `%` a fraction's, `×` a multiple's (kept as a ratio), a leading quoted symbol
        /// money's, any other a count's. Cells do not carry their unit: a ratio metric's
        /// `#,##0.00` cells keep 4 decimals here where the flat data keeps 6, so carrying it would
        /// change the workbook.
        /// Read as bytes and scalars: a sheet asks this for every number cell.
        static func storingUnit(_ pattern: String) -> MetricUnit {
            if pattern.utf8.contains(UInt8(ascii: "%")) { return .percent }
            if pattern.unicodeScalars.contains("×") { return .ratio }
            if pattern.utf8.first == UInt8(ascii: "\"") { return .currency }
            return .count
        }

        mutating func header(_ row: Int, _ titles: [String], from column: Int = 0) {
            for (i, t) in titles.enumerated() { text(row, column + i, t, .header) }
        }
    }

    func build(_ content: WorkbookContent = .review) -> WorkbookLayout {
        let header = 0...0
        let (y, m) = review.period.firstMonth
        var layout = WorkbookLayout(
            sheets: [], title: "\(review.plan.name) — review of \(review.period.label)",
            subject: "Sales and marketing review", company: review.plan.name,
            created: (LayoutBuilder.excelSerial(year: y, month: m) - 25_569) * 86_400)
        if content == .dataOnly {
            layout.sheets = dataSheets().map { finished($0, headerRows: header) }
            return layout
        }
        var sheets = [
            finished(summarySheet(), headerRows: nil, pagesTall: 1, margins: Self.summaryMargins),
            finished(keyResultsSheet(), headerRows: header),
            finished(funnelSheet(), headerRows: review.funnel == nil ? nil : header),
            finished(slaSheet(), headerRows: header),
            finished(adjustmentsSheet(), headerRows: header),
            finished(trendsSheet(), headerRows: header),
        ]
        if review.sinceLastReview != nil {
            sheets += [finished(decisionsSheet(), headerRows: nil), finished(restatementsSheet(), headerRows: header)]
        }
        if let pipeline = pipelineSheet() { sheets.append(finished(pipeline, headerRows: nil)) }
        if let reasons = reasonsSheet() { sheets.append(finished(reasons, headerRows: 3...3)) }
        if let quality = dataQualitySheet() { sheets.append(finished(quality, headerRows: header)) }
        sheets += dataSheets().map { finished($0, headerRows: header) }
        sheets.append(finished(aboutSheet(), headerRows: nil))
        layout.sheets = sheets
        return layout
    }

    /// Days since 1899-12-30 (Excel's serial date) of the first day of a month.
    static func excelSerial(year: Int, month: Int) -> Int {
        Int(daysFromCivil(year, month, 1)) + 25_569
    }
}

extension LayoutBuilder {
    /// The level of the review's forecast ranges (the plan's, 0.8 unless it says otherwise).
    var forecastLevel: Double {
        review.keyResults.lazy.compactMap { $0.forecastRange?.level }.first
            ?? review.funnel?.revenueForecast?.level ?? 0.8
    }

    /// The low end's name: `P10` for an 80 % range.
    var lowName: String { "P" + Formatting.trimmed((1 - forecastLevel) / 2 * 100, 1) }

    /// The high end's name: `P90` for an 80 % range.
    var highName: String { "P" + Formatting.trimmed((1 + forecastLevel) / 2 * 100, 1) }

    /// `80 %`.
    func percentWords(_ level: Double) -> String { Formatting.trimmed(level * 100, 1) + " %" }
}
