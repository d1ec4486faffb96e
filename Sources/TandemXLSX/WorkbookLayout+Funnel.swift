import Tandem

extension LayoutBuilder {
    func funnelSheet() -> Sheet {
        var w = Writer()
        guard let funnel = review.funnel else {
            w.text(0, 0, "The plan has no funnel.")
            return Sheet(name: Self.funnel, cells: w.cells, columns: [ColumnWidth(first: 0, last: 0, width: 30)])
        }
        let money = CellFormat.number(.currency, currency: currency)
        w.header(
            0,
            [
                "Stage", "Metric", "Actual cycle to date", "Planned cycle to date", "Variance cycle to date",
                thisPeriod.prefix(1).uppercased() + thisPeriod.dropFirst(),
            ])
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
                "Conversion (cycle to date)", "", "Actual rate", "Planned rate", "Next stage if fixed", "Won if fixed",
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
            w.number(row, 5, t.impactWon, (mark ?? .plain).with { $0.numberFormat = "#,##0" })
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
}
