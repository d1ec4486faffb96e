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
