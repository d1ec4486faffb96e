/// The review of a cycle as of one period: every number the meeting needs, fully computed.
///
/// ```swift
/// let review = try Review(plan: plan, actuals: actuals, asOf: .month(2026, 11))
/// print(review.headline.sentence)
/// ```
/// Exporters render a `Review`; they compute nothing new. Encoded as JSON it follows the schema in
/// the *Review JSON* article (``Review/schemaVersion-swift.type.property``).
public struct Review: Sendable, Hashable, Codable {
    /// The version of the JSON schema (the flat data columns have ``DataColumn/schemaVersion``).
    public static let schemaVersion = 2

    /// The JSON schema version the review was written with (``Review/schemaVersion-swift.type.property``
    /// for a review computed by this library).
    public var schemaVersion: Int
    /// The period the review is as of.
    public var period: Period
    /// The plan's name, cycle, currency, teams and tolerances.
    public var plan: PlanSummary
    /// The cycle's periods up to and including ``period``.
    public var periods: [Period]
    /// How many of the cycle's periods remain after ``period``.
    public var remainingPeriods: Int
    /// The overall status and the one-sentence summary.
    public var headline: Headline
    /// Every key result of the plan, in plan order.
    public var keyResults: [KeyResultReview]
    /// Every objective of the plan, in plan order.
    public var objectives: [ObjectiveReview]
    /// One scorecard per team of the plan, in plan order.
    public var teams: [TeamScorecard]
    /// The funnel against plan, or `nil` when the plan has no funnel.
    public var funnel: FunnelReview?
    /// Every SLA of the plan, in plan order.
    public var sla: [SLAReview]
    /// Alignment-health findings: one-team objectives, key results and metrics without owners,
    /// off-track key results without a tactic, stages without content, plan arithmetic, missing
    /// data.
    public var health: [HealthFinding]
    /// The problems to decide, in the order the meeting should take them: priced problems by
    /// revenue, then the rest by priority. Their priced impacts add up to at most the revenue
    /// still to book.
    public var agenda: [Problem]
    /// Every action of the agenda as a flat list, each naming its problem, in agenda order.
    public var adjustments: [Adjustment]
    /// Every metric of the plan (measured and derived) over the periods so far, in plan order.
    public var trends: [MetricTrend]
    /// The flat data: one row per period, metric, team and segment, for finance.
    public var data: [DataRow]
    /// How the review's forecasts did this cycle (its track record); absent before the second
    /// period.
    public var forecastAccuracy: ForecastAccuracy? = nil
    /// How the records were turned into metrics and what was odd in them, when the actuals came
    /// from CRM records (absent otherwise).
    public var records: RecordsReview? = nil
    /// What changed since the last review, when the review was followed up (see ``FollowUp``);
    /// absent in the JSON otherwise.
    public var sinceLastReview: FollowUp? = nil
}

/// What the plan is, in the review.
public struct PlanSummary: Sendable, Hashable, Codable {
    /// The plan's name.
    public var name: String
    /// The cycle's name, e.g. `FY2026 H2`.
    public var cycle: String
    /// The cycle's first period.
    public var cycleStart: Period
    /// The cycle's last period.
    public var cycleEnd: Period
    /// The currency of every amount in the review.
    public var currency: Currency
    /// The plan's teams, in plan order.
    public var teams: [Team]
    /// The status tolerances in force (the plan's `tolerance`, or the defaults).
    public var tolerance: Tolerance
}
