import Tandem

extension LayoutBuilder {
    /// Every action of the agenda, each naming its problem; a problem's impact is counted once, on
    /// the row of its first action, so the Revenue column adds up to the agenda's priced impacts.
    /// Below them, the alignment-health findings.
    func adjustmentsSheet() -> Sheet {
        var w = Writer()
        w.header(
            0,
            [
                "#", "Problem", "Rule", "Adjustment", "Teams", "Rationale", "Action", "Impact", "Won", "Revenue",
                "Priority", "Source",
            ])
        let problems = Dictionary(review.agenda.map { ($0.id, $0) }) { a, _ in a }
        var firstRow: [ProblemID: Int] = [:]
        for (i, a) in review.adjustments.enumerated() {
            let r = i + 1
            w.number(r, 0, Double(r), .count)
            w.text(r, 1, a.problem.description)
            w.text(r, 2, a.rule.rawValue)
            w.text(r, 3, a.title, .wrapped)
            w.text(r, 4, teams(a.teams))
            w.text(r, 5, a.rationale, .wrapped)
            w.text(r, 6, a.action, .wrapped)
            if let first = firstRow[a.problem] {
                w.text(r, 7, "counted once, in row \(first + 1)", .wrapped)
            } else if let p = problems[a.problem] {
                firstRow[a.problem] = r
                w.text(r, 7, p.impact.description, .wrapped)
                w.number(r, 8, p.impact.won, .count)
                w.number(r, 9, p.impact.revenue, CellFormat.number(.currency, currency: currency))
            }
            w.number(r, 10, Double(a.priority), .count)
            w.text(r, 11, a.fromPlan ? "plan" : "built-in")
        }
        // Alignment health below the actions: what in the plan itself keeps the teams apart.
        var row = review.adjustments.count + 2
        w.text(row, 0, "Alignment health", .bold)
        row += 1
        w.header(row, ["", "Subject", "", "", "", "Finding"])
        for h in review.health {
            row += 1
            w.text(row, 1, h.subject)
            w.text(row, 5, h.message, .wrapped)
        }
        if review.health.isEmpty {
            row += 1
            w.text(row, 5, "No findings: shared objectives, owned metrics, content at every stage.", .wrapped)
        }
        return Sheet(
            name: Self.adjustments, cells: w.cells,
            columns: [
                ColumnWidth(first: 0, last: 0, width: 4), ColumnWidth(first: 1, last: 2, width: 20),
                ColumnWidth(first: 3, last: 3, width: 30), ColumnWidth(first: 4, last: 4, width: 20),
                ColumnWidth(first: 5, last: 7, width: 48), ColumnWidth(first: 8, last: 11, width: 11),
            ],
            freeze: (1, 0),
            autofilter: CellRange(firstRow: 0, firstColumn: 0, lastRow: review.adjustments.count, lastColumn: 11))
    }
}
