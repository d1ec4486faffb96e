/// The key-result family: off track with nothing planned, or a run-rate that cannot make it.
extension Playbook {
    static let keyResultRules: [PlaybookRule] = [
        PlaybookRule(
            id: "kr-without-tactic", title: "Plan a tactic together for an off-track key result", practice: 4,
            priority: 1, condition: "a key result is off track and no active tactic serves it",
            evaluate: keyResultWithoutTactic),
        PlaybookRule(
            id: "run-rate-gap", title: "Close the run-rate gap", practice: 5, priority: 2,
            condition: "a summed key result behind plan needs over 125 % of its recent run-rate", evaluate: runRateGap),
    ]

    @Sendable static func keyResultWithoutTactic(_ facts: ReviewFacts) -> [Proposal] {
        facts.keyResults.filter { $0.status == .offTrack && $0.activeTactics.isEmpty }.map { kr in
            Proposal(
                problem: facts.keyResultProblem(kr), teams: kr.owners.isEmpty ? facts.allTeams : kr.owners,
                rationale: withoutTacticRationale(kr),
                action: planTacticAction)
        }
    }

    @Sendable static func runRateGap(_ facts: ReviewFacts) -> [Proposal] {
        var out: [Proposal] = []
        for kr in facts.keyResults where kr.status == .offTrack || kr.status == .atRisk {
            guard let need = kr.requiredRunRate, let recent = kr.recentRunRate, recent > 0, need > recent * 1.25 else {
                continue
            }
            out.append(
                Proposal(
                    problem: facts.keyResultProblem(kr), teams: kr.owners.isEmpty ? facts.allTeams : kr.owners,
                    rationale: runRateGapRationale(kr, need: need, recent: recent, facts),
                    action: runRateGapAction(kr, need: need, recent: recent, facts)))
        }
        return out
    }
}
