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
        // The method column only when records measured a transition (cohorts); period ratios otherwise.
        let cohorts = funnel.transitions.contains { $0.method == .cohort }
        w.header(
            row,
            [
                "Conversion (cycle to date)", "", "Actual rate", "Planned rate", "Next stage if fixed", "Won if fixed",
                "Revenue if fixed", "",
            ] + (cohorts ? ["Method"] : []))
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
            guard cohorts else { continue }
            w.text(
                row, 8,
                t.method == .cohort
                    ? "cohort, mature \(t.maturePeriods.first?.shortLabel ?? "none")\(t.maturePeriods.count > 1 ? "–" + t.maturePeriods.last!.shortLabel : "")"
                    : "period ratio", mark)
        }
        row += 2
        if let b = funnel.bottleneck {
            w.text(row, 0, "Bottleneck: \(b.sentence)", .bold)
            row += 2
        }
        w.header(row, ["Reverse funnel", "", "Needed per period", "Planned per period", "Recent per period", "Gap"])
        for n in funnel.reverse {
            row += 1
            let gap: CellFormat? = (n.gap ?? 0) > 0 ? Palette.highlight : nil
            w.text(row, 0, n.name, gap)
            w.text(row, 1, n.stage.rawValue, gap)
            w.number(row, 2, n.neededPerPeriod, (gap ?? .plain).with { $0.numberFormat = "#,##0" })
            w.number(row, 3, n.plannedPerPeriod, .count)
            w.number(row, 4, n.recentPerPeriod, .count)
            w.number(row, 5, n.gap, (gap ?? .plain).with { $0.numberFormat = "+#,##0;-#,##0;0" })
        }
        row += 2
        let facts: [(String, Double?)] = [
            ("Revenue to date", funnel.revenueToDate), ("Revenue target", funnel.revenueTarget),
            ("Value per won deal", funnel.valuePerWon), ("Revenue to go", funnel.revenueToGo),
            ("Forecast (\(funnel.revenueForecast?.method.rawValue ?? "run_rate"))", funnel.revenueForecast?.base),
            ("Forecast \(lowName)", funnel.revenueForecast?.low),
            ("Forecast \(highName)", funnel.revenueForecast?.high),
            (
                "Pipeline forecast (\(funnel.revenuePipelineForecast?.method.rawValue ?? "pipeline"))",
                funnel.revenuePipelineForecast?.base
            ),
            ("Pipeline forecast \(lowName)", funnel.revenuePipelineForecast?.low),
            ("Pipeline forecast \(highName)", funnel.revenuePipelineForecast?.high),
            ("Open pipeline", funnel.coverage?.openPipeline),
        ]
        for (i, (label, value)) in facts.enumerated() {
            w.text(row + i, 0, label)
            w.number(row + i, 2, value, money)
        }
        row += facts.count
        if let c = funnel.coverage {
            w.text(row, 0, "Pipeline coverage")
            w.number(row, 2, c.ratio, CellFormat.plain.with { $0.numberFormat = "0.0\"×\"" })
            // The definition, one line a row across D–H, so no line runs past the printed page.
            let lines = SheetGeometry.wrap(c.definition, columnWidth: 18 * 4 + 12 - 2)
            for (k, line) in lines.enumerated() { w.text(row + k, 3, line) }
            row += max(1, lines.count)
        }
        for b in [funnel.revenueBacktest, funnel.revenueDealsBacktest].compactMap({ $0 }) {
            w.text(row, 0, "Backtest: forecast as of \(b.asOf.label) (\(b.forecast.method.rawValue))")
            w.number(row, 2, b.forecast.base, money)
            w.text(row, 3, "actual \(b.period.label)")
            w.number(row, 4, b.actual, money)
            w.number(row, 5, b.errorPct, .percent)
            row += 1
        }
        return Sheet(
            name: Self.funnel, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 34), ColumnWidth(first: 1, last: 1, width: 22),
                ColumnWidth(first: 2, last: 6, width: 18), ColumnWidth(first: 7, last: 7, width: 12),
            ] + (cohorts ? [ColumnWidth(first: 8, last: 8, width: 22)] : []),
            freeze: (1, 0))
    }
}
