/// One row of the flat data (CSV and the workbook's Data sheet).
public struct DataRow: Sendable, Hashable, Codable {
    /// The period (written as its first day in CSV and the workbook).
    public var period: Period
    /// The metric's id.
    public var metric: MetricID
    /// The metric's display name.
    public var metricName: String
    /// The team of the row, or `nil` for the whole value.
    public var team: TeamID?
    /// The segment of the row, or `nil` for all segments.
    public var segment: String?
    /// The metric's unit (percents as fractions).
    public var unit: MetricUnit
    /// The observed (or, for derived metrics, computed) value; `nil` on plan rows and where
    /// there is no data.
    public var actual: Double?
    /// The period's target, on whole-value rows (`team` and `segment` empty); `nil` on team and
    /// segment rows (the plan sets no target per team or segment) and when the plan sets none.
    /// Milestones are 0 or 1. On the `cycle_end` row, the cycle's target.
    public var target: Double?
    /// `actual − target`, rounded to the unit, on whole-value rows; not sign-adjusted for
    /// lower-is-better metrics.
    public var variance: Double?
    /// `variance / |target|`, a fraction; `nil` when the target is 0 or either is missing.
    public var variancePct: Double?
    /// How the metric rolls up over periods.
    public var rollup: Rollup
    /// Whether higher or lower is better for the metric.
    public var direction: Direction
    /// The metric's owner team.
    public var ownerTeam: TeamID?
    /// The forecast for the period, on plan rows; the forecast for the cycle's end on the
    /// `cycle_end` row.
    public var forecast: Double?
    /// `actual` for periods up to the review period, `plan` for the periods still to come, `total`
    /// for the whole value of a metric reported only by team or segment, `cycle_end` for the cycle
    /// as a whole.
    public var rowKind: RowKind
    /// The plan's currency code (`USD`) on rows of a currency metric; `nil` otherwise.
    public var currency: String?
    /// For a ratio metric (`a / b`): the numerator's value behind ``actual``, so a pivot can
    /// recompute the rate from sums; `nil` otherwise.
    public var numerator: Double?
    /// For a ratio metric: the denominator's value behind ``actual``.
    public var denominator: Double?
    /// The low end of the forecast's range, where the review has one (the `cycle_end` row).
    public var forecastLow: Double?
    /// The high end of the forecast's range.
    public var forecastHigh: Double?
    /// The central probability the range from ``forecastLow`` to ``forecastHigh`` is meant to
    /// hold (the forecast's ``Forecast/level``: 0.8 unless the plan says otherwise); set where the
    /// range is.
    public var forecastLevel: Double?

    /// `value` rounded to its unit's precision (``MetricUnit/stored(_:)``: cents for currency, 6
    /// decimals for percents and ratios, 4 otherwise), so computed numbers print as `-0.65`,
    /// never `-0.6499999999999999`.
    public static func rounded(_ value: Double, _ unit: MetricUnit) -> Double { unit.stored(value) }

    /// Whether a row holds what happened or what is planned for a period still to come.
    public enum RowKind: String, Sendable, Hashable, Codable {
        /// A period up to the review period.
        case actual
        /// A period after the review period: empty actual, the target and the forecast.
        case plan
        /// The whole value of a metric reported only by team or segment, in a period up to the
        /// review period: the sum of its `actual` rows (or the value the review computes), the
        /// period's target and the variance. Its team and segment are empty.
        case total
        /// The cycle as a whole, one row per targeted metric, dated the cycle's last period: the
        /// cycle-to-date actual, the cycle's target and the forecast for the cycle's end with its
        /// range and level.
        case cycleEnd = "cycle_end"
    }

    /// A row of the flat data, with every column given.
    public init(
        period: Period, metric: MetricID, metricName: String, team: TeamID? = nil, segment: String? = nil,
        unit: MetricUnit, actual: Double?, target: Double?, variance: Double?, variancePct: Double?,
        rollup: Rollup = .sum, direction: Direction = .higherIsBetter, ownerTeam: TeamID? = nil,
        forecast: Double? = nil, rowKind: RowKind = .actual, currency: String? = nil, numerator: Double? = nil,
        denominator: Double? = nil, forecastLow: Double? = nil, forecastHigh: Double? = nil,
        forecastLevel: Double? = nil
    ) {
        self.period = period
        self.metric = metric
        self.metricName = metricName
        self.team = team
        self.segment = segment
        self.unit = unit
        self.actual = actual
        self.target = target
        self.variance = variance
        self.variancePct = variancePct
        self.rollup = rollup
        self.direction = direction
        self.ownerTeam = ownerTeam
        self.forecast = forecast
        self.rowKind = rowKind
        self.currency = currency
        self.numerator = numerator
        self.denominator = denominator
        self.forecastLow = forecastLow
        self.forecastHigh = forecastHigh
        self.forecastLevel = forecastLevel
    }
}
