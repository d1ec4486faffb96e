/// One row of the flat data (CSV and the workbook's Data sheet).
public struct DataRow: Sendable, Hashable {
    /// The period (written as its first day in CSV and the workbook).
    public var period: Period
    /// `actual` for periods up to the review period, `plan` for the periods still to come, `total`
    /// for the whole value of a metric reported only by team or segment, `cycle_end` for the cycle
    /// as a whole.
    public var rowKind: RowKind
    /// The metric's id.
    public var metric: MetricID {
        get { columns.values.metric }
        set { columns = columns.with { $0.metric = newValue } }
    }
    /// The metric's display name.
    public var metricName: String {
        get { columns.values.metricName }
        set { columns = columns.with { $0.metricName = newValue } }
    }
    /// The team of the row, or `nil` for the whole value.
    public var team: TeamID?
    /// The segment of the row, or `nil` for all segments.
    public var segment: String?
    /// The metric's unit (percents as fractions).
    public var unit: MetricUnit {
        get { columns.values.unit }
        set { columns = columns.with { $0.unit = newValue } }
    }
    /// The observed (or, for derived metrics, computed) value; `nil` on plan rows and where
    /// there is no data.
    public var actual: Double? {
        get { packed.actual.value }
        set { packed.actual = PackedDouble(newValue) }
    }
    /// The period's target, on whole-value rows (`team` and `segment` empty); `nil` on team and
    /// segment rows (the plan sets no target per team or segment) and when the plan sets none.
    /// Milestones are 0 or 1. On the `cycle_end` row, the cycle's target.
    public var target: Double? {
        get { packed.target.value }
        set { packed.target = PackedDouble(newValue) }
    }
    /// `actual − target`, rounded to the unit, on whole-value rows; not sign-adjusted for
    /// lower-is-better metrics.
    public var variance: Double? {
        get { packed.variance.value }
        set { packed.variance = PackedDouble(newValue) }
    }
    /// `variance / |target|`, a fraction; `nil` when the target is 0 or either is missing.
    public var variancePct: Double? {
        get { packed.variancePct.value }
        set { packed.variancePct = PackedDouble(newValue) }
    }
    /// How the metric rolls up over periods.
    public var rollup: Rollup {
        get { columns.values.rollup }
        set { columns = columns.with { $0.rollup = newValue } }
    }
    /// Whether higher or lower is better for the metric.
    public var direction: Direction {
        get { columns.values.direction }
        set { columns = columns.with { $0.direction = newValue } }
    }
    /// The metric's owner team.
    public var ownerTeam: TeamID? {
        get { columns.values.ownerTeam }
        set { columns = columns.with { $0.ownerTeam = newValue } }
    }
    /// The forecast for the period, on plan rows; the forecast for the cycle's end on the
    /// `cycle_end` row.
    public var forecast: Double? {
        get { packed.forecast.value }
        set { packed.forecast = PackedDouble(newValue) }
    }
    /// The plan's currency code (`USD`) on rows of a currency metric; `nil` otherwise.
    public var currency: String? {
        get { columns.values.currency }
        set { columns = columns.with { $0.currency = newValue } }
    }
    /// For a ratio metric (`a / b`): the numerator's value behind ``actual``, so a pivot can
    /// recompute the rate from sums; `nil` otherwise.
    public var numerator: Double? {
        get { packed.numerator.value }
        set { packed.numerator = PackedDouble(newValue) }
    }
    /// For a ratio metric: the denominator's value behind ``actual``.
    public var denominator: Double? {
        get { packed.denominator.value }
        set { packed.denominator = PackedDouble(newValue) }
    }
    /// The low end of the forecast's range, where the review has one (the `cycle_end` row).
    public var forecastLow: Double? {
        get { packed.forecastLow.value }
        set { packed.forecastLow = PackedDouble(newValue) }
    }
    /// The high end of the forecast's range.
    public var forecastHigh: Double? {
        get { packed.forecastHigh.value }
        set { packed.forecastHigh = PackedDouble(newValue) }
    }
    /// The central probability the range from ``forecastLow`` to ``forecastHigh`` is meant to
    /// hold (the forecast's ``Forecast/level``: 0.8 unless the plan says otherwise); set where the
    /// range is.
    public var forecastLevel: Double? {
        get { packed.forecastLevel.value }
        set { packed.forecastLevel = PackedDouble(newValue) }
    }

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
        self.init(
            period: period,
            columns: MetricColumns(
                MetricColumns.Values(
                    metric: metric, metricName: metricName, unit: unit, rollup: rollup, direction: direction,
                    ownerTeam: ownerTeam, currency: currency)),
            team: team, segment: segment, actual: actual, target: target, variance: variance,
            variancePct: variancePct, forecast: forecast, rowKind: rowKind, numerator: numerator,
            denominator: denominator, forecastLow: forecastLow, forecastHigh: forecastHigh,
            forecastLevel: forecastLevel)
    }

    /// A row whose metric columns are `columns`, shared with the metric's other rows.
    init(
        period: Period, columns: MetricColumns, team: TeamID?, segment: String?, actual: Double?,
        target: Double?, variance: Double?, variancePct: Double?, forecast: Double?, rowKind: RowKind,
        numerator: Double?, denominator: Double?, forecastLow: Double? = nil, forecastHigh: Double? = nil,
        forecastLevel: Double? = nil
    ) {
        self.period = period
        self.columns = columns
        self.team = team
        self.segment = segment
        self.rowKind = rowKind
        packed = Packed(
            actual: PackedDouble(actual), target: PackedDouble(target), variance: PackedDouble(variance),
            variancePct: PackedDouble(variancePct), forecast: PackedDouble(forecast),
            numerator: PackedDouble(numerator), denominator: PackedDouble(denominator),
            forecastLow: PackedDouble(forecastLow), forecastHigh: PackedDouble(forecastHigh),
            forecastLevel: PackedDouble(forecastLevel))
    }

    /// The columns every row of one metric has alike, held once for all of them.
    private var columns: MetricColumns

    /// The numbers, 8 bytes each: a million rows are about 90 MB smaller than with `Double?`
    /// fields (9 bytes, padded to 16).
    private var packed: Packed

    /// The columns a metric's rows share (id, name, unit, roll-up, direction, owner, currency):
    /// one object per metric, so a row holds one reference where it held seven values.
    final class MetricColumns: Sendable, Hashable {
        struct Values: Sendable, Hashable {
            var metric: MetricID
            var metricName: String
            var unit: MetricUnit
            var rollup: Rollup
            var direction: Direction
            var ownerTeam: TeamID?
            var currency: String?
        }

        let values: Values

        init(_ values: Values) { self.values = values }

        /// A copy with `change` made: a row's setter never changes the other rows of its metric.
        func with(_ change: (inout Values) -> Void) -> MetricColumns {
            var changed = values
            change(&changed)
            return MetricColumns(changed)
        }

        static func == (a: MetricColumns, b: MetricColumns) -> Bool { a === b || a.values == b.values }

        func hash(into hasher: inout Hasher) { hasher.combine(values) }
    }

    private struct Packed: Sendable, Hashable {
        var actual: PackedDouble
        var target: PackedDouble
        var variance: PackedDouble
        var variancePct: PackedDouble
        var forecast: PackedDouble
        var numerator: PackedDouble
        var denominator: PackedDouble
        var forecastLow: PackedDouble
        var forecastHigh: PackedDouble
        var forecastLevel: PackedDouble
    }
}

