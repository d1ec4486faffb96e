/// The words of a plan rule's clauses when they hold: the rationale of the plan's own rules.
extension Playbook {
    /// "MQLs→SQLs conversion 31.0 %, 29.5 % in the last 2 periods (< 35.0 %)": the values a
    /// value clause read, over its periods (or mature cohorts), and its comparison.
    static func valueClauseWords(
        _ clause: Rule.Clause, _ metric: Metric, values: [Double?], cohorts: Bool, _ facts: ReviewFacts
    ) -> String {
        let shown = values.map { facts.format.value($0, metric.unit) }.joined(separator: ", ")
        let span =
            cohorts
            ? "in the last \(clause.periods) mature cohort\(clause.periods == 1 ? "" : "s")"
            : clause.periods == 1 ? "in \(facts.period.label)" : "in the last \(clause.periods) periods"
        return "\(metric.name) \(shown) \(span) (\(comparisonWords(clause, metric, facts)))"
    }

    /// "New ARR at 82.0 % of plan (< 90.0 %)": an attainment clause on the key result's pace.
    static func attainmentClauseWords(
        _ clause: Rule.Clause, _ metric: Metric, keyResult kr: KeyResultReview?, _ facts: ReviewFacts
    ) -> String {
        "\(kr?.title ?? metric.name) at \(facts.format.percent(kr?.pace)) of plan (\(comparisonWords(clause, metric, facts)))"
    }

    /// The rationale of a firing rule: the clauses that hold, "; "-joined.
    static func clausesWords(_ clauses: [String]) -> String { clauses.joined(separator: "; ") }

    /// "< 35.0 %": the clause's operator and threshold, a percentage for an attainment.
    private static func comparisonWords(_ clause: Rule.Clause, _ metric: Metric, _ facts: ReviewFacts) -> String {
        "\(clause.op.rawValue) \(facts.format.value(clause.threshold, clause.measure == .attainment ? .percent : metric.unit))"
    }
}
