/// One key result's review.
public struct KeyResultReview: Sendable, Hashable, Codable {
    public var id: KeyResultID
    /// The objective the key result belongs to.
    public var objective: ObjectiveID
    /// The key result's title.
    public var title: String
    /// The metric that measures it.
    public var metric: MetricID
    /// The metric's display name.
    public var metricName: String
    /// The metric's unit: every value of this review is in it.
    public var unit: MetricUnit
    /// How it is judged.
    public var kind: KeyResultKind
    /// The teams that answer for it.
    public var owners: [TeamID]
    /// The plan's baseline.
    public var baseline: Double
    /// The plan's target for the cycle (the cycle total for summed metrics).
    public var target: Double
    /// Cycle-to-date actual, rolled up by the metric's rule; `nil` without data.
    public var actual: Double?
    /// The value in the review period alone.
    public var periodActual: Double?
    /// What the plan expects by the end of the review period.
    public var expected: Double
    /// `(actual − baseline) / (target − baseline)`, unclamped; for stay kinds the attainment of
    /// the review period's value.
    public var progress: Double?
    /// Progress clamped to 0…1; for stay kinds the share of periods that met the target.
    public var score: Double?
    /// `actual / target` (inverted when lower is better).
    public var attainment: Double?
    /// Progress against the progress expected by now: 1 is exactly on plan (`actual / expected`
    /// for summed metrics from a zero baseline); for stay kinds the attainment.
    public var pace: Double?
    /// The status, looking ahead: the pace to date, then the forecast (see the *Forecasts* article).
    public var status: Status
    /// The status from the pace to date alone, before the forecast is considered.
    public var paceStatus: Status
    /// The projected value at the end of the cycle (``forecastRange``'s base).
    public var forecast: Double?
    /// The forecast at the end of the cycle with its range: run-rate (summed metrics), trend (level
    /// metrics), the latest value (milestones) or the actual once the cycle is over.
    public var forecastRange: Forecast?
    /// For revenue and won deals when the plan names a pipeline metric: the open pipeline converted
    /// at its observed rate and lag.
    public var pipelineForecast: Forecast?
    /// Where ``forecastRange`` leaves the target; `nil` when achieved, over, or without data.
    public var outlook: Outlook?
    /// The base forecast misses the target but the range reaches it: shown with the status.
    public var forecastShort: Bool
    /// How the review's own earlier forecast of today's value fared.
    public var backtest: Backtest?
    /// What each remaining period must add to reach the target (summed metrics only).
    public var requiredRunRate: Double?
    /// The recent run-rate (mean of the last three periods), summed metrics only.
    public var recentRunRate: Double?
    /// Change of the period value against the previous period.
    public var change: Double?
    /// Periods with data in which a stay-above/below target was breached.
    public var breachedPeriods: [Period]
    /// Tactics serving the key result that are active now.
    public var activeTactics: [TacticID]
    /// The status in numbers: "78 % of expected; forecast 1,540 of 1,800".
    public var reason: String
}

extension KeyResultReview {
    /// The status as shown everywhere: `on track`, or `on track, forecast short` when the base
    /// forecast misses the target but its range reaches it.
    public var statusLabel: String { forecastShort ? "\(status.label), forecast short" : status.label }
}
