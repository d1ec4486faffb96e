/// Why MQLs were rejected or recycled and why deals were lost: the reasons the CRM records, by
/// reason × lead source × segment, per period of the cycle so far.
///
/// Leads are counted in the period they entered the speed-to-lead stage (the MQL stage; their
/// cohort), when their status says rejected (HubSpot `Unqualified`, Salesforce `Closed - Not
/// Converted`, `Disqualified`…) or recycled (`Recycled`, `Nurture`, HubSpot `Bad timing`); deals
/// in the period they closed lost. Read only when an export has a reason column (``RecordField/reason``).
///
/// ```swift
/// if let top = review.records?.reasons?.rejected?.rows.first {
///     print(top.reason ?? "unknown", top.source ?? "", top.share)
/// }
/// ```
public struct ReasonShares: Sendable, Hashable, Codable {
    /// One reason, lead source and segment, counted per period.
    public struct Row: Sendable, Hashable, Codable {
        /// The reason as written; `nil` when the record has none (empty, `-`, `n/a`, `unknown`).
        public var reason: String?
        /// The lead source, when the export has one.
        public var source: String?
        /// The segment, when the export has one.
        public var segment: String?
        /// Per period of ``ReasonShares/periods``.
        public var counts: [Int]
        /// Over the cycle so far.
        public var total: Int
        /// ``total`` over the group's ``Group/total``.
        public var share: Double
        /// Lost deals only: their amount over the cycle so far.
        public var amount: Double?
    }

    /// One reason over every source and segment.
    public struct Reason: Sendable, Hashable, Codable {
        /// The reason as written; `nil` for the records without one.
        public var reason: String?
        /// Per period of ``ReasonShares/periods``.
        public var counts: [Int]
        /// Over the cycle so far.
        public var total: Int
        /// ``total`` over the group's ``Group/total``.
        public var share: Double
    }

    /// Rejected MQLs, recycled MQLs or lost deals.
    public struct Group: Sendable, Hashable, Codable {
        /// Per period of ``ReasonShares/periods``: how many records.
        public var counts: [Int]
        /// Over the cycle so far.
        public var total: Int
        /// Records without a reason, over the cycle so far.
        public var unknown: Int
        /// ``unknown`` over ``total`` (0 without records): a data-quality finding when above 0.
        public var unknownShare: Double
        /// By reason alone, largest first (ties by name), the unknown reason last.
        public var reasons: [Reason]
        /// By reason, source and segment, largest first (ties by reason, source, segment), the
        /// unknown reason's rows last.
        public var rows: [Row]
    }

    /// The cycle's periods up to the review period.
    public var periods: [Period]
    /// The stage whose entry dates a lead (the speed-to-lead stage).
    public var stage: StageID?
    /// MQLs whose status says rejected; `nil` without a leads export with a reason column.
    public var rejected: Group?
    /// MQLs whose status says recycled (back to nurture); `nil` likewise.
    public var recycled: Group?
    /// Deals closed lost or disqualified; `nil` without a deals export with a reason column.
    public var lost: Group?
}
