import Tandem

extension LayoutBuilder {
    /// The Summary's "Since last review" block from `row` on; returns the last row written.
    func sinceLastReviewBlock(_ w: inout Writer, from start: Int) -> Int {
        guard let u = review.sinceLastReview else { return start - 2 }
        var row = start
        w.text(row, 0, "Since last review", .bold)
        if let note = u.note {
            row += 1
            w.text(row, 0, note, .wrapped)
        }
        row += 1
        w.header(row, ["Item", "Detail", "Then", "Now"])
        let limit = 25
        var lines = 0
        for d in u.decisions where d.state != .declined && lines < limit {
            lines += 1
            row += 1
            var detail = "\(d.decision.verdict.rawValue) \(d.decision.period.label), \(teams([d.decision.owner]))"
            if let due = d.decision.due { detail += ", due \(due)" }
            w.text(row, 0, "\(d.state.rawValue.uppercased()): \(d.decision.problem)", .wrapped)
            if let e = d.effect {
                let unit = CellFormat.number(e.unit, currency: currency)
                w.text(row, 1, "\(detail); \(e.measure) \(e.verdict.rawValue) (\(FollowUp.caveat))", .wrapped)
                w.number(row, 2, e.before, unit)
                w.number(row, 3, e.after, unit)
            } else {
                w.text(row, 1, detail, .wrapped)
            }
        }
        let unitWord = review.period.kind == .month ? "month" : "quarter"
        for p in u.problems where lines < limit {
            lines += 1
            row += 1
            w.text(row, 0, "\(p.change.rawValue.capitalized): \(p.title)", .wrapped)
            w.text(row, 1, p.change == .persisting ? "\(p.streak) \(unitWord)s running" : p.id)
        }
        for s in u.keyResults where lines < limit {
            lines += 1
            row += 1
            w.text(row, 0, "Status: \(s.title)", .wrapped)
            w.text(row, 1, "changed status")
            w.text(row, 2, s.before.label)
            w.text(row, 3, s.after.label)
        }
        if lines >= limit {
            row += 1
            w.text(row, 0, "… more on the \(Self.decisions) sheet.")
        }
        if let b = u.bottleneck {
            row += 1
            let money = CellFormat.number(.currency, currency: currency)
            w.text(row, 0, "Bottleneck (value of the fix)")
            w.text(row, 1, [b.beforeName ?? "none", b.afterName ?? "none"].joined(separator: " → "))
            w.number(row, 2, b.beforeRevenue, money)
            w.number(row, 3, b.afterRevenue, money)
        }
        if u.previousPeriod != nil {
            row += 1
            w.text(row, 0, "Restated numbers")
            w.text(row, 1, u.restatements.isEmpty ? "none" : "see the \(Self.restatements) sheet")
            w.number(row, 3, Double(u.restatements.count), .count)
        }
        return row
    }
}
