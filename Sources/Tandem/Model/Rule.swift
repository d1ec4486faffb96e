/// A playbook rule: a structured condition on the review and the adjustment to suggest.
///
/// Rules in the plan file are data (metric, comparison, threshold, number of periods), never code.
public struct Rule: Sendable, Hashable, Codable {
    public var id: RuleID
    public var title: String
    /// When the rule fires.
    public var condition: Condition
    /// What to do, written for the people in the meeting.
    public var action: String
    /// The teams that act.
    public var teams: [TeamID]
    /// 1 (highest) … 3.
    public var priority: Int

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
        public enum Combinator: String, Sendable, Hashable, Codable { case all, any }
        public var combinator: Combinator
        public var clauses: [Clause]
        public init(_ combinator: Combinator, _ clauses: [Clause]) {
            self.combinator = combinator
            self.clauses = clauses
        }
    }

    /// One test on a metric over the latest periods.
    public struct Clause: Sendable, Hashable, Codable {
        public enum Operator: String, Sendable, Hashable, Codable, CaseIterable {
            case below = "<", atMost = "<=", above = ">", atLeast = ">="
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
        public enum Measure: String, Sendable, Hashable, Codable { case value, attainment }
        public var metric: MetricID
        public var measure: Measure
        public var op: Operator
        public var threshold: Double
        /// The clause holds when it holds in each of the latest `periods` periods (1 = the review
        /// period only).
        public var periods: Int

        public init(metric: MetricID, measure: Measure = .value, op: Operator, threshold: Double, periods: Int = 1) {
            self.metric = metric
            self.measure = measure
            self.op = op
            self.threshold = threshold
            self.periods = periods
        }
    }
}
