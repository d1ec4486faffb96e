import Tandem

extension LayoutBuilder {
    /// The Summary's "Since last review" lines in columns F–L from `start` on: the decisions in a
    /// line, those due now with their measure then and now, the problems new, resolved and
    /// persisting, key results that changed status, the bottleneck's worth then and now and the
    /// restated numbers. The details are on the Decisions and Restatements sheets. Returns the last
    /// row written.
    func sinceLastReviewBlock(_ w: inout Writer, from start: Int) -> Int {
        guard let u = review.sinceLastReview else { return start - 2 }
        var row = start
        let title = u.previousPeriod.map { "Since the \($0.label) review" } ?? "Since last review"
        w.header(row, ["", title, "", "Then", "Now", "", ""], from: 5)
        if let note = u.note {
            row += 1
            w.text(row, 6, note, .wrapped)
        }
        if !u.decisions.isEmpty {
            let counts = DecisionFollowUp.State.allCases.compactMap { state -> String? in
                let n = u.decisions.filter { $0.state == state }.count
                return n == 0 ? nil : "\(n) \(state.rawValue)"
            }
            row += 1
            w.text(row, 6, "Decisions: \(counts.joined(separator: ", ")) (Decisions sheet)")
        }
        // The decisions the meeting must look at now: overdue, then due.
        let pressing = u.decisions.filter { $0.state == .overdue } + u.decisions.filter { $0.state == .due }
        for d in pressing.prefix(2) {
            row += 1
            w.text(
                row, 6,
                "\(d.state.rawValue.uppercased()): \(d.problemTitle ?? d.decision.problem.description) (\(teams([d.decision.owner])))",
                .wrapped)
            if let e = d.effect {
                let unit = CellFormat.number(e.unit, currency: currency)
                w.number(row, 8, e.before, unit)
                w.number(row, 9, e.after, unit)
                w.text(row, 10, e.verdict.rawValue)
            }
        }
        if u.previousPeriod != nil {
            let n = { (c: ProblemChange.Change) in u.problems.filter { $0.change == c }.count }
            row += 1
            w.text(row, 6, "Problems: \(n(.new)) new, \(n(.resolved)) resolved, \(n(.persisting)) persisting")
        }
        let statusLimit = 2
        for s in u.keyResults.prefix(statusLimit) {
            row += 1
            w.text(row, 6, "Status: \(s.title)", .wrapped)
            w.text(row, 8, s.before.label, CellFormat(alignRight: true))
            w.text(row, 9, s.after.label, CellFormat(alignRight: true))
        }
        if u.keyResults.count > statusLimit {
            row += 1
            w.text(row, 6, "… \(u.keyResults.count - statusLimit) more status changes in the digest", .subtitle)
        }
        if let b = u.bottleneck {
            row += 1
            let money = CellFormat.number(.currency, currency: currency)
            let names =
                b.beforeName == b.afterName
                ? b.afterName ?? "none" : "\(b.beforeName ?? "none") → \(b.afterName ?? "none")"
            w.text(row, 6, "Bottleneck \(names): worth of the fix")
            w.number(row, 8, b.beforeRevenue, money)
            w.number(row, 9, b.afterRevenue, money)
        }
        if u.previousPeriod != nil {
            row += 1
            w.text(
                row, 6,
                u.restatements.isEmpty
                    ? "Restated numbers: none"
                    : "Restated numbers: \(u.restatements.count) (Restatements sheet)")
        }
        return row
    }
}
