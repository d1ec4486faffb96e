/// The records of a plan's sources, loaded: per record only what the derivation needs, in
/// columns (times as whole minutes since 1970 UTC).
///
/// Load with ``RecordsLoader``; turn into observations with ``RecordMetrics``.
public struct RecordSet: Sendable {
    /// Contacts or leads.
    package internal(set) var leads = RecordTable()
    /// Deals or opportunities.
    package internal(set) var deals = RecordTable()
    /// Earlier exports of the deals (sources with a `snapshot:` day), one per source in plan
    /// order; they feed no metric, only the pipeline's movement.
    package internal(set) var snapshots: [DealSnapshot] = []
    /// The rows of deal-history exports (sources with `history: true`): one per change, `created`
    /// its time; they feed no metric, only the pipeline's movement.
    package internal(set) var dealHistory = RecordTable()
    /// Deal stage and lead status texts, as written; ``RecordTable/status`` refers to them.
    package internal(set) var statuses: [String] = []
    /// Rejection and loss reasons, as written; ``RecordTable/reason`` refers to them.
    package internal(set) var reasons: [String] = []
    /// Segment names; tables refer to them by index.
    public internal(set) var segments: [String] = []
    /// Lead source names (`source` column: HubSpot's original traffic source, Salesforce's lead
    /// source); tables refer to them by index.
    public internal(set) var leadSources: [String] = []
    /// Per-record oddities found while loading.
    public internal(set) var quality = DataQuality()
    /// The files read, in order.
    public internal(set) var files: [String] = []
    /// Warnings about the reading (a source's time zone assumed, a file pattern that matched
    /// no file); the CLI prints them.
    public internal(set) var warnings: [Diagnostic] = []

    /// An empty set: no records, segments, files or findings.
    public init() {}
}

/// One kind of record, column by column. A time that is missing is `RecordTable.missing`.
package struct RecordTable: Sendable {
    /// The marker for a missing time.
    package static let missing = Int32.min

    /// The number of records: ``created``, ``team`` and ``segment`` have this many entries; a stage
    /// time column and ``firstTouch`` stay empty until some record has a value; ``amount``,
    /// ``close`` and ``outcome`` are filled for deals only.
    package internal(set) var count = 0
    /// Entry time per funnel stage (by index); empty for stages the records do not measure.
    package internal(set) var stageTimes: [[Int32]] = []
    /// Creation time per record, in minutes since 1970 UTC.
    package internal(set) var created: [Int32] = []
    /// First touch (leads), empty when no export had the column.
    package internal(set) var firstTouch: [Int32] = []
    /// Index into the plan's teams, or −1.
    package internal(set) var team: [Int16] = []
    /// Index into ``RecordSet/segments``, or −1.
    package internal(set) var segment: [Int16] = []
    /// Index into ``RecordSet/leadSources``, or −1.
    package internal(set) var leadSource: [Int16] = []
    /// Deals: amount, close time and outcome.
    package internal(set) var amount: [Double] = []
    /// Deals: close time per record, in minutes since 1970 UTC, or ``missing``.
    package internal(set) var close: [Int32] = []
    /// Deals: where each ended up; empty for leads.
    package internal(set) var outcome: [RecordOutcome] = []
    /// Deals, when the plan keeps snapshots: each record's id, to match it across snapshots.
    package internal(set) var key: [String] = []
    /// Index into ``RecordSet/statuses`` (deal stage, lead status), or −1; filled for deals when
    /// the plan keeps snapshots and for records whose export has a reason column.
    package internal(set) var status: [Int16] = []
    /// Index into ``RecordSet/reasons``, or −1; filled when the export has a reason column.
    package internal(set) var reason: [Int16] = []
    /// Leads: the recycle date, or ``missing``; empty unless an export has the column.
    package internal(set) var recycled: [Int32] = []

    init() {}

    init(stages: Int) { stageTimes = Array(repeating: [], count: stages) }
}

/// An earlier export of the deals, taken on `day`.
package struct DealSnapshot: Sendable {
    /// The plan's index of the source.
    package var source: Int
    /// The day it was taken, `YYYY-MM-DD`.
    package var day: String
    /// Its deals, with ids and stages.
    package var table: RecordTable
}

/// Where a record ended up.
public enum RecordOutcome: UInt8, Sendable, Hashable, Codable {
    /// Still open (also a deal whose stage or outcome text is not recognised, which is counted
    /// as a data-quality finding).
    case open
    /// Closed won: counts as won and as revenue in its close period.
    case won
    /// Closed lost.
    case lost
    /// Disqualified (an `outcome` column of `disqualified`).
    case disqualified
}