/// A `Double?` in 8 bytes: `nil` is a signalling NaN with a payload that no parsed number and no
/// arithmetic produces (arithmetic on a NaN gives the quiet NaN). Compares and hashes as the
/// `Double?` it holds.
struct PackedDouble: Sendable, Hashable {
    private static let absent: UInt64 = 0x7FF0_0000_7A4D_0001
    private let bits: UInt64

    init(_ value: Double?) { bits = value?.bitPattern ?? Self.absent }

    var value: Double? { bits == Self.absent ? nil : Double(bitPattern: bits) }

    static func == (a: Self, b: Self) -> Bool { a.value == b.value }

    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

extension DataRow: Codable {
    private enum CodingKeys: String, CodingKey {
        case period, metric, metricName, team, segment, unit, actual, target, variance, variancePct, rollup
        case direction, ownerTeam, forecast, rowKind, currency, numerator, denominator, forecastLow
        case forecastHigh, forecastLevel
    }

    /// Decodes a row as it is encoded: absent keys for empty values.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            period: try c.decode(Period.self, forKey: .period), metric: try c.decode(MetricID.self, forKey: .metric),
            metricName: try c.decode(String.self, forKey: .metricName),
            team: try c.decodeIfPresent(TeamID.self, forKey: .team),
            segment: try c.decodeIfPresent(String.self, forKey: .segment),
            unit: try c.decode(MetricUnit.self, forKey: .unit),
            actual: try c.decodeIfPresent(Double.self, forKey: .actual),
            target: try c.decodeIfPresent(Double.self, forKey: .target),
            variance: try c.decodeIfPresent(Double.self, forKey: .variance),
            variancePct: try c.decodeIfPresent(Double.self, forKey: .variancePct),
            rollup: try c.decode(Rollup.self, forKey: .rollup),
            direction: try c.decode(Direction.self, forKey: .direction),
            ownerTeam: try c.decodeIfPresent(TeamID.self, forKey: .ownerTeam),
            forecast: try c.decodeIfPresent(Double.self, forKey: .forecast),
            rowKind: try c.decode(RowKind.self, forKey: .rowKind),
            currency: try c.decodeIfPresent(String.self, forKey: .currency),
            numerator: try c.decodeIfPresent(Double.self, forKey: .numerator),
            denominator: try c.decodeIfPresent(Double.self, forKey: .denominator),
            forecastLow: try c.decodeIfPresent(Double.self, forKey: .forecastLow),
            forecastHigh: try c.decodeIfPresent(Double.self, forKey: .forecastHigh),
            forecastLevel: try c.decodeIfPresent(Double.self, forKey: .forecastLevel))
    }

    /// Encodes every column under its property's name, leaving out empty values.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period)
        try c.encode(metric, forKey: .metric)
        try c.encode(metricName, forKey: .metricName)
        try c.encodeIfPresent(team, forKey: .team)
        try c.encodeIfPresent(segment, forKey: .segment)
        try c.encode(unit, forKey: .unit)
        try c.encodeIfPresent(actual, forKey: .actual)
        try c.encodeIfPresent(target, forKey: .target)
        try c.encodeIfPresent(variance, forKey: .variance)
        try c.encodeIfPresent(variancePct, forKey: .variancePct)
        try c.encode(rollup, forKey: .rollup)
        try c.encode(direction, forKey: .direction)
        try c.encodeIfPresent(ownerTeam, forKey: .ownerTeam)
        try c.encodeIfPresent(forecast, forKey: .forecast)
        try c.encode(rowKind, forKey: .rowKind)
        try c.encodeIfPresent(currency, forKey: .currency)
        try c.encodeIfPresent(numerator, forKey: .numerator)
        try c.encodeIfPresent(denominator, forKey: .denominator)
        try c.encodeIfPresent(forecastLow, forKey: .forecastLow)
        try c.encodeIfPresent(forecastHigh, forKey: .forecastHigh)
        try c.encodeIfPresent(forecastLevel, forKey: .forecastLevel)
    }
}
