/// Where a key result, objective or team stands, from worst to best.
public enum Status: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case offTrack = "off_track"
    case atRisk = "at_risk"
    case onTrack = "on_track"
    case achieved
    case noData = "no_data"

    private var rank: Int {
        switch self {
        case .offTrack: 0
        case .atRisk: 1
        case .onTrack: 2
        case .achieved: 3
        case .noData: 4
        }
    }

    public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }

    /// `off track`, `at risk`, `on track`, `achieved`, `no data`.
    public var label: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// The review of a cycle as of one period: every number the meeting needs, fully computed.
///
/// ```swift
/// let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
/// print(review.headline.sentence)
/// ```
/// Exporters render a `Review`; they compute nothing new. Encoded as JSON it follows the schema in
/// the *Review JSON* article (``Review/schemaVersion-swift.type.property``).
public struct Review: Sendable, Hashable, Codable {
    /// The version of the JSON schema and of the flat data columns.
    public static let schemaVersion = 2

    public var schemaVersion: Int
    /// The period the review is as of.
    public var period: Period
    public var plan: PlanSummary
    /// The cycle's periods up to and including ``period``.
    public var periods: [Period]
    /// How many of the cycle's periods remain after ``period``.
    public var remainingPeriods: Int
    public var headline: Headline
    public var keyResults: [KeyResultReview]
    public var objectives: [ObjectiveReview]
    public var teams: [TeamScorecard]
    public var funnel: FunnelReview?
    public var sla: [SLAReview]
    public var health: [HealthFinding]
    /// The problems to decide, in the order the meeting should take them: priced problems by
    /// revenue, then the rest by priority. Their priced impacts add up to at most the revenue
    /// still to book.
    public var agenda: [Problem]
    /// Every action of the agenda as a flat list, each naming its problem, in agenda order.
    public var adjustments: [Adjustment]
    public var trends: [MetricTrend]
    /// The flat data: one row per period, metric, team and segment, for finance.
    public var data: [DataRow]
    /// How the records were turned into metrics and what was odd in them, when the actuals came
    /// from CRM records (absent otherwise).
    public var records: RecordsReview? = nil
    /// What changed since the last review, when the review was followed up (see ``FollowUp``);
    /// absent in the JSON otherwise.
    public var sinceLastReview: FollowUp? = nil
}

/// What the plan is, in the review.
public struct PlanSummary: Sendable, Hashable, Codable {
    public var name: String
    public var cycle: String
    public var cycleStart: Period
    public var cycleEnd: Period
    public var currency: Currency
    public var teams: [Team]
    /// The status tolerances in force (the plan's `tolerance`, or the defaults).
    public var tolerance: Tolerance
}

/// The review in one sentence, with the counts behind it.
public struct Headline: Sendable, Hashable, Codable {
    public var status: Status
    public var sentence: String
    /// Key results per status, in status order.
    public var counts: [StatusCount]
    /// The plain mean of the objectives' scores, 0…1: each objective with data counts once (an
    /// objective's own score weighs its key results by their weights); `nil` when none has data.
    public var score: Double?
}

public struct StatusCount: Sendable, Hashable, Codable {
    public var status: Status
    public var count: Int
}

