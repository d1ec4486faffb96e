import Tandem

extension LayoutBuilder {
    static let restatements = "Restatements"

    /// Every actual of the periods both reviews cover that changed since the last review, for
    /// finance: the same key columns as the Data sheet, then before, after and the change.
    func restatementsSheet() -> Sheet {
        var w = Writer()
        let columns = [
            "period", "metric_id", "metric", "team", "segment", "unit", "before", "after", "change", "change_pct",
        ]
        w.header(0, columns)
        let u = review.sinceLastReview
        let rows = u?.restatements ?? []
        for (i, r) in rows.enumerated() {
            let row = i + 1
            let (y, m) = r.period.firstMonth
            w.number(row, 0, Double(LayoutBuilder.excelSerial(year: y, month: m)), .date)
            w.text(row, 1, r.metric.rawValue)
            w.text(row, 2, r.metricName)
            w.text(row, 3, r.team?.rawValue ?? "")
            w.text(row, 4, r.segment ?? "")
            w.text(row, 5, r.unit.rawValue)
            // In the unit's format, as on the Data sheet; the change's share as a percent.
            let unit = DataFormats(currency: currency).units[r.unit] ?? .decimal
            w.number(row, 6, r.before, unit)
            w.number(row, 7, r.after, unit)
            w.number(row, 8, r.change, unit)
            w.number(row, 9, r.change.flatMap { c in r.before.flatMap { $0 != 0 ? c / abs($0) : nil } }, .percent)
        }
        if rows.isEmpty {
            let text =
                u?.previousPeriod.map { "No actual changed since the \($0.label) review." }
                ?? "No previous review to compare with: nothing compared."
            w.text(1, 0, text)
        }
        return Sheet(
            name: Self.restatements, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 12, format: .date), ColumnWidth(first: 1, last: 2, width: 24),
                ColumnWidth(first: 3, last: 5, width: 14), ColumnWidth(first: 6, last: 9, width: 14),
            ],
            freeze: (1, 0),
            autofilter: rows.isEmpty
                ? nil : CellRange(firstRow: 0, firstColumn: 0, lastRow: rows.count, lastColumn: columns.count - 1))
    }
}
