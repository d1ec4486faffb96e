/// One team's scorecard: every key result it owns, alone or with others.
public struct TeamScorecard: Sendable, Hashable, Codable {
    /// The team.
    public var team: TeamID
    /// The team's display name.
    public var name: String
    /// The weighted mean of its key results' scores, 0…1; `nil` when none has data.
    public var score: Double?
    /// The statuses of the key results it owns rolled up (``Status/rollUp(_:)``).
    public var status: Status
    /// Its key results per status, in status order.
    public var counts: [StatusCount]
    /// Every key result it owns, alone or with others, in plan order.
    public var keyResults: [KeyResultID]
}