/// One key result's review.
public struct KeyResultReview: Sendable, Hashable, Codable {
    public var id: KeyResultID
    public var objective: ObjectiveID
    public var title: String
    public var metric: MetricID
    public var metricName: String
    public var unit: MetricUnit
    public var kind: KeyResultKind
    public var owners: [TeamID]
    public var baseline: Double
    public var target: Double
    /// Cycle-to-date actual, rolled up by the metric's rule; `nil` without data.
    public var actual: Double?
    /// The value in the review period alone.
    public var periodActual: Double?
    /// What the plan expects by the end of the review period.
    public var expected: Double
    /// `(actual − baseline) / (target − baseline)`, unclamped; for stay kinds the attainment of
    /// the review period's value.
    public var progress: Double?
    /// Progress clamped to 0…1; for stay kinds the share of periods that met the target.
    public var score: Double?
    /// `actual / target` (inverted when lower is better).
    public var attainment: Double?
    /// Progress against the progress expected by now: 1 is exactly on plan (`actual / expected`
    /// for summed metrics from a zero baseline); for stay kinds the attainment.
    public var pace: Double?
    public var status: Status
    /// The projected value at the end of the cycle.
    public var forecast: Double?
    /// What each remaining period must add to reach the target (summed metrics only).
    public var requiredRunRate: Double?
    /// The recent run-rate (mean of the last three periods), summed metrics only.
    public var recentRunRate: Double?
    /// Change of the period value against the previous period.
    public var change: Double?
    /// Periods with data in which a stay-above/below target was breached.
    public var breachedPeriods: [Period]
    /// Tactics serving the key result that are active now.
    public var activeTactics: [TacticID]
    /// The status in numbers: "78 % of expected; forecast 1,540 of 1,800".
    public var reason: String
}

/// One objective's review.
public struct ObjectiveReview: Sendable, Hashable, Codable {
    public var id: ObjectiveID
    public var title: String
    public var owners: [TeamID]
    public var parent: ObjectiveID?
    /// Weighted mean of its key results' scores (those with data).
    public var score: Double?
    /// The worst status among its key results.
    public var status: Status
    public var keyResults: [KeyResultID]
}

/// One team's scorecard: every key result it owns, alone or with others.
public struct TeamScorecard: Sendable, Hashable, Codable {
    public var team: TeamID
    public var name: String
    public var score: Double?
    public var status: Status
    public var counts: [StatusCount]
    public var keyResults: [KeyResultID]
}

/// The shared funnel against plan.
public struct FunnelReview: Sendable, Hashable, Codable {
    public var stages: [StageReview]
    public var transitions: [TransitionReview]
    /// The transition whose shortfall costs the most revenue at the bottom of the funnel.
    public var bottleneck: Bottleneck?
    /// The revenue the cycle must produce, and what is booked so far.
    public var revenueTarget: Double?
    public var revenueToDate: Double
    public var valuePerWon: Double
    /// From the revenue still to book and the actual conversion rates: what each stage needs.
    public var reverse: [StageNeed]
    /// The periods of the recent window each transition is also judged on.
    public var recentPeriods: Int
}

public struct StageReview: Sendable, Hashable, Codable {
    public var id: StageID
    public var name: String
    public var metric: MetricID
    /// Cycle-to-date volume.
    public var actual: Double?
    /// Planned cycle-to-date volume (from the revenue target and planned rates, spread evenly).
    public var planned: Double?
    public var variancePct: Double?
    public var periodActual: Double?
    /// The part of the shortfall to plan that arrives short from the stage before (its volume
    /// shortfall × the planned rate into this stage); nil for the top stage.
    public var inflowShortfall: Double?
    /// The part of the shortfall due to the conversion into this stage (the stage before's actual
    /// volume × the planned rate, minus this stage's volume); nil for the top stage.
    public var conversionShortfall: Double?
    /// The shortfall no upstream problem explains: the planned volume minus the volume this stage
    /// would have with every upstream problem fixed. Volume advice goes only to this part.
    public var ownShortfall: Double?
    /// The problem that explains the stage's shortfall, when it is upstream.
    public var cause: String?
}

public struct TransitionReview: Sendable, Hashable, Codable {
    public var from: StageID
    public var to: StageID
    public var name: String
    public var actualRate: Double?
    public var plannedRate: Double
    /// The same rate in each period of the cycle so far (nil where a volume is missing or zero).
    public var periodRates: [Double?]
    /// Bringing this rate back to plan, all else equal, adds this many at the next stage …
    public var impactNext: Double
    /// … this many won deals …
    public var impactWon: Double
    /// … and this much revenue.
    public var impactRevenue: Double
    /// The rate over the last ``FunnelReview/recentPeriods`` periods.
    public var recentRate: Double?
    /// Below plan beyond the tolerance (`rate < planned × (1 − on_track)`), cycle to date …
    public var belowPlan: Bool
    /// … and in the recent window.
    public var recentBelowPlan: Bool
    /// The first period of the latest run of periods below plan beyond the tolerance.
    public var since: Period?
    /// The segments that carry the shortfall into the next stage, largest first (where known).
    public var segments: [SegmentShare]
    /// The teams that carry it, largest first (where known).
    public var teams: [TeamShare]
}

