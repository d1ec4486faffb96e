/// The alignment-health findings' messages, from the plan items they name.
extension ReviewEngine {
    /// "objective 'Grow pipeline' is owned by Marketing alone" (`owner`: its one team's name).
    func singleTeamMessage(_ o: Objective, owner: String?) -> String {
        "objective '\(o.title)' is owned by \(owner ?? "no team") alone"
    }

    /// "key result 'New ARR' has no owner team".
    func noOwnerMessage(_ kr: KeyResultReview) -> String { "key result '\(kr.title)' has no owner team" }

    /// "key result 'New ARR' is off track and no active tactic serves it".
    func withoutTacticMessage(_ kr: KeyResultReview) -> String {
        "key result '\(kr.title)' is off track and no active tactic serves it"
    }

    /// "funnel stage 'SQLs' has no content planned for it".
    func noContentMessage(_ stage: FunnelStage) -> String {
        "funnel stage '\(stage.name)' has no content planned for it"
    }

    /// "metric 'Pipeline' has no owner team".
    func noOwnerMessage(_ m: Metric) -> String { "metric '\(m.name)' has no owner team" }

    /// "no data for 'MQLs' in October 2026".
    func missingDataMessage(_ m: Metric) -> String { "no data for '\(m.name)' in \(period.label)" }
}
