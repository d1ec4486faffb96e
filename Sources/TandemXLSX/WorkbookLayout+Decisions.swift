import Tandem

extension LayoutBuilder {
    static let decisions = "Decisions"

    /// The decision log followed up, the problems since the last review and the tactics' effects:
    /// three tables one below the other, always present so the layout is the same every month.
    /// Problems and key results by their titles; the before/after caveat once, below.
    func decisionsSheet() -> Sheet {
        var w = Writer()
        let u = review.sinceLastReview
        var row = 0
        w.text(row, 0, "Decisions of earlier meetings, as of \(review.period.label)", .bold)
        row += 1
        w.header(
            row,
            [
                "Meeting", "Problem", "Decision", "Action", "Owner", "Due", "Done", "State", "Note", "Tactics",
                "Still on the agenda", "Measure", "Before", "After", "Verdict",
            ])
        let decisionsHeader = row
        for d in u?.decisions ?? [] {
            row += 1
            let x = d.decision
            w.text(row, 0, x.period.label)
            w.text(row, 1, d.problemTitle ?? problemName(x.problem), .wrapped)
            w.text(row, 2, x.verdict.rawValue)
            w.text(row, 3, x.action?.rawValue ?? "", .wrapped)
            w.text(row, 4, teams([x.owner]), .wrapped)
            w.text(row, 5, x.due?.description ?? "")
            w.text(row, 6, x.done?.description ?? "")
            w.text(row, 7, d.state.rawValue)
            w.text(row, 8, x.note ?? "", .wrapped)
            w.text(row, 9, x.tactics.map(\.rawValue).joined(separator: ", "), .wrapped)
            w.text(row, 10, x.verdict == .declined ? "" : d.problemTitle == nil ? "no" : "yes")
            effect(&w, row, 11, d.effect)
        }
        if u?.decisions.isEmpty ?? true {
            row += 1
            w.text(row, 0, u == nil ? "The review was not followed up." : "No decision of an earlier meeting.")
        }
        let decisionsEnd = row

        row += 2
        w.text(row, 0, "Problems since the last review", .bold)
        row += 1
        w.header(row, ["Change", "Problem", "", "", "", "", "", "", "", "", "Streak"])
        for p in u?.problems ?? [] {
            row += 1
            w.text(row, 0, p.change.rawValue)
            // The title runs over the empty cells to its right (wrapped only past them).
            w.text(row, 1, p.title, SheetGeometry.width(of: p.title) > 90 ? .wrapped : .plain)
            w.number(row, 10, Double(p.streak), .count)
        }
        if u?.problems.isEmpty ?? true {
            row += 1
            w.text(row, 0, u?.note ?? "No problem open now or at the last review.")
        }

        row += 2
        w.text(
            row, 0,
            "Tactics: the served metric before and after the start (\(FollowUp.caveat): other things changed too)",
            .bold)
        row += 1
        w.header(
            row,
            [
                "Start", "Tactic", "", "", "", "", "", "", "Key result", "", "On the agenda", "Measure", "Before",
                "After", "Verdict",
            ])
        let titles = Dictionary(review.keyResults.map { ($0.id, $0.title) }) { a, _ in a }
        for t in u?.tactics ?? [] {
            row += 1
            w.text(row, 0, t.start.label)
            // The title runs over the empty cells to its right (wrapped only past them).
            w.text(row, 1, t.title, SheetGeometry.width(of: t.title) > 70 ? .wrapped : .plain)
            w.text(row, 8, titles[t.keyResult] ?? t.keyResult.rawValue, .wrapped)
            w.text(row, 10, t.onAgenda ? "yes" : "no")
            if t.effect == nil {
                let first = t.start <= review.plan.cycleStart
                w.text(row, 11, first ? "started with the cycle" : "nothing since the start", .wrapped)
            }
            effect(&w, row, 11, t.effect)
        }
        let stateRange = CellRange(firstRow: decisionsHeader + 1, firstColumn: 7, lastRow: decisionsEnd, lastColumn: 7)
        let rules: [(String, CellFormat)] = [
            ("overdue", Palette.offTrack), ("due", Palette.atRisk), ("done", Palette.onTrack),
        ]
        return Sheet(
            name: Self.decisions, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 10), ColumnWidth(first: 1, last: 1, width: 18),
                ColumnWidth(first: 2, last: 2, width: 9), ColumnWidth(first: 3, last: 3, width: 12),
                ColumnWidth(first: 4, last: 4, width: 9), ColumnWidth(first: 5, last: 6, width: 10),
                ColumnWidth(first: 7, last: 7, width: 8), ColumnWidth(first: 8, last: 8, width: 24),
                ColumnWidth(first: 9, last: 9, width: 10), ColumnWidth(first: 10, last: 10, width: 8),
                ColumnWidth(first: 11, last: 11, width: 22), ColumnWidth(first: 12, last: 14, width: 9),
            ],
            freeze: (2, 0),
            conditionalFormats: decisionsEnd > decisionsHeader
                ? rules.map { ConditionalFormat(range: stateRange, rule: .textContains($0.0, $0.1)) } : [])
    }

    /// A problem by its name: the agenda's title, or for a key result's problem the key result's
    /// title; the id when the review knows neither.
    func problemName(_ id: ProblemID) -> String {
        if let p = review.agenda.first(where: { $0.id == id }) { return p.title }
        if let kr = review.keyResults.first(where: { ProblemID.keyResult($0.id) == id }) { return kr.title }
        return id.description
    }

    /// Measure, before, after and verdict from `column` on.
    private func effect(_ w: inout Writer, _ row: Int, _ column: Int, _ e: BeforeAfter?) {
        guard let e else { return }
        // "Jul–Aug 2026" for two months of one year.
        func span(_ a: Period, _ b: Period) -> String {
            if a == b { return a.label }
            return a.year == b.year ? "\(a.shortLabel)–\(b.label)" : "\(a.label)–\(b.label)"
        }
        let unit = CellFormat.number(e.unit, currency: currency)
        w.text(
            row, column, "\(e.measure): \(span(e.beforeFrom, e.beforeTo)) → \(span(e.afterFrom, e.afterTo))", .wrapped)
        w.number(row, column + 1, e.before, unit)
        w.number(row, column + 2, e.after, unit)
        w.text(row, column + 3, e.verdict.rawValue)
    }
}
