import Tandem

extension LayoutBuilder {
    func adjustmentsSheet() -> Sheet {
        var w = Writer()
        w.header(
            0,
            [
                "#", "Rule", "Adjustment", "Teams", "Rationale", "Action", "Impact", "Won", "Revenue", "Priority",
                "Source",
            ])
        for (i, a) in review.adjustments.enumerated() {
            let r = i + 1
            w.number(r, 0, Double(r), .count)
            w.text(r, 1, a.rule.rawValue)
            w.text(r, 2, a.title, .wrapped)
            w.text(r, 3, teams(a.teams))
            w.text(r, 4, a.rationale, .wrapped)
            w.text(r, 5, a.action, .wrapped)
            w.text(r, 6, a.impact.description, .wrapped)
            w.number(r, 7, a.impact.won, .decimal)
            w.number(r, 8, a.impact.revenue, CellFormat.number(.currency, currency: currency))
            w.number(r, 9, Double(a.priority), .count)
            w.text(r, 10, a.fromPlan ? "plan" : "built-in")
        }
        return Sheet(
            name: Self.adjustments, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 4), ColumnWidth(first: 1, last: 1, width: 20),
                ColumnWidth(first: 2, last: 2, width: 30), ColumnWidth(first: 3, last: 3, width: 20),
                ColumnWidth(first: 4, last: 6, width: 48), ColumnWidth(first: 7, last: 10, width: 11),
            ],
            freeze: (1, 0),
            autofilter: CellRange(firstRow: 0, firstColumn: 0, lastRow: review.adjustments.count, lastColumn: 10))
    }
}
