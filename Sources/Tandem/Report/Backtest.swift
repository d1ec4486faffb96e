/// The review's own forecast made as of an earlier period, against what happened.
public struct Backtest: Sendable, Hashable, Codable {
    /// The period the forecast was made as of.
    public var asOf: Period
    /// The period forecast: the review period.
    public var period: Period
    /// What the review as of ``asOf`` forecast for ``period``.
    public var forecast: Forecast
    /// What happened: the cycle-to-date value (summed metrics) or the period's value (levels).
    public var actual: Double
    /// `actual − forecast.base`.
    public var error: Double
    /// `error / |actual|`.
    public var errorPct: Double?
    /// Whether the actual fell inside the forecast's range.
    public var withinRange: Bool
}

extension Backtest {
    /// `forecast`, made as of `asOf`, against `actual` in `period`.
    init(asOf: Period, period: Period, forecast: Forecast, actual: Double) {
        let error = actual - forecast.base
        let slack = 1e-9 * abs(actual)
        self.init(
            asOf: asOf, period: period, forecast: forecast, actual: actual, error: error,
            errorPct: actual != 0 ? error / abs(actual) : nil,
            withinRange: actual >= forecast.low - slack && actual <= forecast.high + slack)
    }
}
