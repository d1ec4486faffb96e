/// What a meeting decided about one problem on the review's agenda, as recorded in the decision
/// log (`decisions.yaml`).
///
/// ```swift
/// let log = try DecisionLogLoader(plan: plan).load(contentsOf: URL(fileURLWithPath: "decisions.yaml"))
/// for d in log.decisions where d.verdict == .accepted { print(d.problem, d.owner, d.due ?? "-") }
/// ```
public struct Decision: Sendable, Hashable, Codable {
    /// The meeting's verdict on the problem.
    public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
        /// Act on it: an owner, a due date, usually an action.
        case accepted
        /// Not acted on, on purpose.
        case declined
        /// Back on the agenda later (by `due` when given).
        case deferred
    }

    /// The period of the review the meeting discussed (`2026-10` for the October review).
    public var period: Period
    /// The problem's stable id on the agenda: `transition:mqls>sqls`, `stage_volume:leads`,
    /// `sla:sla-speed`, `key_result:kr-won`, `plan:content:opportunities`.
    public var problem: ProblemID
    /// Accepted, declined or deferred.
    public var verdict: Verdict
    /// The playbook rule whose action was chosen, if any.
    public var action: RuleID?
    /// The team that answers for it.
    public var owner: TeamID
    /// When the action is due, if a date was set; follow-up reports it `due` or `overdue`.
    public var due: DueDate?
    /// When the action was completed, if it was.
    public var done: DueDate?
    /// Free text from the meeting, if any.
    public var note: String?
    /// Tactics of the plan the decision started.
    public var tactics: [TacticID]

    /// A decision on `problem` from the review of `period`.
    public init(
        period: Period, problem: ProblemID, verdict: Verdict, action: RuleID? = nil, owner: TeamID,
        due: DueDate? = nil, done: DueDate? = nil, note: String? = nil, tactics: [TacticID] = []
    ) {
        self.period = period
        self.problem = problem
        self.verdict = verdict
        self.action = action
        self.owner = owner
        self.due = due
        self.done = done
        self.note = note
        self.tactics = tactics
    }
}

/// The decision log beside the plan: every decision in file order.
public struct DecisionLog: Sendable, Hashable, Codable {
    /// The schema version written as `tandem: 1` at the top of the file.
    public static let schemaVersion = 1

    /// The decisions, in file order.
    public var decisions: [Decision]

    /// A log holding `decisions` (none by default).
    public init(decisions: [Decision] = []) { self.decisions = decisions }
}

/// A due date: a period (`2026-12`, `2026-Q4`) or a day (`2026-12-15`).
public struct DueDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The period the date falls in (the month for a day).
    public var period: Period
    /// The day of the month, when a day was given.
    public var day: Int?

    /// A due date in `period`, on `day` of the month when given (not checked against the
    /// calendar: use ``init(parsing:)`` for text).
    public init(period: Period, day: Int? = nil) {
        self.period = period
        self.day = day
    }

    /// Parses `YYYY-MM`, `YYYY-Qn` or a real calendar day `YYYY-MM-DD`; `nil` otherwise.
    public init?(parsing text: some StringProtocol) {
        let s = String(text)
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[2].count == 2, let day = Int(parts[2]),
            let month = Period(parsing: "\(parts[0])-\(parts[1])"), month.kind == .month
        {
            guard day >= 1 && day <= DueDate.days(in: month) else { return nil }
            self.init(period: month, day: day)
            return
        }
        guard parts.count == 2, let period = Period(parsing: s) else { return nil }
        self.init(period: period)
    }

    static func days(in month: Period) -> Int { daysIn(month.index, month.year) }

    /// The period of `kind` the date falls in: a month's quarter for quarterly cycles.
    public func period(as kind: Period.Kind) -> Period {
        guard kind != period.kind else { return period }
        switch kind {
        case .quarter: return .quarter(period.year, (period.index - 1) / 3 + 1)
        case .month: return .month(period.year, (period.index - 1) * 3 + 3)
        }
    }

    /// `2026-12` or `2026-12-15`.
    public var description: String {
        guard let day else { return period.description }
        return "\(period)-\(day < 10 ? "0" : "")\(day)"
    }

    public static func < (lhs: DueDate, rhs: DueDate) -> Bool {
        lhs.period != rhs.period ? lhs.period < rhs.period : (lhs.day ?? 0) < (rhs.day ?? 0)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = DueDate(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a period like 2026-12 or a day like 2026-12-15, found '\(text.prefix(60))'")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
