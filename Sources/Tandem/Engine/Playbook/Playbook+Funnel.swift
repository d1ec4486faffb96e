/// The funnel family: conversions below plan, a stage's own volume shortfall, the revenue still
/// to book. A transition is "below plan" when its rate is under `planned × (1 − on_track)`, cycle
/// to date or over the recent window; it "holds" otherwise. Volume advice goes only to a stage's
/// own shortfall, never to one an upstream problem explains.
extension Playbook {
    static let funnelRules: [PlaybookRule] = [
        PlaybookRule(
            id: "lead-quality", title: "Revisit lead scoring and the ICP together", practice: 3, priority: 1,
            condition:
                "a conversion other than the last is below plan beyond the tolerance, cycle to date or over the recent window",
            evaluate: leadQuality),
        PlaybookRule(
            id: "scale-best-channel", title: "Scale the best-converting channel", practice: 5, priority: 2,
            condition:
                "a stage's own volume is below plan beyond the tolerance: the top stage, or a shortfall no upstream problem explains",
            evaluate: scaleBestChannel),
        PlaybookRule(
            id: "win-rate", title: "Refresh sales enablement content", practice: 4, priority: 1,
            condition:
                "the last conversion (win rate) is below plan beyond the tolerance, cycle to date or over the recent window, or fell three periods running",
            evaluate: winRate),
        PlaybookRule(
            id: "conversion-slide", title: "Investigate a sliding conversion together", practice: 5, priority: 2,
            condition:
                "a conversion other than the last fell in each of the last three periods, by at least the tolerance of its plan overall",
            evaluate: conversionSlide),
        PlaybookRule(
            id: "revenue-gap", title: "Fix conversion before buying volume", practice: 1, priority: 2,
            condition: "the top stage needs over 125 % of its recent volume to make the revenue target",
            evaluate: revenueGap),
    ]

    /// "MQLs→SQLs converts 27.0 % over the last 3 periods vs 40.0 % planned".
    static func converts(_ t: TransitionReview, _ facts: ReviewFacts) -> String {
        let f = facts.format
        let cohort = t.method == .cohort
        let cumulative = cohort ? " " + t.cumulativeWords : ""
        let recent = cohort ? t.recentWords : "over the last \(facts.recentCount) periods"
        return t.belowPlan
            ? "\(t.name) converts \(f.percent(t.actualRate))\(cumulative) vs \(f.percent(t.plannedRate)) planned"
            : "\(t.name) converts \(f.percent(t.recentRate)) \(recent) vs \(f.percent(t.plannedRate)) planned (\(f.percent(t.actualRate)) \(t.cumulativeWords))"
    }

    @Sendable static func leadQuality(_ facts: ReviewFacts) -> [Proposal] {
        guard let funnel = facts.funnel else { return [] }
        let f = facts.format
        let tol = facts.plan.tolerance.onTrack
        var out: [Proposal] = []
        for (i, t) in funnel.transitions.enumerated().dropLast() where facts.leaks[i] != nil {
            let from = funnel.stages[i]
            let volumeOK = zip2(from.actual, from.planned).map { $0 >= $1 * (1 - tol) } ?? false
            var rationale =
                volumeOK
                ? "\(from.name) at \(f.value(from.actual, .count)) vs \(f.value(from.planned, .count)) planned to date, but \(converts(t, facts))"
                : converts(t, facts)
            if let top = facts.topReason(i) { rationale += "; \(top.sentence)" }
            guard let problem = facts.transitionProblem(i) else { continue }
            out.append(
                Proposal(
                    problem: problem, teams: facts.allTeams, rationale: rationale,
                    action:
                        "Revisit lead scoring and the ICP together: agree which \(from.name) sales will accept, tighten the score threshold, and feed back disqualification reasons weekly."
                ))
        }
        return out
    }

