/// The currency amounts are planned and reported in.
public struct Currency: Sendable, Hashable, Codable {
    /// ISO 4217 code, e.g. `USD`.
    public var code: String
    /// The symbol written before amounts, e.g. `$`.
    public var symbol: String

    public init(code: String, symbol: String) {
        self.code = code
        self.symbol = symbol
    }

    /// The symbol for a few common codes; otherwise the code followed by a space.
    public init(code: String) {
        let symbols = ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CHF": "CHF ", "AUD": "A$", "CAD": "C$"]
        self.init(code: code, symbol: symbols[code] ?? code + " ")
    }

    public static let usd = Currency(code: "USD", symbol: "$")
}

/// How far from the expected-to-date value a key result may be and still count as on track or
/// at risk. Fractions: 0.10 means within 10 % of expected.
public struct Tolerance: Sendable, Hashable, Codable {
    public var onTrack: Double
    public var atRisk: Double

    public init(onTrack: Double = 0.10, atRisk: Double = 0.20) {
        self.onTrack = onTrack
        self.atRisk = atRisk
    }
}

/// The one plan sales and marketing share: teams, metrics, objectives with key results, the
/// funnel, the SLAs between the teams, the tactics and the playbook rules.
///
/// A plan can be loaded from YAML or JSON with ``PlanLoader`` or built in code:
/// ```swift
/// var plan = Plan(name: "FY2026 H2", cycle: Cycle(name: "H2", start: .month(2026, 7),
///                                                 end: .month(2026, 12)))
/// plan.teams = [Team(id: "marketing", name: "Marketing"), Team(id: "sales", name: "Sales")]
/// try plan.validate()
/// ```
public struct Plan: Sendable, Hashable, Codable {
    /// The plan file schema version this library writes and reads.
    public static let schemaVersion = 1

    public var schemaVersion: Int
    public var name: String
    public var currency: Currency
    public var cycle: Cycle
    public var tolerance: Tolerance
    /// How many of the latest periods form the recent window each funnel conversion is also
    /// judged on (`review: {recent_periods: 3}` in the plan file).
    public var recentPeriods: Int
    public var teams: [Team]
    public var metrics: [Metric]
    public var objectives: [Objective]
    public var funnel: Funnel?
    public var slas: [ServiceLevelAgreement]
    public var tactics: [Tactic]
    public var rules: [Rule]
    /// The CRM exports read record by record, if the plan has a `records:` section.
    public var records: RecordsPlan?

    public init(
        name: String, cycle: Cycle, currency: Currency = .usd, tolerance: Tolerance = Tolerance(),
        teams: [Team] = [], metrics: [Metric] = [], objectives: [Objective] = [], funnel: Funnel? = nil,
        slas: [ServiceLevelAgreement] = [], tactics: [Tactic] = [], rules: [Rule] = [],
        records: RecordsPlan? = nil, recentPeriods: Int = 3
    ) {
        self.schemaVersion = Plan.schemaVersion
        self.name = name
        self.cycle = cycle
        self.currency = currency
        self.tolerance = tolerance
        self.recentPeriods = recentPeriods
        self.teams = teams
        self.metrics = metrics
        self.objectives = objectives
        self.funnel = funnel
        self.slas = slas
        self.tactics = tactics
        self.rules = rules
        self.records = records
    }

    /// The metric with `id`, if the plan has one.
    public func metric(_ id: MetricID) -> Metric? { metrics.first { $0.id == id } }

    /// The team with `id`, if the plan has one.
    public func team(_ id: TeamID) -> Team? { teams.first { $0.id == id } }

    /// Every key result of every objective, in plan order.
    public var keyResults: [KeyResult] { objectives.flatMap(\.keyResults) }
}
