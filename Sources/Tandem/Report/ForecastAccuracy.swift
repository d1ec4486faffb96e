/// The review's own track record this cycle: its forecasts of the review period's value, made from
/// every earlier period with the method of today, against what happened, and against the naive
/// forecast (the cycle's average period so far for sums, the latest value for levels). Key results
/// (all but milestones) and the funnel's revenue count.
///
/// Errors are `(forecast − actual) / |actual|`; a positive bias means the forecasts ran high.
public struct ForecastAccuracy: Sendable, Hashable, Codable {
    /// The level of the ranges tested (the plan's forecast level).
    public var level: Double
    /// How many forecasts had a range at ``level``.
    public var forecasts: Int
    /// How many of those ranges held the outcome; `held / forecasts` should be near ``level``.
    public var held: Int
    /// The median absolute error of the base, as a share of the outcome.
    public var medianAbsError: Double?
    /// The median signed error of the base (positive: too high).
    public var bias: Double?
    /// The naive forecast's median absolute error.
    public var naiveMedianAbsError: Double?
    /// The naive forecast's median signed error.
    public var naiveBias: Double?
    /// How many base forecasts the errors are over (ranged or not).
    public var pointForecasts: Int
}