    @Sendable static func winRate(_ facts: ReviewFacts) -> [Proposal] {
        guard let funnel = facts.funnel, let t = funnel.transitions.last else { return [] }
        let i = funnel.transitions.count - 1
        guard let problem = facts.transitionProblem(i) else { return [] }
        if facts.leaks[i] != nil {
            let reason = facts.topReason(i).map { "; \($0.sentence)" } ?? ""
            return [
                Proposal(
                    problem: problem, teams: facts.allTeams, rationale: converts(t, facts) + reason,
                    action:
                        "Refresh enablement content together: battlecards, objection handling and case studies for the deals that stall."
                )
            ]
        }
        guard falling(t, facts) else { return [] }
        return [
            Proposal(
                problem: problem, teams: facts.allTeams,
                rationale:
                    "\(t.name) fell \(t.runWords) running: \(t.judgedRates.suffix(3).map { facts.format.percent($0) }.joined(separator: " → "))",
                action:
                    "Refresh enablement content together before the slide reaches revenue: battlecards, objection handling, case studies.",
                priority: 2)
        ]
    }

    @Sendable static func conversionSlide(_ facts: ReviewFacts) -> [Proposal] {
        guard let funnel = facts.funnel else { return [] }
        var out: [Proposal] = []
        for (i, t) in funnel.transitions.enumerated().dropLast()
        where falling(t, facts) {
            guard let problem = facts.transitionProblem(i) else { continue }
            out.append(
                Proposal(
                    problem: problem, teams: facts.allTeams,
                    rationale:
                        "\(t.name) fell \(t.runWords) running: \(t.judgedRates.suffix(3).map { facts.format.percent($0) }.joined(separator: " → "))",
                    action:
                        "Review a sample of recent \(funnel.stages[i].name) together (sales notes plus campaign source) to find what changed before it shows in revenue."
                ))
        }
        return out
    }

    @Sendable static func scaleBestChannel(_ facts: ReviewFacts) -> [Proposal] {
        guard let funnel = facts.funnel else { return [] }
        let f = facts.format
        var out: [Proposal] = []
        for (k, stage) in funnel.stages.enumerated() {
            guard let problem = facts.stageProblem(k) else { continue }
            var rationale = problem.rationale
            if k < funnel.transitions.count {
                let t = funnel.transitions[k]
                rationale +=
                    facts.leaks[k] == nil
                    ? " while \(t.name) holds at \(f.percent(t.actualRate))"
                    : "; \(t.name) also converts below plan (\(ProblemID.transition(t.from, t.to)))"
            }
            let owner = facts.plan.metric(stage.metric)?.owner
            out.append(
                Proposal(
                    problem: problem, teams: owner.map { [$0] } ?? facts.allTeams, rationale: rationale,
                    action: k < funnel.transitions.count
                        ? "Scale the best-converting channel: move budget to the sources with the highest \(funnel.transitions[k].name) rate."
                        : "Scale the best-converting channel: move budget to the sources that bring the most \(stage.name)."
                ))
        }
        return out
    }

    @Sendable static func revenueGap(_ facts: ReviewFacts) -> [Proposal] {
        guard let funnel = facts.funnel, let top = funnel.reverse.first, let need = top.neededPerPeriod,
            let recent = top.recentPerPeriod, recent > 0, need > recent * 1.25
        else { return [] }
        let f = facts.format
        let remainingRevenue = facts.revenueGap ?? 0
        // The bottleneck's fix is the answer: the action joins its problem.
        let bottleneck = funnel.bottleneck.flatMap { b in
            funnel.transitions.firstIndex { $0.from == b.from && $0.to == b.to }
        }
        let problem =
            bottleneck.flatMap { facts.transitionProblem($0) }
            ?? facts.planProblem(
                "revenue", subject: nil, title: "The revenue still to book needs more volume than the funnel brings",
                rationale: "revenue still to book: \(f.money(remainingRevenue))",
                impact: "revenue still to book: \(f.money(remainingRevenue))")
        return [
            Proposal(
                problem: problem, teams: facts.allTeams,
                rationale:
                    "to book the remaining \(f.money(remainingRevenue)) at current conversion, \(top.name) must reach \(Formatting.count(need)) a period vs \(Formatting.count(recent)) recently",
                action:
                    "Fix conversion before buying volume: the bottleneck's fix is cheaper than \(Formatting.count(need - recent)) more \(top.name) a period."
            )
        ]
    }
}
