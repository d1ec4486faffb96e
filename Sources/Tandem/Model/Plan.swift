/// The currency amounts are planned and reported in.
public struct Currency: Sendable, Hashable, Codable {
    /// ISO 4217 code, e.g. `USD`.
    public var code: String
    /// The symbol written before amounts, e.g. `$`.
    public var symbol: String

    /// A currency with an explicit symbol; `symbol` is written as given (include a trailing space
    /// when it should stand apart, as in `CHF `).
    public init(code: String, symbol: String) {
        self.code = code
        self.symbol = symbol
    }

    /// The symbol for a few common codes; otherwise the code followed by a space.
    public init(code: String) {
        let symbols = ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CHF": "CHF ", "AUD": "A$", "CAD": "C$"]
        self.init(code: code, symbol: symbols[code] ?? code + " ")
    }

    /// US dollars, `$`: the currency of a plan that names none.
    public static let usd = Currency(code: "USD", symbol: "$")
}

/// How far from the expected-to-date value a key result may be and still count as on track or
/// at risk. Fractions: 0.10 means within 10 % of expected.
public struct Tolerance: Sendable, Hashable, Codable {
    /// The largest shortfall against expected-to-date that still counts as on track, as a fraction
    /// (0.10: within 10 %). Also the margin a funnel conversion or stage volume may miss its plan by
    /// before it is a problem.
    public var onTrack: Double
    /// The largest shortfall that counts as at risk rather than off track, as a fraction (0.20: within
    /// 20 %); at least ``onTrack``.
    public var atRisk: Double

    /// Tolerances as fractions; the defaults are 10 % and 20 %.
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

    /// The schema version the plan was written for (`tandem:` in the file); the library's own version
    /// for a plan built in code.
    public var schemaVersion: Int
    /// The plan's display name, used in report titles and the workbook's document properties.
    public var name: String
    /// The currency of every currency metric and amount in the plan (`currency:`, USD by default);
    /// actuals may use only its symbol or code.
    public var currency: Currency
    /// The run of periods the plan covers; reviews and actuals outside it are rejected or left out.
    public var cycle: Cycle
    /// How far behind expected a key result may be while on track or at risk.
    public var tolerance: Tolerance
    /// How many of the latest periods form the recent window each funnel conversion is also
    /// judged on (`review: {recent_periods: 3}` in the plan file).
    public var recentPeriods: Int
    /// The level of every forecast range: the share of outcomes a range is meant to hold, as a
    /// central prediction interval (`review: {forecast_level: 0.8}` in the plan file; 0.8 by
    /// default, so ranges run from P10 to P90).
    public var forecastLevel: Double = 0.8
    /// The teams that own metrics, objectives, SLAs and tactics, in plan order.
    public var teams: [Team]
    /// Every metric the plan measures, measured and derived, in plan order.
    public var metrics: [Metric]
    /// The objectives with their key results, in plan order.
    public var objectives: [Objective]
    /// The shared funnel, or `nil` when the plan has none (no funnel review or bottleneck then).
    public var funnel: Funnel?
    /// The commitments between the teams, each checked per period.
    public var slas: [ServiceLevelAgreement]
    /// The campaigns, content and enablement items the teams run.
    public var tactics: [Tactic]
    /// The plan's own playbook rules, evaluated beside the built-in ones.
    public var rules: [Rule]
    /// The CRM exports read record by record, if the plan has a `records:` section.
    public var records: RecordsPlan?
    /// Who the review's mail (`tandem-P.eml`) goes to, if the plan has a `mail:` section.
    public var mail: MailSettings?

    /// A plan with a name and cycle; the rest defaults to empty, USD and 10 %/20 % tolerances. Call
    /// ``Plan/validate()`` before using a plan built in code.
    public init(
        name: String, cycle: Cycle, currency: Currency = .usd, tolerance: Tolerance = Tolerance(),
        teams: [Team] = [], metrics: [Metric] = [], objectives: [Objective] = [], funnel: Funnel? = nil,
        slas: [ServiceLevelAgreement] = [], tactics: [Tactic] = [], rules: [Rule] = [],
        records: RecordsPlan? = nil, recentPeriods: Int = 3, mail: MailSettings? = nil
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
        self.mail = mail
    }

    /// The metric with `id`, if the plan has one.
    public func metric(_ id: MetricID) -> Metric? { metrics.first { $0.id == id } }

    /// The team with `id`, if the plan has one.
    public func team(_ id: TeamID) -> Team? { teams.first { $0.id == id } }

    /// Every key result of every objective, in plan order.
    public var keyResults: [KeyResult] { objectives.flatMap(\.keyResults) }
}
