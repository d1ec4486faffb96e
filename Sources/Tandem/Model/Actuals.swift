/// One measured value: a metric in a period, optionally for one team and one segment.
public struct Observation: Sendable, Hashable, Codable {
    public var period: Period
    public var metric: MetricID
    public var value: Double
    public var team: TeamID?
    public var segment: String?

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
    public var observations: [Observation]

    public init(_ observations: [Observation] = []) {
        self.observations = observations
    }

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
