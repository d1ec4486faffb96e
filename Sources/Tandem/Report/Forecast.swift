/// A forecast of a value at the end of the cycle, with a range (see the *Forecasts* article).
public struct Forecast: Sendable, Hashable, Codable {
    /// How a forecast is made.
    public enum Method: String, Sendable, Hashable, Codable {
        /// To date plus the recent run-rate for each remaining period (summed metrics).
        case runRate = "run_rate"
        /// To date plus the recent performance ratio (actual ÷ plan over the recent periods) times
        /// the volume the plan still has to come: summed metrics whose plan is phased.
        case phasedRunRate = "phased_run_rate"
        /// The least-squares line through the periods so far (level metrics).
        case trend
        /// The open pipeline converted at the observed pipeline-to-won rate and lag.
        case pipeline
        /// Each deal open at the review date weighed by its chance to close won by the cycle's end,
        /// from its funnel stage and the days since it entered it, plus the deals still to be
        /// created: revenue and won deals when the review reads CRM deal records
        /// (``DealOutlook``).
        case openDeals = "open_deals"
        /// The recent level: the mean of the last three periods with data (level metrics whose
        /// trend is not clearly more than noise).
        case recentLevel = "recent_level"
        /// The latest value (milestones).
        case latest
        /// The cycle is over: the actual.
        case actual

        /// `at the recent run-rate`, `on the trend`, …
        public var phrase: String {
            switch self {
            case .runRate: "at the recent run-rate"
            case .phasedRunRate: "at the recent pace against the phased plan"
            case .trend: "on the trend"
            case .recentLevel: "at the recent level"
            case .pipeline: "from the open pipeline"
            case .openDeals: "from the open deals by stage and age"
            case .latest: "at the latest value"
            case .actual: "as booked"
            }
        }
    }

    /// How the forecast was made.
    public var method: Method
    /// The most likely value.
    public var base: Double
    /// The low end of the range: the central prediction interval at ``level`` (P10 at 80 %).
    public var low: Double
    /// The high end of the range (P90 at 80 %).
    public var high: Double
    /// How many periods (period pairs for `pipeline`, closed deals for `open_deals`) the method read.
    public var periods: Int
    /// The share of outcomes the range `low`…`high` is meant to hold: a central prediction
    /// interval at this level (0.8 unless the plan's `review.forecast_level` says otherwise).
    /// `nil` when the history is too short to estimate a range honestly: `low == high == base`.
    public var level: Double?

    /// A forecast; `low` and `high` are widened to include `base`.
    public init(method: Method, base: Double, low: Double, high: Double, periods: Int, level: Double?) {
        self.method = method
        self.base = base
        self.low = min(low, base)
        self.high = max(high, base)
        self.periods = periods
        self.level = level
    }

    /// A forecast that is certain (the cycle is over, or a milestone's latest value): the range
    /// is the value, at any level.
    public static func exact(_ value: Double, _ method: Method, level: Double = 0.8) -> Forecast {
        Forecast(method: method, base: value, low: value, high: value, periods: 0, level: level)
    }
}

/// Where a forecast leaves a target.
public enum Outlook: String, Sendable, Hashable, Codable {
    /// The whole range reaches the target.
    case reaches
    /// The base reaches it; the low end does not.
    case likely
    /// The base misses it; the high end reaches it (``KeyResultReview/forecastShort``).
    case short
    /// The whole range misses it.
    case misses
}
