import Tandem

extension LayoutBuilder {
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
}
