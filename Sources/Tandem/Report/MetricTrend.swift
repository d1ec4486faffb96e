/// One metric across the cycle's periods so far.
public struct MetricTrend: Sendable, Hashable, Codable {
    /// The metric.
    public var metric: MetricID
    /// The metric's display name.
    public var name: String
    /// The metric's unit.
    public var unit: MetricUnit
    /// Whether higher or lower is better, which colours the change.
    public var direction: Direction
    /// One value per period of ``Review/periods`` (nil where there is no data).
    public var values: [Double?]
    /// Change of the review period against the previous one.
    public var change: Double?
    /// Relative change against the previous period.
    public var changePct: Double?
    /// Cycle-to-date value.
    public var cycleToDate: Double?
}
