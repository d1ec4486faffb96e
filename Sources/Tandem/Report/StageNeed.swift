/// One stage of the reverse funnel: the volume it needs for the rest of the cycle.
public struct StageNeed: Sendable, Hashable, Codable {
    /// The stage.
    public var stage: StageID
    /// The stage's display name.
    public var name: String
    /// Needed over the remaining periods at actual conversion rates.
    public var neededTotal: Double?
    /// ``neededTotal`` spread over the remaining periods; `nil` when none remain.
    public var neededPerPeriod: Double?
    /// The planned volume per period (the plan's period targets of the stage's metric, averaged
    /// over the cycle), for comparison.
    public var plannedPerPeriod: Double?
    /// The recent actual volume per period (last three periods).
    public var recentPerPeriod: Double?
    /// `neededPerPeriod − recentPerPeriod`: positive when each remaining period must do more than
    /// recently.
    public var gap: Double?
}
