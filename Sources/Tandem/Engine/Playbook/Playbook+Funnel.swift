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

    @Sendable static func leadQuality(_ facts: ReviewFacts) -> [Proposal] {
        guard let funnel = facts.funnel else { return [] }
        let tol = facts.plan.tolerance.onTrack
        var out: [Proposal] = []
        for (i, t) in funnel.transitions.enumerated().dropLast() where facts.leaks[i] != nil {
            let from = funnel.stages[i]
            let volumeOK = zip2(from.actual, from.planned).map { $0 >= $1 * (1 - tol) } ?? false
            guard let problem = facts.transitionProblem(i) else { continue }
            out.append(
                Proposal(
                    problem: problem, teams: facts.allTeams,
                    rationale: leadQualityRationale(
                        t, from: volumeOK ? from : nil, top: facts.topReason(i), facts),
                    action: leadQualityAction(from)))
        }
        return out
    }

    @Sendable static func winRate(_ facts: ReviewFacts) -> [Proposal] {
        guard let funnel = facts.funnel, let t = funnel.transitions.last else { return [] }
        let i = funnel.transitions.count - 1
        guard let problem = facts.transitionProblem(i) else { return [] }
        if facts.leaks[i] != nil {
            return [
                Proposal(
                    problem: problem, teams: facts.allTeams,
                    rationale: convertsWithReason(t, facts.topReason(i), facts),
                    action: enablementAction)
            ]
        }
        guard falling(t, facts) else { return [] }
        return [
            Proposal(
                problem: problem, teams: facts.allTeams, rationale: fellWords(t, facts),
                action: enablementBeforeSlideAction,
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
                    problem: problem, teams: facts.allTeams, rationale: fellWords(t, facts),
                    action: slideAction(funnel.stages[i])))
        }
        return out
    }

    @Sendable static func scaleBestChannel(_ facts: ReviewFacts) -> [Proposal] {
        guard let funnel = facts.funnel else { return [] }
        var out: [Proposal] = []
        for (k, stage) in funnel.stages.enumerated() {
            guard let problem = facts.stageProblem(k) else { continue }
            let next = k < funnel.transitions.count ? funnel.transitions[k] : nil
            let owner = facts.plan.metric(stage.metric)?.owner
            out.append(
                Proposal(
                    problem: problem, teams: owner.map { [$0] } ?? facts.allTeams,
                    rationale: scaleRationale(
                        problem, next: next, leaking: next != nil && facts.leaks[k] != nil, facts),
                    action: scaleAction(stage, next: next)))
        }
        return out
    }

    @Sendable static func revenueGap(_ facts: ReviewFacts) -> [Proposal] {
        guard let funnel = facts.funnel, let top = funnel.reverse.first, let need = top.neededPerPeriod,
            let recent = top.recentPerPeriod, recent > 0, need > recent * 1.25
        else { return [] }
        let remainingRevenue = facts.revenueGap ?? 0
        // The bottleneck's fix is the answer: the action joins its problem.
        let bottleneck = funnel.bottleneck.flatMap { b in
            funnel.transitions.firstIndex { $0.from == b.from && $0.to == b.to }
        }
        let problem =
            bottleneck.flatMap { facts.transitionProblem($0) }
            ?? revenueProblem(remaining: remainingRevenue, facts)
        return [
            Proposal(
                problem: problem, teams: facts.allTeams,
                rationale: revenueGapRationale(top, need: need, recent: recent, remaining: remainingRevenue, facts),
                action: revenueGapAction(top, need: need, recent: recent))
        ]
    }

    /// The plan problem the revenue-gap action joins when no bottleneck is priced.
    static func revenueProblem(remaining: Double, _ facts: ReviewFacts) -> Problem {
        let words = revenueStillToBookWords(remaining, facts)
        return facts.planProblem(
            "revenue", subject: nil, title: revenueProblemTitle, rationale: words, impact: words)
    }
}
