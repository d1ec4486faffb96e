import Tandem

extension LayoutBuilder {
    func keyResultsSheet() -> Sheet {
        var w = Writer()
        let headers = [
            "Objective", "Key result", "Owners", "Metric", "Kind", "Baseline", "Target", "Expected by now",
            "Actual cycle to date", "Progress", "Score", "Forecast at cycle end", "Status", "Reason", "Forecast low",
            "Forecast high", "Pipeline forecast", "Backtest error",
            thisPeriod.prefix(1).uppercased() + thisPeriod.dropFirst(),
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
            w.text(r, 12, kr.statusLabel)
            w.text(r, 13, kr.reason)
            w.number(r, 14, kr.forecastRange?.low, unit)
            w.number(r, 15, kr.forecastRange?.high, unit)
            w.number(r, 16, kr.pipelineForecast?.base, unit)
            w.number(r, 17, kr.backtest?.errorPct, .percent)
            w.number(r, 18, kr.periodActual, unit)
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
                ColumnWidth(first: 14, last: 18, width: 14),
            ],
            freeze: (1, 2),
            autofilter: CellRange(
                firstRow: 0, firstColumn: 0, lastRow: review.keyResults.count, lastColumn: headers.count - 1),
            conditionalFormats: conditional)
    }
}
