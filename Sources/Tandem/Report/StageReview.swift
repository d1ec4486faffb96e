/// One funnel stage's volume against plan, and where its shortfall comes from.
public struct StageReview: Sendable, Hashable, Codable {
    public var id: StageID
    /// The stage's display name.
    public var name: String
    /// The metric that counts the stage.
    public var metric: MetricID
    /// Cycle-to-date volume.
    public var actual: Double?
    /// Planned cycle-to-date volume: the plan's period targets of the stage's metric
    /// (``Plan/periodTargets()``), summed over the elapsed periods.
    public var planned: Double?
    /// `(actual − planned) / planned`; `nil` without either or when the plan is 0.
    public var variancePct: Double?
    /// The volume in the review period alone.
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
    public var cause: ProblemID?
}
