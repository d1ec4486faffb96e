import Tandem

extension LayoutBuilder {
    /// The Key Results sheet's last printed column (Reason): the columns a meeting reads print on
    /// one page wide at a legible scale; the details right of it (metric, kind, baseline, score,
    /// pipeline forecast, backtest error, this period) are on the sheet for the screen.
    static let keyResultsPrintedColumns = 12

    func keyResultsSheet() -> Sheet {
        var w = Writer()
        let headers = [
            "Objective", "Key result", "Owners", "Target", "Expected by now", "Actual cycle to date", "Progress",
            "Forecast at cycle end", "Forecast \(lowName)", "Forecast \(highName)", "Status", "Reason", "Metric",
            "Kind", "Baseline",
            "Score", "Pipeline forecast", "Backtest error",
            thisPeriod.prefix(1).uppercased() + thisPeriod.dropFirst(),
        ]
        w.header(0, headers)
        let objectives = Dictionary(review.objectives.map { ($0.id, $0.title) }) { a, _ in a }
        for (i, kr) in review.keyResults.enumerated() {
            let r = i + 1
            let unit = CellFormat.number(kr.unit, currency: currency)
            w.text(r, 0, objectives[kr.objective] ?? kr.objective.rawValue, .wrapped)
            w.text(r, 1, kr.title, .wrapped)
            w.text(r, 2, teams(kr.owners), .wrapped)
            w.number(r, 3, kr.target, unit)
            w.number(r, 4, kr.expected, unit)
            w.number(r, 5, kr.actual, unit)
            w.number(r, 6, kr.progress, .percent)
            w.number(r, 7, kr.forecast, unit)
            w.number(r, 8, kr.forecastRange?.low, unit)
            w.number(r, 9, kr.forecastRange?.high, unit)
            w.text(r, 10, kr.statusLabel, .wrapped)
            w.text(r, 11, kr.reason, .wrapped)
            w.text(r, 12, kr.metricName, .wrapped)
            w.text(r, 13, String(kr.kind.rawValue.map { $0 == "_" ? " " : $0 }))
            w.number(r, 14, kr.baseline, unit)
            w.number(r, 15, kr.score, .percent)
            w.number(r, 16, kr.pipelineForecast?.base, unit)
            w.number(r, 17, kr.backtest?.errorPct, .percent)
            w.number(r, 18, kr.periodActual, unit)
        }
        let last = max(1, review.keyResults.count)
        var conditional = Palette.statusRules.prefix(4).map {
            ConditionalFormat(
                range: CellRange(firstRow: 1, firstColumn: 10, lastRow: last, lastColumn: 10),
                rule: .textContains($0.0, $0.1))
        }
        conditional.append(
            ConditionalFormat(
                range: CellRange(firstRow: 1, firstColumn: 15, lastRow: last, lastColumn: 15),
                rule: .dataBar(color: 0x5B9BD5)))
        return Sheet(
            name: Self.keyResults, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 18), ColumnWidth(first: 1, last: 1, width: 26),
                ColumnWidth(first: 2, last: 2, width: 11), ColumnWidth(first: 3, last: 5, width: 11),
                ColumnWidth(first: 6, last: 6, width: 9), ColumnWidth(first: 7, last: 9, width: 12),
                ColumnWidth(first: 10, last: 10, width: 11),
                ColumnWidth(first: 11, last: 11, width: 36), ColumnWidth(first: 12, last: 12, width: 22),
                ColumnWidth(first: 13, last: 13, width: 12), ColumnWidth(first: 14, last: 18, width: 13),
            ],
            freeze: (1, 2),
            autofilter: CellRange(
                firstRow: 0, firstColumn: 0, lastRow: review.keyResults.count, lastColumn: headers.count - 1),
            conditionalFormats: conditional,
            printArea: CellRange(
                firstRow: 0, firstColumn: 0, lastRow: last, lastColumn: Self.keyResultsPrintedColumns - 1))
    }
}
