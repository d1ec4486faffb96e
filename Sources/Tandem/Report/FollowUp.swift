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

    /// A follow-up with the given parts; empty by default. Use
    /// `FollowUp(current:previous:decisions:)` to compute one from two reviews.
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
        /// Deferred by the meeting.
        case deferred
        /// Declined by the meeting.
        case declined
    }

    /// The decision as the log records it.
    public var decision: Decision
    /// Where it stands in the review period.
    public var state: State
    /// A deferred or still-open accepted decision whose due date has passed (the review flags
    /// it late); `nil` in reviews written before this was added.
    public var late: Bool? = nil
    /// The problem's title on this review's agenda, or `nil` when it is no longer on it.
    public var problemTitle: String?
    /// The problem's measure in the meeting's period and now.
    public var effect: BeforeAfter?
}

/// A measure before and after a change.
public struct BeforeAfter: Sendable, Hashable, Codable {
    /// Whether the measure moved the right way.
    public enum Verdict: String, Sendable, Hashable, Codable {
        /// Moved the way the metric's direction calls better.
        case better
        /// Moved the other way.
        case worse
        /// Changed by less than 2 % of the "before" value.
        case same
    }

    /// What was measured: "MQLs→SQLs", "SQLs a period".
    public var measure: String
    /// The unit of ``before`` and ``after`` (a fraction for rates).
    public var unit: MetricUnit
    /// The periods the "before" value covers (first and last).
    public var beforeFrom: Period
    /// The last period the "before" value covers.
    public var beforeTo: Period
    /// The measure over ``beforeFrom``…``beforeTo``: a rate over the span, or a mean per period.
    public var before: Double
    /// The periods the "after" value covers (first and last).
    public var afterFrom: Period
    /// The last period the "after" value covers.
    public var afterTo: Period
    /// The measure over ``afterFrom``…``afterTo``, computed like ``before``.
    public var after: Double
    /// Changes under 2 % of the "before" value count as ``Verdict/same``.
    public var verdict: Verdict
}

/// A problem's change between two reviews.
public struct ProblemChange: Sendable, Hashable, Codable {
    /// How the problem changed.
    public enum Change: String, Sendable, Hashable, Codable {
        /// On this agenda, not on the previous one.
        case new
        /// On the previous agenda, no longer on this one, and its measure back within the plan's
        /// tolerance.
        case resolved
        /// On the previous agenda, no longer on this one, but not back within tolerance: now
        /// explained by another problem (a stage's volume by the transition that leaks into it),
        /// or off the agenda with its measure still off plan.
        case unresolved
        /// On both agendas.
        case persisting
    }

    /// The problem's stable id (`sla:sla-follow-up`).
    public var id: ProblemID
    /// The problem's title (this review's, or the previous one's when resolved).
    public var title: String
    /// New, resolved or persisting.
    public var change: Change
    /// Consecutive reviews the problem has been open, this one included; 0 once resolved.
    public var streak: Int
}

/// A key result whose status changed.
public struct StatusChange: Sendable, Hashable, Codable {
    /// The key result.
    public var keyResult: KeyResultID
    /// Its title.
    public var title: String
    /// Its status at the previous review.
    public var before: Status
    /// Its status now.
    public var after: Status
}

/// The bottleneck at the previous review and now.
public struct BottleneckChange: Sendable, Hashable, Codable {
    /// The previous review's bottleneck transition (`MQLs→SQLs`), or `nil` when it had none.
    public var beforeName: String?
    /// What fixing it was worth then, in the plan's currency.
    public var beforeRevenue: Double?
    /// This review's bottleneck transition, or `nil` when it has none.
    public var afterName: String?
    /// What fixing it is worth now, in the plan's currency.
    public var afterRevenue: Double?
    /// The window the earlier review priced its bottleneck over (cycle to date or recent).
    public var beforeWindow: ProblemImpact.Window? = nil
    /// The window this review prices its bottleneck over.
    public var afterWindow: ProblemImpact.Window? = nil
}

/// A tactic's served metric before and after its start.
public struct TacticEffect: Sendable, Hashable, Codable {
    /// The tactic.
    public var tactic: TacticID
    /// Its title.
    public var title: String
    /// Its start period, the boundary between before and after.
    public var start: Period
    /// The key result whose metric is measured (one effect per key result the tactic serves);
    /// for a funnel stage's metric, the conversion into that stage.
    public var keyResult: KeyResultID
    /// `nil` when there is no period before the start (or none since) to compare.
    public var effect: BeforeAfter?
    /// The agenda problems the measure belongs to (`transition:mqls>sqls`, `key_result:kr-sqls`).
    public var problems: [ProblemID]
    /// Whether one of ``problems`` is on this review's agenda.
    public var onAgenda: Bool
}

/// One actual that changed between the previous review's flat data and this one's.
public struct Restatement: Sendable, Hashable, Codable {
    /// The period of the changed actual.
    public var period: Period
    /// The metric's id.
    public var metric: MetricID
    /// The metric's display name.
    public var metricName: String
    /// The team of the row, or `nil` for the whole value.
    public var team: TeamID?
    /// The segment of the row, or `nil` for all segments.
    public var segment: String?
    /// The unit of ``before``, ``after`` and ``change``.
    public var unit: MetricUnit
    /// As booked in the previous review (`nil` when the row was not there).
    public var before: Double?
    /// As in this review (`nil` when the row is gone).
    public var after: Double?
    /// `after − before` when both are known.
    public var change: Double?
}