/// Per-record oddities, counted, with the first five examples of each.
public struct DataQuality: Sendable, Hashable, Codable {
    /// What was odd.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A record whose id appeared before; the later rows are ignored.
        case duplicateIDs = "duplicate_ids"
        /// A lead whose stage times go backwards, or a deal that closes before it was created.
        case outOfOrder = "stage_times_out_of_order"
        /// A record with a time after the end of the review period.
        case futureTimes = "future_times"
        /// A lead that entered a stage without a time for an earlier measured stage.
        case skippedStages = "skipped_stages"
        /// A record whose owner team matches no team of the plan.
        case unknownOwners = "unknown_owners"
        /// A deal whose stage or outcome text is not recognised (read as open).
        case unknownStages = "unknown_stages"
        /// A lead that reached the speed-to-lead stage with no valid first touch by the review
        /// date (a touch dated after it counts as none).
        case untouchedLeads = "untouched_leads"
        /// A lead whose first touch came before it entered the speed-to-lead stage (its speed to
        /// lead counts as 0 hours).
        case earlyTouches = "touches_before_stage"
        /// A won deal without a close date: it has no period, so it is in neither won deals nor
        /// revenue.
        case wonWithoutClose = "won_without_close_date"
        /// A won deal whose amount is empty, `-` or `#N/A`: counted as a won deal, its revenue
        /// missing (not $0 silently: counted here).
        case wonWithoutAmount = "won_without_amount"
        /// A lost or open deal whose amount is empty, `-` or `#N/A` (in open pipeline at $0).
        case dealsWithoutAmount = "deals_without_amount"
        /// A lost deal without a close date: it has no period, so it is in no lost count.
        case lostWithoutClose = "lost_without_close_date"
        /// A rejected or recycled lead, or a lost deal, without a reason (empty, `-`, `n/a`,
        /// `unknown`) in an export that has a reason column.
        case unknownReasons = "unknown_reasons"
        /// A deal whose amount is below zero (a credit note, or a sign typed by mistake): counted
        /// as written, so it lowers the pipeline, the revenue or the slipped value it is in.
        case negativeAmounts = "negative_amounts"

        /// A short label for the digest and the workbook.
        public var label: String {
            switch self {
            case .duplicateIDs: "Duplicate ids (later rows ignored)"
            case .outOfOrder: "Stage times out of order"
            case .futureTimes: "Times after the review date"
            case .skippedStages: "Skipped stages"
            case .unknownOwners: "Unknown owner teams"
            case .unknownStages: "Unknown stages or outcomes"
            case .untouchedLeads: "Leads never touched"
            case .earlyTouches: "Touched before the stage"
            case .wonWithoutClose: "Won, no close date (not counted)"
            case .wonWithoutAmount: "Won, no amount (revenue missing)"
            case .dealsWithoutAmount: "Deals without an amount ($0)"
            case .lostWithoutClose: "Lost, no close date (not counted)"
            case .unknownReasons: "Rejected or lost, no reason"
            case .negativeAmounts: "Deals with a negative amount (counted as written)"
            }
        }
    }

    /// One kind of oddity, counted.
    public struct Finding: Sendable, Hashable, Codable {
        /// What was odd.
        public var kind: Kind
        /// How many records had it.
        public var count: Int
        /// `file:line: …` for the first five.
        public var examples: [String]
    }

    /// What was read from one source of the plan, and what was odd in it.
    public struct Source: Sendable, Hashable, Codable {
        /// The source's index in the plan's `records.sources`.
        public var index: Int
        /// Leads or deals.
        public var kind: RecordKind
        /// The source's preset.
        public var preset: RecordPreset
        /// The files read for it, in order.
        public var files: [String] = []
        /// Records kept (duplicates excluded).
        public var records = 0
        /// `false` when the export has no id column: each row is one record, and duplicates
        /// cannot be detected.
        public var duplicatesChecked = true
        /// The time zone its times without an offset were read in.
        public var timezone: String
        /// Only kinds that occurred, in ``Kind`` order.
        public var findings: [Finding] = []
    }

    /// Leads and deals read (duplicates excluded).
    public var leads = 0
    /// Deals read (duplicates excluded).
    public var deals = 0
    /// Only kinds that occurred, in ``Kind`` order, over all sources.
    public var findings: [Finding] = []
    /// The same per source of the plan that had files, in plan order.
    public var sources: [Source] = []

    /// An empty report: nothing read, nothing odd.
    public init() {}

    /// Counts one `kind` in all and in `source` (an index of the plan's sources); the example
    /// is made only while fewer than five are kept.
    mutating func note(source: Int? = nil, _ kind: Kind, _ example: @autoclosure () -> String) {
        var text: String?
        func made() -> String {
            if let text { return text }
            let made = example()
            text = made
            return made
        }
        DataQuality.add(kind, made, to: &findings)
        if let source, let i = sources.firstIndex(where: { $0.index == source }) {
            DataQuality.add(kind, made, to: &sources[i].findings)
        }
    }

    private static func add(_ kind: Kind, _ example: () -> String, to findings: inout [Finding]) {
        if let i = findings.firstIndex(where: { $0.kind == kind }) {
            findings[i].count += 1
            if findings[i].examples.count < 5 { findings[i].examples.append(example()) }
        } else {
            findings.append(Finding(kind: kind, count: 1, examples: [example()]))
            let order = Kind.allCases
            findings.sort { order.firstIndex(of: $0.kind)! < order.firstIndex(of: $1.kind)! }
        }
    }

    /// The count of `kind`, 0 when it did not occur.
    public func count(_ kind: Kind) -> Int { findings.first { $0.kind == kind }?.count ?? 0 }
}
