/// One stage of the shared funnel, measured by a count metric.
public struct FunnelStage: Sendable, Hashable, Codable {
    public var id: StageID
    /// The display name, e.g. `MQLs`.
    public var name: String
    /// The metric that counts the stage's volume per period.
    public var metric: MetricID

    /// A stage counted by `metric`.
    public init(id: StageID, name: String, metric: MetricID) {
        self.id = id
        self.name = name
        self.metric = metric
    }
}

/// The shared funnel: ordered stages, the planned conversion between neighbours, and what a won
/// deal is worth.
///
/// ```swift
/// Funnel(stages: [leads, mqls, sqls, opps, won], plannedRates: [0.3, 0.4, 0.5, 0.25],
///        valuePerWon: 24_000, revenueTarget: 2_400_000)
/// ```
public struct Funnel: Sendable, Hashable, Codable {
    /// The stages from the top (leads) to the bottom (won deals), in order.
    public var stages: [FunnelStage]
    /// `plannedRates[i]` is the planned conversion from `stages[i]` to `stages[i + 1]`.
    public var plannedRates: [Double]
    /// The average value of one won deal, in the plan's currency.
    public var valuePerWon: Double
    /// The revenue the funnel must produce over the cycle.
    public var revenueTarget: Double?
    /// A currency metric recording actual won revenue, when the CRM reports one.
    public var revenueMetric: MetricID?
    /// A currency metric recording the open pipeline at the end of each period (rolled up as the
    /// latest value): the review's pipeline forecast and coverage read it. Once deal records are
    /// read, the open pipeline they derive feeds the same metric.
    public var pipelineMetric: MetricID?

    /// A funnel of `stages` with one planned rate per transition (`stages.count − 1`).
    public init(
        stages: [FunnelStage], plannedRates: [Double], valuePerWon: Double, revenueTarget: Double? = nil,
        revenueMetric: MetricID? = nil, pipelineMetric: MetricID? = nil
    ) {
        self.pipelineMetric = pipelineMetric
        self.stages = stages
        self.plannedRates = plannedRates
        self.valuePerWon = valuePerWon
        self.revenueTarget = revenueTarget
        self.revenueMetric = revenueMetric
    }
}