public struct Bottleneck: Sendable, Hashable, Codable {
    public var from: StageID
    public var to: StageID
    public var name: String
    public var impactRevenue: Double
    /// The window the price is computed over.
    public var window: ProblemImpact.Window
    public var sentence: String
}

public struct StageNeed: Sendable, Hashable, Codable {
    public var stage: StageID
    public var name: String
    /// Needed over the remaining periods at actual conversion rates.
    public var neededTotal: Double?
    public var neededPerPeriod: Double?
    /// The planned volume per period, for comparison.
    public var plannedPerPeriod: Double?
    /// The recent actual volume per period (last three periods).
    public var recentPerPeriod: Double?
}

/// One SLA, both directions, per period and cycle to date.
public struct SLAReview: Sendable, Hashable, Codable {
    public var id: SLAID
    public var title: String
    public var from: TeamID
    public var to: TeamID
    public var metric: MetricID
    public var unit: MetricUnit
    public var comparison: Comparison
    public var committed: Double
    /// Cycle-to-date value.
    public var actual: Double?
    public var met: Bool?
    /// Distance from the commitment, positive when better than committed.
    public var margin: Double?
    public var periods: [SLAPeriod]
    /// Whether the review period met the commitment.
    public var metInPeriod: Bool?
}

public struct SLAPeriod: Sendable, Hashable, Codable {
    public var period: Period
    public var actual: Double?
    public var met: Bool?
    public var margin: Double?
}

/// An alignment-health finding.
public struct HealthFinding: Sendable, Hashable, Codable {
    public struct Code: StringBacked {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let singleTeamObjective = Code(rawValue: "single_team_objective")
        public static let keyResultWithoutOwner = Code(rawValue: "key_result_without_owner")
        public static let offTrackWithoutTactic = Code(rawValue: "off_track_without_tactic")
        public static let stageWithoutContent = Code(rawValue: "stage_without_content")
        public static let metricWithoutOwner = Code(rawValue: "metric_without_owner")
        public static let planArithmetic = Code(rawValue: "plan_arithmetic")
        public static let missingData = Code(rawValue: "missing_data")
    }

    public var code: Code
    public var message: String
    /// The plan item concerned (objective, key result, stage or metric id).
    public var subject: String
}

/// One action of the agenda as a flat row: a rule that fired, who acts, why, and the problem it
/// addresses. It is priced only through its problem (``Review/agenda``).
public struct Adjustment: Sendable, Hashable, Codable {
    public var rule: RuleID
    public var title: String
    public var teams: [TeamID]
    /// The numbers that made the rule fire.
    public var rationale: String
    /// What to do.
    public var action: String
    /// 1 (highest) … 3.
    public var priority: Int
    /// Whether the rule comes from the plan file rather than the built-in playbook.
    public var fromPlan: Bool
    /// The id of the agenda problem this action addresses.
    public var problem: String
}

/// One metric across the cycle's periods so far.
public struct MetricTrend: Sendable, Hashable, Codable {
    public var metric: MetricID
    public var name: String
    public var unit: MetricUnit
    public var direction: Direction
    /// One value per period of ``Review/periods`` (nil where there is no data).
    public var values: [Double?]
    /// Change of the review period against the previous one.
    public var change: Double?
    /// Relative change against the previous period.
    public var changePct: Double?
    /// Cycle-to-date value.
    public var cycleToDate: Double?
}

/// One row of the flat data (CSV and the workbook's Data sheet).
public struct DataRow: Sendable, Hashable, Codable {
    public var period: Period
    public var metric: MetricID
    public var metricName: String
    public var team: TeamID?
    public var segment: String?
    public var unit: MetricUnit
    public var actual: Double?
    public var target: Double?
    public var variance: Double?
    public var variancePct: Double?
}
