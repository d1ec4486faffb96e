/// A shared objective: a title, the teams that own it, and its key results.
public struct Objective: Sendable, Hashable, Codable {
    public var id: ObjectiveID
    /// What the teams want to achieve, in words.
    public var title: String
    /// The teams that own the objective; alignment health flags an objective owned by one team.
    public var owners: [TeamID]
    /// An optional parent objective, for cascading goals.
    public var parent: ObjectiveID?
    /// The measurable results that score the objective, in plan order.
    public var keyResults: [KeyResult]

    /// An objective owned by `owners`, with no parent and no key results unless given.
    public init(
        id: ObjectiveID, title: String, owners: [TeamID], parent: ObjectiveID? = nil,
        keyResults: [KeyResult] = []
    ) {
        self.id = id
        self.title = title
        self.owners = owners
        self.parent = parent
        self.keyResults = keyResults
    }
}

/// How a key result is judged.
public enum KeyResultKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Move the metric up from the baseline to the target.
    case increaseTo = "increase_to"
    /// Move the metric down from the baseline to the target.
    case decreaseTo = "decrease_to"
    /// Keep the metric at or above the target every period.
    case stayAbove = "stay_above"
    /// Keep the metric at or below the target every period.
    case stayBelow = "stay_below"
    /// Done or not: the target is reached when the metric reaches 1 (or the target value).
    case milestone
}

/// A target for one period when the target is not spread evenly (phasing).
public struct PeriodValue: Sendable, Hashable, Codable {
    /// The period the value applies to.
    public var period: Period
    /// The target for that period, in the metric's unit.
    public var value: Double
    /// A phased target of `value` in `period`.
    public init(period: Period, value: Double) {
        self.period = period
        self.value = value
    }
}

/// A measurable key result of an objective.
///
/// ```swift
/// KeyResult(id: "kr-sqls", title: "Deliver 1,800 SQLs", metric: "sqls",
///           kind: .increaseTo, baseline: 0, target: 1800, owners: ["marketing", "sales"])
/// ```
public struct KeyResult: Sendable, Hashable, Codable {
    public var id: KeyResultID
    /// What the key result promises, in words.
    public var title: String
    /// The metric that measures it.
    public var metric: MetricID
    /// How it is judged: moving to a target, staying above or below, or a milestone.
    public var kind: KeyResultKind
    /// Where the metric starts; for summed metrics usually 0.
    public var baseline: Double
    /// The value to reach by the end of the cycle (for summed metrics, the cycle total).
    public var target: Double
    /// Optional per-period targets; for summed metrics they are the period's share of `target`,
    /// for level metrics the level expected in that period. Periods without an entry are
    /// interpolated linearly.
    public var phasing: [PeriodValue]
    /// The key result's weight in its objective's score (default 1).
    public var weight: Double
    /// The teams that answer for it; the team scorecards count it for each.
    public var owners: [TeamID]

    /// A key result from `baseline` (0 by default) to `target`, weight 1, with no phasing unless given.
    public init(
        id: KeyResultID, title: String, metric: MetricID, kind: KeyResultKind, baseline: Double = 0,
        target: Double, phasing: [PeriodValue] = [], weight: Double = 1, owners: [TeamID]
    ) {
        self.id = id
        self.title = title
        self.metric = metric
        self.kind = kind
        self.baseline = baseline
        self.target = target
        self.phasing = phasing
        self.weight = weight
        self.owners = owners
    }
}
