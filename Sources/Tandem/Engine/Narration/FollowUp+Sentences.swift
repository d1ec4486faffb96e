/// The follow-up's words: why a proposal is not made again, the escalation, and a decision due.
extension Review {
    /// "tried: Revisit lead scoring and the ICP together (Sep, done 2025-10-15): MQLs→SQLs
    /// conversion 31.0 % then → 29.5 % now, no improvement".
    func triedWords(_ name: String, _ d: DecisionFollowUp) -> String {
        let format = Formatting(currency: plan.currency)
        var reason = "tried: \(name) (\(d.decision.period.shortLabel)"
        if let done = d.decision.done { reason += ", done \(done)" }
        reason += ")"
        if let e = d.effect {
            reason +=
                ": \(e.measure) \(format.value(e.before, e.unit)) then → \(format.value(e.after, e.unit)) now, no improvement"
        } else {
            reason += ", no measured improvement"
        }
        return reason
    }

    /// "declined: Scale the best-converting channel (Sep)".
    func declinedWords(_ name: String, _ d: DecisionFollowUp) -> String {
        "declined: \(name) (\(d.decision.period.shortLabel))"
    }

    /// Why the proposal is not an action tried or declined: their words, "; "-joined.
    func becauseWords(_ reasons: [String]) -> String { reasons.joined(separator: "; ") }

    /// The proposal when every option was tried or declined, to the owners' leads.
    func escalateAction(_ owners: [String]) -> String {
        "Every option the playbook has was tried or declined: escalate to the \(owners.joined(separator: " and ")) leads to choose a new lever or re-plan the target openly, with a date"
    }

    /// "Overdue since 2025-10-31: the Sep decision 'Fix the data sync' (Marketing): decide to
    /// extend, replace or drop it" (or "Due now: …"; "the decision" when it names no action).
    func decisionDueAction(_ due: DecisionFollowUp, title: String?, owner: String) -> String {
        let what = title.map { "'\($0)'" } ?? "the decision"
        let when = due.state == .overdue ? "overdue since \(due.decision.due.map { "\($0)" } ?? "")" : "due now"
        return
            "\(when.prefix(1).uppercased() + when.dropFirst()): the \(due.decision.period.shortLabel) decision \(what) (\(owner)): decide to extend, replace or drop it"
    }
}

/// Why a follow-up compares nothing, in words (``FollowUp/note``).
extension FollowUp {
    /// The note when no previous review was given and the caller gave no reason.
    static let noPreviousNote =
        "No previous review to compare with: problems, status changes and restatements start next time."

    /// "The previous review (2026-10) is not earlier than this one: nothing compared."
    static func notEarlierNote(_ previous: Period) -> String {
        "The previous review (\(previous)) is not earlier than this one: nothing compared."
    }
}
