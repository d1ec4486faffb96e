/// How a measured value is compared with a committed amount.
public enum Comparison: String, Sendable, Hashable, Codable, CaseIterable {
    case atLeast = "at_least"
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
    public var title: String
    /// The team that makes the commitment.
    public var from: TeamID
    /// The team it is made to.
    public var to: TeamID
    public var metric: MetricID
    public var comparison: Comparison
    /// The committed amount per period, in the metric's unit.
    public var amount: Double

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
