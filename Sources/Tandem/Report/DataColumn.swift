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
    /// `actual`: the measured value; empty when missing, never zero.
    case actual
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
    /// `forecast`: the forecast for the period, on plan rows.
    case forecast
    /// `row_kind`: `actual` or `plan`.
    case rowKind

    /// The version of the flat data's column schema (CSV, Data sheet, JSON `data`). Version 2
    /// added `rollup`, `direction`, `owner_team`, `forecast` and `row_kind` at the end, targets on
    /// every metric the plan targets, and plan rows for the periods still to come.
    public static let schemaVersion = 2

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
        case .actual: "actual"
        case .target: "target"
        case .variance: "variance"
        case .variancePct: "variance_pct"
        case .rollup: "rollup"
        case .direction: "direction"
        case .ownerTeam: "owner_team"
        case .forecast: "forecast"
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
        case .actual: "actual"
        case .target: "target"
        case .variance: "variance"
        case .variancePct: "variancePct"
        case .rollup: "rollup"
        case .direction: "direction"
        case .ownerTeam: "ownerTeam"
        case .forecast: "forecast"
        case .rowKind: "rowKind"
        }
    }

    /// Whether the column holds dates, text or numbers.
    public var kind: Kind {
        switch self {
        case .period: .date
        case .metricID, .metric, .team, .segment, .unit, .rollup, .direction, .ownerTeam, .rowKind: .text
        case .actual, .target, .variance, .variancePct, .forecast: .number
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
        case .actual: "The measured value; empty when missing (never zero)."
        case .target:
            "The plan's target for the period, on every metric the plan targets: on the metric's whole-value row, or once on the first row of a metric split by team or segment, so a pivot summing it gets the period's target. Milestones are 0 or 1."
        case .variance: "actual − target, on whole-value rows; empty when either is missing."
        case .variancePct: "variance / |target|, as a fraction."
        case .rollup: "How the metric rolls up over periods: sum, average or last."
        case .direction: "higher or lower: which way is better."
        case .ownerTeam: "The team that owns the metric; empty when none."
        case .forecast:
            "On plan rows: the forecast for the period (recent run-rate for summed metrics, or the recent share of plan × the period's plan when phased; trend for levels)."
        case .rowKind: "actual (a period up to the review period) or plan (a period still to come: empty actual)."
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
        case .actual: .number(row.actual)
        case .target: .number(row.target)
        case .variance: .number(row.variance)
        case .variancePct: .number(row.variancePct)
        case .rollup: .text(row.rollup.rawValue)
        case .direction: .text(row.direction.rawValue)
        case .ownerTeam: .text(row.ownerTeam?.rawValue)
        case .forecast: .number(row.forecast)
        case .rowKind: .text(row.rowKind.rawValue)
        }
    }

    /// The columns in the order `JSONEncoder` writes them (keys sorted).
    package static let jsonOrder: [DataColumn] = allCases.sorted { $0.jsonKey < $1.jsonKey }
}
