/// What moved in the deals pipeline between snapshots of the deals: the waterfall
/// `start + created + pulledIn + increased − decreased − pushedOut − lost − won = end`, in amount
/// and in deals, and the deals whose close date slipped or whose stage went backwards.
///
/// A period's pipeline is the deals open with a close date up to the period's end (the later
/// snapshot's day). Every deal of it enters through one bucket (`start`, `created`, `pulledIn`) and
/// leaves through one (`end`, `pushedOut`, `lost`, `won`); a change of its amount in between is
/// `increased` or `decreased`. Amounts are summed in cents, so the waterfall balances to the cent.
/// The *From records to metrics* article has the definitions.
///
/// ```swift
/// for step in review.records?.pipelineMovement?.periods ?? [] {
///     print(step.period, step.start, step.end, step.deals.pushedOut)
/// }
/// ```
public struct PipelineMovement: Sendable, Hashable, Codable {
    /// Deal counts per bucket of one period's waterfall.
    public struct Counts: Sendable, Hashable, Codable {
        /// Deals in the pipeline at the earlier snapshot: open, closing by the period's end.
        public var start = 0
        /// Deals absent from the earlier snapshot that are in the pipeline or closed at the later one.
        public var created = 0
        /// Deals of the earlier snapshot outside its pipeline (closing later, or closed then and
        /// reopened) that are in the pipeline or closed at the later one.
        public var pulledIn = 0
        /// Deals whose amount went up.
        public var increased = 0
        /// Deals whose amount went down.
        public var decreased = 0
        /// Deals still open at the later snapshot with a close date after the period's end.
        public var pushedOut = 0
        /// Deals lost or disqualified by the later snapshot (also those missing from it: see
        /// ``Step/removed``).
        public var lost = 0
        /// Deals won by the later snapshot.
        public var won = 0
        /// Deals in the pipeline at the later snapshot.
        public var end = 0

        /// Counts of zero.
        public init() {}
    }

    /// A deal whose close date moved later between the two snapshots.
    public struct Slip: Sendable, Hashable, Codable {
        /// The deal's id in the CRM.
        public var deal: String
        /// Its segment, when the export has one.
        public var segment: String?
        /// Its amount at the later snapshot.
        public var amount: Double
        /// Its close date at the earlier snapshot, `YYYY-MM-DD`.
        public var fromClose: String
        /// Its close date at the later snapshot.
        public var toClose: String
        /// Days the close date moved.
        public var days: Int
        /// How many times its close date has moved later over the snapshots so far, this one
        /// included.
        public var pushes: Int
        /// `true` when it left the period's pipeline (its close date now after the period's end).
        public var pushedOut: Bool
    }

    /// A deal whose stage went backwards between the two snapshots (by the CRM's standard stage
    /// order: HubSpot's default pipeline, Salesforce's opportunity stages).
    public struct StageMove: Sendable, Hashable, Codable {
        /// The deal's id in the CRM.
        public var deal: String
        /// Its stage at the earlier snapshot, as written.
        public var from: String
        /// Its stage at the later snapshot.
        public var to: String
        /// Its amount at the later snapshot.
        public var amount: Double
    }

    /// The waterfall of one period: between two snapshots, the later one at the period's end.
    public struct Step: Sendable, Hashable, Codable {
        /// The period the later snapshot ends.
        public var period: Period
        /// The day of the earlier snapshot, `YYYY-MM-DD`.
        public var from: String
        /// The day of the later snapshot (the review date's day for the current export).
        public var to: String
        /// The pipeline's amount at the earlier snapshot.
        public var start: Double
        /// See ``Counts/created``: their amount at the later snapshot.
        public var created: Double
        /// See ``Counts/pulledIn``: their amount at the earlier snapshot.
        public var pulledIn: Double
        /// The sum of the amounts' increases.
        public var increased: Double
        /// The sum of the amounts' decreases (a positive number).
        public var decreased: Double
        /// The amount pushed out of the period: the value slipped.
        public var pushedOut: Double
        /// The amount lost.
        public var lost: Double
        /// The amount won.
        public var won: Double
        /// The pipeline's amount at the later snapshot.
        public var end: Double
        /// The same buckets in deals.
        public var deals: Counts
        /// Deals of the start pipeline missing from the later snapshot (deleted or merged in the
        /// CRM): counted as lost.
        public var removed: Int
        /// Pushed-out deals over the deals that could be pushed (``Counts/start`` plus
        /// ``Counts/pulledIn``); `nil` when there were none.
        public var pushRate: Double?
        /// The deals whose close date moved later, largest amount first (at most
        /// ``PipelineMovement/listed``).
        public var slipped: [Slip]
        /// How many deals' close date moved later.
        public var slippedDeals: Int
        /// The deals whose stage went backwards, largest amount first (at most
        /// ``PipelineMovement/listed``).
        public var movedBack: [StageMove]
        /// How many deals' stage went backwards.
        public var movedBackDeals: Int
    }

    /// The most slipped or moved-back deals a step lists.
    public static let listed = 100

    /// One step per pair of consecutive snapshots, oldest first.
    public var periods: [Step]
}
