import Tandem

extension LayoutBuilder {
    /// A metric's name, from the review's trends; its id when the review has no series for it.
    func metricName(_ id: MetricID) -> String {
        review.trends.first { $0.metric == id }?.name ?? review.keyResults.first { $0.metric == id }?.metricName
            ?? id.rawValue
    }

    func slaSheet() -> Sheet {
        var w = Writer()
        let f = Formatting(currency: currency)
        let periods = review.periods
        let month = "This \(review.period.kind.noun)"
        w.header(
            0,
            [
                "From", "To", "Commitment", "Metric", "Committed", month, "Status \(month.lowercased())",
                "Margin \(month.lowercased())", "Cycle to date", "Status cycle to date", "Margin cycle to date",
            ] + periods.map(\.label))
        for (i, s) in review.sla.enumerated() {
            let r = i + 1
            let unit = CellFormat.number(s.unit, currency: currency)
            let margin = CellFormat.change(s.unit, currency: currency)
            let current = s.periods.last { $0.period == review.period }
            w.text(r, 0, teams([s.from]), .wrapped)
            w.text(r, 1, teams([s.to]), .wrapped)
            w.text(r, 2, s.title, .wrapped)
            w.text(r, 3, metricName(s.metric), .wrapped)
            w.text(r, 4, "\(s.comparison.symbol) \(f.value(s.committed, s.unit))", CellFormat(alignRight: true))
            w.number(r, 5, current?.actual, unit)
            w.text(r, 6, s.metInPeriod.map { $0 ? "met" : "breached" } ?? "no data", .wrapped)
            w.number(r, 7, s.unit.presentation.changeValue(current?.margin), margin)
            w.number(r, 8, s.actual, unit)
            w.text(r, 9, s.met.map { $0 ? "met" : "breached" } ?? "no data", .wrapped)
            w.number(r, 10, s.unit.presentation.changeValue(s.margin), margin)
            for (k, p) in s.periods.enumerated() {
                let format = p.met == false ? Palette.offTrack.with { $0.numberFormat = unit.numberFormat } : unit
                w.number(r, 11 + k, p.actual, format)
            }
        }
        let last = max(1, review.sla.count)
        let conditional = [6, 9].flatMap { column in
            Palette.statusRules.suffix(2).map {
                ConditionalFormat(
                    range: CellRange(firstRow: 1, firstColumn: column, lastRow: last, lastColumn: column),
                    rule: .textContains($0.0, $0.1))
            }
        }
        return Sheet(
            name: Self.sla, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 1, width: 10), ColumnWidth(first: 2, last: 2, width: 30),
                ColumnWidth(first: 3, last: 3, width: 14), ColumnWidth(first: 4, last: 4, width: 10),
                ColumnWidth(first: 5, last: 10, width: 9),
                ColumnWidth(first: 11, last: 10 + max(1, periods.count), width: 8),
            ],
            freeze: (1, 3), conditionalFormats: conditional)
    }
}
