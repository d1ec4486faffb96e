/// One problem on the meeting's agenda: a leaking transition, a stage's own volume shortfall, an
/// SLA, a key result or the plan itself, with its impact counted once, its evidence and the
/// playbook's actions as options.
///
/// ```swift
/// for problem in review.agenda {
///     print(problem.id, problem.impact.revenue ?? 0, problem.actions.map(\.title))
/// }
/// ```
/// The id is stable from one review to the next (`transition:mqls>sqls`, `stage_volume:leads`,
/// `sla:sla-speed`, `key_result:kr-won`, `plan:content:opportunities`), so a later review can
/// refer to it.
public struct Problem: Sendable, Hashable, Codable {
    /// What kind of thing the problem is about.
    public struct Kind: StringBacked {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A conversion between two funnel stages below plan.
        public static let transition = Kind(rawValue: "transition")
        /// A funnel stage's own volume below plan (not explained by an upstream problem).
        public static let stageVolume = Kind(rawValue: "stage_volume")
        /// A commitment between the teams.
        public static let sla = Kind(rawValue: "sla")
        /// A key result.
        public static let keyResult = Kind(rawValue: "key_result")
        /// The plan itself: arithmetic, ownership, content, the revenue still to book.
        public static let plan = Kind(rawValue: "plan")
        /// A risk to the forecast the pipeline's movement shows: deals pushed out of their period.
        public static let forecastRisk = Kind(rawValue: "forecast_risk")
    }

    /// What the problem is about: `from` and `to` stage ids for a transition, `id` otherwise.
    public struct Subject: Sendable, Hashable, Codable {
        /// The stage a transition starts from; `nil` for other kinds.
        public var from: StageID?
        /// The stage a transition leads to; `nil` for other kinds.
        public var to: StageID?
        /// The stage, SLA, key result or plan aspect; `nil` for a transition.
        public var id: String?

        /// A subject: give `from` and `to` for a transition, `id` otherwise.
        public init(from: StageID? = nil, to: StageID? = nil, id: String? = nil) {
            self.from = from
            self.to = to
            self.id = id
        }
    }

    /// The stable id (kind and subject), the same from one review to the next.
    public var id: ProblemID
    /// What kind of thing the problem is about.
    public var kind: Kind
    /// The stages, SLA, key result or plan aspect concerned.
    public var subject: Subject
    /// The problem in a few words: "MQLs→SQLs converts below plan".
    public var title: String
    /// The evidence in numbers, the segments that carry it and since when.
    public var rationale: String
    /// What solving it is worth, counted once across the agenda.
    public var impact: ProblemImpact
    /// The segments of the actuals that carry the shortfall, largest share first (where known).
    public var segments: [SegmentShare]
    /// The teams of the actuals that carry the shortfall, largest share first (where known).
    public var teams: [TeamShare]
    /// The first period of the problem (where known).
    public var since: Period?
    /// What the playbook suggests, as options for the meeting, highest priority first.
    public var actions: [ProblemAction]
    /// The lead sources that carry the shortfall, largest share first (a transition measured
    /// from CRM records).
    public var sources: [SourceShare]? = nil
    /// The teams that own the problem: the owners of its metric, stages, SLA or key result (both
    /// teams of a transition between their stages); `nil` only in reviews written before owners
    /// were added.
    public var owners: [TeamID]? = nil
    /// The one decision the review recommends this meeting takes, with the measure the next
    /// review checks it against.
    public var proposal: ProblemProposal? = nil
    /// The other options, highest priority first (``actions`` less the proposal's).
    public var alternatives: [ProblemAction]? = nil
    /// What the decision log shows was decided on this problem before, and how it went.
    public var history: [LoggedDecision]? = nil
}

