/// The SLA family: a commitment between the teams breached in the review period.
extension Playbook {
    static let slaRules: [PlaybookRule] = [
        PlaybookRule(
            id: "speed-to-lead", title: "Fix lead routing and follow-up capacity", practice: 3, priority: 1,
            condition: "a response-time SLA (hours or days) is breached in the review period",
            evaluate: speedToLead),
        PlaybookRule(
            id: "sla-breach", title: "Agree a dated fix for the SLA breach", practice: 2, priority: 1,
            condition: "an SLA between the teams is breached in the review period", evaluate: slaBreach),
    ]

    @Sendable static func speedToLead(_ facts: ReviewFacts) -> [Proposal] {
        facts.sla.filter { $0.metInPeriod == false && ($0.unit == .hours || $0.unit == .days) }.map { s in
            let problem = facts.slaProblem(s)
            return Proposal(
                problem: problem, teams: [s.from, s.to], rationale: problem.rationale,
                action: speedToLeadAction)
        }
    }

    @Sendable static func slaBreach(_ facts: ReviewFacts) -> [Proposal] {
        facts.sla.filter { $0.metInPeriod == false && $0.unit != .hours && $0.unit != .days }.map { s in
            let problem = facts.slaProblem(s)
            return Proposal(
                problem: problem, teams: [s.from, s.to], rationale: problem.rationale,
                action: slaBreachAction(s, facts))
        }
    }
}
