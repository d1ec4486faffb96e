/// An alignment-health finding.
public struct HealthFinding: Sendable, Hashable, Codable {
    /// What kind of finding it is; match on these, not on the message.
    public struct Code: StringBacked {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// An objective owned by one team only (when the plan has several teams).
        public static let singleTeamObjective = Code(rawValue: "single_team_objective")
        /// A key result with no owner team.
        public static let keyResultWithoutOwner = Code(rawValue: "key_result_without_owner")
        /// An off-track key result that no active tactic serves.
        public static let offTrackWithoutTactic = Code(rawValue: "off_track_without_tactic")
        /// A funnel stage with no content tactic.
        public static let stageWithoutContent = Code(rawValue: "stage_without_content")
        /// A metric with no owner team.
        public static let metricWithoutOwner = Code(rawValue: "metric_without_owner")
        /// A stage's key-result target that, through the planned rates and deal value, cannot
        /// make the revenue target.
        public static let planArithmetic = Code(rawValue: "plan_arithmetic")
        /// A key-result or SLA metric with no observation in the review period.
        public static let missingData = Code(rawValue: "missing_data")
    }

    /// What kind of finding it is.
    public var code: Code
    /// The finding in words: "objective 'Grow pipeline' is owned by Marketing alone".
    public var message: String
    /// The plan item concerned (objective, key result, stage or metric id).
    public var subject: String
}
