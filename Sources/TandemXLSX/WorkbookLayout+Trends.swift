import Tandem

extension LayoutBuilder {
    func trendsSheet() -> Sheet {
        var w = Writer()
        let periods = review.periods
        let targets = review.periodTargets()
        let month = thisPeriod
        w.header(
            0,
            ["Metric", "Unit"] + periods.map(\.label) + [
                "Cycle to date", "Plan \(month)", "Change \(month)", "Trend (plan marked, shared scale)",
            ])
        for (i, t) in review.trends.enumerated() {
            let r = i + 1
            let unit = CellFormat.number(t.unit, currency: currency)
            w.text(r, 0, t.name)
            w.text(r, 1, t.unit.rawValue)
            for (k, v) in t.values.enumerated() { w.number(r, 2 + k, v, unit) }
            w.number(r, 2 + periods.count, t.cycleToDate, unit)
            w.number(r, 3 + periods.count, targets[t.metric], unit)
            // Green when the change is good for the metric's direction, red when bad.
            let change = CellFormat.change(t.unit, currency: currency).with { format in
                guard let c = t.change, c != 0 else { return }
                let good = (c > 0) == (t.direction == .higherIsBetter)
                format.fontColor = good ? Palette.onTrack.fontColor : Palette.offTrack.fontColor
            }
            w.number(r, 4 + periods.count, t.unit.presentation.changeValue(t.change), change)
            w.text(
                r, 5 + periods.count,
                Sparkline.render(t.values, plan: targets[t.metric], tolerance: review.plan.tolerance.onTrack))
        }
        return Sheet(
            name: Self.trends, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 32), ColumnWidth(first: 1, last: 1, width: 10),
                ColumnWidth(first: 2, last: 4 + periods.count, width: 12),
                ColumnWidth(first: 5 + periods.count, last: 5 + periods.count, width: 22),
            ],
            freeze: (1, 1))
    }
}
