/// The pipeline family: deals pushed out of their period more often, or for more value, than the
/// period before is a risk to the forecast, a problem of its own (`forecast_risk:pushed_deals`).
extension Playbook {
    static let pipelineRules: [PlaybookRule] = [
        PlaybookRule(
            id: "pushed-deals", title: "Inspect the pushed deals together", practice: 5, priority: 2,
            condition:
                "between the deal snapshots, the push rate rose by 5 points or more on the period before, or the value pushed out by a quarter or more (with one period of movement: a push rate of 25 % or more)",
            evaluate: pushedDeals)
    ]

    /// The push rate that is a risk with no period before to compare with.
    static let highPushRate = 0.25

    @Sendable static func pushedDeals(_ facts: ReviewFacts) -> [Proposal] {
        guard let steps = facts.movement?.periods, let last = steps.last, last.deals.pushedOut > 0 else { return [] }
        let before = steps.count > 1 ? steps[steps.count - 2] : nil
        let rate = last.pushRate ?? 0
        let rising =
            before.map { before in
                rate >= (before.pushRate ?? 0) + 0.05
                    || last.pushedOut >= before.pushedOut * 1.25 && last.pushedOut > before.pushedOut
            } ?? (rate >= highPushRate)
        guard rising else { return [] }
        let repeated = last.slipped.filter { $0.pushes > 1 && $0.pushedOut }
        let rationale = pushedRationale(last, before: before, repeated: repeated, facts)
        let problem = Problem(
            id: .forecastRisk("pushed_deals"), kind: .forecastRisk, subject: .init(id: "pushed_deals"),
            title: pushedTitle, rationale: rationale, impact: .unpriced(pushedImpact(last, facts)),
            segments: [], teams: [], since: nil, actions: [])
        let owner = facts.plan.funnel?.stages.last.flatMap { facts.plan.metric($0.metric)?.owner }
        return [
            Proposal(
                problem: problem, teams: owner.map { [$0] } ?? facts.allTeams, rationale: rationale,
                action: pushedDealsAction)
        ]
    }
}
