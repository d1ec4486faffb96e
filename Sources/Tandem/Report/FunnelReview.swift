/// The shared funnel against plan.
public struct FunnelReview: Sendable, Hashable, Codable {
    /// Every stage, top to bottom.
    public var stages: [StageReview]
    /// Every transition between neighbouring stages, top to bottom.
    public var transitions: [TransitionReview]
    /// The transition whose shortfall costs the most revenue at the bottom of the funnel.
    public var bottleneck: Bottleneck?
    /// The revenue the cycle must produce, and what is booked so far.
    public var revenueTarget: Double?
    /// Revenue booked in the cycle to date, in the plan's currency: the revenue metric's
    /// cycle-to-date value, else won deals × ``valuePerWon``.
    public var revenueToDate: Double
    /// The value of one won deal, in the plan's currency.
    public var valuePerWon: Double
    /// From the revenue still to book and the actual conversion rates: what each stage needs.
    public var reverse: [StageNeed]
    /// The periods of the recent window each transition is also judged on.
    public var recentPeriods: Int
    /// `revenueTarget − revenueToDate`, never below 0; `nil` without a revenue target.
    public var revenueToGo: Double?
    /// Revenue at the end of the cycle at the recent run-rate (or the actual once the cycle is over).
    public var revenueForecast: Forecast?
    /// Revenue at the end of the cycle from the open pipeline, when the plan names a pipeline metric.
    public var revenuePipelineForecast: Forecast?
    /// Open pipeline against the revenue still to book, when the plan names a pipeline metric.
    public var coverage: PipelineCoverage?
    /// How the review's own earlier revenue forecast fared.
    public var revenueBacktest: Backtest?
    /// How the open-deals forecast (``Forecast/Method/openDeals``) made from the records as they
    /// stood two periods back fared, when the review reads deal records.
    public var revenueDealsBacktest: Backtest?
}
