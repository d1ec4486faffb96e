/// The reasons family: a leak whose rejected leads (or lost deals) carry reasons names the
/// largest reason × source × segment, and the top reason picks the proposal: a bad fit stays with
/// lead scoring and the ICP, no response goes to speed to lead, timing to nurture.
extension Playbook {
    static let reasonRules: [PlaybookRule] = [
        PlaybookRule(
            id: "unanswered-leads", title: "Work unanswered leads before rescoring them", practice: 3, priority: 1,
            condition:
                "a conversion other than the last is below plan and the top reason sales gave for rejecting its leads since the leak began says no response",
            evaluate: { rejections($0, .noResponse) }),
        PlaybookRule(
            id: "not-now-leads", title: "Recycle not-now leads into nurture", practice: 4, priority: 1,
            condition:
                "a conversion other than the last is below plan and the top reason sales gave for rejecting its leads since the leak began says timing (not now)",
            evaluate: { rejections($0, .timing) }),
    ]

    /// What a reason says, by its words.
    enum ReasonCategory: Equatable {
        /// Not the customer we sell to: scoring and the ICP.
        case fit
        /// Never reached: speed to lead and follow-up.
        case noResponse
        /// A fit, but not now: nurture.
        case timing
    }

    /// The category of a reason text: no response (`No response`, `Unresponsive`, `Could not
    /// reach`…), timing (`Bad timing`, `Not now`, `Next year`…), else a fit.
    static func category(_ reason: String) -> ReasonCategory {
        let text = reason.lowercased()
        let noResponse = [
            "no response", "no-response", "unresponsive", "no answer", "not reached", "no contact", "unreachable",
            "no reply", "ghost", "could not reach", "couldn't reach", "never responded", "never answered",
        ]
        let timing = ["timing", "not now", "not ready", "later", "next year", "next quarter", "future"]
        if noResponse.contains(where: { text.contains($0) }) { return .noResponse }
        if timing.contains(where: { text.contains($0) }) { return .timing }
        return .fit
    }

    @Sendable static func rejections(_ facts: ReviewFacts, _ wanted: ReasonCategory) -> [Proposal] {
        guard let funnel = facts.funnel else { return [] }
        var out: [Proposal] = []
        for (i, t) in funnel.transitions.enumerated().dropLast() where facts.leaks[i] != nil {
            guard let top = facts.topReason(i), let reason = top.row.reason, category(reason) == wanted,
                let problem = facts.transitionProblem(i)
            else { continue }
            out.append(
                Proposal(
                    problem: problem, teams: facts.allTeams, rationale: convertsWithReason(t, top, facts),
                    action: rejectionAction(wanted, reason: reason, stage: funnel.stages[i].name)))
        }
        return out
    }
}

/// The largest reason × source × segment behind a leaking transition, the evidence the reasons
/// family reads.
struct TopReason {
    /// Whose reasons: the lost deals, or the rejected or recycled leads of a stage (its name).
    enum Group {
        case lost
        case rejected(String)
        case recycled(String)
    }

    var row: ReasonShares.Row
    var group: Group
    /// The row's share of its group's reasons since `since`.
    var share: Double
    var since: Period
}

extension ReviewFacts {
    /// The largest reason × source × segment behind transition `i`, over the periods since its
    /// leak began (the cycle when it has no start): rejected (else recycled) leads of its first
    /// stage when the reasons date leads by it, lost deals for the last transition.
    func topReason(_ i: Int) -> TopReason? {
        guard let reasons, let funnel, i < funnel.transitions.count else { return nil }
        let t = funnel.transitions[i]
        let last = i == funnel.transitions.count - 1
        let candidates: [(ReasonShares.Group?, TopReason.Group)] =
            last
            ? [(reasons.lost, .lost)]
            : reasons.stage == t.from
                ? [
                    (reasons.rejected, .rejected(funnel.stages[i].name)),
                    (reasons.recycled, .recycled(funnel.stages[i].name)),
                ] : []
        let start = t.since.flatMap { reasons.periods.firstIndex(of: $0) } ?? 0
        for (group, name) in candidates {
            guard let group else { continue }
            let total = group.counts[start...].reduce(0, +)
            guard total > 0 else { continue }
            let rank = group.reasons.map(\.reason)
            var best: (ReasonShares.Row, Int, Int)?
            for row in group.rows where row.reason != nil {
                let n = row.counts[start...].reduce(0, +)
                let r = rank.firstIndex(of: row.reason) ?? rank.count
                if n > 0, best == nil || n > best!.1 || (n == best!.1 && r < best!.2) { best = (row, n, r) }
            }
            guard let (row, n, _) = best else { continue }
            return TopReason(
                row: row, group: name, share: Double(n) / Double(total), since: reasons.periods[start])
        }
        return nil
    }
}
