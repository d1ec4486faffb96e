/// The columns of the flat data, defined once: the CSV header, the workbook's Data table and its
/// About dictionary, the cells the native workbook writes, and the keys of the JSON `data` rows all
/// come from `DataColumn.allCases`, in this order.
///
/// ```swift
/// let header = DataColumn.allCases.map(\.name)   // ["period", "metric_id", …]
/// let actual = DataColumn.actual.field(of: row)  // .number(412)
/// ```
public enum DataColumn: Int, Sendable, Hashable, CaseIterable {
    /// `period`: the period's first day (a date cell in the workbook, `2026-10-01` in the CSV).
    case period
    /// `metric_id`: the metric's id in the plan.
    case metricID
    /// `metric`: the metric's display name.
    case metric
    /// `team`: the team the value belongs to; empty when not split by team.
    case team
    /// `segment`: the segment; empty when not split by segment.
    case segment
    /// `unit`: the metric's unit (percents are fractions).
    case unit
    /// `currency`: the plan's currency code on rows of a currency metric.
    case currency
    /// `actual`: the measured value; empty when missing, never zero.
    case actual
    /// `numerator`: for a ratio metric, the numerator behind `actual`.
    case numerator
    /// `denominator`: for a ratio metric, the denominator behind `actual`.
    case denominator
    /// `target`: the period's target (see ``DataRow/target``).
    case target
    /// `variance`: `actual − target` on whole-value rows.
    case variance
    /// `variance_pct`: `variance / |target|`, a fraction.
    case variancePct
    /// `rollup`: how the metric rolls up over periods (`sum`, `average`, `last`).
    case rollup
    /// `direction`: `higher` or `lower` (which way is better).
    case direction
    /// `owner_team`: the metric's owner team.
    case ownerTeam
    /// `forecast`: the forecast for the period, on plan rows; for the cycle's end on `cycle_end` rows.
    case forecast
    /// `forecast_low`: the low end of the forecast's range.
    case forecastLow
    /// `forecast_high`: the high end of the forecast's range.
    case forecastHigh
    /// `forecast_level`: the central probability the range is meant to hold (0.8 unless the plan
    /// sets `review.forecast_level`).
    case forecastLevel
    /// `row_kind`: `actual`, `total`, `plan` or `cycle_end`.
    case rowKind

    /// The version of the flat data's column schema (CSV, Data sheet, JSON `data`). Version 2
    /// added `rollup`, `direction`, `owner_team`, `forecast` and `row_kind` at the end, targets on
    /// every metric the plan targets, and plan rows for the periods still to come. Version 3 added
    /// `currency` (after `unit`), `numerator` and `denominator` (after `actual`), `forecast_low`,
    /// `forecast_high` and `forecast_level` (after `forecast`), the `total` and `cycle_end` rows,
    /// and keeps the target off team and segment rows.
    public static let schemaVersion = 3

    /// What a column holds.
    public enum Kind: String, Sendable, Hashable {
        /// A date: the period's first day.
        case date
        /// Text, empty when missing.
        case text
        /// A plain number, empty when missing.
        case number
    }

    /// One cell of a row.
    public enum Field: Sendable, Hashable {
        /// A date cell: the period, written as its first day.
        case date(Period)
        /// A text cell; `nil` is an empty cell.
        case text(String?)
        /// A number cell; `nil` is an empty cell (missing, never zero).
        case number(Double?)
    }

    /// The header in the CSV and the Data table.
    public var name: String {
        switch self {
        case .period: "period"
        case .metricID: "metric_id"
        case .metric: "metric"
        case .team: "team"
        case .segment: "segment"
        case .unit: "unit"
        case .currency: "currency"
        case .actual: "actual"
        case .numerator: "numerator"
        case .denominator: "denominator"
        case .target: "target"
        case .variance: "variance"
        case .variancePct: "variance_pct"
        case .rollup: "rollup"
        case .direction: "direction"
        case .ownerTeam: "owner_team"
        case .forecast: "forecast"
        case .forecastLow: "forecast_low"
        case .forecastHigh: "forecast_high"
        case .forecastLevel: "forecast_level"
        case .rowKind: "row_kind"
        }
    }

    /// The key of the column in the JSON `data` rows (the ``DataRow`` property).
    package var jsonKey: String {
        switch self {
        case .period: "period"
        case .metricID: "metric"
        case .metric: "metricName"
        case .team: "team"
        case .segment: "segment"
        case .unit: "unit"
        case .currency: "currency"
        case .actual: "actual"
        case .numerator: "numerator"
        case .denominator: "denominator"
        case .target: "target"
        case .variance: "variance"
        case .variancePct: "variancePct"
        case .rollup: "rollup"
        case .direction: "direction"
        case .ownerTeam: "ownerTeam"
        case .forecast: "forecast"
        case .forecastLow: "forecastLow"
        case .forecastHigh: "forecastHigh"
        case .forecastLevel: "forecastLevel"
        case .rowKind: "rowKind"
        }
    }