/// The decision the review recommends for a problem: one action, its owner, and the measure and
/// target the next review checks.
public struct ProblemProposal: Sendable, Hashable, Codable {
    /// The playbook rule the action comes from (`escalate` when every lever was tried).
    public var rule: RuleID
    /// What to decide, for the people in the meeting.
    public var action: String
    /// The team that answers for it.
    public var owner: TeamID?
    /// What the next review measures: "MQLs→SQLs", "Speed to lead".
    public var measure: String?
    /// The measure's unit.
    public var unit: MetricUnit?
    /// The measure now (the review period's value).
    public var current: Double?
    /// The value the next review checks it against (the plan's).
    public var target: Double?
    /// The period of the review that checks it.
    public var checkAt: Period
    /// Why this proposal rather than the playbook's first option, when the log changed it.
    public var because: String?
}

/// A decision of an earlier meeting on a problem, as the follow-up found it.
public struct LoggedDecision: Sendable, Hashable, Codable {
    /// How it went.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// Accepted and done, and the measure did not improve: not proposed again.
        case triedNoImprovement = "tried_no_improvement"
        /// Accepted and done, and the measure improved: it may continue.
        case triedImproved = "tried_improved"
        /// Accepted, due in the review period or overdue: decide to extend, replace or drop.
        case due
        /// Accepted and still open.
        case open
        /// Declined: not proposed again.
        case declined
        /// Deferred.
        case deferred
    }

    /// The meeting's period.
    public var period: Period
    /// The action decided (a rule id), when the log names one.
    public var action: RuleID?
    /// The action's title, when the playbook knows the rule.
    public var title: String?
    /// How it went.
    public var outcome: Outcome
    /// When it was done, if it was.
    public var done: DueDate?
    /// When it was due, if the log says.
    public var due: DueDate?
    /// The problem's measure at the meeting and now.
    public var effect: BeforeAfter?
}

/// The priced impact of solving a problem, counted once on the agenda.
public struct ProblemImpact: Sendable, Hashable, Codable {
    /// The window the price is computed over.
    public enum Window: String, Sendable, Hashable, Codable {
        /// The cycle to date.
        case cycleToDate = "cycle_to_date"
        /// The last ``FunnelReview/recentPeriods`` periods.
        case recent
        /// The periods remaining in the cycle.
        case remaining
    }

    /// The extra won deals, when the problem is priced through the funnel.
    public var won: Double?
    /// The extra revenue in the plan's currency, when priced; what is left of the revenue still to
    /// book when an earlier problem took part of it.
    public var revenue: Double?
    /// The window the price covers, when priced.
    public var window: Window?
    public var description: String
    /// What fixing it now can still bring this cycle: the revenue per period the price implies
    /// over the periods left after the sales-cycle lag (a fix made now reaches revenue after it);
    /// `nil` when unpriced.
    public var remaining: Double? = nil
    /// The sales-cycle lag in periods ``remaining`` assumes.
    public var lagPeriods: Int? = nil

    /// An impact with no price: `description` says what is at stake in words.
    public static func unpriced(_ description: String) -> ProblemImpact {
        ProblemImpact(won: nil, revenue: nil, window: nil, description: description)
    }
}

/// A segment's share of a shortfall.
public struct SegmentShare: Sendable, Hashable, Codable {
    /// The segment, as written in the actuals.
    public var segment: String
    /// Fraction of the shortfall (0…1) this segment accounts for.
    public var share: Double
}

/// A lead source's share of a shortfall (from CRM records).
public struct SourceShare: Sendable, Hashable, Codable {
    /// The lead source's name as the records spell it.
    public var source: String
    /// Fraction of the shortfall (0…1) this source accounts for.
    public var share: Double
}

/// A team's share of a shortfall.
public struct TeamShare: Sendable, Hashable, Codable {
    /// The team.
    public var team: TeamID
    /// Fraction of the shortfall (0…1) this team accounts for.
    public var share: Double
}

/// One action the playbook suggests for a problem.
public struct ProblemAction: Sendable, Hashable, Codable {
    /// The playbook rule (built-in or the plan's) that suggests it.
    public var rule: RuleID
    /// The rule's title, the option's heading.
    public var title: String
    /// The teams that act.
    public var teams: [TeamID]
    /// What to do, written for the people in the meeting.
    public var action: String
    /// 1 (highest) … 3.
    public var priority: Int
}
