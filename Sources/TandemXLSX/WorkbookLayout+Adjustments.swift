import Tandem

extension LayoutBuilder {
    /// The Adjustments sheet's printed columns (# to Priority); the problem's id, the rule and the
    /// source right of them are for filtering on screen.
    static let adjustmentsPrintedColumns = 10
    /// The Adjustments sheet's column widths, # to Source.
    static let adjustmentWidths: [Double] = [3, 18, 24, 11, 36, 34, 26, 7, 11, 8, 22, 22, 10]

    /// Every action of the agenda, each naming its problem; a problem's impact is counted once, on
    /// the row of its first action, so the Revenue column adds up to the agenda's priced impacts.
    /// Below them, the alignment-health findings.
    func adjustmentsSheet() -> Sheet {
        var w = Writer()
        w.header(
            0,
            [
                "#", "Problem", "Adjustment", "Teams", "Rationale", "Action", "Impact", "Won", "Revenue", "Priority",
                "Problem id", "Rule", "Source",
            ])
        let problems = Dictionary(review.agenda.map { ($0.id, $0) }) { a, _ in a }
        var firstRow: [ProblemID: Int] = [:]
        for (i, a) in review.adjustments.enumerated() {
            let r = i + 1
            w.number(r, 0, Double(r), .count)
            w.text(r, 1, problems[a.problem]?.title ?? a.problem.description, .wrapped)
            w.text(r, 2, a.title, .wrapped)
            w.text(r, 3, teams(a.teams), .wrapped)
            w.text(r, 4, a.rationale, .wrapped)
            w.text(r, 5, a.action, .wrapped)
            if let first = firstRow[a.problem] {
                w.text(r, 6, "counted once, in row \(first + 1)", .wrapped)
            } else if let p = problems[a.problem] {
                firstRow[a.problem] = r
                w.text(r, 6, p.impact.description, .wrapped)
                w.number(r, 7, p.impact.won, .count)
                w.number(r, 8, p.impact.revenue, CellFormat.number(.currency, currency: currency))
            }
            w.number(r, 9, Double(a.priority), .count)
            w.text(r, 10, a.problem.description)
            w.text(r, 11, a.rule.rawValue)
            w.text(r, 12, a.fromPlan ? "plan" : "built-in")
        }
        // Alignment health below the actions: what in the plan itself keeps the teams apart.
        var row = review.adjustments.count + 2
        w.text(row, 0, "Alignment health", .bold)
        row += 1
        w.header(row, ["", "Finding", "", "", "", "", "", "", "", ""])
        // One line each, running over the empty cells to its right; wrapped when longer than them.
        let room = (1..<Self.adjustmentsPrintedColumns).reduce(0) { $0 + Self.adjustmentWidths[$1] } - 2
        for message in review.health.isEmpty
            ? ["No findings: shared objectives, owned metrics, content at every stage."] : review.health.map(\.message)
        {
            row += 1
            w.text(row, 1, message, SheetGeometry.width(of: message) > room ? .wrapped : .plain)
        }
        return Sheet(
            name: Self.adjustments, cells: w.cells,
            columns: Self.adjustmentWidths.enumerated().map {
                ColumnWidth(first: $0.offset, last: $0.offset, width: $0.element)
            },
            freeze: (1, 0),
            autofilter: CellRange(firstRow: 0, firstColumn: 0, lastRow: review.adjustments.count, lastColumn: 12),
            printArea: CellRange(
                firstRow: 0, firstColumn: 0, lastRow: max(row, 1), lastColumn: Self.adjustmentsPrintedColumns - 1))
    }
}