    /// Whether the column holds dates, text or numbers.
    public var kind: Kind {
        switch self {
        case .period: .date
        case .metricID, .metric, .team, .segment, .unit, .currency, .rollup, .direction, .ownerTeam, .rowKind: .text
        case .actual, .numerator, .denominator, .target, .variance, .variancePct, .forecast, .forecastLow,
            .forecastHigh, .forecastLevel:
            .number
        }
    }

    /// What the column means, for the About sheet and the documentation.
    public var meaning: String {
        switch self {
        case .period: "First day of the period (a real date cell)."
        case .metricID: "The metric's id in the plan."
        case .metric: "The metric's name."
        case .team: "The team the value belongs to; empty when not split by team."
        case .segment: "The segment; empty when not split by segment."
        case .unit: "count, currency, percent, hours, days or ratio. Percent values are fractions (0.25 = 25 %)."
        case .currency: "The plan's ISO 4217 currency code (USD) on rows of a currency metric; empty otherwise."
        case .actual:
            "The measured value; empty when missing (never zero). On total rows the whole value; on the cycle_end row the cycle-to-date value (ratios pooled: Σ numerator ÷ Σ denominator)."
        case .numerator:
            "For a ratio metric (a / b in the plan): the numerator's value behind actual, so a pivot recomputes the rate as Σ numerator ÷ Σ denominator; empty otherwise."
        case .denominator: "For a ratio metric: the denominator's value behind actual; empty otherwise."
        case .target:
            "The plan's target for the period, on the whole-value row of every metric the plan targets (team and segment empty: the metric's own row, or its total row when it is reported only by team or segment); empty on team and segment rows, as the plan sets no target per team or segment. On the cycle_end row the cycle's target. Milestones are 0 or 1."
        case .variance: "actual − target, on whole-value rows; empty when either is missing, and on cycle_end rows."
        case .variancePct: "variance / |target|, as a fraction."
        case .rollup: "How the metric rolls up over periods: sum, average or last."
        case .direction: "higher or lower: which way is better."
        case .ownerTeam: "The team that owns the metric; empty when none."
        case .forecast:
            "On plan rows: the forecast for the period (recent run-rate for summed metrics, or the recent share of plan × the period's plan when phased; trend for levels). On cycle_end rows: the forecast for the cycle's end, of the quantity its target is judged on."
        case .forecastLow:
            "The low end of the forecast's range, where the review has one (cycle_end rows); empty on plan rows."
        case .forecastHigh: "The high end of the forecast's range, where the review has one (cycle_end rows)."
        case .forecastLevel:
            "The central probability the range from forecast_low to forecast_high is meant to hold (0.8 = an 80 % range, P10 to P90, unless the plan's review.forecast_level says otherwise), beside every range."
        case .rowKind:
            "actual (a period up to the review period, as reported), total (the whole value of a metric reported only by team or segment: its actual rows add up to it), plan (a period still to come: empty actual) or cycle_end (one row per targeted metric, dated the cycle's last period: the cycle as a whole). Sum actual over actual rows, target over actual, total and plan rows."
        }
    }

    /// The column's value in `row`.
    public func field(of row: DataRow) -> Field {
        switch self {
        case .period: .date(row.period)
        case .metricID: .text(row.metric.rawValue)
        case .metric: .text(row.metricName)
        case .team: .text(row.team?.rawValue)
        case .segment: .text(row.segment)
        case .unit: .text(row.unit.rawValue)
        case .currency: .text(row.currency)
        case .actual: .number(row.actual)
        case .numerator: .number(row.numerator)
        case .denominator: .number(row.denominator)
        case .target: .number(row.target)
        case .variance: .number(row.variance)
        case .variancePct: .number(row.variancePct)
        case .rollup: .text(row.rollup.rawValue)
        case .direction: .text(row.direction.rawValue)
        case .ownerTeam: .text(row.ownerTeam?.rawValue)
        case .forecast: .number(row.forecast)
        case .forecastLow: .number(row.forecastLow)
        case .forecastHigh: .number(row.forecastHigh)
        case .forecastLevel: .number(row.forecastLevel)
        case .rowKind: .text(row.rowKind.rawValue)
        }
    }

    /// The columns in the order `JSONEncoder` writes them (keys sorted).
    package static let jsonOrder: [DataColumn] = allCases.sorted { $0.jsonKey < $1.jsonKey }
}
