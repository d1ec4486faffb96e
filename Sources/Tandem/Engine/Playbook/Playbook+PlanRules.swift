/// The plan's own rules, as values like the built-in ones. Each joins the problem it watches: the
/// transition whose conversion metric a clause reads, else the key result or SLA on a clause's
/// metric, else a problem of its own.
extension Playbook {
    static func planRule(_ rule: Rule) -> PlaybookRule {
        PlaybookRule(
            id: rule.id, title: rule.title, practice: 5, priority: rule.priority, condition: "the plan's rule",
            fromPlan: true
        ) { facts in
            guard let rationale = firing(rule, facts) else { return [] }
            return [
                Proposal(
                    problem: problem(for: rule, facts), teams: rule.teams, rationale: rationale, action: rule.action,
                    priority: rule.priority)
            ]
        }
    }

    /// The rationale when the rule's condition holds, else nil.
    static func firing(_ rule: Rule, _ facts: ReviewFacts) -> String? {
        let plan = facts.plan
        var results: [(Bool, String)] = []
        for clause in rule.condition.clauses {
            guard let metric = plan.metric(clause.metric) else { continue }
            switch clause.measure {
            case .value:
                // A cohort conversion is read on its mature cohorts: an immature one is not judged.
                let series = facts.series.series(clause.metric)
                let mature = facts.cohortMetrics[clause.metric]
                let values = (mature.map { Array(series.prefix($0)) } ?? series).suffix(clause.periods)
                let holds =
                    values.count == clause.periods
                    && values.allSatisfy { $0.map { clause.op.holds($0, clause.threshold) } ?? false }
                results.append(
                    (holds, valueClauseWords(clause, metric, values: Array(values), cohorts: mature != nil, facts)))
            case .attainment:
                let kr = facts.keyResults.first { $0.metric == clause.metric }
                let pace = kr?.pace
                results.append(
                    (
                        pace.map { clause.op.holds($0, clause.threshold) } ?? false,
                        attainmentClauseWords(clause, metric, keyResult: kr, facts)
                    ))
            }
        }
        let fires = rule.condition.combinator == .all ? results.allSatisfy(\.0) : results.contains { $0.0 }
        guard fires, !results.isEmpty else { return nil }
        return clausesWords(results.filter(\.0).map(\.1))
    }

    static func problem(for rule: Rule, _ facts: ReviewFacts) -> Problem {
        if let f = facts.plan.funnel {
            for clause in rule.condition.clauses {
                guard let formula = facts.plan.metric(clause.metric)?.formula, let (num, den) = formula.ratioParts
                else { continue }
                for i in f.plannedRates.indices
                where num == .metric(f.stages[i + 1].metric) && den == .metric(f.stages[i].metric) {
                    if let p = facts.transitionProblem(i) { return p }
                }
            }
            for clause in rule.condition.clauses {
                if let k = f.stages.firstIndex(where: { $0.metric == clause.metric }), let p = facts.stageProblem(k) {
                    return p
                }
            }
        }
        for clause in rule.condition.clauses {
            if let p = facts.problem(watching: clause.metric) { return p }
        }
        return facts.planProblem(
            "rule", subject: rule.id.rawValue, title: rule.title, rationale: rule.title, impact: planRuleImpact)
    }
}
