/// One measured value: a metric in a period, optionally for one team and one segment.
public struct Observation: Sendable, Hashable, Codable {
    /// The period the value was measured in.
    public var period: Period
    /// The metric measured; it should name a metric of the plan.
    public var metric: MetricID
    /// The measured value in the metric's unit: a fraction for percent metrics (0.25 is 25 %),
    /// an amount in the plan's currency for currency metrics.
    public var value: Double
    /// The team the value belongs to, or `nil` for the whole company.
    public var team: TeamID?
    /// The segment (region, tier, channel…) the value belongs to, or `nil` for all segments.
    public var segment: String?

    /// An observation of `metric` in `period`; without `team` and `segment` it is the whole value.
    public init(period: Period, metric: MetricID, value: Double, team: TeamID? = nil, segment: String? = nil) {
        self.period = period
        self.metric = metric
        self.value = value
        self.team = team
        self.segment = segment
    }
}

/// The actuals of a cycle: observations from the CRM and marketing-automation exports, or built in
/// code.
///
/// ```swift
/// var actuals = Actuals()
/// actuals.append(Observation(period: .month(2026, 7), metric: "mqls", value: 612))
/// ```
public struct Actuals: Sendable, Hashable, Codable {
    /// Every observation, in the order they were read or appended.
    public var observations: [Observation]

    /// Actuals holding `observations` (none by default).
    public init(_ observations: [Observation] = []) {
        self.observations = observations
    }

    /// Adds one observation at the end.
    public mutating func append(_ observation: Observation) {
        observations.append(observation)
    }

    /// Adds every observation of `other`.
    public mutating func merge(_ other: Actuals) {
        observations.append(contentsOf: other.observations)
    }

    /// The periods with at least one observation, sorted.
    public var periods: [Period] { Set(observations.map(\.period)).sorted() }
}
