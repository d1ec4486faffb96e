/// How a measured value is compared with a committed amount.
public enum Comparison: String, Sendable, Hashable, Codable, CaseIterable {
    /// The value must be at least the amount (`at_least:` in the plan file).
    case atLeast = "at_least"
    /// The value must be at most the amount (`at_most:`).
    case atMost = "at_most"

    /// Whether `value` satisfies the comparison against `amount`.
    public func holds(_ value: Double, _ amount: Double) -> Bool {
        switch self {
        case .atLeast: value >= amount
        case .atMost: value <= amount
        }
    }

    /// `≥` or `≤`.
    public var symbol: String { self == .atLeast ? "≥" : "≤" }
}

/// A commitment from one team to another, checked every period: marketing delivers at least
/// 600 MQLs a month; sales follows up 90 % of MQLs within 4 hours.
public struct ServiceLevelAgreement: Sendable, Hashable, Codable {
    public var id: SLAID
    /// The commitment in words, e.g. `Sales follows up MQLs within 4 hours`.
    public var title: String
    /// The team that makes the commitment.
    public var from: TeamID
    /// The team it is made to.
    public var to: TeamID
    /// The metric checked each period.
    public var metric: MetricID
    /// Whether the metric must stay at least or at most ``amount``.
    public var comparison: Comparison
    /// The committed amount per period, in the metric's unit.
    public var amount: Double

    /// An SLA from team `from` to team `to`: `metric` compared with `amount` each period.
    public init(
        id: SLAID, title: String, from: TeamID, to: TeamID, metric: MetricID, comparison: Comparison,
        amount: Double
    ) {
        self.id = id
        self.title = title
        self.from = from
        self.to = to
        self.metric = metric
        self.comparison = comparison
        self.amount = amount
    }
}
