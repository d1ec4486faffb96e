/// The alignment-health family: the plan itself (content, arithmetic, ownership) and the data.
extension Playbook {
    static let healthRules: [PlaybookRule] = [
        PlaybookRule(
            id: "content-gap", title: "Plan content for an uncovered funnel stage", practice: 4, priority: 2,
            condition: "a funnel stage has no content tactic", evaluate: contentGap),
        PlaybookRule(
            id: "plan-arithmetic", title: "Re-plan: the targets cannot add up", practice: 1, priority: 1,
            condition: "a stage target through the planned rates cannot make the revenue target",
            evaluate: planArithmetic),
        PlaybookRule(
            id: "shared-ownership", title: "Share ownership of a one-team objective", practice: 1, priority: 3,
            condition: "an objective is owned by one team only", evaluate: sharedOwnership),
        PlaybookRule(
            id: "data-gap", title: "Fix the data sync", practice: 3, priority: 2,
            condition:
                "a key result or SLA metric (or a metric its formula reads) has no observation in the review period; a zero is data",
            evaluate: dataGap),
        PlaybookRule(
            id: "metric-owner", title: "Give every metric an owner", practice: 1, priority: 3,
            condition: "a metric has no owner team", evaluate: metricOwner),
    ]

    static func findings(_ facts: ReviewFacts, _ code: HealthFinding.Code) -> [HealthFinding] {
        facts.health.filter { $0.code == code }
    }

    @Sendable static func contentGap(_ facts: ReviewFacts) -> [Proposal] {
        findings(facts, .stageWithoutContent).map { h in
            // Content for a stage whose conversion in leaks is an option for that leak.
            var problem = facts.planProblem(
                "content", subject: h.subject, title: contentGapTitle, rationale: h.message,
                impact: contentGapImpact(h))
            if let funnel = facts.funnel, let i = funnel.stages.firstIndex(where: { $0.id.rawValue == h.subject }),
                i > 0,
                facts.leaks[i - 1] != nil, let leak = facts.transitionProblem(i - 1)
            {
                problem = leak
            }
            return Proposal(
                problem: problem, teams: facts.allTeams, rationale: h.message,
                action: contentGapAction)
        }
    }

    /// One proposal per health finding of `code`: a plan problem (`plan:<what>:<subject>`) for
    /// both teams, the finding's message as the rationale.
    static func planProposals(
        _ facts: ReviewFacts, _ code: HealthFinding.Code, what: String, title: String, impact: String, action: String
    ) -> [Proposal] {
        findings(facts, code).map { h in
            Proposal(
                problem: facts.planProblem(
                    what, subject: h.subject, title: title, rationale: h.message, impact: impact),
                teams: facts.allTeams, rationale: h.message, action: action)
        }
    }

    @Sendable static func planArithmetic(_ facts: ReviewFacts) -> [Proposal] {
        planProposals(
            facts, .planArithmetic, what: "arithmetic", title: arithmeticTitle, impact: arithmeticImpact,
            action: arithmeticAction)
    }

    @Sendable static func sharedOwnership(_ facts: ReviewFacts) -> [Proposal] {
        planProposals(
            facts, .singleTeamObjective, what: "ownership", title: ownershipTitle, impact: ownershipImpact,
            action: ownershipAction)
    }

    @Sendable static func dataGap(_ facts: ReviewFacts) -> [Proposal] {
        findings(facts, .missingData).map { h in
            let metric = MetricID(h.subject)
            let owner = facts.plan.metric(metric)?.owner
            let problem =
                facts.problem(watching: metric)
                ?? facts.planProblem(
                    "data", subject: h.subject, title: dataGapTitle, rationale: h.message, impact: dataGapImpact)
            return Proposal(
                problem: problem, teams: owner.map { [$0] } ?? facts.allTeams, rationale: h.message,
                action: dataGapAction)
        }
    }

    @Sendable static func metricOwner(_ facts: ReviewFacts) -> [Proposal] {
        planProposals(
            facts, .metricWithoutOwner, what: "owner", title: metricOwnerTitle, impact: metricOwnerImpact,
            action: metricOwnerAction)
    }
}
