extension Review {
    /// This review followed up on the decision log and the previous review: ``sinceLastReview``
    /// filled, and the agenda's proposals learned from the log. What was accepted, done and did
    /// not move its problem's measure is shown as tried and not proposed again (the next lever is,
    /// or an escalation when none is left); a declined action is not proposed again; a decision
    /// due or overdue becomes the first item of its problem.
    ///
    /// ```swift
    /// let november = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
    ///     .followedUp(previous: october, decisions: log, tactics: plan.tactics)
    /// ```
    /// - Parameters:
    ///   - previous: the review of an earlier period, or `nil` (then `note` says why).
    ///   - log: the decision log.
    ///   - tactics: the plan's tactics, for their effect before and after their start.
    ///   - note: why there is no previous review, when `previous` is `nil`.
    public func followedUp(
        previous: Review?, decisions log: DecisionLog, tactics: [Tactic] = [], note: String? = nil
    ) -> Review {
        var review = self
        let followUp = FollowUp(current: self, previous: previous, decisions: log, tactics: tactics, note: note)
        review.sinceLastReview = followUp
        review.learn(from: followUp.decisions)
        return review
    }

    /// The metric a problem watches: its key result's, SLA's or stage's (`nil` for transitions
    /// and the plan).
    func watched(_ id: ProblemID) -> MetricID? {
        switch id.kind {
        case .keyResult: keyResults.first { $0.id.rawValue == id.subject }?.metric
        case .sla: sla.first { $0.id.rawValue == id.subject }?.metric
        case .stageVolume: funnel?.stages.first { $0.id.rawValue == id.subject }?.metric
        default: nil
        }
    }

    /// The agenda's proposals after what the log shows.
    mutating func learn(from decisions: [DecisionFollowUp]) {
        func teamName(_ id: TeamID) -> String { plan.teams.first { $0.id == id }?.name ?? id.rawValue }
        for i in agenda.indices {
            let id = agenda[i].id
            // Decisions on this problem, or on another that watches the same metric (a key
            // result and the SLA on its metric): the same lever moves the same measure.
            let metric = watched(id)
            let logged = decisions.filter { d in
                d.decision.problem == id || (metric != nil && watched(d.decision.problem) == metric)
            }
            guard !logged.isEmpty else { continue }
            func title(_ rule: RuleID?) -> String? {
                rule.map { r in
                    agenda[i].actions.first { $0.rule == r }?.title ?? Playbook.builtIn.first { $0.id == r }?.title
                        ?? r.rawValue
                }
            }
            var history: [LoggedDecision] = []
            var avoiding: [RuleID: String] = [:]
            var due: DecisionFollowUp?
            for d in logged {
                let outcome: LoggedDecision.Outcome
                switch d.state {
                case .done:
                    outcome = d.effect?.verdict == .better ? .triedImproved : .triedNoImprovement
                case .due, .overdue:
                    outcome = .due
                    due = due ?? d
                case .open: outcome = .open
                case .declined: outcome = .declined
                case .deferred: outcome = .deferred
                }
                let name = title(d.decision.action) ?? "the decision"
                if outcome == .triedNoImprovement, let rule = d.decision.action {
                    avoiding[rule] = triedWords(name, d)
                } else if outcome == .declined, let rule = d.decision.action {
                    avoiding[rule] = declinedWords(name, d)
                }
                history.append(
                    LoggedDecision(
                        period: d.decision.period, action: d.decision.action, title: title(d.decision.action),
                        outcome: outcome, done: d.decision.done, due: d.decision.due, effect: d.effect))
            }
            agenda[i].history = history
            guard var proposal = agenda[i].proposal else { continue }
            var alternatives = agenda[i].alternatives ?? []
            if !avoiding.isEmpty {
                let open = agenda[i].actions.filter { avoiding[$0.rule] == nil }
                if avoiding[proposal.rule] != nil {
                    if let next = open.first {
                        proposal.rule = next.rule
                        proposal.action = next.action
                        proposal.owner = Playbook.owner(of: next, agenda[i].owners ?? [])
                    } else {
                        proposal.rule = "escalate"
                        proposal.action = escalateAction((agenda[i].owners ?? []).map(teamName))
                    }
                }
                alternatives = open.filter { $0.rule != proposal.rule }
                proposal.because = becauseWords(avoiding.values.sorted())
            }
            if let due {
                // Decide on the decision first; the recommendation follows as the next option.
                let owner = teamName(due.decision.owner)
                alternatives.insert(
                    ProblemAction(
                        rule: proposal.rule, title: title(proposal.rule) ?? proposal.rule.rawValue,
                        teams: proposal.owner.map { [$0] } ?? [], action: proposal.action, priority: 1),
                    at: 0)
                proposal.rule = due.decision.action ?? "decision-due"
                proposal.action = decisionDueAction(due, title: title(due.decision.action), owner: owner)
                proposal.owner = due.decision.owner
            }
            agenda[i].proposal = proposal
            agenda[i].alternatives = alternatives
        }
    }
}
