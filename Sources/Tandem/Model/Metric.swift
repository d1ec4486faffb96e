/// What a metric's numbers measure. Extend it with your own units:
/// `extension MetricUnit { static let seats = MetricUnit(rawValue: "seats") }`.
public struct MetricUnit: StringBacked {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A number of things: leads, deals, meetings.
    public static let count = MetricUnit(rawValue: "count")
    /// Money, in the plan's currency.
    public static let currency = MetricUnit(rawValue: "currency")
    /// A share, stored as a fraction (0.25 is 25 %).
    public static let percent = MetricUnit(rawValue: "percent")
    /// A duration in hours.
    public static let hours = MetricUnit(rawValue: "hours")
    /// A duration in days.
    public static let days = MetricUnit(rawValue: "days")
    /// A plain ratio.
    public static let ratio = MetricUnit(rawValue: "ratio")

    /// The units the plan loader knows by name.
    public static let builtIn: [MetricUnit] = [.count, .currency, .percent, .hours, .days, .ratio]
}

/// Whether more or less of a metric is better.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    /// More is better (volumes, revenue, conversion): `higher` in the plan file.
    case higherIsBetter = "higher"
    /// Less is better (response times, churn): `lower` in the plan file; attainment is inverted.
    case lowerIsBetter = "lower"
}

/// How a metric's period values combine into a cycle-to-date value.
public enum Rollup: String, Sendable, Hashable, Codable, CaseIterable {
    /// Volumes: the cycle-to-date value is the sum.
    case sum
    /// Levels such as a response time: the mean of the periods with data (pooled over the
    /// records instead when CRM records feed the metric: see ``DerivedRecords/pooled``).
    case average
    /// Stocks such as pipeline: the latest period's value.
    case last
}

/// A measured quantity: its unit, direction, roll-up and owner; or a formula of other metrics.
///
/// ```swift
/// let mqls = Metric(id: "mqls", name: "MQLs", unit: .count, owner: "marketing")
/// let rate = Metric(id: "mql_to_sql", name: "MQL→SQL", unit: .percent,
///                   formula: try Formula(parsing: "sqls / mqls"))
/// ```
public struct Metric: Sendable, Hashable, Codable {
    public var id: MetricID
    /// The display name, e.g. `MQLs`.
    public var name: String
    /// What the numbers measure; decides formatting and which number forms actuals may use.
    public var unit: MetricUnit
    /// Whether more or less is better.
    public var direction: Direction
    /// How period values combine into the cycle-to-date value.
    public var rollup: Rollup
    /// The team accountable for the metric; `nil` is flagged by alignment health.
    public var owner: TeamID?
    /// For a derived metric, how it is computed from others. Its cycle-to-date value is the
    /// formula over the rolled-up components (Σsqls / Σmqls), never a mean of period ratios.
    public var formula: Formula?

    /// A metric; by default a count, higher is better, summed over periods, with no owner.
    public init(
        id: MetricID, name: String, unit: MetricUnit = .count, direction: Direction = .higherIsBetter,
        rollup: Rollup = .sum, owner: TeamID? = nil, formula: Formula? = nil
    ) {
        self.id = id
        self.name = name
        self.unit = unit
        self.direction = direction
        self.rollup = rollup
        self.owner = owner
        self.formula = formula
    }

    /// Whether the metric is computed from others.
    public var isDerived: Bool { formula != nil }
}
