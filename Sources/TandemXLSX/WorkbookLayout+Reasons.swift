import Tandem

extension LayoutBuilder {
    static let reasons = "Reasons"

    /// Why MQLs were rejected or recycled and deals lost: per group, every reason × lead source ×
    /// segment with its count per period, over the cycle, its share and (lost deals) its amount.
    /// Only when an export of the review's records has a reason column.
    func reasonsSheet() -> Sheet? {
        guard let shares = review.records?.reasons else { return nil }
        let groups: [(String, ReasonShares.Group?)] = [
            ("Rejected MQLs", shares.rejected), ("Recycled MQLs", shares.recycled), ("Lost deals", shares.lost),
        ]
        var w = Writer()
        let money = CellFormat.number(.currency, currency: currency)
        w.text(0, 0, "Why leads and deals were lost", .title)
        w.text(
            1, 0,
            "As the CRM records them: MQLs by the period they entered \(shares.stage?.rawValue ?? "the MQL stage"), deals by the period they were lost; a blank reason is none given.",
            .subtitle)
        let periods = shares.periods
        w.header(
            3,
            ["Group", "Reason", "Lead source", "Segment"] + periods.map(\.shortLabel) + ["Cycle", "Share", "Amount"])
        var row = 4
        for (name, group) in groups {
            guard let group else { continue }
            for r in group.rows {
                w.text(row, 0, name)
                w.text(row, 1, r.reason ?? "")
                w.text(row, 2, r.source ?? "")
                w.text(row, 3, r.segment ?? "")
                for (p, n) in r.counts.enumerated() { w.number(row, 4 + p, Double(n), .count) }
                w.number(row, 4 + periods.count, Double(r.total), .count)
                w.number(row, 5 + periods.count, r.share, .percent)
                w.number(row, 6 + periods.count, r.amount, money)
                row += 1
            }
        }
        return Sheet(
            name: Self.reasons, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 16), ColumnWidth(first: 1, last: 1, width: 24),
                ColumnWidth(first: 2, last: 3, width: 16), ColumnWidth(first: 4, last: 6 + periods.count, width: 9),
            ],
            freeze: (4, 0),
            autofilter: row > 4
                ? CellRange(firstRow: 3, firstColumn: 0, lastRow: row - 1, lastColumn: 6 + periods.count) : nil)
    }
}
