import Tandem

extension LayoutBuilder {
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
}
