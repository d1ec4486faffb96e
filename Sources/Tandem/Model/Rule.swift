/// A playbook rule: a structured condition on the review and the adjustment to suggest.
///
/// Rules in the plan file are data (metric, comparison, threshold, number of periods), never code.
public struct Rule: Sendable, Hashable, Codable {
    public var id: RuleID
    /// The adjustment's short name, shown as the option's heading on the agenda.
    public var title: String
    /// When the rule fires.
    public var condition: Condition
    /// What to do, written for the people in the meeting.
    public var action: String
    /// The teams that act.
    public var teams: [TeamID]
    /// 1 (highest) … 3.
    public var priority: Int

    /// A rule with priority 2 unless given.
    public init(id: RuleID, title: String, condition: Condition, action: String, teams: [TeamID], priority: Int = 2) {
        self.id = id
        self.title = title
        self.condition = condition
        self.action = action
        self.teams = teams
        self.priority = priority
    }

    /// A rule's condition: clauses combined with all (and) or any (or).
    public struct Condition: Sendable, Hashable, Codable {
        /// How the clauses combine.
        public enum Combinator: String, Sendable, Hashable, Codable {
            /// Every clause must hold (`when: {all: […]}`).
            case all
            /// At least one clause must hold (`when: {any: […]}`).
            case any
        }
        /// Whether all or any of the clauses must hold.
        public var combinator: Combinator
        /// The tests, in plan order.
        public var clauses: [Clause]
        /// A condition that holds when all (or any) of `clauses` hold.
        public init(_ combinator: Combinator, _ clauses: [Clause]) {
            self.combinator = combinator
            self.clauses = clauses
        }
    }

    /// One test on a metric over the latest periods.
    public struct Clause: Sendable, Hashable, Codable {
        /// How the measure is compared with the threshold; the raw value is the operator's
        /// symbol.
        public enum Operator: String, Sendable, Hashable, Codable, CaseIterable {
            /// Strictly less than the threshold (`below:` in the plan file).
            case below = "<"
            /// Less than or equal to the threshold (`at_most:`).
            case atMost = "<="
            /// Strictly greater than the threshold (`above:`).
            case above = ">"
            /// Greater than or equal to the threshold (`at_least:`).
            case atLeast = ">="
            /// Whether `a` compared with `b` by this operator is true (`a < b` for `below`).
            public func holds(_ a: Double, _ b: Double) -> Bool {
                switch self {
                case .below: a < b
                case .atMost: a <= b
                case .above: a > b
                case .atLeast: a >= b
                }
            }
        }
        /// What is compared: the metric's value, or its attainment of the metric's key result
        /// target to date (1.0 is exactly on plan).
        public enum Measure: String, Sendable, Hashable, Codable {
            /// The metric's value in the period, in its unit (a fraction for percents).
            case value
            /// The pace of the first key result on the metric: progress against the progress
            /// expected by now (1.0 is on plan); read in the review period only. The clause does
            /// not hold when no key result measures the metric.
            case attainment
        }
        /// The metric tested.
        public var metric: MetricID
        /// Whether the value or the attainment is compared.
        public var measure: Measure
        /// The comparison with ``threshold``.
        public var op: Operator
        /// The value compared against, in the metric's unit for ``Rule/Clause/Measure/value`` (a fraction for
        /// percents), a ratio for ``Rule/Clause/Measure/attainment``.
        public var threshold: Double
        /// The clause holds when it holds in each of the latest `periods` periods (1 = the review
        /// period only).
        public var periods: Int

        /// A clause on `metric`'s value (by default) over the review period only (by default).
        public init(metric: MetricID, measure: Measure = .value, op: Operator, threshold: Double, periods: Int = 1) {
            self.metric = metric
            self.measure = measure
            self.op = op
            self.threshold = threshold
            self.periods = periods
        }
    }
}
