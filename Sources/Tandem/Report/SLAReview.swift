/// One SLA, both directions, per period and cycle to date.
public struct SLAReview: Sendable, Hashable, Codable {
    public var id: SLAID
    /// The commitment in words.
    public var title: String
    /// The team that commits.
    public var from: TeamID
    /// The team it commits to.
    public var to: TeamID
    /// The metric checked.
    public var metric: MetricID
    /// The metric's unit, of ``committed``, ``actual`` and ``margin``.
    public var unit: MetricUnit
    /// At least or at most.
    public var comparison: Comparison
    /// The committed amount per period.
    public var committed: Double
    /// Cycle-to-date value: the mean per period with data for a summed metric, else the metric's
    /// roll-up.
    public var actual: Double?
    /// Whether the cycle-to-date value meets the commitment; `nil` without data.
    public var met: Bool?
    /// Distance from the commitment, positive when better than committed.
    public var margin: Double?
    /// Each period of the cycle so far.
    public var periods: [SLAPeriod]
    /// Whether the review period met the commitment.
    public var metInPeriod: Bool?
}

/// One SLA in one period.
public struct SLAPeriod: Sendable, Hashable, Codable {
    /// The period.
    public var period: Period
    /// The metric's value in the period; `nil` without data.
    public var actual: Double?
    /// Whether the value meets the commitment; `nil` without data.
    public var met: Bool?
    /// Distance from the commitment, positive when better than committed; `nil` without data.
    public var margin: Double?
}
