/// Everything one review is computed from: the one entry for embedding Tandem.
///
/// ```swift
/// let review = try Review(ReviewInputs(
///     plan: plan, actuals: actuals, records: records, asOf: .month(2026, 11),
///     previous: october, decisions: log))
/// ```
public struct ReviewInputs: Sendable {
    /// The plan to review against.
    public var plan: Plan
    /// Metric actuals from files (may be empty when the records give every metric).
    public var actuals: Actuals
    /// CRM records to derive metrics from (``RecordMetrics``), or `nil`.
    public var records: RecordMetrics?
    /// The period to review.
    public var asOf: Period
    /// The review of an earlier period to follow up on, or `nil`.
    public var previous: Review?
    /// The decision log; `nil` reviews without following up (no `sinceLastReview`).
    public var decisions: DecisionLog?
    /// Why there is no previous review, when ``previous`` is `nil` and ``decisions`` is given.
    public var note: String?

    /// The inputs of one review; see the properties.
    public init(
        plan: Plan, actuals: Actuals = Actuals(), records: RecordMetrics? = nil, asOf: Period,
        previous: Review? = nil, decisions: DecisionLog? = nil, note: String? = nil
    ) {
        self.plan = plan
        self.actuals = actuals
        self.records = records
        self.asOf = asOf
        self.previous = previous
        self.decisions = decisions
        self.note = note
    }
}

extension Review {
    /// Reviews `inputs`: the actuals plus what the records say as of the period's end (each
    /// transition the records measure judged on its mature cohorts), followed up on the previous
    /// review and the decision log when either is given
    /// (``followedUp(previous:decisions:tactics:note:)``). A pure computation: no I/O, no clock.
    /// - Throws: ``InputError`` when the plan has problems, the period is outside the cycle, or
    ///   a metric comes from both the actuals and the records.
    public init(_ inputs: ReviewInputs) throws(InputError) {
        if let records = inputs.records {
            self = try Review(plan: inputs.plan, actuals: inputs.actuals, records: records, asOf: inputs.asOf)
        } else {
            self = try Review(plan: inputs.plan, actuals: inputs.actuals, asOf: inputs.asOf)
        }
        if inputs.previous != nil || inputs.decisions != nil {
            self = followedUp(
                previous: inputs.previous, decisions: inputs.decisions ?? DecisionLog(), tactics: inputs.plan.tactics,
                note: inputs.note)
        }
    }
}
