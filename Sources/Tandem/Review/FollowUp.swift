/// What changed since the last review: the meeting's decisions followed up, problems new,
/// resolved and persisting, key results that changed status, the bottleneck then and now, the
/// effect of tactics, and the numbers the data restated.
///
/// ```swift
/// var review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
/// review.sinceLastReview = FollowUp(current: review, previous: october, decisions: log)
/// ```
/// Every before/after comparison is only that: other things changed too (``FollowUp/caveat``).
public struct FollowUp: Sendable, Hashable, Codable {
    /// The honest caveat every before/after comparison carries.
    public static let caveat = "before/after, not proof"

    /// The period of the previous review compared with, when one was available.
    public var previousPeriod: Period?
    /// Why nothing is compared with a previous review, when nothing is.
    public var note: String?
    /// Decisions of earlier meetings (``Decision/period`` before this review's), in log order.
    public var decisions: [DecisionFollowUp]
    /// Problems new this review, resolved since the last one, and persisting.
    public var problems: [ProblemChange]
    /// Key results whose status changed since the last review.
    public var keyResults: [StatusChange]
    /// The bottleneck's value then and now.
    public var bottleneck: BottleneckChange?
    /// Tactics with a start period: the metric they serve before and after the start.
    public var tactics: [TacticEffect]
    /// Actuals of the periods both reviews cover that changed since the last review.
    public var restatements: [Restatement]

    public init(
        previousPeriod: Period? = nil, note: String? = nil, decisions: [DecisionFollowUp] = [],
        problems: [ProblemChange] = [], keyResults: [StatusChange] = [], bottleneck: BottleneckChange? = nil,
        tactics: [TacticEffect] = [], restatements: [Restatement] = []
    ) {
        self.previousPeriod = previousPeriod
        self.note = note
        self.decisions = decisions
        self.problems = problems
        self.keyResults = keyResults
        self.bottleneck = bottleneck
        self.tactics = tactics
        self.restatements = restatements
    }
}

/// One decision of an earlier meeting, as of this review.
public struct DecisionFollowUp: Sendable, Hashable, Codable {
    /// Where the decision stands in the review period.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Accepted and completed by the review period.
        case done
        /// Accepted, due in the review period.
        case due
        /// Accepted, due before the review period and not done.
        case overdue
        /// Accepted, due later (or without a date).
        case open
        case deferred
        case declined
    }

    public var decision: Decision
    public var state: State
    /// The problem's title on this review's agenda, or `nil` when it is no longer on it.
    public var problemTitle: String?
    /// The problem's measure in the meeting's period and now.
    public var effect: BeforeAfter?
}

/// A measure before and after a change.
public struct BeforeAfter: Sendable, Hashable, Codable {
    /// Whether the measure moved the right way.
    public enum Verdict: String, Sendable, Hashable, Codable {
        case better, worse, same
    }

    /// What was measured: "MQLs→SQLs", "SQLs a period".
    public var measure: String
    public var unit: MetricUnit
    /// The periods the "before" value covers (first and last).
    public var beforeFrom: Period
    public var beforeTo: Period
    public var before: Double
    /// The periods the "after" value covers (first and last).
    public var afterFrom: Period
    public var afterTo: Period
    public var after: Double
    /// Changes under 2 % of the "before" value count as ``Verdict/same``.
    public var verdict: Verdict
}

/// A problem's change between two reviews.
public struct ProblemChange: Sendable, Hashable, Codable {
    public enum Change: String, Sendable, Hashable, Codable {
        case new, resolved, persisting
    }

    /// The problem's stable id (`sla:sla-follow-up`).
    public var id: String
    public var title: String
    public var change: Change
    /// Consecutive reviews the problem has been open, this one included; 0 once resolved.
    public var streak: Int
}

/// A key result whose status changed.
public struct StatusChange: Sendable, Hashable, Codable {
    public var keyResult: KeyResultID
    public var title: String
    public var before: Status
    public var after: Status
}

/// The bottleneck at the previous review and now.
public struct BottleneckChange: Sendable, Hashable, Codable {
    public var beforeName: String?
    public var beforeRevenue: Double?
    public var afterName: String?
    public var afterRevenue: Double?
    /// The window the earlier review priced its bottleneck over (cycle to date or recent).
    public var beforeWindow: ProblemImpact.Window? = nil
    /// The window this review prices its bottleneck over.
    public var afterWindow: ProblemImpact.Window? = nil
}

/// A tactic's served metric before and after its start.
public struct TacticEffect: Sendable, Hashable, Codable {
    public var tactic: TacticID
    public var title: String
    public var start: Period
    public var keyResult: KeyResultID
    /// `nil` when there is no period before the start (or none since) to compare.
    public var effect: BeforeAfter?
    /// The agenda problems the measure belongs to (`transition:mqls>sqls`, `key_result:kr-sqls`).
    public var problems: [String]
    /// Whether one of ``problems`` is on this review's agenda.
    public var onAgenda: Bool
}

/// One actual that changed between the previous review's flat data and this one's.
public struct Restatement: Sendable, Hashable, Codable {
    public var period: Period
    public var metric: MetricID
    public var metricName: String
    public var team: TeamID?
    public var segment: String?
    public var unit: MetricUnit
    /// As booked in the previous review (`nil` when the row was not there).
    public var before: Double?
    /// As in this review (`nil` when the row is gone).
    public var after: Double?
    /// `after − before` when both are known.
    public var change: Double?
}
